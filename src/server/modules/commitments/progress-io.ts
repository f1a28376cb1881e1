import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Conflict, FileRefused, Invalid, NotFound } from '../../platform/http/errors.ts';
import { MAX_CELL_CHARS, MAX_COLUMNS, refuse } from '../../platform/file-limits/limits.ts';
import { readFirstSheet } from '../../platform/file-limits/xlsx.ts';
import { requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { pick, t, type Locale, type MessageKey } from '../../platform/i18n/index.ts';
import * as repo from './repository.ts';
import * as w from './write-repository.ts';
import { publicOnly } from './service.ts';
import { ACTION_STATUSES, isHttpUrl, type ActionStatus } from '../../../shared/contracts/commitments.ts';

/**
 * Actions' progress as a spreadsheet, both ways: the export has the columns the import
 * reads (headers in the caller's language; either language is accepted back). An import
 * is first a preview (the whole file validated, a diff, nothing written) and then an
 * apply with the preview's checksum, in one transaction, refused when the file or the
 * actions changed since the preview.
 */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 5000;
/**
 * What a progress file may hold when read (platform/file-limits): a sheet of 5,000 actions is
 * about 3 MB of XML, so 64 MB expanded is far beyond any real one; rows past the data's cap
 * (with room for empty or formatted rows) are not read at all.
 */
const SHEET_LIMITS = { maxExpandedBytes: 64 * 1024 * 1024, maxRows: MAX_ROWS + 1000 };
/** The file has 8 columns; a cell far to the right (up to XFD) must not make every row 16,384 cells. */
const MAX_READ_COLUMNS = 64;
const COLUMNS = ['id', 'title', 'responsible', 'dueDate', 'status', 'lastUpdate', 'update', 'evidenceUrl'] as const;
type Column = (typeof COLUMNS)[number];
/** Columns read back; the others are there for the person filling the sheet in. */
const EDITABLE = new Set<Column>(['id', 'dueDate', 'status', 'update', 'evidenceUrl']);

/** A cell starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
const csvCell = (v: string) => {
  const s = neutralise(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export interface ImportError {
  row: number;
  column: string;
  value: string;
  message: string;
}
export interface ImportChange {
  row: number;
  actionId: string;
  action: string;
  field: 'status' | 'dueDate' | 'update';
  before: string | null;
  after: string | null;
}
interface PlannedAction {
  id: string;
  status?: ActionStatus;
  dueDate?: string | null;
  update?: { text: string; evidenceUrl: string | null };
}
interface Cell {
  text: string;
  formula: boolean;
}

function isoFromCell(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return null;
}

/** The first sheet, streamed and checked (a hostile file is refused before exceljs expands it). */
async function readXlsx(buf: Buffer): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const row of readFirstSheet(buf, SHEET_LIMITS, { styles: true })) {
    const n = row.number;
    const cells: Cell[] = [];
    for (let c = 1; c <= Math.min(Math.max(row.cellCount, COLUMNS.length), MAX_READ_COLUMNS); c++) {
      const cell = row.getCell(c);
      const v = cell.value as unknown;
      const formula = cell.type === ExcelJS.ValueType.Formula || (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v));
      let text: string;
      if (v === null || v === undefined) text = '';
      else if (v instanceof Date) text = isoFromCell(v)!;
      else if (typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)) text = (v.richText as { text: string }[]).map((r) => r.text).join('');
      else if (typeof v === 'object' && 'text' in v) text = String(v.text);
      else if (typeof v === 'object' && 'formula' in v) text = `=${String(v.formula)}`;
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') text = String(v);
      else text = '';
      if (text.length > MAX_CELL_CHARS) throw refuse.cellTooLong();
      cells.push({ text, formula });
    }
    rows[n - 1] = cells;
  }
  return Array.from(rows, (r) => r ?? []);
}

function readCsv(buf: Buffer): Cell[][] {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  // bounded while parsing: a record, its columns and the number of records (5 MB of newlines is a million)
  let count = 0;
  const records: string[][] = parseCsv(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_CELL_CHARS,
    on_record: (record: string[]) => {
      if (++count > SHEET_LIMITS.maxRows) throw refuse.tooManyRows(MAX_ROWS);
      if (record.length > MAX_COLUMNS) throw refuse.tooManyColumns();
      return record;
    },
  });
  return records.map((r) => r.map((s) => ({ text: s, formula: false })));
}

