import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import pg from 'pg';
import type { Migration } from './migrate.ts';
import { BackupError } from './backup-error.ts';
import { CHUNK_BYTES, FileRestore, hashFile, listStoreFiles, type FileCount } from './backup-files.ts';

export { BackupError, type BackupErrorKey } from './backup-error.ts';
export type { FileCount } from './backup-files.ts';

/**
 * Backup and restore without pg_dump (the embedded binaries do not ship it), the same for
 * the embedded database and a server.
 *
 * File: gzip of JSON lines.
 *   1. header  {format, version, createdAt, migrations, checksums, tables: [{name, columns}], sequences}
 *   2. per table, in foreign-key order: {table, columns}, one line per row (an array of the
 *      columns' PostgreSQL text forms, null for NULL), then {end: table, rows}
 *   3. (version 2) per file of the file store (DATA_DIR/files), in path order:
 *      {file: path relative to the files folder, with '/', size, sha256}, its content as
 *      {chunk: base64 of at most 512 KB} lines, then {endFile: path}
 *   4. trailer {end: true, tables, files} (version 1: {end: true, tables}, no files section)
 * Text forms round-trip every type exactly (timestamps to the microsecond, numeric, jsonb,
 * arrays), because PostgreSQL parses them back with the column's own input function.
 * The tables are read in one repeatable-read snapshot through cursors, and everything is
 * written and read as streams: memory stays bounded whatever the size of a table or a file.
 * Version 1 backups (database only) are still restored.
 */
export const BACKUP_FORMAT = 'observatorio-backup';
export const BACKUP_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
const FETCH = 5000;
const MIGRATION_TABLE = 'schema_migration';
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
  checksums: Record<string, string>;
  tables: { name: string; columns: string[] }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

export interface TableCount {
  table: string;
  rows: number;
}

export interface BackupResult {
  migrations: string[];
  tables: TableCount[];
  files: FileCount;
}

export interface RestoreResult extends BackupResult {
  /** Of `files`, how many were already present with the same content (left as they were). */
  files: FileCount & { skipped: number };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
}

/** Application tables of the public schema (plain and partitioned parents), in foreign-key order. */
async function listTables(c: pg.ClientBase): Promise<TableInfo[]> {
  const tables = await c.query<{ name: string; columns: string[]; pk: string[] | null }>(`
    select t.relname as name,
      array(select a.attname from pg_attribute a
            where a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            order by a.attnum)::text[] as columns,
      (select array(select a.attname from unnest(i.indkey) with ordinality k(attnum, n)
                    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n)::text[]
       from pg_index i where i.indrelid = t.oid and i.indisprimary) as pk
    from pg_class t join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and t.relkind in ('r', 'p') and not t.relispartition
    order by t.relname`);
  const deps = await c.query<{ child: string; parent: string }>(`
    select c.relname as child, p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
    join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
    where k.contype = 'f' and cn.nspname = 'public' and pn.nspname = 'public' and c.oid <> p.oid`);
  const parents = new Map<string, Set<string>>();
  for (const d of deps.rows) {
    if (!parents.has(d.child)) parents.set(d.child, new Set());
    parents.get(d.child)!.add(d.parent);
  }
  // Parents before children, so a restore that cannot disable foreign-key checks still works.
  const byName = new Map(tables.rows.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name)) return; // done, or a cycle (restored with checks off)
    state.set(name, 'visiting');
    for (const p of [...(parents.get(name) ?? [])].sort()) if (byName.has(p)) visit(p);
    state.set(name, 'done');
    const t = byName.get(name)!;
    ordered.push({ name: t.name, columns: t.columns, primaryKey: t.pk ?? [] });
  };
  for (const t of tables.rows) visit(t.name);
  return ordered;
}

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

async function sessionDefaults(c: pg.ClientBase): Promise<void> {
  // Fixed text forms, whatever the server's or the role's settings.
  await c.query(`set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set bytea_output = 'hex'; set extra_float_digits = 3`);
}

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: 'observatorio-backup' });
  await c.connect();
  c.on('error', () => {});
  return c;
}

/**
 * Writes a backup of the database at `url` to `file` (through `file.partial`, renamed when
 * complete), with every file under `opts.filesDir` (the file store, DATA_DIR/files) when given.
 */
