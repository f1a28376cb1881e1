import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { FileRefused, Invalid } from '../../platform/http/errors.ts';
import { MAX_CELL_CHARS, MAX_COLUMNS, refuse } from '../../platform/file-limits/limits.ts';
import { readFirstSheet } from '../../platform/file-limits/xlsx.ts';
import { CATALOGUE_FIELDS, type CatalogueField } from '../../../shared/catalogue-fields.ts';

/**
 * Reading a partner's catalogue (CSV or XLSX, the first sheet) into cells, and recognising
 * its columns. Partners ship their own layouts: the headers are matched against the words
 * people use for each field, in Spanish and English, and the uploader may say which column
 * is which (the observatory's column mapping, here per file).
 */
export const MAX_CATALOGUE_BYTES = 5 * 1024 * 1024;
export const MAX_CATALOGUE_ROWS = 5000;
/** A sheet of 5,000 rows with long summaries is well under this once expanded. */
const SHEET_LIMITS = { maxExpandedBytes: 96 * 1024 * 1024, maxRows: MAX_CATALOGUE_ROWS + 1000 };
const MAX_READ_COLUMNS = 64;

export { CATALOGUE_FIELDS, type CatalogueField };

export interface Cell {
  text: string;
  formula: boolean;
}

export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9ñ]+/g, ' ')
    .trim();

/**
 * Header words per field (folded). Partners' catalogues call the title "project", "name",
 * "iniciativa"…; the list is what the 2023 forum's tables and common UN catalogue exports use.
 */
const HEADER_WORDS: Record<CatalogueField, string[]> = {
  title: ['title', 'titulo', 'name', 'nombre', 'project', 'proyecto', 'project name', 'project title', 'nombre del proyecto', 'titulo del proyecto', 'practice', 'practica', 'nombre de la practica', 'initiative', 'iniciativa', 'programme', 'program', 'programa'],
  summary: ['summary', 'resumen', 'description', 'descripcion', 'abstract', 'sintesis', 'short description', 'descripcion breve', 'overview'],
  year: ['year', 'ano', 'anio', 'years', 'anos', 'period', 'periodo', 'date', 'fecha', 'start year', 'ano de inicio', 'implementation period', 'periodo de implementacion'],
  countries: ['countries', 'country', 'paises', 'pais', 'country codes', 'codigos de pais', 'location', 'ubicacion', 'countries covered', 'paises de implementacion'],
  themes: ['themes', 'theme', 'temas', 'tema', 'topics', 'topic', 'ejes', 'eje tematico', 'ejes tematicos', 'area tematica', 'areas tematicas', 'thematic areas', 'thematic area', 'sector', 'sectors', 'keywords', 'palabras clave', 'tags', 'etiquetas'],
  links: ['link', 'links', 'url', 'urls', 'enlace', 'enlaces', 'web', 'website', 'sitio web', 'more information', 'mas informacion'],
  goodPractice: ['good practice', 'buena practica', 'is good practice', 'es buena practica', 'good practice flag', 'buenas practicas'],
  objectives: ['objectives', 'objetivos', 'gcm objectives', 'objetivos pmm', 'objetivos del pmm', 'gcm objective', 'objetivo pmm', 'objetivo'],
  kind: ['kind', 'type', 'tipo', 'category', 'categoria'],
  language: ['language', 'idioma', 'lengua'],
};
const HEADER_INDEX = new Map<string, CatalogueField>();
for (const f of CATALOGUE_FIELDS) for (const w of HEADER_WORDS[f]) HEADER_INDEX.set(w, f);
for (const f of CATALOGUE_FIELDS) HEADER_INDEX.set(fold(f), f);

export interface ColumnPlan {
  /** The header as written in the file. */
  header: string;
  /** The field it feeds, or null when the column is left aside. */
  field: CatalogueField | null;
  /** How it was decided: recognised from the header, told by the uploader, or not recognised. */
  by: 'header' | 'mapping' | 'none';
}

/**
 * Which column feeds which field: the uploader's mapping first (header → field, or `ignore`),
 * then the header words. A field is fed by the first column that names it.
 */
export function planColumns(header: Cell[], mapping: Record<string, string> = {}): ColumnPlan[] {
  const told = new Map(Object.entries(mapping).map(([h, f]) => [fold(h), f]));
  const taken = new Set<CatalogueField>();
  return header.map((cell) => {
    const text = cell.text.trim();
    const key = fold(text);
    const m = told.get(key);
    if (m === 'ignore') return { header: text, field: null, by: 'mapping' };
    if (m && (CATALOGUE_FIELDS as readonly string[]).includes(m) && !taken.has(m as CatalogueField)) {
      taken.add(m as CatalogueField);
      return { header: text, field: m as CatalogueField, by: 'mapping' };
    }
    const f = HEADER_INDEX.get(key);
    if (f && !taken.has(f) && ![...told.values()].includes(f)) {
      taken.add(f);
      return { header: text, field: f, by: 'header' };
    }
    return { header: text, field: null, by: 'none' };
  });
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('');
  if (typeof v === 'object' && 'formula' in v) return `=${String(v.formula)}`;
  if (typeof v === 'object' && 'sharedFormula' in v) return `=${String(v.sharedFormula)}`;
  // a hyperlink cell: its text (the address is in `hyperlink`)
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The first sheet, streamed and checked (a hostile file is refused before exceljs expands it). */
async function readXlsx(buf: Buffer): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const row of readFirstSheet(buf, SHEET_LIMITS)) {
    const cells: Cell[] = [];
    for (let c = 1; c <= Math.min(row.cellCount, MAX_READ_COLUMNS); c++) {
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

function readCsv(buf: Buffer): Cell[][] {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  // Spanish-locale spreadsheets save with ";" (the comma is the decimal mark); tabs from copy-paste.
  const counts = { ';': first.match(/;/g)?.length ?? 0, ',': first.match(/,/g)?.length ?? 0, '\t': first.match(/\t/g)?.length ?? 0 };
  const delimiter = (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',');
  let count = 0;
  const records: string[][] = parseCsv(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_CELL_CHARS * 4,
    on_record: (record: string[]) => {
      if (++count > SHEET_LIMITS.maxRows) throw refuse.tooManyRows(MAX_CATALOGUE_ROWS);
      if (record.length > MAX_COLUMNS) throw refuse.tooManyColumns();
      return record;
    },
  });
  // In a CSV a formula is text starting with "=" (or + @): reported by the row checks.
  return records.map((r) => r.map((s) => ({ text: s, formula: false })));
}

export function decodeFile(content: string): Buffer {
  if (!/^[A-Za-z0-9+/=\r\n]*$/.test(content)) throw new Invalid([{ path: 'content', key: 'errors.importNotBase64' }]);
  const buf = Buffer.from(content, 'base64');
  if (buf.length > MAX_CATALOGUE_BYTES) throw new Invalid([{ path: 'content', key: 'errors.fileTooLarge', params: { mb: 5 } }]);
  if (buf.length === 0) throw new Invalid([{ path: 'content', key: 'errors.fileEmpty' }]);
  return buf;
}

export async function readCells(format: 'csv' | 'xlsx', buf: Buffer): Promise<Cell[][]> {
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
