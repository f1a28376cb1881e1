import fs from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

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

export async function* readCsv(path: string, info: SourceInfo = sniff(path)): AsyncGenerator<Record_> {
  const parser = parse({ delimiter: info.delimiter ?? ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, info: true });
  const decoder = new TextDecoder(info.encoding ?? 'utf-8');
  const feed = (async () => {
    for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 })) {
      if (!parser.write(decoder.decode(chunk, { stream: true }))) await once(parser, 'drain');
    }
    parser.end(decoder.decode());
  })().catch((err: Error) => parser.destroy(err));
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const values = rec.record.map((v) => v.trim());
    if (values.every((v) => v === '')) continue;
    yield { row: rec.info.lines, values };
  }
  await feed;
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

export async function* readXlsx(path: string): AsyncGenerator<Record_> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const raw = row.values as ExcelJS.CellValue[];
      const values = raw.slice(1).map(cellText);
      for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = '';
      if (values.every((v) => v === '')) continue;
      yield { row: row.number, values };
    }
    break; // the first sheet holds the data
  }
}

function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  return (typeof v === 'string' ? v : JSON.stringify(v)).trim();
}

/** JSON rows: the keys of the first row are the header (row 1); each row is then row 2, 3, … */
export async function* readJsonRows(path: string): AsyncGenerator<Record_> {
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
