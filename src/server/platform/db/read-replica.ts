import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { setPoolOf, type Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * Public reads on a streaming read replica (DATABASE_READ_URL, docs/adr/0010).
 *
 * Which database answers is decided per request, not per module: a request by a reader who is
 * not signed in, with a safe method, runs inside a "replica" scope (AsyncLocalStorage), and the
 * services' one Kysely instance (`routedDatabase`) takes its connections from the replica's
 * pool inside that scope and from the primary's everywhere else — writes, signed-in readers,
 * jobs, migrations. So no module needs to know there is a replica, and no write can reach it.
 *
 * A reader must never be answered from a state older than a release this instance has heard
 * of: `ReplicaGate` knows the primary's WAL position at the last public change (heard through
 * NOTIFY, ChangeListener with `trackLsn`) and lets the replica answer only once it has replayed
 * up to it; until then the primary answers.
 */
const scope = new AsyncLocalStorage<{ replica: boolean }>();

/** Runs `fn` with its database reads on the replica (when there is one). */
export function onReplica<T>(fn: () => T): T {
  return scope.run({ replica: true }, fn);
}

/**
 * For the rare read path that must write (a legacy release's cube built on first read): the
 * rest of this request uses the primary, so it also reads what it has just written.
 */
export function usePrimaryFromNowOn(): void {
  const s = scope.getStore();
  if (s) s.replica = false;
}

/** Whether the current request's reads go to the replica (for tests and logs). */
export function readingFromReplica(): boolean {
  return scope.getStore()?.replica === true;
}

/**
 * One Kysely over two pools: the replica's inside a replica scope, the primary's otherwise. A
 * transaction keeps the connection it started on (Kysely acquires one connection for it).
 */
export function routedDatabase(primary: pg.Pool, replica: pg.Pool): Database {
  const pool = {
    connect: () => (scope.getStore()?.replica ? replica : primary).connect(),
    // the pools belong to their handles, which close them
    end: async () => {},
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // what Kysely does not speak (COPY FROM STDIN) writes: the primary
  setPoolOf(db, primary);
  return db;
}

/** A `pg_lsn` text (`16/B374D848`) as a number that orders like the position. */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

export class ReplicaGate {
  /** The primary's position the replica must have replayed; null: unknown (the primary answers). */
  private required: bigint | null = null;
  private caughtUp = false;
  private checking: Promise<boolean> | null = null;
  private lastCheck = 0;
  private warned = false;
  readonly counts = { replica: 0, primary: 0 };

  constructor(
    private readonly replica: Database,
    private readonly opts: { recheckMs?: number; log?: (m: string) => void } = {},
  ) {}

  /** A public change was heard with the primary's position then (null: not known, e.g. connection lost). */
  heard(lsn: string | null): void {
    const v = lsn ? lsnValue(lsn) : null;
    // positions only grow; a reset with a known position may not lower the bar
    this.required = v === null ? null : this.required === null || v > this.required ? v : this.required;
    if (v === null || this.required === v) this.caughtUp = false;
  }

  /**
   * Whether the replica may answer now. Cheap once caught up (no query until the next change);
   * while behind, the replica's position is asked at most every `recheckMs`.
   */
  async ready(): Promise<boolean> {
    const ok = await this.check();
    this.counts[ok ? 'replica' : 'primary']++;
    return ok;
  }

  private async check(): Promise<boolean> {
    if (this.required === null) return false;
    if (this.caughtUp) return true;
    if (this.checking) return this.checking;
    if (Date.now() - this.lastCheck < (this.opts.recheckMs ?? 25)) return false;
    const required = this.required;
    this.checking = (async () => {
      try {
        const r = await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(this.replica);
        const replayed = r.rows[0]?.lsn;
        if (!replayed) {
          if (!this.warned) this.opts.log?.('DATABASE_READ_URL is not a streaming replica (no replay position): reads stay on the primary');
          this.warned = true;
          return false;
        }
        // a change heard while asking raised the bar: not yet, ask again next time
        const ok = lsnValue(replayed) >= required && this.required === required;
        if (ok) this.caughtUp = true;
        return ok;
      } catch {
        return false; // replica unreachable: the primary answers
      } finally {
        this.lastCheck = Date.now();
        this.checking = null;
      }
    })();
    return this.checking;
  }
}
