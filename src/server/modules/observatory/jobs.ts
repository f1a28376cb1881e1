import PgBoss from 'pg-boss';
import type { ObservatoryService } from './service.ts';
import { START_GRACE_SECONDS, type JobProbe } from './import/index.ts';

/**
 * Large submissions are validated by a pg-boss job (same database), not in the request:
 * the upload answers 202 with the submission id, the page polls GET /submissions/:id for
 * the progress written by the validation (rows read and validated), and other requests are
 * served meanwhile — the validator yields to the event loop after every chunk it reads, and
 * holds at most one chunk of rows in memory.
 *
 * Every queue's jobs expire in minutes (pg-boss's default is 15 min per job; ours were sent
 * with an hour): a job whose process died is failed by pg-boss's maintenance and retried.
 * Retrying is safe for each: a validation takes its submission's lock and does nothing if the
 * submission is no longer `validating` or another process validates it (recovery.ts); due
 * releases are taken under a row lock; the recovery sweep only acts on what is dead.
 */
export const VALIDATE_QUEUE = 'observatory-validate-submission';
/**
 * The release calendar (calendar.ts): every minute, due announced moments become releases.
 * The cutoff is the announced moment, so a late run publishes the same figures; entries are
 * taken under a row lock, so two instances never release one twice.
 */
export const RELEASE_QUEUE = 'observatory-release-calendar';
/** Interrupted validations and orphan staging tables (recovery.ts), every minute and at start. */
export const RECOVER_QUEUE = 'observatory-recover';

/**
 * Per queue: how long a job may stay active before pg-boss fails (and retries) it. A
 * validation of a 1 M-row file takes 10–30 s on two cores; 10 minutes leaves room for ten
 * times that. The minute jobs must end well before the next minute's run piles up behind.
 */
export const QUEUE_OPTIONS: Record<string, PgBoss.Queue> = {
  [VALIDATE_QUEUE]: { name: VALIDATE_QUEUE, expireInSeconds: 10 * 60, retryLimit: 2, retryDelay: 5 },
  [RELEASE_QUEUE]: { name: RELEASE_QUEUE, expireInSeconds: 5 * 60, retryLimit: 1 },
  [RECOVER_QUEUE]: { name: RECOVER_QUEUE, expireInSeconds: 5 * 60, retryLimit: 1 },
};

/** Creates the queue, or brings an existing one to these options (createQueue leaves it as it was). */
async function queue(boss: PgBoss, name: string): Promise<void> {
  const options = QUEUE_OPTIONS[name]!;
  await boss.createQueue(name, options);
  await boss.updateQueue(name, options);
}

/** Whether a queued submission's job will still run: waiting, or taken by a worker that is about to lock. */
export function jobProbe(boss: PgBoss): JobProbe {
  return {
    async waiting(jobId) {
      const job = await boss.getJobById(VALIDATE_QUEUE, jobId).catch(() => null);
      if (!job) return false;
      if (job.state === 'created' || job.state === 'retry') return true;
      return job.state === 'active' && job.startedOn !== null && Date.now() - new Date(job.startedOn).getTime() < START_GRACE_SECONDS * 1000;
    },
  };
}

export async function startObservatoryJobs(opts: { connectionString: string; service: ObservatoryService; log?: (msg: string) => void }): Promise<{ stop(): Promise<void> }> {
  const boss = new PgBoss({ connectionString: opts.connectionString, max: 2, application_name: 'observatorio-jobs' });
  boss.on('error', (err) => opts.log?.(`pg-boss: ${err.message}`));
  await boss.start();
  const log = (what: string) => (err: unknown) => opts.log?.(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  await queue(boss, VALIDATE_QUEUE);
  await boss.work<{ id: string }>(VALIDATE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    try {
      await opts.service.runValidation(job.data.id);
    } catch (err) {
      opts.log?.(`submission ${job.data.id}: validation failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  });
  await queue(boss, RELEASE_QUEUE);
  await boss.schedule(RELEASE_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(RELEASE_QUEUE, async () => {
    await opts.service.runDueReleases(opts.log);
  });
  const probe = jobProbe(boss);
  const sweep = () => opts.service.recover({ jobs: probe, log: opts.log });
  await queue(boss, RECOVER_QUEUE);
  await boss.schedule(RECOVER_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(RECOVER_QUEUE, async () => {
    await sweep();
  });
  // what died while the platform was stopped is recovered now, not at the next minute
  await sweep().catch(log('recovery'));
  // whatever fell due while the platform was stopped is released now, not at the next minute
  await opts.service.runDueReleases(opts.log).catch(log('release calendar'));
  opts.service.attachJobs({
    async enqueue(id) {
      return boss.send(VALIDATE_QUEUE, { id });
    },
  });
  return {
    async stop() {
      opts.service.attachJobs(null);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
