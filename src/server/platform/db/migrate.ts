import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * Forward-only plain-SQL migrations. Each module owns a folder of `NNNN_name.sql`
 * files; they run in global file-name order, each in its own transaction, and are
 * recorded with a checksum so an edited, already-applied migration is caught.
 */
export interface Migration {
  name: string;
  file: string;
}

export function collectMigrations(dirs: readonly string[]): Migration[] {
  const all: Migration[] = [];
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.sql')) all.push({ name: f.replace(/\.sql$/, ''), file: path.join(dir, f) });
    }
  }
  all.sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const m of all) {
    if (seen.has(m.name)) throw new Error(`Two migrations are named ${m.name}`);
    seen.add(m.name);
  }
  return all;
}

function checksum(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

async function ensureTable(db: Database): Promise<void> {
  await sql`create table if not exists schema_migration (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
}

export async function pendingMigrations(db: Database, migrations: Migration[]): Promise<Migration[]> {
  // Read-only: a readiness probe must not write. No table yet means nothing applied.
  const exists = await sql<{ t: string | null }>`select to_regclass('schema_migration')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return [...migrations];
  const rows = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migration`.execute(db);
  const applied = new Map(rows.rows.map((r) => [r.name, r.checksum]));
  const pending: Migration[] = [];
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum === undefined) pending.push(m);
    else if (sum !== checksum(fs.readFileSync(m.file, 'utf8'))) {
      throw new Error(`Migration ${m.name} was changed after it was applied; add a new migration instead.`);
    }
  }
  return pending;
}

export async function migrate(db: Database, migrations: Migration[], log: (m: string) => void = () => {}): Promise<string[]> {
  await ensureTable(db);
  // One migrator at a time across app instances.
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(727274)`.execute(conn);
    try {
      const pending = await pendingMigrations(conn, migrations);
      for (const m of pending) {
        const text = fs.readFileSync(m.file, 'utf8');
        await conn.transaction().execute(async (tx) => {
          await sql.raw(text).execute(tx);
          await sql`insert into schema_migration (name, checksum) values (${m.name}, ${checksum(text)})`.execute(tx);
        });
        log(`migration applied: ${m.name}`);
      }
      return pending.map((m) => m.name);
    } finally {
      await sql`select pg_advisory_unlock(727274)`.execute(conn);
    }
  });
}
