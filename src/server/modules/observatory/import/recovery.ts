import { sql } from 'kysely';
import type pg from 'pg';
import { poolOf, type Database } from '../../../platform/db/database.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { dropStage } from './staging.ts';

/**
 * Interrupted work recovers by itself (issue 20, item 6).
 *
 * How a validation that died is told from one still running on another instance: the
 * validating process holds a PostgreSQL **advisory lock** on its submission for as long as it
 * works (`claimValidation`), on a connection of its own. A process killed outright (kill -9,
 * a crashed server, a stopped container) loses its connections, and PostgreSQL releases the
 * lock at once — no lease to wait out, no clock to trust. A machine that vanishes without
 * closing its sockets is noticed by the TCP keepalives set on that connection (about a
 * minute). Every instance shares the database, so the lock is seen by all of them.
 *
 * The sweeper (`sweepInterrupted`: at every start of the server and of `observatorio import`,
 * then every minute on the pg-boss queue `observatory-recover`, jobs.ts) takes the same lock
 * without waiting: if it gets it, nobody is validating the submission. A submission whose
 * validation had started (phase past `queued`) is then dead: it is marked `failed` with the
 * message `observatory.errors.validationInterrupted` ("validate the file again") and its
 * staging table dropped. A submission still `queued` is dead only when nothing will pick it
 * up: its pg-boss job is gone (finished, failed for good, or never there — e.g. after a
 * restore, whose backup holds no job) and it is older than a minute (a worker may be between
 * taking the job and taking the lock). Then `obs_stage_*` tables no live submission needs are
 * dropped (a validation killed before it could clean up, an old backup's leftovers).
 *
 * Apply needs no sweeping: it is one transaction (all or nothing, apply-kill.test.ts), and the
 * submission it leaves `validated`/`submitted` keeps its staging table, or re-stages the kept
 * file when the table is gone (apply.ts).
 */
export const VALIDATION_LOCK = 40_200_063;
export const INTERRUPTED_KEY = 'observatory.errors.validationInterrupted';
/** A queued submission this young is left alone (its worker may be about to take the lock). */
export const START_GRACE_SECONDS = 60;

export interface ValidationLock {
  release(): Promise<void>;
}

/**
 * Takes the submission's validation lock and marks the validation started. Null when the
 * submission is not validating any more (a job run twice, a swept one) or another process
 * holds the lock (a retried job while the first run still works): the caller does nothing.
 */
