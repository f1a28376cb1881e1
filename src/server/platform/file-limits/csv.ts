import fs from 'node:fs';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_CSV_RECORD_BYTES, refuse } from './limits.ts';

/**
 * One pass over a CSV file's bytes before it is accepted (a few hundred MB/s): records
 * (lines, or lines inside quotes), their length, their columns and their cells' length, so a
 * file the readers would refuse half-way is refused before anything is stored. The separator
 * is the one the reader detected; the encodings read (UTF-8, Windows-1252) keep `"`, `\n` and
 * the separators as single ASCII bytes, so quotes are followed without decoding. Cells are
 * measured in UTF-16 units like JS strings (a UTF-8 lead byte starts one, a 4-byte one two).
 */
export interface CsvLimits {
  maxRows: number;
  delimiter: string;
  utf8: boolean;
}

export async function checkCsv(path: string, limits: CsvLimits): Promise<void> {
  const delim = limits.delimiter.charCodeAt(0);
  let inQuotes = false;
  let recordBytes = 0;
  let columns = 1;
  let cell = 0;
  let records = 0;
  let filled = false; // the record has a byte other than \r (empty lines are not records)
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (b === 0x22) inQuotes = !inQuotes; // "" inside quotes toggles twice: still inside
      else if (!inQuotes && b === 0x0a) {
        if (filled && ++records > limits.maxRows) throw refuse.tooManyRows(limits.maxRows);
        recordBytes = 0;
        columns = 1;
        cell = 0;
        filled = false;
        continue;
      } else if (!inQuotes && b === delim) {
        if (++columns > MAX_COLUMNS) throw refuse.tooManyColumns();
        cell = 0;
      } else if (!limits.utf8 || b < 0x80 || b >= 0xc0) cell += limits.utf8 && b >= 0xf0 ? 2 : 1;
      if (b !== 0x0d) filled = true;
      if (++recordBytes > MAX_CSV_RECORD_BYTES) throw refuse.recordTooLong();
      if (cell > MAX_CELL_CHARS) throw refuse.cellTooLong();
    }
  }
  if (filled && records + 1 > limits.maxRows) throw refuse.tooManyRows(limits.maxRows);
}
