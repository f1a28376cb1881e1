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
 * Content-addressed file store under DATA_DIR/files: a file is kept once, named by its
 * SHA-256, whoever uploads it and however often. Writes go to a temporary file first and
 * are renamed into place, so a half-written upload is never visible.
 */
export interface StoredFile {
  sha256: string;
  size: number;
  tmpPath: string;
}

export class FileStore {
  constructor(private readonly root: string) {}

  private final(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams to a temporary file, hashing on the way. Call commit() or discard() after. */
  async receive(stream: Readable): Promise<StoredFile> {
    const tmpDir = path.join(this.root, 'tmp');
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

  commit(f: StoredFile): void {
    const dest = this.final(f.sha256);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (fs.existsSync(dest)) fs.rmSync(f.tmpPath, { force: true });
    else fs.renameSync(f.tmpPath, dest);
  }

  discard(f: StoredFile): void {
    fs.rmSync(f.tmpPath, { force: true });
  }

  open(sha256: string): fs.ReadStream | null {
    const p = this.final(sha256);
    return fs.existsSync(p) ? fs.createReadStream(p) : null;
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
