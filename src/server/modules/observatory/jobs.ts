import PgBoss from 'pg-boss';
import type { ObservatoryService } from './service.ts';

/**
 * Large submissions are validated by a pg-boss job (same database), not in the request:
 * the upload answers 202 with the submission id, the page polls GET /submissions/:id for
 * the progress written by the validation (rows read and validated), and other requests are
 * served meanwhile — the validator yields to the event loop after every chunk it reads, and
 * holds at most one chunk of rows in memory. A job that dies with the process is retried
 * (validation starts over: it rebuilds the submission's staging table from the file).
 */
export const VALIDATE_QUEUE = 'observatory-validate-submission';
/**
 * The release calendar (calendar.ts): every minute, due announced moments become releases.
 * The cutoff is the announced moment, so a late run publishes the same figures; entries are
 * taken under a row lock, so two instances never release one twice.
 */
export const RELEASE_QUEUE = 'observatory-release-calendar';

export async function startObservatoryJobs(opts: { connectionString: string; service: ObservatoryService; log?: (msg: string) => void }): Promise<{ stop(): Promise<void> }> {
  const boss = new PgBoss({ connectionString: opts.connectionString, max: 2, application_name: 'observatorio-jobs' });
  boss.on('error', (err) => opts.log?.(`pg-boss: ${err.message}`));
  await boss.start();
  await boss.createQueue(VALIDATE_QUEUE);
  await boss.work<{ id: string }>(VALIDATE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    try {
      await opts.service.runValidation(job.data.id);
    } catch (err) {
      opts.log?.(`submission ${job.data.id}: validation failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  });
  await boss.createQueue(RELEASE_QUEUE);
  await boss.schedule(RELEASE_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(RELEASE_QUEUE, async () => {
    await opts.service.runDueReleases(opts.log);
  });
  // whatever fell due while the platform was stopped is released now, not at the next minute
  await opts.service.runDueReleases(opts.log).catch((err: unknown) => opts.log?.(`release calendar: ${err instanceof Error ? err.message : String(err)}`));
  opts.service.attachJobs({
    async enqueue(id) {
      await boss.send(VALIDATE_QUEUE, { id }, { retryLimit: 2, retryDelay: 5, expireInSeconds: 3600 });
    },
  });
  return {
    async stop() {
      opts.service.attachJobs(null);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
