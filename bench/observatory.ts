import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createMailer } from '../src/server/platform/mail/index.ts';
import type { UserActor } from '../src/server/platform/http/context.ts';
import { importAmericasFlows } from '../src/server/modules/observatory/index.ts';
import { tempFile } from '../src/server/modules/observatory/temp-file.ts';
import { openBenchDatabase, type Figure } from './lib.ts';

/**
 * Observatory: the real americas-flows files through the importer (full validation, one
 * transaction, revisions and rollup) against raw COPY of the same rows into a plain table.
 * The dashboard queries on 10 M generated rows are in observatory-query.ts.
 */
const DIR = path.resolve('../shared/data/americas-flows');

export async function benchObservatory(): Promise<Figure[]> {
  if (!fs.existsSync(path.join(DIR, 'regin.csv'))) {
    console.log(`observatory: skipped, ${DIR} is not there`);
    return [];
  }
  const h = await openBenchDatabase('obs_bench');
  const dataDir = fs.mkdtempSync(path.join(path.dirname(tempFile('')), 'obs-bench-data-'));
  try {
    const user = await h.db.insertInto('app_user').values({ email: 'bench@example.org', role: 'secretariat', password_hash: null }).returning('id').executeTakeFirstOrThrow();
    const actor: UserActor = { kind: 'user', id: user.id, email: 'bench@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
    const config = loadConfig({ DATABASE_URL: h.url, LOG_LEVEL: 'silent', DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost:3000' });
    const { app, services } = await buildApp({ config, db: h.db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
    await app.ready();

    // (1) import throughput: regin.csv (51,281 rows, no bad rows) validate + apply
    const reginRows = fs.readFileSync(path.join(DIR, 'regin.csv'), 'utf8').trim().split('\n').length - 1;
    console.log('observatory: importing the real files through the importer…');
    let t0 = performance.now();
    await importAmericasFlows(services.observatory, actor, { requestId: null, ip: null }, DIR, { files: ['regin.csv'] });
    const importSeconds = (performance.now() - t0) / 1000;
    await importAmericasFlows(services.observatory, actor, { requestId: null, ip: null }, DIR, { files: ['regout.csv', 'irreg.csv'], release: 'public' });

    // the same rows by raw COPY into a plain table
    await h.pool.query('create table raw_regin (t date, geo text, nat text, n bigint)');
    let copySeconds: number;
    try {
      t0 = performance.now();
      await h.pool.query(`copy raw_regin from '${path.join(DIR, 'regin.csv').replace(/'/g, "''")}' with (format csv, header true)`);
      copySeconds = (performance.now() - t0) / 1000;
    } catch {
      // the server cannot read the file (another machine): load it through the client in one statement
      const lines = fs.readFileSync(path.join(DIR, 'regin.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
      t0 = performance.now();
      await h.pool.query('insert into raw_regin select * from unnest($1::date[], $2::text[], $3::text[], $4::bigint[])', [lines.map((l) => l[0]), lines.map((l) => l[1]), lines.map((l) => l[2]), lines.map((l) => (l[3] === '' ? null : l[3]))]);
      copySeconds = (performance.now() - t0) / 1000;
    }
    await h.pool.query('create index on raw_regin (geo, t)');
    await h.pool.query('analyze');

    await app.close();

    const importRate = reginRows / importSeconds;
    const copyRate = reginRows / copySeconds;
    return [
      { name: 'observatory import regin.csv (validate + apply), rows/s', value: importRate, unit: 'rows/s', reference: 'raw COPY of the same rows', referenceValue: copyRate, ratio: importRate / copyRate },
    ];
  } finally {
    await h.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/observatory.ts` runs this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchObservatory());
  process.exit(0);
}
