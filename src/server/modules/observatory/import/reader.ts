import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_CSV_RECORD_BYTES, MAX_SHEET_ROWS, refuse, type SheetLimits } from '../../../platform/file-limits/limits.ts';
import { checkCellText, checkXlsx, readFirstSheet } from '../../../platform/file-limits/xlsx.ts';
import { checkCsv } from '../../../platform/file-limits/csv.ts';
import { FileRefused } from '../../../platform/http/errors.ts';

/**
 * Reads a submitted table as governments produce it, one record at a time (bounded
 * memory): CSV in UTF-8 or Windows-1252 (detected), separated by `,` `;` or tab
 * (detected); XLSX (first sheet); or JSON rows. Yields every non-empty record with its
 * row number in the file as the person sees it (line or spreadsheet row).
 */
export type FileKind = 'csv' | 'xlsx' | 'json';
export interface Record_ {
  row: number;
  values: string[];
}
export interface SourceInfo {
  encoding: 'utf-8' | 'windows-1252' | null;
  delimiter: string | null;
}

const SNIFF_BYTES = 1024 * 1024;

/**
 * What a submitted file may hold (platform/file-limits for the shared constants). An XLSX
 * sheet cannot pass Excel's 1,048,576 rows; its XML may expand to 1 GiB (a full sheet of
 * 8 columns is about 300 MB). CSV files legitimately reach 1–2 M rows: 5 M is the cap.
 * A file of JSON rows is parsed whole, so it gets the JSON body's limit.
 */
export const XLSX_LIMITS: SheetLimits = { maxExpandedBytes: 1024 * 1024 * 1024, maxRows: MAX_SHEET_ROWS };
export const MAX_CSV_ROWS = 5_000_000;
export const MAX_JSON_FILE_BYTES = 20 * 1024 * 1024;

export function detectEncoding(sample: Buffer): 'utf-8' | 'windows-1252' {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).slice(0, 30).filter((l) => l.trim() !== '');
  let best = ',';
  let bestScore = -1;
  for (const d of [';', ',', '\t', '|']) {
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1);
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeN = 0;
    for (const [c, n] of freq) if (n > modeN || (n === modeN && c > mode)) [mode, modeN] = [c, n];
    // lines agreeing on the same number of separators, then more columns
    const score = modeN * 1000 + mode;
    if (modeN > 0 && score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

function sniff(path: string): SourceInfo {
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
    const sample = buf.subarray(0, n);
    const encoding = detectEncoding(sample);
    const text = new TextDecoder(encoding).decode(sample.subarray(0, Math.min(n, 64 * 1024)), { stream: true });
    return { encoding, delimiter: detectDelimiter(text) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * CSV records, a chunk at a time. A tight tokenizer rather than a general parser: a line
 * without a quote is split on the separator (the common case, and most of the time of a
 * million-row file); a line with quotes is read character by character (RFC 4180 quoting,
 * a quoted field may span lines, `""` is a quote; a stray quote inside an unquoted field
 * is kept as text). Empty lines are skipped; the row number is the line the record starts on.
 */
export async function* readCsvBatches(path: string, info: SourceInfo = sniff(path), onBytes?: (n: number) => void): AsyncGenerator<Record_[]> {
  const delim = info.delimiter ?? ',';
  const decoder = new TextDecoder(info.encoding ?? 'utf-8');
  let rest = '';
  let line = 0;
  let first = true;
  const flush = function* (text: string, final: boolean): Generator<Record_[], string> {
    const out: Record_[] = [];
    let pos = 0;
    const n = text.length;
    let nextQuote = text.indexOf('"');
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = n;
      }
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (nextQuote < 0 || nextQuote > nl) {
        line++;
        const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end > pos) {
          const values = text.slice(pos, end).split(delim);
          if (values.length > MAX_COLUMNS) throw refuse.tooManyColumns();
          for (let k = 0; k < values.length; k++) if ((values[k] = trim(values[k]!)).length > MAX_CELL_CHARS) throw refuse.cellTooLong();
          if (values[0] !== '' || !blank(values)) out.push({ row: line, values });
        }
        pos = nl + 1;
        continue;
      }
      // a record with quotes: it may run over several lines
      const r = quoted(text, pos, delim, final);
      if (!r) break; // an open quote at the end of the chunk: wait for more
      if (r.values.length > MAX_COLUMNS) throw refuse.tooManyColumns();
      for (const v of r.values) if (v.length > MAX_CELL_CHARS) throw refuse.cellTooLong();
      line++;
      if (!blank(r.values)) out.push({ row: line, values: r.values });
      line += r.lines;
      pos = r.next;
    }
    if (out.length) yield out;
    return text.slice(pos);
  };
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    let text = rest + decoder.decode(chunk, { stream: true });
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    rest = yield* flush(text, false);
    // what is left is one unfinished record: a line without end (or an open quote) must not grow forever
    if (rest.length > MAX_CSV_RECORD_BYTES) throw refuse.recordTooLong();
  }
  const tail = rest + decoder.decode();
  if (tail.length) yield* flush(tail, true);
}

