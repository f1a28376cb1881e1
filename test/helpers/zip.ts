import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';

/**
 * A small ZIP writer for tests that need hostile archives (platform/file-limits): parts are
 * given as chunk generators, so a 2 GiB cell is deflated a megabyte at a time and never
 * held whole. Options forge what a hostile archive lies about.
 */
export interface Part {
  name: string;
  chunks: () => Iterable<Buffer | string>;
  /** store (no compression) instead of deflate */
  store?: boolean;
  /** the size the headers declare instead of the real one */
  declaredSize?: number;
  /** left out of the central directory (a hidden entry only a streaming reader sees) */
  hidden?: boolean;
}

async function deflate(chunks: Iterable<Buffer | string>, store: boolean): Promise<{ data: Buffer; size: number; crc: number }> {
  const out: Buffer[] = [];
  let size = 0;
  let crc = 0;
  const z = store ? new PassThrough() : zlib.createDeflateRaw({ level: 9 });
  z.on('data', (d: Buffer) => out.push(d));
  const ended = once(z, 'end');
  for (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    crc = zlib.crc32(b, crc);
    if (!z.write(b)) await once(z, 'drain');
  }
  z.end();
  await ended;
  return { data: Buffer.concat(out), size, crc: crc >>> 0 };
}

export async function zip(parts: Part[]): Promise<Buffer> {
  const files: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let listed = 0;
  for (const p of parts) {
    const { data, size, crc } = await deflate(p.chunks(), !!p.store);
    const name = Buffer.from(p.name);
    const declared = p.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(p.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    files.push(local, name, data);
    if (!p.hidden) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x800, 8);
      c.writeUInt16LE(p.store ? 0 : 8, 10);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(data.length, 20);
      c.writeUInt32LE(declared, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      central.push(c, name);
      listed++;
    }
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...files, cd, end]);
}

const one = (s: string) => () => [s];

/** The parts of a minimal workbook around the given first sheet (and shared strings, if any). */
export function xlsx(sheet: Part['chunks'], extra: { sharedStrings?: Part['chunks']; sheetPart?: Partial<Part>; more?: Part[] } = {}): Promise<Buffer> {
  const ct =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
  const wb =
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Datos" sheetId="1" r:id="rId1"/></sheets></workbook>';
  const wbRels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
  const parts: Part[] = [
    { name: '[Content_Types].xml', chunks: one(ct) },
    { name: '_rels/.rels', chunks: one(rels) },
    { name: 'xl/workbook.xml', chunks: one(wb) },
    { name: 'xl/_rels/workbook.xml.rels', chunks: one(wbRels) },
  ];
  if (extra.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', chunks: extra.sharedStrings });
  parts.push({ name: 'xl/worksheets/sheet1.xml', chunks: sheet, ...extra.sheetPart });
  parts.push(...(extra.more ?? []));
  return zip(parts);
}

export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

/** A sheet of the given rows (inline strings), as one chunk. */
export function sheetOf(rows: string[][]): () => string[] {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (k: number): string => (k < 26 ? String.fromCharCode(65 + k) : col(Math.floor(k / 26) - 1) + String.fromCharCode(65 + (k % 26)));
  const body = rows.map((r, i) => `<row r="${i + 1}">${r.map((v, k) => `<c r="${col(k)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('');
  return () => [SHEET_HEAD + body + SHEET_TAIL];
}
