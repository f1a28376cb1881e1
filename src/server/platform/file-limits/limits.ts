import { FileRefused } from '../http/errors.ts';

/**
 * What a spreadsheet may hold before it is read, and the refusals when it holds more.
 * Constants rather than configuration: they describe what a real spreadsheet is, not a
 * deployment. A hostile file (a zip bomb, a 2 GiB cell, a billion-laughs DTD, a truncated
 * archive) must be refused with a message, in bounded memory, before anything is stored.
 */

/** Excel's own limits (a cell holds at most 32,767 characters; a sheet 16,384 columns and 1,048,576 rows). */
export const MAX_CELL_CHARS = 32_767;
export const MAX_COLUMNS = 16_384;
export const MAX_SHEET_ROWS = 1_048_576;

/** Entries of an archive: a workbook has a few dozen; thousands mean something else. */
export const MAX_ZIP_ENTRIES = 10_000;
/** The central directory is read whole: bounded so a forged one cannot make us allocate the upload's size. */
export const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;
/**
 * An entry may expand at most this many times its compressed size (Apache POI's default
 * minimum inflate ratio, 0.01): spreadsheet XML compresses 5–30×, a zip bomb 1000×+.
 * Entries expanding to less than RATIO_FLOOR_BYTES are exempt (tiny parts compress well).
 */
export const MAX_EXPANSION_RATIO = 100;
export const RATIO_FLOOR_BYTES = 1024 * 1024;
/**
 * exceljs keeps the shared strings in memory (one JS string each) and parses the workbook,
 * relationships and styles into objects: those parts get a cap of their own. Worksheets
 * are streamed, so only the archive's total cap (per route) applies to them.
 */
export const MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;
export const MAX_OTHER_PART_BYTES = 16 * 1024 * 1024;

/**
 * XML shape. A text run may be escaped (`&#1114111;` is 10 bytes for one character), so
 * the raw bytes of one cell's text are allowed 10× the character limit; the decoded text
 * is checked against MAX_CELL_CHARS by the reader. No spreadsheet part nests deeper than
 * a few dozen elements, and no element's tag (name and attributes) is near 64 kB.
 */
export const MAX_TEXT_BYTES = MAX_CELL_CHARS * 10;
export const MAX_TAG_BYTES = 64 * 1024;
export const MAX_XML_DEPTH = 128;

/** CSV: one record (a line, or lines inside quotes) at most 1 MiB; cells and columns as in Excel. */
export const MAX_CSV_RECORD_BYTES = 1024 * 1024;

/** What a route allows beyond the constants: the total expanded size of an archive and the data rows. */
export interface SheetLimits {
  maxExpandedBytes: number;
  maxRows: number;
}

const MB = 1024 * 1024;

export const refuse = {
  damaged: () => new FileRefused('unreadable', 'errors.files.damaged'),
  encrypted: () => new FileRefused('unreadable', 'errors.files.encrypted'),
  doctype: () => new FileRefused('unreadable', 'errors.files.doctype'),
  tooDeep: () => new FileRefused('unreadable', 'errors.files.xmlShape', { max: MAX_XML_DEPTH }),
  tooManyEntries: () => new FileRefused('limit', 'errors.files.tooManyEntries', { max: MAX_ZIP_ENTRIES }),
  expands: (capBytes: number) => new FileRefused('limit', 'errors.files.expands', { mb: Math.round(capBytes / MB), ratio: MAX_EXPANSION_RATIO }),
  tooManyRows: (max: number) => new FileRefused('limit', 'errors.files.tooManyRows', { max }),
  tooManyColumns: () => new FileRefused('limit', 'errors.files.tooManyColumns', { max: MAX_COLUMNS }),
  cellTooLong: () => new FileRefused('limit', 'errors.files.cellTooLong', { max: MAX_CELL_CHARS }),
  recordTooLong: () => new FileRefused('limit', 'errors.files.recordTooLong', { kb: MAX_CSV_RECORD_BYTES / 1024 }),
  /** A cell reference beyond the sheet (column after XFD, row after 1,048,576). */
  outsideSheet: () => new FileRefused('limit', 'errors.files.outsideSheet', { columns: MAX_COLUMNS, rows: MAX_SHEET_ROWS }),
};
