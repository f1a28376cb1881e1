import PgBoss from 'pg-boss';
import type { Database } from '../../platform/db/database.ts';
import { purgeExpired } from './retention.ts';

/**
 * The retention rules run inside the server (docs/adr/0021), daily at 03:00 UTC, on pg-boss in
 * the same database as the other scheduled work (commitments' reminders, the release calendar).
 * pg-boss keeps one schedule across instances; a purge is idempotent (it only touches records
 * not yet erased), so a retried or doubled run erases nothing twice. The CLI
 * (`observatorio cases purge`) stays for an operator who wants to run it now. The purge needs
 * no key: it deletes ciphertext, it never reads it.
 */
export const PURGE_QUEUE = 'cases-retention-purge';
export const PURGE_CRON = '0 3 * * *';

export async function startCasesPurgeSchedule(opts: {
  connectionString: string;
  db: Database;
  cron?: string;
  log?: (msg: string) => void;
}): Promise<{ runNow(): Promise<void>; stop(): Promise<void> }> {
  const boss = new PgBoss({ connectionString: opts.connectionString, max: 2, application_name: 'observatorio-jobs' });
  boss.on('error', (err) => opts.log?.(`pg-boss: ${err.message}`));
  await boss.start();
  const queue = { name: PURGE_QUEUE, expireInSeconds: 10 * 60, retryLimit: 2, retryDelay: 60 };
  await boss.createQueue(PURGE_QUEUE, queue);
  await boss.updateQueue(PURGE_QUEUE, queue);
  await boss.schedule(PURGE_QUEUE, opts.cron ?? PURGE_CRON, {}, { tz: 'UTC' });
  await boss.work(PURGE_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    const n = await purgeExpired(opts.db);
    // a count only: nothing of a record is ever logged
    opts.log?.(`cases: retention purge erased ${n} record(s)`);
  });
  return {
    /** Queues one run now, exactly as the schedule does (used by the test and after a restore). */
    async runNow() {
      await boss.send(PURGE_QUEUE, {});
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