export class ActionsProgressIO {
  constructor(private readonly db: Database) {}

  private headers(locale: Locale) {
    return COLUMNS.map((c) => t(locale, `commitments.export.${c}`));
  }

  private async visibleRoadmap(db: Executor, actor: Actor, id: string) {
    const r = repo.isUuid(id) ? (await repo.roadmaps(db, { publicOnly: publicOnly(actor), id }))[0] : undefined;
    if (!r) throw new NotFound('errors.roadmapNotFound');
    return r;
  }

  private async table(actor: Actor, roadmapId: string, locale: Locale) {
    const r = await this.visibleRoadmap(this.db, actor, roadmapId);
    const acts = await repo.actions(this.db, { roadmapId: r.id });
    const body = acts.map((a) => [
      a.id,
      pick(a.title, locale),
      a.responsible_country ?? a.organisation_code ?? '',
      a.due_date ?? '',
      t(locale, `commitments.status.${a.status}`),
      a.last_update ?? '',
      '',
      '',
    ]);
    return { header: this.headers(locale), body, title: pick(r.title, locale) };
  }

  async csv(actor: Actor, roadmapId: string, locale: Locale): Promise<string> {
    const { header, body } = await this.table(actor, roadmapId, locale);
    return '\uFEFF' + [header, ...body].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }

