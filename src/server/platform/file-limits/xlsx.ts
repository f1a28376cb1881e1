import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError } from '../http/errors.ts';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_OTHER_PART_BYTES, MAX_SHARED_STRINGS_BYTES, refuse, type SheetLimits } from './limits.ts';
import { XmlScanner, type PartKind } from './xml-scan.ts';
import { bufferSource, entryCap, expandEntry, fileSource, readDirectory, type ByteSource } from './zip.ts';

/**
 * XLSX files, checked whole before exceljs reads them, then read as a stream of rows.
 * The check expands every entry once (bounded by the route's total, each entry by its
 * ratio, the parts exceljs keeps in memory by their own caps) through the XML scanner,
 * so the reader then meets only bytes already seen to be safe. Costs one extra inflate
 * of the file (about 1 s per 500 MB of XML), small beside exceljs's own parse.
 */

// exceljs's streaming reader picks its parts by these names (its patterns are unanchored too)
const SHEET = /xl\/worksheets\/sheet\d+[.]xml/;
const PARSED = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', '_rels/.rels', '[Content_Types].xml']);
const XML_NAME = /\.(xml|rels|vml)$/i;

function partKind(name: string): PartKind | null {
  if (name === 'xl/sharedStrings.xml') return 'strings';
  if (SHEET.test(name)) return 'sheet';
  if (PARSED.has(name) || XML_NAME.test(name) || /xl\/worksheets\/_rels\//.test(name)) return 'other';
  return null; // pictures, printer settings: expanded and counted, not scanned
}

async function checkEntries(src: ByteSource, totalCap: number, kindOf: (name: string) => PartKind | null, maxRows: number): Promise<void> {
  const entries = readDirectory(src);
  let room = totalCap;
  const tooBig = () => refuse.expands(totalCap);
  for (const e of entries) {
    const kind = kindOf(e.name);
    const partCap = kind === 'strings' ? MAX_SHARED_STRINGS_BYTES : kind === 'other' ? MAX_OTHER_PART_BYTES : Infinity;
    const scanner = kind ? new XmlScanner(kind, maxRows) : null;
    room -= await expandEntry(src, e, Math.min(entryCap(e, room), partCap), tooBig, scanner ? (c) => scanner.write(c) : () => {});
    scanner?.end();
  }
}

function withSource<T>(input: string | Buffer, use: (src: ByteSource) => Promise<T>): Promise<T> {
  if (Buffer.isBuffer(input)) return use(bufferSource(input));
  const src = fileSource(input);
  return use(src).finally(() => src.close());
}

/** Refuses an XLSX file that is damaged, a decompression bomb, or holds XML no spreadsheet has. */
export function checkXlsx(input: string | Buffer, limits: SheetLimits): Promise<void> {
  return withSource(input, (src) => checkEntries(src, limits.maxExpandedBytes, partKind, limits.maxRows));
}

/**
 * An attached DOCX or XLSX is stored, not read: it is only refused when damaged, a bomb
 * (which would hurt whoever opens it) or carrying a DTD. Text runs are not capped.
 */
export const MAX_DOCUMENT_EXPANDED_BYTES = 512 * 1024 * 1024;
export function checkOfficeDocument(path: string): Promise<void> {
  return withSource(path, (src) => checkEntries(src, MAX_DOCUMENT_EXPANDED_BYTES, (name) => (XML_NAME.test(name) ? 'document' : null), Infinity));
}

/** A cell's text past Excel's limit is refused, whatever produced it (a shared string of many runs, say). */
export function checkCellText(text: string): string {
  if (text.length > MAX_CELL_CHARS) throw refuse.cellTooLong();
  return text;
}

/**
 * The rows of the first worksheet, streamed, after `checkXlsx`. Any error exceljs raises on
 * a file that passed the check (malformed XML, a missing part) is the file's: "damaged".
 */
export async function* readFirstSheet(input: string | Buffer, limits: SheetLimits, options: { styles?: boolean } = {}): AsyncGenerator<ExcelJS.Row> {
  await checkXlsx(input, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Buffer.isBuffer(input) ? Readable.from([input]) : input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: options.styles ? 'cache' : 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // exceljs reads a worksheet met before the workbook part with its model unset, a TypeError
  // (files written by exceljs itself store the workbook last): an empty model reads them too
  // (the sheet is then the first in the archive, as exceljs writes them).
  (reader as unknown as { model?: unknown }).model = { sheets: [] };
  let rows = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (++rows > limits.maxRows) throw refuse.tooManyRows(limits.maxRows);
        if (row.cellCount > MAX_COLUMNS) throw refuse.tooManyColumns();
        yield row;
      }
      break; // the first sheet holds the data
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse.damaged();
  }
}
