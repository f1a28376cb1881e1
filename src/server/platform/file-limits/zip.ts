import fs from 'node:fs';
import zlib from 'node:zlib';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../http/errors.ts';
import { MAX_CENTRAL_DIRECTORY_BYTES, MAX_EXPANSION_RATIO, MAX_ZIP_ENTRIES, RATIO_FLOOR_BYTES, refuse } from './limits.ts';

/**
 * A ZIP archive read defensively, without trusting what it declares: the central directory
 * is read first (entry count, names, sizes, methods), then every local header is checked to
 * sit exactly where the previous entry ends. That second check matters because exceljs's
 * streaming reader (unzipper) walks the local headers from the start and never reads the
 * central directory: an entry hidden between two listed ones, or a listed entry whose local
 * header says otherwise, would be read by it and not by us. ZIP64 archives, encryption and
 * methods other than stored/deflate are refused (no spreadsheet needs them below 4 GiB).
 */
export interface ZipEntry {
  name: string;
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  size: number;
  dataStart: number;
  /** Whether unzipper finds this entry's end by searching for the data descriptor's signature. */
  searched: boolean;
}

/** The bytes of an archive: a file on disk or a buffer in memory. */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Buffer;
  stream(start: number, endExclusive: number): Readable;
}

export function fileSource(path: string): ByteSource & { close(): void } {
  const fd = fs.openSync(path, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read(position, length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      if (buf.length) fs.readSync(fd, buf, 0, buf.length, position);
      return buf;
    },
    stream: (start, end) => (end > start ? fs.createReadStream(path, { start, end: end - 1, highWaterMark: 256 * 1024 }) : Readable.from([])),
    close: () => fs.closeSync(fd),
  };
}

export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: (position, length) => buf.subarray(position, Math.min(buf.length, position + length)),
    stream(start, end) {
      const chunks: Buffer[] = [];
      for (let p = start; p < end; p += 256 * 1024) chunks.push(buf.subarray(p, Math.min(end, p + 256 * 1024)));
      return Readable.from(chunks);
    },
  };
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const U32_MAX = 0xffffffff;

/** The entries, in the order a streaming reader meets them; refuses anything ambiguous. */
export function readDirectory(src: ByteSource): ZipEntry[] {
  if (src.size < 22) throw refuse.damaged();
  const tailLength = Math.min(src.size, 22 + 0xffff);
  const tail = src.read(src.size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    // the end record is the one whose comment reaches exactly the end of the file
    if (tail.readUInt32LE(i) === SIG_END && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      end = i;
      break;
    }
  }
  if (end < 0) throw refuse.damaged(); // truncated, or not a ZIP archive at all
  const endAt = src.size - tailLength + end;
  const count = tail.readUInt16LE(end + 10);
  const cdSize = tail.readUInt32LE(end + 12);
  const cdOffset = tail.readUInt32LE(end + 16);
  if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0 || tail.readUInt16LE(end + 8) !== count) throw refuse.damaged();
  if (count === 0xffff || cdOffset === U32_MAX || cdSize === U32_MAX) throw refuse.damaged(); // ZIP64
  if (endAt >= 20 && src.read(endAt - 20, 4).readUInt32LE(0) === SIG_END64_LOCATOR) throw refuse.damaged();
  if (count > MAX_ZIP_ENTRIES) throw refuse.tooManyEntries();
  if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES) throw refuse.tooManyEntries();
  if (cdOffset + cdSize !== endAt) throw refuse.damaged();

  const cd = src.read(cdOffset, cdSize);
  const listed: (ZipEntry & { offset: number; flags: number; rawName: Buffer })[] = [];
  const names = new Set<string>();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw refuse.damaged();
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    const compressedSize = cd.readUInt32LE(p + 20);
    const size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    const offset = cd.readUInt32LE(p + 42);
    if (next > cd.length) throw refuse.damaged();
    if (flags & 0x41) throw refuse.encrypted(); // traditional or strong encryption
    if (method !== 0 && method !== 8) throw refuse.damaged();
    if (compressedSize === U32_MAX || size === U32_MAX || offset === U32_MAX) throw refuse.damaged();
    const rawName = cd.subarray(p + 46, p + 46 + nameLength);
    const name = rawName.toString('utf8');
    if (names.has(name)) throw refuse.damaged(); // two entries of one name: which one a reader takes is undefined
    names.add(name);
    listed.push({ name, rawName, method, crc, compressedSize, size, offset, flags, dataStart: 0, searched: false });
    p = next;
  }
  if (p !== cd.length) throw refuse.damaged();

  listed.sort((a, b) => a.offset - b.offset);
  let expected = 0;
  for (const e of listed) {
    if (e.offset !== expected) throw refuse.damaged();
    const h = src.read(e.offset, 30);
    if (h.length < 30 || h.readUInt32LE(0) !== SIG_LOCAL) throw refuse.damaged();
    const localFlags = h.readUInt16LE(6);
    const nameLength = h.readUInt16LE(26);
    if (h.readUInt16LE(8) !== e.method || (localFlags & 0x08) !== (e.flags & 0x08)) throw refuse.damaged();
    if (!src.read(e.offset + 30, nameLength).equals(e.rawName)) throw refuse.damaged();
    e.dataStart = e.offset + 30 + nameLength + h.readUInt16LE(28);
    const localCompressed = h.readUInt32LE(18);
    let after = e.dataStart + e.compressedSize;
    if (localFlags & 0x08) {
      // sizes in a data descriptor after the data; unzipper searches for its signature when
      // the local header gives no size, and then expects the 16-byte form with the signature
      if (localCompressed === 0) {
        e.searched = true;
        const d = src.read(after, 16);
        if (d.length < 16 || d.readUInt32LE(0) !== SIG_DESCRIPTOR) throw refuse.damaged();
        after += 16;
      } else {
        if (localCompressed !== e.compressedSize) throw refuse.damaged();
        after += src.read(after, 4).readUInt32LE(0) === SIG_DESCRIPTOR ? 16 : 12;
      }
    } else if (localCompressed !== e.compressedSize || h.readUInt32LE(22) !== e.size) throw refuse.damaged();
    if (after > cdOffset) throw refuse.damaged();
    expected = after;
  }
  if (expected !== cdOffset) throw refuse.damaged();
  return listed.map(({ name, method, crc, compressedSize, size, dataStart, searched }) => ({ name, method, crc, compressedSize, size, dataStart, searched }));
}

