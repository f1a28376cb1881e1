import ExcelJS from 'exceljs';
import { readFirstSheet } from '../../platform/file-limits/xlsx.ts';
import { MAX_CELL_CHARS, refuse } from '../../platform/file-limits/limits.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import { checkLink, checkNarrative, checkValue, checkYear, fold, valueKey, type Answer, type CheckIssue, type InputSpec } from './value-rules.ts';
import type { Candidate, RowIssue } from './sdg-layout.ts';

/**
 * The focal point's XLSX template, both ways. The sheet lists the indicators a country
 * reports, one row per indicator and year, with the value stored today already in the
 * `value` column: a person changes what changed and sends the file back; rows left as they
 * were come back "unchanged", empty values are "not reported" (never a deletion). Headers
 * are read in either language (or as the column keys), in any order; the name, unit, type
 * and status columns are there for the person and are not read back.
 */
export const TEMPLATE_COLUMNS = ['code', 'name', 'unit', 'type', 'country', 'year', 'value', 'status', 'evidenceUrl', 'narrative'] as const;
export type TemplateColumn = (typeof TEMPLATE_COLUMNS)[number];
const READ_BACK: TemplateColumn[] = ['code', 'country', 'year', 'value', 'evidenceUrl', 'narrative'];
const REQUIRED: TemplateColumn[] = ['code', 'country', 'year', 'value'];
export const MAX_TEMPLATE_ROWS = 5000;
const SHEET_LIMITS = { maxExpandedBytes: 64 * 1024 * 1024, maxRows: MAX_TEMPLATE_ROWS + 1000 };
const MAX_READ_COLUMNS = 32;

const label = (locale: Locale, c: TemplateColumn) => t(locale, `indicatorsInput.template.columns.${c}`);

export function answerWord(locale: Locale, a: Answer): string {
  return t(locale, `indicatorsInput.answer.${a}`);
}

export interface TemplateRow {
  code: string;
  name: string;
  unit: string;
  type: InputSpec['type'];
  country: string;
  year: string;
  value: number | null;
  answer: Answer | null;
  status: string;
  evidenceUrl: string | null;
  narrative: string | null;
}

/** A cell starting with = + - @ would run as a formula in a spreadsheet: written as text. */
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export async function writeTemplate(locale: Locale, rows: TemplateRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t(locale, 'indicatorsInput.template.sheet'));
  ws.addRow(TEMPLATE_COLUMNS.map((c) => label(locale, c))).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const answers = (['yes', 'partial', 'no'] as const).map((a) => answerWord(locale, a)).join(',');
  for (const r of rows) {
    const value = r.type === 'policy_presence' ? (r.answer ? answerWord(locale, r.answer) : '') : r.value ?? '';
    const row = ws.addRow([
      r.code,
      safe(r.name),
      safe(r.unit),
      t(locale, `indicatorsInput.type.${r.type}`),
      r.country,
      Number(r.year),
      value,
      r.status,
      r.evidenceUrl ?? '',
      safe(r.narrative ?? ''),
    ]);
    const cell = row.getCell(TEMPLATE_COLUMNS.indexOf('value') + 1);
    // A list of the answers in the person's language for policy questions; numbers elsewhere.
    cell.dataValidation =
      r.type === 'policy_presence'
        ? { type: 'list', allowBlank: true, formulae: [`"${answers}"`] }
        : { type: 'decimal', operator: r.type === 'share' ? 'between' : 'greaterThanOrEqual', allowBlank: true, formulae: r.type === 'share' ? [0, 100] : [0], showErrorMessage: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7D6' } };
  }
  const widths: Record<TemplateColumn, number> = { code: 18, name: 60, unit: 30, type: 16, country: 9, year: 8, value: 14, status: 14, evidenceUrl: 36, narrative: 50 };
  ws.columns.forEach((c, i) => (c.width = widths[TEMPLATE_COLUMNS[i]!]));
  const help = wb.addWorksheet(t(locale, 'indicatorsInput.template.helpSheet'));
  for (const line of t(locale, 'indicatorsInput.template.help', { answers }).split('\n')) help.addRow([line]);
  help.getColumn(1).width = 120;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Cell {
  text: string;
  formula: boolean;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return cellText(v.result);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The first sheet, checked by the platform before exceljs expands it. */
export async function readTemplate(buf: Buffer): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const row of readFirstSheet(buf, SHEET_LIMITS)) {
    const cells: Cell[] = [];
    for (let c = 1; c <= Math.min(Math.max(row.cellCount, TEMPLATE_COLUMNS.length), MAX_READ_COLUMNS); c++) {
      const cell = row.getCell(c);
      const v = cell.value as unknown;
      const formula = cell.type === ExcelJS.ValueType.Formula || (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v));
      const text = cellText(v);
      if (text.length > MAX_CELL_CHARS) throw refuse.cellTooLong();
      cells.push({ text, formula });
    }
    rows[row.number - 1] = cells;
  }
  return Array.from(rows, (r) => r ?? []);
}

