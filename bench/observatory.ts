import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrateAll, seedAll } from '../src/server/composition.ts';
import { createDatabase } from '../src/server/platform/db/database.ts';
import { createMailer } from '../src/server/platform/mail/index.ts';
import type { UserActor } from '../src/server/platform/http/context.ts';
import { importAmericasFlows } from '../src/server/modules/observatory/index.ts';
import { tempFile } from '../src/server/modules/observatory/service.ts';
import { benchDatabase, percentile, timeMany, type Figure } from './lib.ts';

/**
 * Observatory: the real americas-flows files through the importer (full validation, one
 * transaction, revisions and rollup) against raw COPY of the same rows into a plain table;
 * and a country-year aggregate through the data API against the same raw SQL and DuckDB
 * reading the CSV.
 */
const DIR = path.resolve('../shared/data/americas-flows');
const RUNS = 30;

export async function benchObservatory(): Promise<Figure[]> {
  if (!fs.existsSync(path.join(DIR, 'regin.csv'))) {
    console.log(`observatory: skipped, ${DIR} is not there`);
    return [];
  }
  const server = await benchDatabase();
  const name = `obs_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  const h = createDatabase(url.toString());
  const dataDir = fs.mkdtempSync(path.join(path.dirname(tempFile('')), 'obs-bench-data-'));
  try {
    await migrateAll(h.db);
    await seedAll(h.db);
    const user = await h.db.insertInto('app_user').values({ email: 'bench@example.org', role: 'secretariat', password_hash: null }).returning('id').executeTakeFirstOrThrow();
    const actor: UserActor = { kind: 'user', id: user.id, email: 'bench@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
    const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost:3000' });
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

    // (2) the country-year aggregate three ways
    const api = await timeMany(RUNS, async () => {
      const r = await app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA' });
      if (r.json<{ observations: { OBS_VALUE: number }[] }>().observations[0]?.OBS_VALUE !== 5066194) throw new Error(`unexpected answer ${r.body}`);
    });
    const rawSql = await timeMany(RUNS, () => h.pool.query("select sum(n) from raw_regin where geo = 'CRI' and t >= '2024-01-01' and t < '2025-01-01'"));
    const regional = await timeMany(RUNS, () => app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?FLOW=REG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA' }));
    const rawRegional = await timeMany(RUNS, () => h.pool.query("select geo, sum(n) from raw_regin where t >= '2024-01-01' and t < '2025-01-01' group by geo"));
    const { DuckDBInstance } = await loadDuckDB();
    const duck = await DuckDBInstance.create(':memory:');
    const dc = await duck.connect();
    const csv = path.join(DIR, 'regin.csv').replace(/'/g, "''");
    const duckTimes = await timeMany(RUNS, () => dc.run(`select sum(n) from read_csv('${csv}', header = true, columns = {'t': 'DATE', 'geo': 'VARCHAR', 'nat': 'VARCHAR', 'n': 'BIGINT'}) where geo = 'CRI' and t >= DATE '2024-01-01' and t < DATE '2025-01-01'`));
    dc.closeSync();
    await app.close();

    const importRate = reginRows / importSeconds;
    const copyRate = reginRows / copySeconds;
    const p50 = (a: number[]) => percentile(a, 50);
    return [
      { name: 'observatory import regin.csv (validate + apply), rows/s', value: importRate, unit: 'rows/s', reference: 'raw COPY of the same rows', referenceValue: copyRate, ratio: importRate / copyRate },
      { name: 'observatory API CRI 2024 entries p50', value: p50(api), unit: 'ms', reference: 'raw SQL on a plain indexed table', referenceValue: p50(rawSql), ratio: p50(api) / p50(rawSql) },
      { name: 'observatory API CRI 2024 entries p50 (vs DuckDB)', value: p50(api), unit: 'ms', reference: 'DuckDB on the CSV', referenceValue: p50(duckTimes), ratio: p50(api) / p50(duckTimes) },
      { name: 'observatory API regional 2024 by country p50', value: p50(regional), unit: 'ms', reference: 'raw SQL GROUP BY on a plain table', referenceValue: p50(rawRegional), ratio: p50(regional) / p50(rawRegional) },
    ];
  } finally {
    await h.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/observatory.ts` runs this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchObservatory());
  process.exit(0);
}

/**
 * DuckDB is only the benchmark's reference, not a dependency of the platform: npm 11 writes
 * a lock file without its other-platform bindings and `npm ci` then refuses the lock, so it
 * is installed on demand here (npm registry, no change to package.json or the lock file).
 */
interface DuckModule {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync(): void }> }> };
}
// A specifier in a variable: the type-checker must not require the package to be installed.
const DUCKDB = '@duckdb/node-api';
async function loadDuckDB(): Promise<DuckModule> {
  try {
    return (await import(DUCKDB)) as DuckModule;
  } catch {
    const { execFileSync } = await import('node:child_process');
    console.log('installing @duckdb/node-api for the DuckDB reference (not saved)…');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `${DUCKDB}@${DUCKDB_VERSION}`], { stdio: 'inherit' });
    return (await import(DUCKDB)) as DuckModule;
  }
}
const DUCKDB_VERSION = '1.5.6-r.1';
