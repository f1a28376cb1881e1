import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// BIGINT counts (row counts, ids) come back as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
// DATE columns stay ISO strings: a date is not a moment and must not shift with time zones.
pg.types.setTypeParser(1082, (v) => v);

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
export type Executor = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDatabase(url: string, opts: { max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, application_name: 'observatorio' });
  // An idle client's error (server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return {
    db,
    pool,
    async close() {
      await db.destroy();
    },
  };
}

const pools = new WeakMap<Database, pg.Pool>();

/** Names the pool behind a database made elsewhere (read-replica.ts: the primary's). */
export function setPoolOf(db: Database, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** The pg pool behind a database, for what Kysely does not speak (COPY FROM STDIN). */
export function poolOf(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('database not created by createDatabase');
  return pool;
}

export async function ping(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
