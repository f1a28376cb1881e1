import pg from 'pg';
import type { FileCount } from './backup-files.ts';

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
export const READABLE_VERSIONS = [1, 2];
export const MIGRATION_TABLE = 'schema_migration';

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
  /**
   * Tables of the backup that this version's migrations do not create — work tables made at
   * run time (a submission's staging table, in backups made before those were left out) —
   * read past, not restored.
   */
  skippedTables: TableCount[];
}

// What follows is shared by both sides, so a backup and its restore see the same tables,
// quoting and text forms.
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** UNLOGGED: PostgreSQL itself treats the content as disposable (a crash empties it) */
  unlogged: boolean;
}

/**
 * What a backup holds: every table but the unlogged ones. Those are transient work tables —
 * the observatory's per-submission staging tables (`obs_stage_<id>`, created at run time,
 * millions of rows, dropped by apply) — that no migration creates, so a restore could not
 * place them, and nothing needs them back: a restored submission awaiting approval re-stages
 * its kept file when applied, and one caught validating is marked for re-validation by the
 * observatory's sweeper (recovery.ts). pg-boss's job tables live in their own schema and are
 * not backed up either: jobs are transient too (the sweeper and the schedules recreate what
 * is needed).
 */
export const backedUp = (t: TableInfo) => !t.unlogged;

/** Application tables of the public schema (plain and partitioned parents), in foreign-key order. */
export async function listTables(c: pg.ClientBase): Promise<TableInfo[]> {
  const tables = await c.query<{ name: string; columns: string[]; pk: string[] | null; unlogged: boolean }>(`
    select t.relname as name, t.relpersistence = 'u' as unlogged,
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
    ordered.push({ name: t.name, columns: t.columns, primaryKey: t.pk ?? [], unlogged: t.unlogged });
  };
  for (const t of tables.rows) visit(t.name);
  return ordered;
}

export async function sessionDefaults(c: pg.ClientBase): Promise<void> {
  // Fixed text forms, whatever the server's or the role's settings.
  await c.query(`set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set bytea_output = 'hex'; set extra_float_digits = 3`);
}

export async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: 'observatorio-backup' });
  await c.connect();
  c.on('error', () => {});
  return c;
}