  async xlsx(actor: Actor, roadmapId: string, locale: Locale): Promise<Buffer> {
    const { header, body } = await this.table(actor, roadmapId, locale);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(t(locale, 'commitments.export.sheet'));
    ws.addRow(header).font = { bold: true };
    for (const r of body) ws.addRow(r.map(neutralise));
    ws.columns.forEach((c) => (c.width = 28));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  private decode(content: string): Buffer {
    if (!/^[A-Za-z0-9+/=\r\n]*$/.test(content)) throw new Invalid([{ path: 'content', key: 'errors.importNotBase64' }]);
    const buf = Buffer.from(content, 'base64');
    if (buf.length > MAX_IMPORT_BYTES) throw new Invalid([{ path: 'content', key: 'errors.fileTooLarge', params: { mb: 5 } }]);
    if (buf.length === 0) throw new Invalid([{ path: 'content', key: 'errors.fileEmpty' }]);
    return buf;
  }

  private async cells(format: 'csv' | 'xlsx', buf: Buffer): Promise<Cell[][]> {
    if (format === 'csv') {
      try {
        return readCsv(buf);
      } catch (err) {
        if (err instanceof FileRefused) throw err;
        if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') throw refuse.cellTooLong();
        throw new Invalid([{ path: 'content', key: 'errors.importUnreadable', params: { format: 'CSV' } }]);
      }
    }
    // An XLSX file is a ZIP archive ("PK").
    if (buf.subarray(0, 2).toString('latin1') !== 'PK') throw new Invalid([{ path: 'content', key: 'errors.importUnreadable', params: { format: 'XLSX' } }]);
    try {
      return await readXlsx(buf);
    } catch (err) {
      if (err instanceof FileRefused) throw err;
      throw new Invalid([{ path: 'content', key: 'errors.importUnreadable', params: { format: 'XLSX' } }]);
    }
  }

  /** Validates the whole file against the roadmap's actions as they are in `db`. */
  private async plan(db: Executor, user: UserActor, roadmapId: string, format: 'csv' | 'xlsx', content: string, locale: Locale, lock: boolean) {
    const r = await this.visibleRoadmap(db, user, roadmapId);
    const buf = this.decode(content);
    const rows = await this.cells(format, buf);
    const header = rows[0] ?? [];
    // Headers in either language (or the column keys) are accepted, in any order.
    const known = new Map<string, Column>();
    for (const c of COLUMNS) for (const l of ['es', 'en'] as const) known.set(norm(t(l, `commitments.export.${c}`)), c);
    for (const c of COLUMNS) known.set(norm(c), c);
    const index = new Map<Column, number>();
    header.forEach((h, i) => {
      const col = known.get(norm(h.text.replace(/^'/, '')));
      if (col && !index.has(col)) index.set(col, i);
    });
    const missing = (['id', 'status', 'dueDate'] as Column[]).filter((c) => !index.has(c));
    if (missing.length) {
      throw new Invalid(missing.map((c) => ({ path: 'content', key: 'errors.importMissingColumn', params: { column: t(locale, `commitments.export.${c}`) } })));
    }
    if (rows.length - 1 > MAX_ROWS) throw new Invalid([{ path: 'content', key: 'errors.importTooManyRows', params: { max: MAX_ROWS } }]);

    const acts = await repo.actions(db, { roadmapId: r.id, forUpdate: lock });
    const byId = new Map(acts.map((a) => [a.id, a]));
    const statusWords = new Map<string, ActionStatus>();
    for (const s of ACTION_STATUSES) {
      statusWords.set(norm(s), s);
      for (const l of ['es', 'en'] as const) statusWords.set(norm(t(l, `commitments.status.${s}`)), s);
    }
    // The responsible column is informational, but a code that is not the action's own is
    // reported rather than silently ignored: the owner changes in the action's form.
    const respIdx = index.get('responsible');
    const respCodes = respIdx === undefined ? [] : [...new Set(rows.slice(1).map((r) => (r[respIdx]?.text ?? '').trim().toUpperCase()).filter(Boolean))];
    const knownResp = await repo.knownCodes(db, {
      countries: respCodes.filter((c) => /^[A-Z]{3}$/.test(c)),
      organisations: respCodes.filter((c) => /^[A-Z0-9][A-Z0-9_-]{1,31}$/.test(c)),
      objectives: [],
      practices: [],
    });
    const errors: ImportError[] = [];
    const changes: ImportChange[] = [];
    const planned: PlannedAction[] = [];
    const seen = new Set<string>();
    const label = (c: Column) => t(locale, `commitments.export.${c}`);

    for (let i = 1; i < rows.length; i++) {
      const row = rows[i]!;
      const rowNo = i + 1;
      if (row.every((c) => c.text.trim() === '')) continue;
      const err = (c: Column, value: string, key: MessageKey, params: Record<string, string | number> = {}) =>
        errors.push({ row: rowNo, column: label(c), value, message: t(locale, key, params) });
      const get = (c: Column): string | undefined => {
        const idx = index.get(c);
        if (idx === undefined) return undefined;
        const cell = row[idx];
        if (!cell) return '';
        // Formulas never enter the platform, whatever the column.
        if (cell.formula || /^[=+@]/.test(cell.text) || /^-[^\s\d]/.test(cell.text)) {
          err(c, cell.text, 'errors.importFormula');
          return undefined;
        }
        // Our own export protects such texts with a leading apostrophe: take it back off.
        return (/^'[=+\-@]/.test(cell.text) ? cell.text.slice(1) : cell.text).trim();
      };
      const before = errors.length;
      for (const c of COLUMNS) if (!EDITABLE.has(c) && c !== 'responsible') get(c);
      const responsible = get('responsible')?.toUpperCase();
      const id = get('id');
      const statusText = get('status');
      const dueText = get('dueDate');
      const updateText = get('update');
      const evidence = get('evidenceUrl');
      if (errors.length > before && id === undefined) continue;
      if (!id) {
        if (id === '') err('id', '', 'errors.importIdMissing');
        continue;
      }
      const a = byId.get(id);
      if (!a) {
        err('id', id, 'errors.importUnknownAction');
        continue;
      }
      if (seen.has(a.id)) {
        err('id', id, 'errors.importDuplicateAction');
        continue;
      }
      seen.add(a.id);
      const owner = a.responsible_country ?? a.organisation_code ?? '';
      if (responsible && responsible !== owner) {
        if (!knownResp.countries.has(responsible) && !knownResp.organisations.has(responsible)) err('responsible', responsible, 'errors.importUnknownResponsible', { code: responsible });
        else err('responsible', responsible, 'errors.importResponsibleReadOnly', { current: owner || '—' });
      }
      const p: PlannedAction = { id: a.id };
      const title = pick(a.title, locale);
      if (statusText) {
        const s = statusWords.get(norm(statusText));
        if (!s) err('status', statusText, 'errors.importUnknownStatus', { allowed: ACTION_STATUSES.map((x) => t(locale, `commitments.status.${x}`)).join(', ') });
        else if (s !== a.status) {
          p.status = s;
          changes.push({ row: rowNo, actionId: a.id, action: title, field: 'status', before: a.status, after: s });
        }
      }
      if (dueText !== undefined) {
        const due = dueText === '' ? null : dueText;
        if (due !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(`${due}T00:00:00Z`)) || new Date(`${due}T00:00:00Z`).toISOString().slice(0, 10) !== due)) {
          err('dueDate', dueText, 'errors.importBadDate');
        } else if (due && r.period_start && due < r.period_start) {
          err('dueDate', dueText, 'errors.dueBeforeRoadmapStart', { due, start: r.period_start });
        } else if (due !== a.due_date) {
          p.dueDate = due;
          changes.push({ row: rowNo, actionId: a.id, action: title, field: 'dueDate', before: a.due_date, after: due });
        }
      }
      if (evidence && !isHttpUrl(evidence)) err('evidenceUrl', evidence, 'errors.linkScheme');
      else if (evidence && !updateText) err('update', '', 'errors.importEvidenceWithoutText');
      if (updateText && updateText.length > 5000) err('update', updateText.slice(0, 40), 'errors.tooLong', { max: 5000 });
      else if (updateText) {
        p.update = { text: updateText, evidenceUrl: evidence || null };
        changes.push({ row: rowNo, actionId: a.id, action: title, field: 'update', before: null, after: updateText });
      }
      if (p.status !== undefined || p.dueDate !== undefined || p.update) planned.push(p);
    }

    // The checksum binds the file to the state of the actions it was previewed against.
    const state = acts
      .map((a) => `${a.id}|${a.status}|${a.due_date ?? ''}|${new Date(a.updated_at).toISOString()}`)
      .sort()
      .join('\n');
    const checksum = crypto.createHash('sha256').update(format).update('\0').update(buf).update('\0').update(state).digest('hex');
    return { roadmap: r, checksum, errors, changes, planned, rows: Math.max(0, rows.length - 1) };
  }

  async preview(actor: Actor, roadmapId: string, format: 'csv' | 'xlsx', content: string, locale: Locale) {
    const user = requireRole(actor, 'admin', 'secretariat');
    const p = await this.plan(this.db, user, roadmapId, format, content, locale, false);
    return { checksum: p.checksum, rows: p.rows, canApply: p.errors.length === 0, changes: p.changes, errors: p.errors };
  }

  async apply(actor: Actor, meta: RequestMeta, roadmapId: string, format: 'csv' | 'xlsx', content: string, checksum: string, locale: Locale) {
    const user = requireRole(actor, 'admin', 'secretariat');
    return this.db.transaction().execute(async (tx) => {
      const p = await this.plan(tx, user, roadmapId, format, content, locale, true);
      if (p.checksum !== checksum) throw new Conflict('errors.importStale');
      if (p.errors.length) throw new Invalid(p.errors.map((e) => ({ path: `row ${e.row}: ${e.column}`, key: 'errors.importCell', params: { row: e.row, column: e.column, value: e.value, message: e.message } })));
      const today = new Date().toISOString().slice(0, 10);
      for (const a of p.planned) {
        await w.updateAction(tx, a.id, { status: a.status, dueDate: a.dueDate });
        if (a.update) {
          await w.insertUpdate(tx, { actionId: a.id, date: today, text: a.update.text, evidenceUrl: a.update.evidenceUrl, statusAfter: a.status ?? null, authorId: user.id, authorLabel: user.displayName || user.email });
        }
      }
      await recordAudit(tx, actor, meta, { action: 'roadmap_action.import', entityType: 'roadmap', entityId: p.roadmap.id, after: { format, checksum, changes: p.changes } });
      return { applied: p.changes.length, actions: p.planned.length, changes: p.changes };
    });
  }
}
