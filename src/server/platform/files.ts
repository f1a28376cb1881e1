import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { fileSource, readDirectory } from './file-limits/zip.ts';

function zipNames(filePath: string): string[] {
  const src = fileSource(filePath);
  try {
    return readDirectory(src).map((e) => e.name);
  } finally {
    src.close();
  }
}

/**
 * Where uploads are kept. Content-addressed: a file is kept once, named by its SHA-256,
 * whoever uploads it and however often. An upload is first received into a temporary local
 * file (hashed on the way, checked by the caller), then committed or discarded, so a
 * half-written upload is never visible.
 *
 * Two stores (FILE_STORE): `local`, a folder under DATA_DIR/files (the embedded default,
 * one instance), and `postgres`, the database itself (file-store-pg.ts), which every
 * instance reaches and every backup of the tables carries (docs/adr/0011-shared-file-store.md).
 */
export interface StoredFile {
  sha256: string;
  size: number;
  tmpPath: string;
}

export interface FileStore {
  /** Streams to a temporary local file, hashing on the way. Call commit() or discard() after. */
  receive(stream: Readable): Promise<StoredFile>;
  /** Makes a received file readable by open() from every instance this store serves. */
  commit(f: StoredFile): Promise<void>;
  discard(f: StoredFile): void;
  /** The file's bytes, or null when this store does not hold it. */
  open(sha256: string): Promise<Readable | null>;
  /**
   * A local path holding the file's bytes, for readers that need one (the spreadsheet
   * readers seek inside a ZIP): the folder store's own file, or the database store's copy in
   * a local cache. Null when the store does not hold it.
   */
  localPath(sha256: string): Promise<string | null>;
}

/** Receives a stream into `tmpDir`, hashing on the way (shared by both stores). */
export async function receiveToTemp(tmpDir: string, stream: Readable): Promise<StoredFile> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, crypto.randomUUID());
  const hash = crypto.createHash('sha256');
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  await pipeline(stream, fs.createWriteStream(tmpPath));
  return { sha256: hash.digest('hex'), size, tmpPath };
}

/** The folder store: DATA_DIR/files/<first two hex digits>/<sha256>. */
export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private final(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  receive(stream: Readable): Promise<StoredFile> {
    return receiveToTemp(path.join(this.root, 'tmp'), stream);
  }

  async commit(f: StoredFile): Promise<void> {
    const dest = this.final(f.sha256);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (fs.existsSync(dest)) fs.rmSync(f.tmpPath, { force: true });
    else fs.renameSync(f.tmpPath, dest);
  }

  discard(f: StoredFile): void {
    fs.rmSync(f.tmpPath, { force: true });
  }

  async open(sha256: string): Promise<Readable | null> {
    const p = this.final(sha256);
    return fs.existsSync(p) ? fs.createReadStream(p) : null;
  }

  async localPath(sha256: string): Promise<string | null> {
    const p = this.final(sha256);
    return fs.existsSync(p) ? p : null;
  }
}

/**
 * The type of a file from its content, never from its name: PDF, DOCX, XLSX, PNG, JPEG,
 * GIF, WebP. Anything else (an .exe renamed .pdf, say) is null.
 */
export function sniffType(filePath: string): { mediaType: string; extension: string } | null {
  const fd = fs.openSync(filePath, 'r');
  try {
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    if (head.subarray(0, 5).toString('latin1') === '%PDF-') return { mediaType: 'application/pdf', extension: 'pdf' };
    if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mediaType: 'image/png', extension: 'png' };
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { mediaType: 'image/jpeg', extension: 'jpg' };
    const six = head.subarray(0, 6).toString('latin1');
    if (six === 'GIF87a' || six === 'GIF89a') return { mediaType: 'image/gif', extension: 'gif' };
    if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return { mediaType: 'image/webp', extension: 'webp' };
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
      // Office Open XML files are ZIP archives whose entry names say what they are: read from
      // the central directory (not the whole file), refusing a damaged or forged archive.
      const names = new Set(zipNames(filePath));
      if (!names.has('[Content_Types].xml')) return null;
      if (names.has('word/document.xml')) return { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
      if (names.has('xl/workbook.xml')) return { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