export async function backupDatabase(url: string, file: string, opts: { filesDir?: string } = {}): Promise<BackupResult> {
  const c = await connect(url);
  const partial = `${file}.partial`;
  let out: PassThrough | null = null;
  let done: Promise<void> | null = null;
  try {
    await sessionDefaults(c);
    await c.query('begin isolation level repeatable read, read only');
    const tables = await listTables(c);
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
    const gzip = zlib.createGzip({ level: 6 });
    const written = pipeline(stream, gzip, fs.createWriteStream(partial));
    done = written;
    written.catch(() => {}); // awaited below; a failure meanwhile surfaces there or in write()
    const write = async (obj: unknown) => {
      if (!stream.write(JSON.stringify(obj) + '\n')) await Promise.race([once(stream, 'drain'), written]);
    };
    const counts: TableCount[] = [];
    await write(header);
    for (const t of tables) {
      await write({ table: t.name, columns: t.columns });
      const select = t.columns.map((col) => `${ident(col)}::text`).join(', ');
      const order = t.primaryKey.length ? ` order by ${t.primaryKey.map(ident).join(', ')}` : '';
      await c.query(`declare backup_cursor no scroll cursor for select ${select} from ${ident(t.name)}${order}`);
      let rows = 0;
      for (;;) {
        const batch = await c.query({ text: `fetch ${FETCH} from backup_cursor`, rowMode: 'array' });
        for (const r of batch.rows as (string | null)[][]) await write(r);
        rows += batch.rows.length;
        if (batch.rows.length < FETCH) break;
      }
      await c.query('close backup_cursor');
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

/** Lines of a gzip'd file, streamed (backpressure included); damage surfaces as BackupError. */
async function* lines(file: string): AsyncGenerator<string> {
  const stream = fs.createReadStream(file).pipe(zlib.createGunzip({ chunkSize: 64 * 1024 }));
  stream.setEncoding('utf8');
  // The pieces of the current line: a long line (a file chunk) is joined once, not rescanned.
  const parts: string[] = [];
  let yielded = false;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      let i: number;
      while ((i = chunk.indexOf('\n', start)) >= 0) {
        parts.push(chunk.slice(start, i));
        start = i + 1;
        const line = parts.join('');
        parts.length = 0;
        yielded = true;
        yield line;
      }
      if (start < chunk.length) parts.push(start ? chunk.slice(start) : chunk);
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') throw err;
    throw new BackupError(e.code === 'Z_DATA_ERROR' && !yielded && !parts.length ? 'notABackup' : 'damaged', e.message);
  } finally {
    stream.destroy();
  }
  if (parts.length) yield parts.join('');
}

function parse(line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError('damaged', `line ${n}`);
  }
}

function checkHeader(v: unknown): BackupHeader {
  const h = v as Partial<BackupHeader> | null;
  if (!h || typeof h !== 'object' || h.format !== BACKUP_FORMAT) throw new BackupError('notABackup');
  if (!READABLE_VERSIONS.includes(h.version as number)) throw new BackupError('notABackup', `version ${String(h.version)}`);
  if (!Array.isArray(h.migrations) || !Array.isArray(h.tables) || !h.checksums || typeof h.checksums !== 'object') throw new BackupError('damaged', 'header');
  return { ...h, sequences: h.sequences ?? [] } as BackupHeader;
}

/** Reads only the header line (for `restore` to explain a refusal early). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const line of lines(file)) return checkHeader(parse(line, 1));
  throw new BackupError('notABackup', 'empty file');
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export interface RestoreOptions {
  /** The migrations of this version of the application (composition's `migrations()`). */
  migrations: Migration[];
  /** Empty the target's application tables first, instead of refusing a database with data. */
  force?: boolean;
  /**
   * The file store's folder (DATA_DIR/files) to write the backup's files into. Without it the
   * files are still read and checked, but not written. Files already there are kept.
   */
  filesDir?: string;
}

/**
 * Restores `file` into the database at `url`, all in ONE transaction: creates the schema
 * with this version's migrations, refuses (changing nothing) a target with data unless
 * `force`, or a backup from another version, loads every row, resets the sequences. The
 * backup's files are written into `opts.filesDir` before the transaction commits; when
 * anything fails, the files this restore wrote are removed again, so nothing changes.
 */