export async function claimValidation(db: Database, id: string): Promise<ValidationLock | null> {
  const client = await poolOf(db).connect();
  const reset = async (c: pg.PoolClient) => {
    await c.query('reset tcp_keepalives_idle; reset tcp_keepalives_interval; reset tcp_keepalives_count; reset lock_timeout');
    c.release();
  };
  try {
    // The sweeper holds the lock only for a short transaction; another validation holds it for
    // minutes: wait a little, then leave the submission to whoever has it.
    await client.query("set tcp_keepalives_idle = 30; set tcp_keepalives_interval = 10; set tcp_keepalives_count = 3; set lock_timeout = '10s'");
    try {
      await client.query('select pg_advisory_lock($1, hashtext($2::text))', [VALIDATION_LOCK, id]);
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03') throw err;
      await reset(client);
      return null;
    }
    const release = async () => {
      try {
        await client.query('select pg_advisory_unlock($1, hashtext($2::text))', [VALIDATION_LOCK, id]);
        await reset(client);
      } catch (err) {
        client.release(err as Error); // a destroyed connection releases its locks too
      }
    };
    const started = await client.query(
      `update obs_submission set phase = case when phase = 'queued' then 'reading' else phase end, updated_at = now()
       where id = $1 and status = 'validating' returning id`,
      [id],
    );
    if (!started.rowCount) {
      await release();
      return null;
    }
    return { release };
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
}

/** Whether a queued submission's pg-boss job will still run (jobs.ts answers from pg-boss). */
export interface JobProbe {
  waiting(jobId: string): Promise<boolean>;
}

export interface SweepResult {
  /** submissions marked failed because their validation died */
  failed: string[];
  /** staging tables dropped (of those submissions, and orphans) */
  dropped: string[];
}

/**
 * Marks dead validations failed and drops staging tables nobody needs. `jobs`: how to ask
 * whether a queued submission's job still waits; without it (the CLI has no queue) queued
 * submissions are left alone and only validations that had started are judged.
 */
export async function sweepInterrupted(db: Database, opts: { jobs?: JobProbe; log?: (msg: string) => void } = {}): Promise<SweepResult> {
  const result: SweepResult = { failed: [], dropped: [] };
  const validating = await db.selectFrom('obs_submission').select('id').where('status', '=', 'validating').orderBy('updated_at').execute();
  for (const { id } of validating) {
    const dead = await db.transaction().execute(async (tx) => {
      // Not waiting: a held lock is a live validation, and the next sweep looks again.
      const lock = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${VALIDATION_LOCK}, hashtext(${id}::text)) as got`.execute(tx);
      if (!lock.rows[0]!.got) return false;
      const row = await tx
        .selectFrom('obs_submission')
        .select(['phase', 'job_id', sql<boolean>`updated_at > now() - make_interval(secs => ${START_GRACE_SECONDS})`.as('recent')])
        .where('id', '=', id)
        .where('status', '=', 'validating')
        .forUpdate()
        .executeTakeFirst();
      if (!row) return false;
      if (row.phase === 'queued') {
        if (row.recent || !opts.jobs) return false;
        if (row.job_id && (await opts.jobs.waiting(row.job_id))) return false;
      }
      await tx
        .updateTable('obs_submission')
        .set({ status: 'failed', phase: 'failed', failure: 'validation interrupted: no process held its lock', failure_key: INTERRUPTED_KEY, stage_table: null, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await recordAudit(tx, 'system', null, { action: 'observatory.submission_interrupted', entityType: 'obs_submission', entityId: id, after: { phase: row.phase } });
      return true;
    });
    if (dead) {
      result.failed.push(id);
      opts.log?.(`observatory: submission ${id}: validation interrupted, marked failed`);
    }
  }
  await expireStages(db);
  result.dropped = await dropOrphanStages(db);
  for (const t of result.dropped) opts.log?.(`observatory: dropped staging table ${t} (no live submission)`);
  return result;
}

const STAGE = /^obs_stage_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

/**
 * Staging tables a live submission still needs: a validating one's (being filled), a
 * validated or submitted one's (apply reads it). Every other `obs_stage_*` table is dropped.
 */
async function dropOrphanStages(db: Database): Promise<string[]> {
  const tables = await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r' and c.relname like 'obs\_stage\_%' order by 1`.execute(db);
  const dropped: string[] = [];
  for (const { name } of tables.rows) {
    const m = STAGE.exec(name);
    if (!m) continue; // not a name stageName() gives: not ours to drop
    const id = m.slice(1).join('-');
    const sub = await db.selectFrom('obs_submission').select(['status', 'stage_table']).where('id', '=', id).executeTakeFirst();
    const live = sub && (sub.status === 'validating' || ((sub.status === 'validated' || sub.status === 'submitted') && sub.stage_table === name));
    if (live) continue;
    try {
      await db.transaction().execute(async (tx) => {
        // whoever still reads it (a query left behind by a dead client) is not waited for long
        await sql`set local lock_timeout = '5s'`.execute(tx);
        await dropStage(tx, name);
      });
      dropped.push(name);
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03') throw err; // busy: the next sweep tries again
    }
  }
  return dropped;
}

/**
 * Validated submissions nobody applied keep their staging table a week; after that it is
 * dropped (apply would then stage the kept file again, see apply.ts).
 */
export const STAGE_KEPT_DAYS = 7;
export async function expireStages(db: Database): Promise<void> {
  const old = await db
    .selectFrom('obs_submission')
    .select(['stage_table'])
    .where('status', '=', 'validated')
    .where('stage_table', 'is not', null)
    .where('updated_at', '<', new Date(Date.now() - STAGE_KEPT_DAYS * 86_400_000))
    .where(sql<boolean>`to_regclass(stage_table) is not null`)
    .limit(20)
    .execute();
  for (const o of old) await dropStage(db, o.stage_table);
}