/** The most an entry may expand to: its ratio cap, or less when the caller has less room left. */
export function entryCap(e: ZipEntry, roomLeft: number): number {
  return Math.min(roomLeft, Math.max(RATIO_FLOOR_BYTES, e.compressedSize * MAX_EXPANSION_RATIO));
}

/**
 * Expands one entry through `sink` a chunk at a time, counting: past `cap` bytes it stops
 * at once (the inflater is destroyed, nothing more is produced). The result must match the
 * declared size and CRC-32, so a damaged entry is told apart from a valid one.
 */
export async function expandEntry(src: ByteSource, e: ZipEntry, cap: number, tooBig: () => Error, sink: (chunk: Buffer) => void): Promise<number> {
  if (e.size > cap) throw tooBig();
  let produced = 0;
  let crc = 0;
  let carry = Buffer.alloc(0);
  // unzipper stops an entry at the first descriptor signature in its bytes: one inside the data would split it
  const watch = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (e.searched) {
        const window = Buffer.concat([carry, chunk]);
        if (window.indexOf(DESCRIPTOR_BYTES) >= 0) return done(refuse.damaged());
        carry = window.subarray(Math.max(0, window.length - 3));
      }
      done(null, chunk);
    },
  });
  const stages: NodeJS.ReadWriteStream[] = [watch];
  if (e.method === 8) stages.push(zlib.createInflateRaw({ chunkSize: 64 * 1024 }));
  // pipeline reports an abort, not the reason, when the last stage throws: keep the reason
  const failed: { reason?: Error } = {};
  try {
    await pipeline(src.stream(e.dataStart, e.dataStart + e.compressedSize), ...(stages as [Transform]), async (out: AsyncIterable<Buffer>) => {
      try {
        for await (const chunk of out) {
          produced += chunk.length;
          if (produced > cap) throw tooBig();
          crc = zlib.crc32(chunk, crc);
          sink(chunk);
        }
      } catch (err) {
        failed.reason = err instanceof Error ? err : refuse.damaged();
        throw failed.reason;
      }
    });
  } catch (err) {
    if (failed.reason) throw failed.reason;
    if (err instanceof DomainError) throw err; // the descriptor watch's refusal
    throw refuse.damaged(); // zlib: invalid or truncated deflate data
  }
  if (produced !== e.size || crc >>> 0 !== e.crc) throw refuse.damaged();
  return produced;
}

const DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