export interface TemplateCandidate extends Candidate {
  evidenceUrl: string | null;
  narrative: string | null;
}

export class TemplateShapeError extends Error {
  constructor(readonly issue: CheckIssue) {
    super(issue.key);
  }
}

/**
 * Every row of the file checked, as a whole: the values to record for the focal point's
 * country, and every refusal with its row, column and reason. Rows with no value are not
 * reported (skipped, counted).
 */
export function interpretTemplate(
  rows: Cell[][],
  ctx: { specs: Map<string, InputSpec>; country: string; now?: Date },
): { candidates: TemplateCandidate[]; errors: RowIssue[]; blank: number; rows: number } {
  const header = rows[0] ?? [];
  const known = new Map<string, TemplateColumn>();
  for (const c of TEMPLATE_COLUMNS) {
    known.set(fold(c), c);
    for (const l of ['es', 'en'] as const) known.set(fold(label(l, c)), c);
  }
  const index = new Map<TemplateColumn, number>();
  header.forEach((h, i) => {
    const c = known.get(fold(h.text));
    if (c && !index.has(c)) index.set(c, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) throw new TemplateShapeError({ key: 'indicatorsInput.template.missingColumns', params: { columns: missing.map((c) => label('es', c) + ' / ' + label('en', c)).join(', ') } });
  if (rows.length - 1 > MAX_TEMPLATE_ROWS) throw new TemplateShapeError({ key: 'indicatorsInput.template.tooManyRows', params: { max: MAX_TEMPLATE_ROWS } });

  const candidates: TemplateCandidate[] = [];
  const errors: RowIssue[] = [];
  const firstLine = new Map<string, number>();
  let blank = 0;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    const line = i + 1;
    if (row.every((c) => c.text.trim() === '')) continue;
    const before = errors.length;
    const err = (c: TemplateColumn, value: string, issue: CheckIssue) => errors.push({ line, column: c, value, issue });
    const get = (c: TemplateColumn): string => {
      const idx = index.get(c);
      const cell = idx === undefined ? undefined : row[idx];
      if (!cell) return '';
      // Formulas never enter the platform.
      if (cell.formula || /^[=+@]/.test(cell.text)) {
        err(c, cell.text, { key: 'indicatorsInput.check.formula' });
        return '';
      }
      return (/^'[=+\-@]/.test(cell.text) ? cell.text.slice(1) : cell.text).trim();
    };
    const cells = Object.fromEntries(READ_BACK.map((c) => [c, get(c)])) as Record<(typeof READ_BACK)[number], string>;
    if (errors.length > before) continue;
    if (!cells.value) {
      blank++;
      continue;
    }
    const spec = ctx.specs.get(cells.code);
    if (!spec) {
      err('code', cells.code, { key: 'indicatorsInput.check.unknownCode', params: { code: cells.code } });
      continue;
    }
    const country = cells.country.toUpperCase();
    if (country !== ctx.country) err('country', cells.country, { key: 'indicatorsInput.check.otherCountry', params: { country: ctx.country } });
    const year = checkYear(cells.year, ctx.now);
    if (!year.ok) err('year', cells.year, year.issue);
    const value = checkValue(spec, cells.value);
    if (!value.ok) err('value', cells.value, value.issue);
    const link = checkLink(cells.evidenceUrl);
    if (!link.ok) err('evidenceUrl', cells.evidenceUrl, link.issue);
    const narrative = checkNarrative(cells.narrative);
    if (!narrative.ok) err('narrative', cells.narrative.slice(0, 40), narrative.issue);
    if (!year.ok || !value.ok || !link.ok || !narrative.ok || errors.length > before) continue;
    const key = valueKey(spec.code, country, year.value);
    const first = firstLine.get(key);
    if (first !== undefined) {
      err('code', cells.code, { key: 'indicatorsInput.check.duplicate', params: { first } });
      continue;
    }
    firstLine.set(key, line);
    candidates.push({ line, code: spec.code, country, period: year.value, disaggregation: {}, value: value.value.value, answer: value.value.answer, note: null, evidenceUrl: link.value, narrative: narrative.value });
  }
  return { candidates, errors, blank, rows: Math.max(0, rows.length - 1) };
}
