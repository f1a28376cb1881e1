import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHEET_HEAD, SHEET_TAIL, sheetOf, xlsx, zip } from './zip.ts';

/**
 * Hostile files, generated at test time (none is committed): zip bombs, huge cells, deep
 * XML, billion laughs, forged and truncated archives, and CSV/JSON files past the readers'
 * limits. Built once per machine into the temporary directory (a 2 GiB cell takes seconds
 * to deflate), keyed by CORPUS_VERSION. `key` is the refusal expected from a reader of
 * submitted tables (errors.files.* unless said otherwise).
 */
export const CORPUS_VERSION = 5;

export interface Hostile {
  name: string;
  kind: 'xlsx' | 'csv' | 'json';
  key: string;
  build: () => Promise<Buffer>;
  /** a stored-only upload (attachments) accepts it: a valid archive, harmful only to a reader */
  storable?: boolean;
}

const MB = 1024 * 1024;
const repeat = (s: string, times: number) =>
  function* () {
    const chunk = Buffer.from(s.repeat(Math.max(1, Math.floor(MB / s.length))));
    const per = chunk.length / s.length;
    let left = times;
    while (left >= per) {
      yield chunk;
      left -= per;
    }
    if (left > 0) yield Buffer.from(s.repeat(left));
  };
const around = (head: string, body: () => Iterable<Buffer>, tail: string) =>
  function* () {
    yield Buffer.from(head);
    yield* body();
    yield Buffer.from(tail);
  };
const cellHead = `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>`;
const cellTail = `</t></is></c></row>${SHEET_TAIL}`;
const legit = () => xlsx(sheetOf([['TIME_PERIOD', 'REF_AREA', 'FLOW', 'OBS_VALUE'], ...Array.from({ length: 2000 }, (_, i) => ['2024-01', 'CRI', 'REG_ENTRY', String(i)])]));

export const CORPUS: Hostile[] = [
  { name: 'cell-2gib.xlsx', kind: 'xlsx', key: 'expands', build: () => xlsx(around(cellHead, repeat('A', 2 * 1024 * MB - 1), cellTail)) },
  { name: 'rows-10m.xlsx', kind: 'xlsx', key: 'expands', build: () => xlsx(around(SHEET_HEAD, repeat('<row><c><v>1</v></c></row>', 10_000_000), SHEET_TAIL)) },
  {
    name: 'lying-size.xlsx',
    kind: 'xlsx',
    key: 'expands',
    build: () => xlsx(around(SHEET_HEAD, repeat(`<row>${'<c><v>2</v></c>'.repeat(8)}</row>`, 2_000_000), SHEET_TAIL), { sheetPart: { declaredSize: 1000 } }),
  },
  {
    name: 'strings-bomb.xlsx',
    kind: 'xlsx',
    key: 'expands',
    build: () => xlsx(sheetOf([['a']]), { sharedStrings: around('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', repeat('<si><t>x</t></si>', 20_000_000), '</sst>') }),
  },
  {
    name: 'long-cell.xlsx',
    kind: 'xlsx',
    key: 'cellTooLong',
    storable: true,
    build: () => xlsx(around(cellHead, () => [Buffer.from(crypto.randomBytes(3 * MB).toString('base64'))], cellTail)),
  },
  { name: 'deep.xlsx', kind: 'xlsx', key: 'xmlShape', build: () => xlsx(around(SHEET_HEAD, repeat('<x>', 200_000), SHEET_TAIL)) },
  {
    name: 'laughs.xlsx',
    kind: 'xlsx',
    key: 'doctype',
    build: () => {
      const ents = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('');
      return xlsx(() => [`<?xml version="1.0"?><!DOCTYPE worksheet [${ents}]>${SHEET_HEAD.replace(/^<\?xml[^>]*>/, '')}<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>${SHEET_TAIL}`]);
    },
  },
  { name: 'far-column.xlsx', kind: 'xlsx', key: 'outsideSheet', storable: true, build: () => xlsx(() => [`${SHEET_HEAD}<row r="1"><c r="ZZZZZ1"><v>1</v></c></row>${SHEET_TAIL}`]) },
  {
    name: 'wide-cols.xlsx',
    kind: 'xlsx',
    key: 'outsideSheet',
    storable: true,
    build: () => xlsx(() => [`${SHEET_HEAD.replace('<sheetData>', '<cols><col min="1" max="900000000" width="9"/></cols><sheetData>')}<row r="1"><c r="A1"><v>1</v></c></row>${SHEET_TAIL}`]),
  },
  {
    name: 'truncated.xlsx',
    kind: 'xlsx',
    key: 'damaged',
    build: async () => {
      const whole = await legit();
      return whole.subarray(0, Math.floor(whole.length * 0.6));
    },
  },
  {
    name: 'hidden-entry.xlsx',
    kind: 'xlsx',
    key: 'damaged',
    build: async () => {
      const body = () => [`${SHEET_HEAD}<row r="1"><c r="A1"><v>1</v></c></row>${SHEET_TAIL}`];
      return xlsx(body, { more: [{ name: 'xl/worksheets/sheet2.xml', chunks: around(cellHead, repeat('C', 500 * MB), cellTail), hidden: true }] });
    },
  },
  {
    name: 'garbage.xlsx',
    kind: 'xlsx',
    key: 'damaged',
    build: async () => Buffer.concat([Buffer.from('PK\x03\x04[Content_Types].xml xl/workbook.xml'), crypto.randomBytes(200_000)]),
  },
  { name: 'one-line.csv', kind: 'csv', key: 'recordTooLong', build: async () => Buffer.from('TIME_PERIOD,REF_AREA,FLOW,OBS_VALUE\n' + `${'9'.repeat(1000)},`.repeat(60_000)) },
  { name: 'rows-6m.csv', kind: 'csv', key: 'tooManyRows', build: async () => Buffer.from('OBS_VALUE\n' + '1\n'.repeat(6_000_000)) },
  { name: 'columns.csv', kind: 'csv', key: 'tooManyColumns', build: async () => Buffer.from('a,'.repeat(20_000) + 'a\n1\n') },
  { name: 'rows.json', kind: 'json', key: 'errors.fileTooLarge', build: async () => Buffer.from('[' + '{"a":"1"},'.repeat(2_500_000) + '{"a":"1"}]') },
];

/** The corpus on disk (built once), name → path. */
export async function corpusFiles(): Promise<Map<string, string>> {
  const dir = path.join(os.tmpdir(), `observatorio-hostile-corpus-v${CORPUS_VERSION}`);
  fs.mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  for (const h of CORPUS) {
    const p = path.join(dir, h.name);
    if (!fs.existsSync(p)) {
      const tmp = `${p}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, await h.build());
      fs.renameSync(tmp, p);
    }
    out.set(h.name, p);
  }
  return out;
}

export const fullKey = (h: Hostile) => (h.key.startsWith('errors.') ? h.key : `errors.files.${h.key}`);
export { zip };
