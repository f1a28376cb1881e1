import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { migrateAll, seedAll } from './composition.ts';
import { openDatabase, type OpenDatabase } from './platform/db/open.ts';
import { createDatabase } from './platform/db/database.ts';
import { createMailer } from './platform/mail/index.ts';
import { t } from './platform/i18n/index.ts';
import { startReminderSchedule } from './modules/commitments/index.ts';
import { loadRealData, startObservatoryJobs } from './modules/observatory/index.ts';
import { loadShippedIncidents } from './modules/incidents/index.ts';
import { IndicatorRecompute } from './modules/indicators/index.ts';
import { startCasesPurgeSchedule } from './modules/cases/index.ts';

export interface Running {
  app: FastifyInstance;
  database: OpenDatabase;
  url: string;
  log(msg: string): void;
  stop(): Promise<void>;
}

/**
 * Opens the database (embedded unless DATABASE_URL is set), migrates, seeds, prints the
 * first-administrator link when there is none, and listens. Used by `npm start` and by
 * the test that starts the app exactly as a user does.
 */
export async function start(config: Config): Promise<Running> {
  const log = (msg: string) => console.log(msg);
  const database = await openDatabase(config, log);
  // public reads on a streaming replica when one is named (docs/adr/0010)
  const readDatabase = config.databaseReadUrl ? createDatabase(config.databaseReadUrl) : undefined;
  try {
    await migrateAll(database.db, log);
    await seedAll(database.db);
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: (o, m) => console.log(m, JSON.stringify(o)) });
    const { app, services } = await buildApp({ config, db: database.db, readDb: readDatabase?.db, mailer });
    const setup = await services.auth.ensureSetupLink();
    await app.listen({ port: config.port, host: config.host });
    const url = config.publicUrl;
    log(t('es', 'console.listening', { url }) + (database.embedded ? ' (PostgreSQL embebido / embedded)' : ''));
    if (setup?.issuedElsewhere) {
      log(t('es', 'console.setupLinkElsewhere', { minutes: setup.retryMinutes }));
      log(t('en', 'console.setupLinkElsewhere', { minutes: setup.retryMinutes }));
    } else if (setup) {
      log('');
      log(t('es', 'console.setupLink'));
      log(t('en', 'console.setupLink'));
      log(`  ${setup.url}`);
      log('');
    }
    // Daily e-mail reminders of due and overdue roadmap actions (pg-boss, same database).
    // Started after the console lines (the first start creates pg-boss's schema, which takes
    // a moment); serving does not depend on them: a failure to schedule is logged, not fatal.
    const reminders = await startReminderSchedule({ connectionString: database.url, db: database.db, mailer, publicUrl: config.publicUrl, log }).catch((err: unknown) => {
      log(`reminders not scheduled: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    // Large observatory submissions are validated in a background job (pg-boss, ADR 0004);
    // without it they are validated in the request, as small ones always are.
    const observatoryJobs = await startObservatoryJobs({ connectionString: database.url, service: services.observatory, log }).catch((err: unknown) => {
      log(`observatory jobs not started: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    // The missing-persons exchange's retention rules, daily (pg-boss; modules/cases/schedule.ts).
    const casesPurge = await startCasesPurgeSchedule({ connectionString: database.url, db: database.db, log }).catch((err: unknown) => {
      log(`cases retention purge not scheduled: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    // The computed GCM indicators follow the public data: computed now and after every release
    // (in the background, heard on the public-change channel; modules/indicators/recompute.ts).
    const indicators = new IndicatorRecompute(database.db, { log });
    await indicators.start().catch((err: unknown) => log(`indicators: not recomputed on changes: ${err instanceof Error ? err.message : String(err)}`));
    // The shipped real data (docs/adr/0003), loaded in the background after the server listens
    // so a first start is not held up; a stop waits for the file being applied (one
    // transaction each) and the next start resumes with the files still missing.
    let stopping = false;
    const realData = config.observatoryRealData
      ? loadRealData(database.db, services.observatory, { log, shouldStop: () => stopping })
          .then((r) => {
            if (r.released.length) log(t('es', 'observatory.console.realDataDone', { countries: r.released.join(', ') }));
          })
          .catch((err: unknown) => {
            if (!stopping) log(t('es', 'observatory.console.realDataFailed', { detail: err instanceof Error ? err.message : String(err) }));
          })
          // IOM's missing-migrants records (issue 19), through the incidents' own importer.
          // the computed indicators from the figures just released (also heard as releases)
          .then(() => indicators.schedule())
          .then(() => (stopping ? null : loadShippedIncidents(database.db, log)))
          .catch((err: unknown) => {
            if (!stopping) log(`incidents: the shipped records were not loaded: ${err instanceof Error ? err.message : String(err)}`);
          })
      : Promise.resolve();
    return {
      app,
      database,
      url,
      log,
      async stop() {
        stopping = true;
        await realData;
        await indicators.stop();
        await reminders?.stop();
        await observatoryJobs?.stop();
        await casesPurge?.stop();
        await app.close();
        await readDatabase?.close();
        await database.close();
      },
    };
  } catch (err) {
    await readDatabase?.close().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}
