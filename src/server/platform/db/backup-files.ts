import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error.ts';

/**
 * The file store's half of a backup (backup.ts writes the section, FileRestore reads it back):
 * DATA_DIR/files is content-addressed and never changed in place, so its files can be read
 * after the database snapshot closed.
 */
/** Raw bytes per {chunk} line (about 700 KB of base64). */
export const CHUNK_BYTES = 512 * 1024;
/** The file store's folder of uploads in progress: never backed up, and where a restore stages its files. */
const FILES_TMP = 'tmp';
/** The database store's local copies (FILE_STORE=postgres): the files themselves are in the tables. */
const FILES_CACHE = 'cache';

export interface FileCount {
  /** Files in the backup. */
  count: number;
  /** Their total size in bytes. */
  bytes: number;
}

/** Regular files under `dir` (relative paths with '/', sorted), without the store's tmp/ folder. */
export function listStoreFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(rel ? path.join(dir, ...rel.split('/')) : dir, { withFileTypes: true });
    } catch (err) {
      if (rel === '' && (err as NodeJS.ErrnoException).code === 'ENOENT') return; // no file stored yet
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== FILES_TMP && r !== FILES_CACHE) walk(r);
      } else if (e.isFile()) out.push(r);
    }
  };
  walk('');
  return out;
}

export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const buf of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    hash.update(buf);
    size += buf.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * The files section of a restore: each file is written to a temporary name in the store's
 * tmp/ folder, checked against its size and SHA-256, then renamed into place. Everything
 * it changed is remembered so that undo() puts the folder back as it was.
 */
export class FileRestore {
  readonly counts = { count: 0, bytes: 0, skipped: 0 };
  /** Files this restore put in place (removed again by undo). */
  private readonly written: string[] = [];
  /** Files that were there with other content, moved aside (put back by undo, deleted by keep). */
  private readonly asides: { dest: string; aside: string }[] = [];
  /** Directories this restore created (removed by undo, and by keep when left empty). */
  private readonly madeDirs: string[] = [];
  private root: string | null = null;
  private current: {
    path: string;
    size: number;
    sha256: string;
    dest: string | null;
    tmp: string | null;
    fh: fs.promises.FileHandle | null;
    hash: crypto.Hash;
    received: number;
  } | null = null;

  constructor(private readonly filesDir: string | undefined) {}

  get inFile(): boolean {
    return this.current !== null;
  }

  async begin(line: { file: unknown; size: unknown; sha256: unknown }, n: number): Promise<void> {
    const { file, size, sha256 } = line;
    if (this.current || typeof file !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
      throw new BackupError('damaged', `line ${n}`);
    }
    const parts = file.split('/');
    // Only plain relative paths: nothing absolute, no '..', nothing into the store's tmp/.
    if (file.includes('\\') || file.includes('\0') || path.isAbsolute(file) || path.win32.isAbsolute(file) || parts.some((p) => p === '' || p === '.' || p === '..') || parts[0] === FILES_TMP) {
      throw new BackupError('damaged', `file path outside the files folder: ${JSON.stringify(file)}`);
    }
    this.current = { path: file, size, sha256, dest: null, tmp: null, fh: null, hash: crypto.createHash('sha256'), received: 0 };
    if (this.filesDir === undefined) return; // checked, not written
    const root = this.rootDir();
    const dest = path.resolve(root, ...parts);
    if (!dest.startsWith(root + path.sep)) throw new BackupError('damaged', `file path outside the files folder: ${JSON.stringify(file)}`);
    this.current.dest = dest;
    const existing = fs.statSync(dest, { throwIfNoEntry: false });
    if (existing?.isFile() && existing.size === size && (await hashFile(dest)).sha256 === sha256) {
      this.counts.skipped++; // same content already there: chunks are still checked, not written
      return;
    }
    const tmpDir = path.join(root, FILES_TMP);
    this.mkdir(tmpDir);
    this.current.tmp = path.join(tmpDir, `restore-${crypto.randomUUID()}`);
    this.current.fh = await fs.promises.open(this.current.tmp, 'wx');
  }

  async chunk(base64: string, n: number): Promise<void> {
    const f = this.current;
    if (!f) throw new BackupError('damaged', `line ${n}`);
    const buf = Buffer.from(base64, 'base64');
    f.received += buf.length;
    if (f.received > f.size) throw new BackupError('damaged', `file ${f.path}: longer than its size`);
    f.hash.update(buf);
    // One chunk at a time, awaited: memory stays bounded whatever the size of the file.
    if (f.fh) await f.fh.write(buf);
  }

  async end(file: string, n: number): Promise<void> {
    const f = this.current;
    if (!f || f.path !== file) throw new BackupError('damaged', `line ${n}`);
    if (f.fh) {
      await f.fh.close();
      f.fh = null;
    }
    if (f.received !== f.size || f.hash.digest('hex') !== f.sha256) throw new BackupError('damaged', `file ${f.path}: its content does not match its checksum`);
    if (f.tmp && f.dest) {
      const dir = path.dirname(f.dest);
      this.mkdir(dir);
      // A symbolic link in the folder must not lead the file elsewhere.
      const real = fs.realpathSync(dir);
      const realRoot = fs.realpathSync(this.rootDir());
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new BackupError('damaged', `file path outside the files folder: ${JSON.stringify(f.path)}`);
      if (fs.existsSync(f.dest)) {
        // There with other content (damaged): kept aside until the restore commits.
        const aside = `${f.tmp}.previous`;
        fs.renameSync(f.dest, aside);
        this.asides.push({ dest: f.dest, aside });
      }
      fs.renameSync(f.tmp, f.dest);
      this.written.push(f.dest);
    }
    this.counts.count++;
    this.counts.bytes += f.size;
    this.current = null;
  }

  /** The database committed: drop what was moved aside and the empty folders. */
  keep(): void {
    for (const a of this.asides) fs.rmSync(a.aside, { force: true });
    this.removeEmptyDirs();
  }

  /** The restore failed: the folder goes back to what it was. */
  async undo(): Promise<void> {
    const f = this.current;
    if (f?.fh) await f.fh.close().catch(() => {});
    if (f?.tmp) fs.rmSync(f.tmp, { force: true });
    this.current = null;
    for (const w of this.written.reverse()) fs.rmSync(w, { force: true });
    for (const a of this.asides.reverse()) {
      try {
        fs.renameSync(a.aside, a.dest);
      } catch {
        // nothing better to do; the file stays at a.aside
      }
    }
    this.removeEmptyDirs();
  }

  private rootDir(): string {
    if (!this.root) {
      const root = path.resolve(this.filesDir!);
      this.mkdir(root);
      this.root = root;
    }
    return this.root;
  }

  private mkdir(dir: string): void {
    const first = fs.mkdirSync(dir, { recursive: true });
    if (!first) return;
    for (let d = dir; ; d = path.dirname(d)) {
      this.madeDirs.push(d);
      if (d === first || d === path.dirname(d)) break;
    }
  }

  private removeEmptyDirs(): void {
    // Deepest first; a folder that is not empty (another file, an upload meanwhile) stays.
    for (const d of [...this.madeDirs].sort((a, b) => b.length - a.length)) {
      try {
        fs.rmdirSync(d);
      } catch {
        // not empty
      }
    }
    this.madeDirs.length = 0;
  }
}

/** Every sequence gets back at least its backed-up position, and never below its column's max. */