const trim = (v: string) => {
  if (v.length === 0) return v;
  const a = v.charCodeAt(0);
  const z = v.charCodeAt(v.length - 1);
  return a <= 32 || z <= 32 || a >= 0x80 || z >= 0x80 ? v.trim() : v;
};
const blank = (values: string[]) => values.every((v) => v === '');

/** One record from `start`, honouring quotes; null when its end is not in `text` yet. */
function quoted(text: string, start: number, delim: string, final: boolean): { values: string[]; next: number; lines: number } | null {
  const values: string[] = [];
  let field = '';
  let inQuotes = false;
  let atFieldStart = true;
  let lines = 0;
  const n = text.length;
  for (let i = start; i < n; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') lines++;
        field += c;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      continue;
    }
    if (c === delim) {
      values.push(field.trim());
      field = '';
      atFieldStart = true;
      continue;
    }
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      values.push(field.trim());
      return { values, next: c === '\r' ? i + 2 : i + 1, lines };
    }
    field += c;
    atFieldStart = false;
  }
  if (!final) return null;
  values.push(field.trim());
  return { values, next: n, lines };
}

export async function* readCsv(path: string, info: SourceInfo = sniff(path)): AsyncGenerator<Record_> {
  for await (const batch of readCsvBatches(path, info)) yield* batch;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
    return '';
  }
  return String(v).trim();
}

function xlsxRecord(row: ExcelJS.Row): Record_ | null {
  const raw = row.values as ExcelJS.CellValue[];
  const values = raw.slice(1).map((v) => checkCellText(cellText(v)));
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = '';
  return values.every((v) => v === '') ? null : { row: row.number, values };
}

export async function* readXlsx(path: string): AsyncGenerator<Record_> {
  for await (const row of readFirstSheet(path, XLSX_LIMITS)) {
    const r = xlsxRecord(row);
    if (r) yield r;
  }
}

function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  return (typeof v === 'string' ? v : JSON.stringify(v)).trim();
}

/** JSON rows: the keys of the first row are the header (row 1); each row is then row 2, 3, … */
export async function* readJsonRows(path: string): AsyncGenerator<Record_> {
  if (fs.statSync(path).size > MAX_JSON_FILE_BYTES) throw new FileRefused('limit', 'errors.fileTooLarge', { mb: MAX_JSON_FILE_BYTES / 1024 / 1024 });
  const rows = JSON.parse(fs.readFileSync(path, 'utf8')) as Record<string, unknown>[];
  const header: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!header.includes(k)) header.push(k);
  yield { row: 1, values: header };
  let i = 1;
  for (const r of rows) {
    i++;
    yield { row: i, values: header.map((h) => cellOf(r[h])) };
  }
}

/** Records in batches (one per chunk read), for the validator: CSV natively, XLSX and JSON grouped. */
export function openBatches(path: string, kind: FileKind, onBytes?: (n: number) => void): { info: SourceInfo; batches: AsyncGenerator<Record_[]> } {
  if (kind === 'csv') {
    const info = sniff(path);
    return { info, batches: readCsvBatches(path, info, onBytes) };
  }
  const { info, records } = openSource(path, kind);
  return {
    info,
    batches: (async function* () {
      let batch: Record_[] = [];
      for await (const r of records) {
        batch.push(r);
        if (batch.length >= 2000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    })(),
  };
}

export function openSource(path: string, kind: FileKind): { info: SourceInfo; records: AsyncGenerator<Record_> } {
  if (kind === 'xlsx') return { info: { encoding: null, delimiter: null }, records: readXlsx(path) };
  if (kind === 'json') return { info: { encoding: 'utf-8', delimiter: null }, records: readJsonRows(path) };
  const info = sniff(path);
  return { info, records: readCsv(path, info) };
}

/** The kind from the content: XLSX is a ZIP archive; JSON starts with `[`; anything else is read as CSV. */
export function sniffKind(path: string): FileKind {
  const fd = fs.openSync(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const n = fs.readSync(fd, head, 0, 8, 0);
    if (n >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
    const s = head.subarray(0, n).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
    return s.startsWith('[') ? 'json' : 'csv';
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The whole file checked against the limits before a submission is stored, so a hostile
 * file is refused with nothing kept: XLSX structure and XML (platform/file-limits/xlsx.ts),
 * CSV records, JSON size. The readers check again as they go (inspect reads no further).
 */
export async function checkSubmissionFile(path: string, kind: FileKind): Promise<void> {
  if (kind === 'xlsx') return checkXlsx(path, XLSX_LIMITS);
  if (kind === 'json') {
    if (fs.statSync(path).size > MAX_JSON_FILE_BYTES) throw new FileRefused('limit', 'errors.fileTooLarge', { mb: MAX_JSON_FILE_BYTES / 1024 / 1024 });
    return;
  }
  const info = sniff(path);
  return checkCsv(path, { maxRows: MAX_CSV_ROWS, delimiter: info.delimiter ?? ',', utf8: info.encoding === 'utf-8' });
}