export async function restoreDatabase(url: string, file: string, opts: RestoreOptions): Promise<RestoreResult> {
  const header = await readBackupHeader(file);
  const code = opts.migrations.map((m) => ({ name: m.name, text: fs.readFileSync(m.file, 'utf8') }));
  const codeNames = code.map((m) => m.name);
  const sameVersion =
    header.migrations.length === code.length &&
    code.every((m, i) => header.migrations[i] === m.name && header.checksums[m.name] === sha256(m.text));
  if (!sameVersion) throw new BackupError('differentVersion', describeDiff(header.migrations, codeNames));

  const c = await connect(url);
  const files = new FileRestore(opts.filesDir);
  try {
    await sessionDefaults(c);
    await c.query('begin');
    await c.query('select pg_advisory_xact_lock(727274)'); // the migrator's lock: no migration runs meanwhile
    const before = await listTables(c);
    const hasMigrationTable = before.some((t) => t.name === MIGRATION_TABLE);
    let applied = new Set<string>();
    if (hasMigrationTable) {
      const r = await c.query<{ name: string; checksum: string }>(`select name, checksum from ${MIGRATION_TABLE}`);
      const extra = r.rows.filter((row) => !codeNames.includes(row.name));
      if (extra.length) throw new BackupError('differentVersion', `target has ${extra.map((e) => e.name).join(', ')}`);
      applied = new Set(r.rows.map((row) => row.name));
    }
    if (!opts.force) {
      for (const t of before) {
        if (t.name === MIGRATION_TABLE) continue;
        const r = await c.query(`select 1 from ${ident(t.name)} limit 1`);
        if (r.rowCount) throw new BackupError('targetNotEmpty', t.name);
      }
    }
    // The schema, from this version's own migrations, inside this transaction.
    if (!hasMigrationTable) {
      await c.query(`create table ${MIGRATION_TABLE} (name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    }
    for (const m of code) if (!applied.has(m.name)) await c.query(m.text);

    const tables = await listTables(c);
    const known = new Map(tables.map((t) => [t.name, t]));
    for (const t of header.tables) {
      const target = known.get(t.name);
      const missing = target ? t.columns.filter((col) => !target.columns.includes(col)) : [t.name];
      if (missing.length) throw new BackupError('differentVersion', `${t.name}: ${missing.join(', ')}`);
    }
    // Every application table is emptied (a no-op on a new database); the backup's
    // schema_migration rows replace ours (same names and checksums, checked above).
    if (tables.length) await c.query(`truncate ${tables.map((t) => ident(t.name)).join(', ')}`);
    const superuser = (await c.query<{ s: boolean }>(`select rolsuper as s from pg_roles where rolname = current_user`)).rows[0]?.s === true;
    // Rows come in foreign-key order; a superuser also skips the checks (cycles, self-references).
    if (superuser) await c.query('set local session_replication_role = replica');

    const counts: TableCount[] = [];
    let n = 0;
    let current: { name: string; columns: string[]; rows: number; batch: (string | null)[][]; size: number } | null = null;
    let finished = false;
    const flush = async () => {
      if (!current || current.batch.length === 0) return;
      const params: (string | null)[] = [];
      const tuples = current.batch.map((row) => {
        const start = params.length;
        params.push(...row);
        return `(${row.map((_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      await c.query(
        `insert into ${ident(current.name)} (${current.columns.map(ident).join(', ')}) overriding system value values ${tuples.join(', ')}`,
        params,
      );
      current.batch = [];
    };
    for await (const line of lines(file)) {
      n++;
      if (n === 1) continue; // header, read above
      if (finished) throw new BackupError('damaged', `data after the end (line ${n})`);
      const v = parse(line, n);
      if (Array.isArray(v)) {
        if (!current || v.length !== current.columns.length) throw new BackupError('damaged', `line ${n}`);
        current.batch.push(v as (string | null)[]);
        current.rows++;
        if (current.batch.length >= current.size) await flush();
        continue;
      }
      const o = v as { table?: string; columns?: string[]; end?: string | true; rows?: number; files?: number; file?: unknown; chunk?: unknown; endFile?: unknown };
      if (typeof o.chunk === 'string') {
        await files.chunk(o.chunk, n);
      } else if (o.file !== undefined) {
        // Files come after the last table (version 2 on).
        if (header.version < 2 || current || counts.length !== header.tables.length) throw new BackupError('damaged', `line ${n}`);
        await files.begin(v as { file: unknown; size: unknown; sha256: unknown }, n);
      } else if (typeof o.endFile === 'string') {
        await files.end(o.endFile, n);
      } else if (typeof o.table === 'string' && Array.isArray(o.columns)) {
        if (current || files.inFile || files.counts.count) throw new BackupError('damaged', `line ${n}`);
        if (!known.has(o.table)) throw new BackupError('differentVersion', o.table);
        // Stay under PostgreSQL's 65 535 parameters per statement.
        current = { name: o.table, columns: o.columns, rows: 0, batch: [], size: Math.max(1, Math.min(1000, Math.floor(60000 / Math.max(1, o.columns.length)))) };
      } else if (typeof o.end === 'string') {
        if (!current || current.name !== o.end || current.rows !== o.rows) throw new BackupError('damaged', `line ${n}`);
        await flush();
        counts.push({ table: current.name, rows: current.rows });
        current = null;
      } else if (o.end === true) {
        if (current || counts.length !== header.tables.length || files.inFile) throw new BackupError('damaged', `line ${n}`);
        if (header.version >= 2 && o.files !== files.counts.count) throw new BackupError('damaged', `line ${n}: ${String(o.files)} files announced, ${files.counts.count} found`);
        finished = true;
      } else throw new BackupError('damaged', `line ${n}`);
    }
    if (!finished) throw new BackupError('damaged', 'the file ends before its last table');

    await resetSequences(c, header.sequences);
    if (superuser) await c.query('set local session_replication_role = origin');
    await c.query('commit');
    files.keep();
    return { migrations: header.migrations, tables: counts, files: files.counts };
  } catch (err) {
    await c.query('rollback').catch(() => {});
    await files.undo();
    throw err;
  } finally {
    await c.end().catch(() => {});
  }
}

async function resetSequences(c: pg.ClientBase, saved: BackupHeader['sequences']): Promise<void> {
  const savedBy = new Map(saved.map((s) => [s.name, s]));
  const owned = await c.query<{ seq: string; tbl: string; col: string }>(`
    select s.relname as seq, t.relname as tbl, a.attname as col
    from pg_class s join pg_namespace n on n.oid = s.relnamespace
    join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = s.oid and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
    join pg_class t on t.oid = d.refobjid join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
    where n.nspname = 'public' and s.relkind = 'S'`);
  const handled = new Set<string>();
  for (const o of owned.rows) {
    handled.add(o.seq);
    const s = savedBy.get(o.seq);
    const m = await c.query<{ max: string | null }>(`select max(${ident(o.col)})::text as max from ${ident(o.tbl)}`);
    const max = m.rows[0]?.max ?? null;
    let top: bigint | null = max === null ? null : BigInt(max);
    if (s && s.isCalled && (top === null || BigInt(s.lastValue) > top)) top = BigInt(s.lastValue);
    if (top === null) await c.query(`select setval($1::regclass, (select start_value from pg_sequences where schemaname = 'public' and sequencename = $2), false)`, [ident(o.seq), o.seq]);
    else await c.query(`select setval($1::regclass, $2::bigint, true)`, [ident(o.seq), top.toString()]);
  }
  for (const s of saved) {
    if (handled.has(s.name)) continue;
    const exists = await c.query(`select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = $1 and c.relkind = 'S'`, [s.name]);
    if (exists.rowCount) await c.query(`select setval($1::regclass, $2::bigint, $3)`, [ident(s.name), s.lastValue, s.isCalled]);
  }
}

function describeDiff(backup: string[], code: string[]): string {
  const onlyBackup = backup.filter((m) => !code.includes(m));
  const onlyCode = code.filter((m) => !backup.includes(m));
  const parts: string[] = [];
  if (onlyBackup.length) parts.push(`only in the backup: ${onlyBackup.join(', ')}`);
  if (onlyCode.length) parts.push(`only in this version: ${onlyCode.join(', ')}`);
  return parts.join('; ') || 'a migration file differs';
}
