import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FileRefused } from '../../../platform/http/errors.ts';
import { catalogs, t } from '../../../platform/i18n/index.ts';
import { checkSubmissionFile, readXlsx, readCsv, sniffKind } from './reader.ts';
import { CORPUS, corpusFiles, fullKey } from '../../../../../test/helpers/hostile-corpus.ts';
import { sheetOf, xlsx, zip } from '../../../../../test/helpers/zip.ts';
import { XmlScanner } from '../../../platform/file-limits/xml-scan.ts';
import { checkOfficeDocument, checkXlsx } from '../../../platform/file-limits/xlsx.ts';

/** The hostile corpus against the checks, in this process; the memory of the real routes is test/ops/hostile-files.test.ts. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-file-limits-'));
const write = (name: string, b: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, b);
  return p;
};
async function refusal(p: Promise<unknown>): Promise<FileRefused> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'should be refused').toBeInstanceOf(FileRefused);
  return err as FileRefused;
}

describe('hostile files', () => {
  it('every file of the corpus is refused with its reason, before anything is read', { timeout: 300_000 }, async () => {
    const files = await corpusFiles();
    for (const h of CORPUS) {
      const file = files.get(h.name)!;
      const err = await refusal(checkSubmissionFile(file, sniffKind(file)));
      expect(`${h.name}: ${err.key}`).toBe(`${h.name}: ${fullKey(h)}`);
      expect([413, 422]).toContain(err.status);
      // attachments are stored, not read: only what would hurt whoever opens them is refused
      if (h.kind === 'xlsx') {
        if (h.storable) await checkOfficeDocument(file);
        else await refusal(checkOfficeDocument(file));
      }
    }
  });

  it('reads a CSV a record at a time, refusing a line without end at 1 MB', async () => {
    const p = write('line.csv', 'a,b\n' + 'x'.repeat(3 * 1024 * 1024));
    const err = await refusal((async () => {
      for await (const _ of readCsv(p)) void _;
    })());
    expect(err.key).toBe('errors.files.recordTooLong');
  });

  it('has every refusal in Spanish and English', () => {
    const es = catalogs.es.errors as Record<string, Record<string, string>>;
    const en = catalogs.en.errors as Record<string, Record<string, string>>;
    expect(Object.keys(es.files!).sort()).toEqual(Object.keys(en.files!).sort());
    expect(t('es', 'errors.files.tooManyRows', { max: 5_000_000 })).toMatch(/5.000.000 filas/);
    expect(t('en', 'errors.files.damaged')).toMatch(/damaged or not a valid XLSX/);
  });
});

describe('real spreadsheets still read', () => {
  it('a workbook written by exceljs (workbook part after the sheets) and one written by hand', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Datos');
    ws.addRow(['TIME_PERIOD', 'OBS_VALUE']);
    for (let i = 0; i < 3000; i++) ws.addRow(['2024-01', i]);
    const a = write('exceljs.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await checkXlsx(a, { maxExpandedBytes: 64 * 1024 * 1024, maxRows: 10_000 });
    let n = 0;
    for await (const r of readXlsx(a)) if (r.values[0] === '2024-01') n++;
    expect(n).toBe(3000);

    const b = write('hand.xlsx', await xlsx(sheetOf([['a', 'b'], ['1', '2 & <3>']])));
    const rows = [];
    for await (const r of readXlsx(b)) rows.push(r.values);
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', '2 & <3>'],
    ]);
  });

  it('refuses a sheet past the route’s rows, and any archive that is not one', async () => {
    const many = write('many.xlsx', await xlsx(sheetOf(Array.from({ length: 30 }, () => ['1']))));
    expect((await refusal(checkXlsx(many, { maxExpandedBytes: 1e9, maxRows: 20 }))).key).toBe('errors.files.tooManyRows');
    const notXlsx = write('empty.zip', await zip([]));
    expect(sniffKind(notXlsx)).toBe('csv'); // an empty archive has no local header: read as text, not as XLSX
  });

  it('scans XML the same whatever the chunks (a byte at a time)', () => {
    const xml = Buffer.from(
      `<?xml version="1.0"?><!-- a comment -> with --> <worksheet><cols><col min="1" max="16384"/></cols><sheetData><row r="1"><c r="XFD1" t="inlineStr"><is><t><![CDATA[a]]]>b]]></t></is></c></row></sheetData></worksheet>`,
    );
    const s = new XmlScanner('sheet', 10);
    for (let i = 0; i < xml.length; i++) s.write(xml.subarray(i, i + 1));
    s.end();
    expect(s.rowCount).toBe(1);
    const bad = new XmlScanner('other', 10);
    expect(() => bad.write(Buffer.from('<?xml version="1.0"?><!DOC'))).toThrow(FileRefused);
  });
});
