import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { LocalFileStore } from '../src/server/platform/files.ts';
import type { UserActor } from '../src/server/platform/http/context.ts';
import { ObservatoryService } from '../src/server/modules/observatory/index.ts';
import { tempFile } from '../src/server/modules/observatory/temp-file.ts';
import { writeSampleCsv } from '../src/server/modules/observatory/sample.ts';
import { openBenchDatabase, type Figure } from './lib.ts';

/**
 * Observatory import: a generated MIG_FLOWS CSV (1,000,000 rows by default; OBS_BENCH_ROWS
 * to change) through the whole importer — full validation (codes, periods, values,
 * duplicate keys, parts against totals, new series, the revision diff), then apply in one
 * transaction (revisions, rollup) — against raw `COPY … FROM STDIN` of the same file into
 * a plain table, and into a table shaped and indexed like `obs_observation`. The RSS growth
 * of the process during the import is printed too.
 */
const ROWS = Number(process.env.OBS_BENCH_ROWS ?? 1_000_000);

export async function benchObservatoryImport(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_imp');
  const dataDir = fs.mkdtempSync(path.join(path.dirname(tempFile('')), 'obs-bench-import-'));
  const csv = path.join(dataDir, 'flows.csv');
  try {
    console.log(`observatory import: generating ${ROWS.toLocaleString('en')} rows…`);
    writeSampleCsv(csv, { rows: ROWS });
    const bytes = fs.statSync(csv).size;

    // (a) raw COPY of the same bytes into a plain table, and into one shaped like obs_observation
    await h.pool.query('create table raw_flows (time_period text, ref_area text, flow text, citizenship text, sex text, age text, obs_value bigint)');
    await h.pool.query(`create table raw_obs (like obs_observation including defaults including indexes)`);
    await h.pool.query('alter table raw_obs drop column submission_id, alter column valid_from set default now()');
    const copyPlain = await timeCopy(h.pool, 'copy raw_flows from stdin with (format csv, header true)', csv);
    const copyShaped = await timeCopy(
      h.pool,
      `copy raw_obs (time_period, ref_area, flow, citizenship, sex, age, obs_value, dataflow_id, counterpart_area, disability, ethnicity, location)
       from stdin with (format csv, header true)`,
      csv,
      (line) => `${line},MIG_FLOWS,_T,_T,_T,_T`,
    );
    await h.pool.query('drop table raw_flows; drop table raw_obs');
    await h.pool.query('checkpoint');

    // (b) the importer: submit (validate, stage) + apply (one transaction)
    const user = await h.db.insertInto('app_user').values({ email: 'bench@example.org', role: 'secretariat', password_hash: null }).returning('id').executeTakeFirstOrThrow();
    const actor: UserActor = { kind: 'user', id: user.id, email: 'bench@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
    const service = new ObservatoryService(h.db, new LocalFileStore(path.join(dataDir, 'files')));
    const tmp = tempFile('');
    fs.copyFileSync(csv, tmp);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    const report = await service.submit(actor, { requestId: null, ip: null }, { dataflowId: 'MIG_FLOWS', fileName: 'flows.csv', tmpPath: tmp, mapping: {} }, 'en');
    const t1 = performance.now();
    if (report.status !== 'validated') throw new Error(`bench file did not validate: ${JSON.stringify(report.errors.slice(0, 3))}`);
    const applied = await service.apply(actor, { requestId: null, ip: null }, report.id, 'en');
    const t2 = performance.now();
    clearInterval(sampler);
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    // the sample ends inside a country × flow × month: that cell's shortfalls against its _T row are added as _U parts (one-total.ts)
    if (!applied.applied || applied.applied.added < ROWS || applied.applied.added > ROWS + 16) throw new Error(`applied ${JSON.stringify(applied.applied)}`);
    const seconds = (t2 - t0) / 1000;
    const rate = ROWS / seconds;
    const mb = (rssMax - rss0) / 1024 / 1024;
    console.log(
      `observatory import: ${ROWS.toLocaleString('en')} rows (${(bytes / 1024 / 1024).toFixed(0)} MB): validate ${((t1 - t0) / 1000).toFixed(1)} s + apply ${((t2 - t1) / 1000).toFixed(1)} s = ${seconds.toFixed(1)} s; ` +
        `COPY plain ${copyPlain.toFixed(1)} s, COPY into an obs_observation-shaped table ${copyShaped.toFixed(1)} s; RSS growth ${mb.toFixed(0)} MB`,
    );
    const plainRate = ROWS / copyPlain;
    const shapedRate = ROWS / copyShaped;
    const validateRate = ROWS / ((t1 - t0) / 1000);
    return [
      { name: `observatory import ${ROWS / 1e6}M-row CSV (validate + apply), rows/s`, value: rate, unit: 'rows/s', reference: 'raw COPY FROM STDIN, plain table', referenceValue: plainRate, ratio: rate / plainRate },
      { name: `observatory import ${ROWS / 1e6}M-row CSV (validate + apply), rows/s`, value: rate, unit: 'rows/s', reference: 'raw COPY, obs_observation-shaped table + indexes', referenceValue: shapedRate, ratio: rate / shapedRate },
      { name: `observatory validation only (read, check, stage, diff), rows/s`, value: validateRate, unit: 'rows/s', reference: 'raw COPY FROM STDIN, plain table', referenceValue: plainRate, ratio: validateRate / plainRate },
      { name: `observatory import ${ROWS / 1e6}M rows, RSS growth`, value: mb, unit: 'MB', reference: 'target (issue 4)', referenceValue: 300, ratio: mb / 300 },
    ];
  } finally {
    await h.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Seconds to COPY the file through the client (optionally rewriting each line). */
async function timeCopy(pool: pg.Pool, statement: string, file: string, rewrite?: (line: string) => string): Promise<number> {
  const client = await pool.connect();
  try {
    const t0 = performance.now();
    const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const stream = client.query(copyFrom(statement));
    if (!rewrite) await pipeline(source, stream);
    else {
      // rewritten before timing would be unfair to COPY; the rewrite is a few string appends per line
      await pipeline(source, async function* (chunks: AsyncIterable<Buffer>) {
        let rest = '';
        let first = true;
        for await (const chunk of chunks) {
          const text = rest + chunk.toString('utf8');
          const lines = text.split('\n');
          rest = lines.pop()!;
          if (first) {
            first = false;
            yield lines.shift()! + '\n';
          }
          yield lines.map(rewrite).join('\n') + (lines.length ? '\n' : '');
        }
        if (rest) yield rewrite(rest) + '\n';
      }, stream);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    client.release();
  }
}

// `node --max-semi-space-size=32 --import tsx bench/observatory-import.ts` runs this benchmark alone, with the
// young generation the server runs with (`npm start`, `npm run bench`: package.json).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchObservatoryImport());
  process.exit(0);
}
