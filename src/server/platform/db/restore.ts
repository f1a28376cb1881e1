import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Migration } from './migrate.ts';
import { BackupError } from './backup-error.ts';
import { FileRestore } from './backup-files.ts';
import { BACKUP_FORMAT, connect, ident, listTables, MIGRATION_TABLE, READABLE_VERSIONS, sessionDefaults, type BackupHeader, type RestoreResult, type TableCount } from './backup-format.ts';

// Reading a backup back (the format: backup-format.ts; the file store's section: backup-files.ts).

/** About a megabyte of COPY text a write. */
const COPY_PIECE = 1024 * 1024;

/**
 * A row as a line of COPY's text format: the values' PostgreSQL text forms as the backup holds
 * them, `\N` for NULL, backslash, tab, newline and carriage return escaped.
 */
function copyLine(row: (string | null)[]): string {
  return (
    row
      .map((v) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'))))
      .join('\t') + '\n'
  );
}

interface TableCopy {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

function openCopy(c: pg.Client, table: string, columns: string[]): TableCopy {
  const stream = c.query(copyFrom(`copy ${ident(table)} (${columns.map(ident).join(', ')}) from stdin`));
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {}); // surfaced by the next write or end
  return {
    async write(text) {
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
    },
    async end() {
      stream.end();
      await Promise.race([once(stream, 'finish'), failed]);
    },
  };
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
      // The migrations are the same (checked above), so a table they do not create was made at
      // run time: a work table (a staging table, in backups made before those were left out,
      // backup-format.ts). It is read past, not restored, instead of refusing the whole file.
      if (!target) continue;
      const missing = t.columns.filter((col) => !target.columns.includes(col));
      if (missing.length) throw new BackupError('differentVersion', `${t.name}: ${missing.join(', ')}`);
    }
    // Every application table is emptied (a no-op on a new database); the backup's
    // schema_migration rows replace ours (same names and checksums, checked above).
    if (tables.length) await c.query(`truncate ${tables.map((t) => ident(t.name)).join(', ')}`);
    const superuser = (await c.query<{ s: boolean }>(`select rolsuper as s from pg_roles where rolname = current_user`)).rows[0]?.s === true;
    // Rows come in foreign-key order; a superuser also skips the checks (cycles, self-references).
    if (superuser) await c.query('set local session_replication_role = replica');

    const counts: TableCount[] = [];
    const skipped: TableCount[] = [];
    let n = 0;
    let current: { name: string; columns: string[]; rows: number; batch: string[]; bytes: number; skip: boolean; copy: TableCopy | null } | null = null;
    let finished = false;
    // Rows go to PostgreSQL by COPY, one stream a table, in pieces of about a megabyte: several
    // times faster than multi-row INSERTs with parameters (bench/backup.ts), in the same
    // transaction, so a failure still changes nothing.
    const flush = async () => {
      if (!current || current.batch.length === 0) return;
      if (!current.skip) {
        current.copy ??= openCopy(c, current.name, current.columns);
        await current.copy.write(current.batch.join(''));
      }
      current.batch = [];
      current.bytes = 0;
    };
    for await (const line of lines(file)) {
      n++;
      if (n === 1) continue; // header, read above
      if (finished) throw new BackupError('damaged', `data after the end (line ${n})`);
      const v = parse(line, n);
      if (Array.isArray(v)) {
        if (!current || v.length !== current.columns.length) throw new BackupError('damaged', `line ${n}`);
        const line = copyLine(v as (string | null)[]);
        current.batch.push(line);
        current.bytes += line.length;
        current.rows++;
        if (current.bytes >= COPY_PIECE) await flush();
        continue;
      }
      const o = v as { table?: string; columns?: string[]; end?: string | true; rows?: number; files?: number; file?: unknown; chunk?: unknown; endFile?: unknown };
      if (typeof o.chunk === 'string') {
        await files.chunk(o.chunk, n);
      } else if (o.file !== undefined) {
        // Files come after the last table (version 2 on).
        if (header.version < 2 || current || counts.length + skipped.length !== header.tables.length) throw new BackupError('damaged', `line ${n}`);
        await files.begin(v as { file: unknown; size: unknown; sha256: unknown }, n);
      } else if (typeof o.endFile === 'string') {
        await files.end(o.endFile, n);
      } else if (typeof o.table === 'string' && Array.isArray(o.columns)) {
        if (current || files.inFile || files.counts.count) throw new BackupError('damaged', `line ${n}`);
        const skip = !known.has(o.table);
        if (skip && !header.tables.some((t) => t.name === o.table)) throw new BackupError('damaged', `line ${n}: ${o.table} is not in the header`);
        current = { name: o.table, columns: o.columns, rows: 0, batch: [], bytes: 0, skip, copy: null };
      } else if (typeof o.end === 'string') {
        if (!current || current.name !== o.end || current.rows !== o.rows) throw new BackupError('damaged', `line ${n}`);
        await flush();
        await current.copy?.end();
        (current.skip ? skipped : counts).push({ table: current.name, rows: current.rows });
        current = null;
      } else if (o.end === true) {
        if (current || counts.length + skipped.length !== header.tables.length || files.inFile) throw new BackupError('damaged', `line ${n}`);
        if (header.version >= 2 && o.files !== files.counts.count) throw new BackupError('damaged', `line ${n}: ${String(o.files)} files announced, ${files.counts.count} found`);
        finished = true;
      } else throw new BackupError('damaged', `line ${n}`);
    }
    if (!finished) throw new BackupError('damaged', 'the file ends before its last table');

    await resetSequences(c, header.sequences);
    if (superuser) await c.query('set local session_replication_role = origin');
    await c.query('commit');
    files.keep();
    return { migrations: header.migrations, tables: counts, files: files.counts, skippedTables: skipped };
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
