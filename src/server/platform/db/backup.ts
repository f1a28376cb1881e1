import crypto from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import pg from 'pg';
import type { Migration } from './migrate.ts';

/**
 * Backup and restore without pg_dump (the embedded binaries do not ship it), the same for
 * the embedded database and a server.
 *
 * File: gzip of JSON lines.
 *   1. header  {format, version, createdAt, migrations, checksums, tables: [{name, columns}], sequences}
 *   2. per table, in foreign-key order: {table, columns}, one line per row (an array of the
 *      columns' PostgreSQL text forms, null for NULL), then {end: table, rows}
 *   3. trailer {end: true, tables}
 * Text forms round-trip every type exactly (timestamps to the microsecond, numeric, jsonb,
 * arrays), because PostgreSQL parses them back with the column's own input function.
 * Everything is read in one repeatable-read snapshot through cursors, and written and read
 * as streams: memory stays bounded whatever the size of a table.
 */
export const BACKUP_FORMAT = 'observatorio-backup';
export const BACKUP_VERSION = 1;
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

/** A refusal with a message meant for the operator (no stack trace needed). */
export class BackupError extends Error {
  constructor(
    readonly key: BackupErrorKey,
    readonly detail: string = '',
  ) {
    super(`${key}${detail ? `: ${detail}` : ''}`);
  }
}
export type BackupErrorKey = 'notABackup' | 'damaged' | 'targetNotEmpty' | 'differentVersion' | 'notMigrated';

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

/** Writes a backup of the database at `url` to `file` (through `file.partial`, renamed when complete). */
export async function backupDatabase(url: string, file: string): Promise<{ migrations: string[]; tables: TableCount[] }> {
  const c = await connect(url);
  const partial = `${file}.partial`;
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

    const out = new PassThrough();
    const gzip = zlib.createGzip({ level: 6 });
    const done = pipeline(out, gzip, fs.createWriteStream(partial));
    const write = async (obj: unknown) => {
      if (!out.write(JSON.stringify(obj) + '\n')) await Promise.race([once(out, 'drain'), done]);
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
    await write({ end: true, tables: tables.length });
    out.end();
    await done;
    await c.query('commit');
    fs.renameSync(partial, file);
    return { migrations: header.migrations, tables: counts };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Lines of a gzip'd file, streamed (backpressure included); damage surfaces as BackupError. */
async function* lines(file: string): AsyncGenerator<string> {
  const stream = fs.createReadStream(file).pipe(zlib.createGunzip());
  stream.setEncoding('utf8');
  let rest = '';
  let yielded = false;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      rest += chunk;
      let i: number;
      while ((i = rest.indexOf('\n')) >= 0) {
        yielded = true;
        yield rest.slice(0, i);
        rest = rest.slice(i + 1);
      }
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') throw err;
    throw new BackupError(e.code === 'Z_DATA_ERROR' && !yielded && !rest ? 'notABackup' : 'damaged', e.message);
  } finally {
    stream.destroy();
  }
  if (rest) yield rest;
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
  if (h.version !== BACKUP_VERSION) throw new BackupError('notABackup', `version ${String(h.version)}`);
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
}

/**
 * Restores `file` into the database at `url`, all in ONE transaction: creates the schema
 * with this version's migrations, refuses (changing nothing) a target with data unless
 * `force`, or a backup from another version, loads every row, resets the sequences.
 */
export async function restoreDatabase(url: string, file: string, opts: RestoreOptions): Promise<{ migrations: string[]; tables: TableCount[] }> {
  const header = await readBackupHeader(file);
  const code = opts.migrations.map((m) => ({ name: m.name, text: fs.readFileSync(m.file, 'utf8') }));
  const codeNames = code.map((m) => m.name);
  const sameVersion =
    header.migrations.length === code.length &&
    code.every((m, i) => header.migrations[i] === m.name && header.checksums[m.name] === sha256(m.text));
  if (!sameVersion) throw new BackupError('differentVersion', describeDiff(header.migrations, codeNames));

  const c = await connect(url);
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
      const o = v as { table?: string; columns?: string[]; end?: string | true; rows?: number };
      if (typeof o.table === 'string' && Array.isArray(o.columns)) {
        if (current) throw new BackupError('damaged', `line ${n}`);
        if (!known.has(o.table)) throw new BackupError('differentVersion', o.table);
        // Stay under PostgreSQL's 65 535 parameters per statement.
        current = { name: o.table, columns: o.columns, rows: 0, batch: [], size: Math.max(1, Math.min(1000, Math.floor(60000 / Math.max(1, o.columns.length)))) };
      } else if (typeof o.end === 'string') {
        if (!current || current.name !== o.end || current.rows !== o.rows) throw new BackupError('damaged', `line ${n}`);
        await flush();
        counts.push({ table: current.name, rows: current.rows });
        current = null;
      } else if (o.end === true) {
        if (current || counts.length !== header.tables.length) throw new BackupError('damaged', `line ${n}`);
        finished = true;
      } else throw new BackupError('damaged', `line ${n}`);
    }
    if (!finished) throw new BackupError('damaged', 'the file ends before its last table');

    await resetSequences(c, header.sequences);
    if (superuser) await c.query('set local session_replication_role = origin');
    await c.query('commit');
    return { migrations: header.migrations, tables: counts };
  } catch (err) {
    await c.query('rollback').catch(() => {});
    throw err;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Every sequence gets back at least its backed-up position, and never below its column's max. */
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
