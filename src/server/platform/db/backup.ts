import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BackupError } from './backup-error.ts';
import { CHUNK_BYTES, hashFile, listStoreFiles, type FileCount } from './backup-files.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, backedUp, connect, ident, listTables, MIGRATION_TABLE, sessionDefaults, type BackupHeader, type BackupResult, type TableCount } from './backup-format.ts';

// Writing a backup; the format is described in backup-format.ts, reading it back is restore.ts.
// Every name of the backup API stays importable from here, so callers need one import.
export { BackupError, type BackupErrorKey } from './backup-error.ts';
export type { FileCount } from './backup-files.ts';
export { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, type BackupResult, type RestoreResult, type TableCount } from './backup-format.ts';
export { readBackupHeader, restoreDatabase, type RestoreOptions } from './restore.ts';


async function listSequences(c: pg.ClientBase): Promise<BackupHeader['sequences']> {
  const seqs = await c.query<{ name: string }>(
    `select s.relname as name from pg_class s join pg_namespace n on n.oid = s.relnamespace
     where n.nspname = 'public' and s.relkind = 'S' order by 1`,
  );
  const out: BackupHeader['sequences'] = [];
  for (const s of seqs.rows) {
    const r = await c.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${ident(s.name)}`);
    out.push({ name: s.name, lastValue: r.rows[0]!.last_value, isCalled: r.rows[0]!.is_called });
  }
  return out;
}

/**
 * Writes a backup of the database at `url` to `file` (through `file.partial`, renamed when
 * complete), with every file under `opts.filesDir` (the file store, DATA_DIR/files) when given.
 */
/** A value of COPY's text format back to its text form: `\\N` is NULL; backslash escapes undone. */
function copyValue(v: string): string | null {
  if (v === '\\N') return null;
  if (!v.includes('\\')) return v;
  return v.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch === 'b' ? '\b' : ch === 'f' ? '\f' : ch === 'v' ? '\v' : ch));
}

export async function backupDatabase(url: string, file: string, opts: { filesDir?: string } = {}): Promise<BackupResult> {
  const c = await connect(url);
  const partial = `${file}.partial`;
  let out: PassThrough | null = null;
  let done: Promise<void> | null = null;
  try {
    await sessionDefaults(c);
    await c.query('begin isolation level repeatable read, read only');
    const tables = (await listTables(c)).filter(backedUp);
    if (!tables.some((t) => t.name === MIGRATION_TABLE)) throw new BackupError('notMigrated');
    const mig = await c.query<{ name: string; checksum: string }>(`select name, checksum from ${MIGRATION_TABLE} order by name`);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      migrations: mig.rows.map((r) => r.name),
      checksums: Object.fromEntries(mig.rows.map((r) => [r.name, r.checksum])),
      tables: tables.map((t) => ({ name: t.name, columns: t.columns })),
      sequences: await listSequences(c),
    };

    const stream = new PassThrough();
    out = stream;
    // Level 1: most of the size of level 6 (the rows repeat codes), at a fraction of the time.
    const gzip = zlib.createGzip({ level: 1 });
    const written = pipeline(stream, gzip, fs.createWriteStream(partial));
    done = written;
    written.catch(() => {}); // awaited below; a failure meanwhile surfaces there or in write()
    const writeText = async (text: string | Buffer) => {
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), written]);
    };
    const write = (obj: unknown) => writeText(JSON.stringify(obj) + '\n');
    const counts: TableCount[] = [];
    await write(header);
    for (const t of tables) {
      await write({ table: t.name, columns: t.columns });
      const select = t.columns.map((col) => `${ident(col)}::text`).join(', ');
      const order = t.primaryKey.length ? ` order by ${t.primaryKey.map(ident).join(', ')}` : '';
      // COPY … TO STDOUT in the snapshot, PostgreSQL writing each row as the format's JSON array
      // of text forms (json_build_array: NULL is null). CSV mode with a delimiter and a quote
      // character that JSON text never holds raw (it escapes every control character) passes
      // each line through untouched, so Node only counts rows and compresses: no work per row
      // in JavaScript (bench/backup.ts). json_build_array takes at most 100 arguments: a wider
      // table is turned into JSON here instead.
      const wide = t.columns.length > 100;
      const query = wide
        ? `copy (select ${select} from ${ident(t.name)}${order}) to stdout`
        : `copy (select json_build_array(${select})::text from ${ident(t.name)}${order}) to stdout with (format csv, delimiter e'\\x02', quote e'\\x01')`;
      const copy = c.query(copyTo(query));
      let rows = 0;
      let rest = '';
      // A character's bytes may be split between two chunks.
      const decoder = new StringDecoder('utf8');
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        if (!wide) {
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
          await writeText(chunk);
          continue;
        }
        const text = rest + decoder.write(chunk);
        const last = text.lastIndexOf('\n');
        rest = text.slice(last + 1);
        if (last < 0) continue;
        const lines = text.slice(0, last).split('\n');
        rows += lines.length;
        await writeText(lines.map((line) => JSON.stringify(line.split('\t').map(copyValue))).join('\n') + '\n');
      }
      if (rest !== '') throw new Error(`backup: ${t.name}: the copy ended inside a row`);
      await write({ end: t.name, rows });
      counts.push({ table: t.name, rows });
    }
    // The snapshot is no longer needed: release it before streaming the files, which can take
    // a while (a long snapshot holds back vacuum).
    await c.query('commit');

    // The files are read after the snapshot, and that is safe: the store is content-addressed
    // (a file is named by its SHA-256) and a file is never changed in place, only added (an
    // upload renames its file into place right after its row commits). So a file the
    // snapshot's rows point at is there when the folder is listed, with the very content it
    // had when the row was written; a file added since is merely one more, unreferenced and
    // harmless. Listing after the tables (not before) is what makes this hold.
    const files: FileCount = { count: 0, bytes: 0 };
    if (opts.filesDir) {
      for (const rel of listStoreFiles(opts.filesDir)) {
        const abs = path.join(opts.filesDir, ...rel.split('/'));
        // The checksum goes before the content, so the file is read twice (as a stream both times).
        const first = await hashFile(abs);
        await write({ file: rel, size: first.size, sha256: first.sha256 });
        const hash = crypto.createHash('sha256');
        let size = 0;
        for await (const buf of fs.createReadStream(abs, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
          hash.update(buf);
          size += buf.length;
          await write({ chunk: buf.toString('base64') });
        }
        if (size !== first.size || hash.digest('hex') !== first.sha256) throw new Error(`the file ${rel} changed while it was being backed up`);
        await write({ endFile: rel });
        files.count++;
        files.bytes += size;
      }
    }
    await write({ end: true, tables: tables.length, files: files.count });
    stream.end();
    await written;
    fs.renameSync(partial, file);
    return { migrations: header.migrations, tables: counts, files };
  } catch (err) {
    out?.destroy();
    await done?.catch(() => {});
    await c.query('rollback').catch(() => {});
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await c.end().catch(() => {});
  }
}
