import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Database } from './db/database.ts';
import { receiveToTemp, type FileStore, type StoredFile } from './files.ts';

/**
 * The shared file store: uploads kept in PostgreSQL (tables `stored_file` and
 * `stored_file_chunk`, migration 0003), so that a file received by one app instance is read
 * by another's job, and a backup of the database carries every file (docs/adr/0011).
 *
 * Bytes go in chunks of CHUNK_BYTES: each chunk is one bytea value written and read in its
 * own statement, so neither side ever holds a whole file in memory. A commit is one
 * transaction: a file is there whole or not at all, and two instances committing the same
 * content at once leave one copy (the primary key makes the second wait, then skip).
 */
export const PG_CHUNK_BYTES = 1024 * 1024;

export class PostgresFileStore implements FileStore {
  /**
   * @param localDir  this instance's scratch folder (DATA_DIR/files): `tmp/` for uploads being
   *                  received, `cache/` for local copies that readers needing a path get
   */
  constructor(
    private readonly db: Database,
    private readonly localDir: string,
  ) {}

  receive(stream: Readable): Promise<StoredFile> {
    return receiveToTemp(path.join(this.localDir, 'tmp'), stream);
  }

  async commit(f: StoredFile): Promise<void> {
    const chunks = Math.ceil(f.size / PG_CHUNK_BYTES);
    await this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('stored_file')
        .values({ sha256: f.sha256, size_bytes: f.size, chunks })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .returning('sha256')
        .executeTakeFirst();
      if (!inserted) return; // the same content is already stored
      const fh = await fs.promises.open(f.tmpPath, 'r');
      try {
        for (let n = 0; n < chunks; n++) {
          const buf = Buffer.alloc(Math.min(PG_CHUNK_BYTES, f.size - n * PG_CHUNK_BYTES));
          const { bytesRead } = await fh.read(buf, 0, buf.length, n * PG_CHUNK_BYTES);
          if (bytesRead !== buf.length) throw new Error(`file store: ${f.tmpPath} changed while it was stored`);
          await tx.insertInto('stored_file_chunk').values({ sha256: f.sha256, n, data: buf }).execute();
        }
      } finally {
        await fh.close();
      }
    });
    // This instance keeps its copy as the local cache: its own job reads it without a round trip.
    const cached = this.cachePath(f.sha256);
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.renameSync(f.tmpPath, cached);
  }

  private cachePath(sha256: string): string {
    return path.join(this.localDir, 'cache', sha256.slice(0, 2), sha256);
  }

  discard(f: StoredFile): void {
    fs.rmSync(f.tmpPath, { force: true });
  }

  async open(sha256: string): Promise<Readable | null> {
    const head = await this.db.selectFrom('stored_file').select('chunks').where('sha256', '=', sha256).executeTakeFirst();
    if (!head) return null;
    const { db } = this;
    const total = head.chunks;
    // One chunk per read, fetched when the consumer asks for more (backpressure).
    async function* chunks() {
      for (let n = 0; n < total; n++) {
        const row = await db.selectFrom('stored_file_chunk').select('data').where('sha256', '=', sha256).where('n', '=', n).executeTakeFirst();
        if (!row) throw new Error(`file store: chunk ${n} of ${sha256} is missing`);
        yield row.data;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async localPath(sha256: string): Promise<string | null> {
    const cached = this.cachePath(sha256);
    const size = await this.db.selectFrom('stored_file').select('size_bytes').where('sha256', '=', sha256).executeTakeFirst();
    if (!size) return null;
    if (fs.existsSync(cached) && fs.statSync(cached).size === Number(size.size_bytes)) return cached;
    const stream = await this.open(sha256);
    if (!stream) return null;
    // Copied to a temporary name, checked, then renamed: a reader never sees half a file,
    // and two readers copying at once both end with a whole one.
    const copy = await receiveToTemp(path.join(this.localDir, 'tmp'), stream);
    if (copy.sha256 !== sha256) {
      fs.rmSync(copy.tmpPath, { force: true });
      throw new Error(`file store: ${sha256} read back with another checksum`);
    }
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.renameSync(copy.tmpPath, cached);
    return cached;
  }

  /** Files held and their total size (for the operator's `/ready`-style checks and the benchmark). */
  async usage(): Promise<{ files: number; bytes: number }> {
    const r = await sql<{ files: number; bytes: string | null }>`select count(*)::int as files, sum(size_bytes)::text as bytes from stored_file`.execute(this.db);
    const row = r.rows[0];
    return { files: row?.files ?? 0, bytes: Number(row?.bytes ?? 0) };
  }
}

/** Random bytes of a given size, for tests and the benchmark. */
export function randomBytesFile(dir: string, size: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const p = path.join(dir, crypto.randomUUID());
  const fd = fs.openSync(p, 'w');
  try {
    for (let left = size; left > 0; left -= PG_CHUNK_BYTES) fs.writeSync(fd, crypto.randomBytes(Math.min(left, PG_CHUNK_BYTES)));
  } finally {
    fs.closeSync(fd);
  }
  return p;
}
