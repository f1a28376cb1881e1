import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createMailer } from '../src/server/platform/mail/index.ts';
import type { UserActor } from '../src/server/platform/http/context.ts';
import { openBenchDatabase, percentile, timeMany, type Figure } from './lib.ts';
import { loadDuckDB } from './duckdb.ts';

/**
 * Observatory dashboard queries (issue 4, performance 2): OBS_BENCH_QUERY_ROWS observations
 * (default 10,000,000) generated straight into `obs_observation` with SQL, released per
 * country (which builds the release cubes, ADR 0005), then ten typical dashboard questions
 * asked RUNS times each through the HTTP API as the public, against the same questions
 * answered by DuckDB in-process over the same rows (exported with COPY, loaded into a
 * DuckDB table). Target: API p95 ≤ 3 × DuckDB p95.
 * (OBS_BENCH_ROWS is the import benchmark's size; this one has its own variable.)
 */
const ROWS = Number(process.env.OBS_BENCH_QUERY_ROWS ?? 10_000_000);
const RUNS = Number(process.env.OBS_BENCH_RUNS ?? 30);
const AREAS = ['ARG', 'BRA', 'CHL', 'COL', 'CRI', 'ECU', 'GTM', 'HND', 'MEX', 'PAN'];
const FLOWS = ['REG_ENTRY', 'REG_EXIT', 'IRREG_ENTRY', 'REMOVAL', 'ASYLUM_APP'];
const MONTHS = 60; // 2020-01 … 2024-12
const SEXES = ['F', 'M', '_U'];
const AGES = ['Y_LT5', 'Y5T11', 'Y12T17', 'Y18T29', 'Y30T59', 'Y_GE60'];
const DISABILITY = ['DIS', 'NODIS'];
const ETHNICITY = ['IND', 'AFD', 'OTH'];

interface Question {
  name: string;
  api: string;
  duck: string;
  /** the API answers every group; a "top 10" keeps the ten largest, as a dashboard would */
  top?: number;
}
const QUESTIONS: Question[] = [
  { name: 'regional monthly totals per flow', api: 'groupBy=FLOW,TIME_PERIOD', duck: 'select flow, time_period, sum(v) v from obs group by 1, 2' },
  { name: 'one country by nationality, a year', api: 'REF_AREA=CRI&startPeriod=2024&endPeriod=2024&groupBy=CITIZENSHIP', duck: "select citizenship, sum(v) v from obs where ref_area = 'CRI' and time_period between '2024-01' and '2024-12' group by 1" },
  { name: 'sex × age for a flow and year', api: 'FLOW=IRREG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=SEX,AGE', duck: "select sex, age, sum(v) v from obs where flow = 'IRREG_ENTRY' and time_period between '2024-01' and '2024-12' group by 1, 2" },
  { name: 'top 10 nationalities across the region, a year', api: 'startPeriod=2024&endPeriod=2024&groupBy=CITIZENSHIP', top: 10, duck: "select citizenship, sum(v) v from obs where time_period between '2024-01' and '2024-12' group by 1 order by v desc limit 10" },
  { name: 'country × flow × year', api: 'groupBy=REF_AREA,FLOW,TIME_PERIOD&timeAggregation=year', duck: 'select ref_area, flow, substr(time_period, 1, 4) y, sum(v) v from obs group by 1, 2, 3' },
  { name: 'one country, one flow, monthly series', api: 'REF_AREA=MEX&FLOW=REG_ENTRY&groupBy=TIME_PERIOD', duck: "select time_period, sum(v) v from obs where ref_area = 'MEX' and flow = 'REG_ENTRY' group by 1" },
  { name: 'irregular entries by country and quarter', api: 'FLOW=IRREG_ENTRY&groupBy=REF_AREA,TIME_PERIOD&timeAggregation=quarter', duck: "select ref_area, substr(time_period, 1, 4) || '-Q' || ((cast(substr(time_period, 6, 2) as int) + 2) // 3) q, sum(v) v from obs where flow = 'IRREG_ENTRY' group by 1, 2" },
  { name: 'nationality × sex, a country, flow and year', api: 'REF_AREA=COL&FLOW=REG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=CITIZENSHIP,SEX', duck: "select citizenship, sex, sum(v) v from obs where ref_area = 'COL' and flow = 'REG_ENTRY' and time_period between '2024-01' and '2024-12' group by 1, 2" },
  { name: 'disability by country, a year', api: 'startPeriod=2024&endPeriod=2024&groupBy=REF_AREA,DISABILITY', duck: "select ref_area, disability, sum(v) v from obs where time_period between '2024-01' and '2024-12' group by 1, 2" },
  { name: 'one nationality by country, monthly', api: 'CITIZENSHIP=VEN&groupBy=REF_AREA,TIME_PERIOD', duck: "select ref_area, time_period, sum(v) v from obs where citizenship = 'VEN' group by 1, 2" },
];

export async function benchObservatoryQueries(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_q');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-bench-q-'));
  try {
    const user = await h.db.insertInto('app_user').values({ email: 'bench@example.org', role: 'secretariat', password_hash: null }).returning('id').executeTakeFirstOrThrow();
    const actor: UserActor = { kind: 'user', id: user.id, email: 'bench@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
    const config = loadConfig({ DATABASE_URL: h.url, LOG_LEVEL: 'silent', DATA_DIR: path.join(work, 'data'), PUBLIC_URL: 'http://localhost:3000' });
    const { app, services } = await buildApp({ config, db: h.db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
    await app.ready();

    // --- the rows, straight into the table -------------------------------------------------
    const cits = (await h.pool.query<{ code: string }>(`select code from obs_code where codelist_id = 'CL_CITIZENSHIP' and code not in ('_T', '_U', 'XXA') order by (code = 'VEN') desc, (code = 'COL') desc, (code = 'NIC') desc, code`)).rows.map((r) => r.code);
    const perCit = AREAS.length * FLOWS.length * MONTHS * SEXES.length * AGES.length * DISABILITY.length * ETHNICITY.length;
    const nCit = Math.max(1, Math.min(cits.length, Math.round(ROWS / perCit)));
    const citizenships = cits.slice(0, nCit);
    const sub = await h.pool.query<{ id: string }>(
      `insert into obs_submission (dataflow_id, country_code, user_id, user_label, file_name, file_sha256, file_kind, mapping, status, rows_read)
       values ('MIG_FLOWS', null, $1, 'bench', 'generated', 'generated', 'csv', '{}', 'applied', $2) returning id`,
      [user.id, perCit * nCit],
    );
    console.log(`observatory queries: generating ${(perCit * nCit).toLocaleString('en')} observations (${AREAS.length} countries × ${FLOWS.length} flows × ${MONTHS} months × ${nCit} nationalities × sex × age × disability × ethnicity)…`);
    let t0 = performance.now();
    // the indexes are rebuilt once after the load, not maintained row by row
    await h.pool.query('drop index obs_observation_current, obs_observation_read');
    const loader = await h.pool.connect();
    // the generated rows reference one submission and the seeded dataflow: skip the per-row foreign-key triggers
    await loader.query('set session_replication_role = replica').catch(() => undefined);
    // per country: one statement each keeps the transactions and the temporary sort space small
    for (const area of AREAS) {
      await loader.query(
        `insert into obs_observation (dataflow_id, ref_area, flow, citizenship, counterpart_area, sex, age, disability, ethnicity, location, time_period, obs_value, submission_id, valid_from)
         select 'MIG_FLOWS', $1, f, c, '_T', s, a, d, e, '_T', to_char(date '2020-01-01' + make_interval(months => m), 'YYYY-MM'),
           -- skewed counts: a few large nationalities, many small cells (so disclosure control has work to do)
           floor(power(random(), 3) * 60 / ci)::bigint, $2::uuid, now() - interval '1 day'
         from unnest($3::text[]) f, generate_series(0, ${MONTHS - 1}) m, unnest($4::text[]) with ordinality as cc(c, ci),
           unnest($5::text[]) s, unnest($6::text[]) a, unnest($7::text[]) d, unnest($8::text[]) e`,
        [area, sub.rows[0]!.id, FLOWS, citizenships, SEXES, AGES, DISABILITY, ETHNICITY],
      );
    }
    await loader.query('set session_replication_role = origin').catch(() => undefined);
    loader.release();
    await h.pool.query(`create unique index obs_observation_current on obs_observation
      (dataflow_id, ref_area, flow, time_period, citizenship, counterpart_area, sex, age, disability, ethnicity, location) where valid_to is null`);
    await h.pool.query('create index obs_observation_read on obs_observation (dataflow_id, ref_area, flow, time_period)');
    await h.pool.query('analyze obs_observation');
    const rows = Number((await h.pool.query<{ n: string }>('select count(*) n from obs_observation')).rows[0]!.n);
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(`  ${rows.toLocaleString('en')} rows in ${loadSeconds.toFixed(0)} s; releasing each country (builds its cube)…`);

    t0 = performance.now();
    for (const area of AREAS) await services.observatory.createRelease(actor, { requestId: null, ip: null }, { dataflowId: 'MIG_FLOWS', country: area, level: 'public' });
    const releaseSeconds = (performance.now() - t0) / 1000;
    const cubeRows = Number((await h.pool.query<{ n: string }>('select count(*) n from obs_cube')).rows[0]!.n);
    console.log(`  released in ${releaseSeconds.toFixed(0)} s (${(releaseSeconds / AREAS.length).toFixed(1)} s per country); ${cubeRows.toLocaleString('en')} cube rows`);

    // --- DuckDB: the same rows, exported with COPY ------------------------------------------
    const csv = path.join(work, 'obs.csv');
    const client = await h.pool.connect();
    try {
      await pipeline(
        client.query(copyTo(`copy (select ref_area, flow, citizenship, sex, age, disability, ethnicity, time_period, obs_value as v from obs_observation where valid_to is null) to stdout with (format csv, header true)`)),
        fs.createWriteStream(csv),
      );
    } finally {
      client.release();
    }
    const { DuckDBInstance } = await loadDuckDB();
    const duck = await DuckDBInstance.create(':memory:');
    const dc = await duck.connect();
    await dc.run(`create table obs as select * from read_csv('${csv.replace(/'/g, "''")}', header = true, columns = {'ref_area': 'VARCHAR', 'flow': 'VARCHAR', 'citizenship': 'VARCHAR', 'sex': 'VARCHAR', 'age': 'VARCHAR', 'disability': 'VARCHAR', 'ethnicity': 'VARCHAR', 'time_period': 'VARCHAR', 'v': 'BIGINT'})`);
    fs.rmSync(csv, { force: true });

    // --- the ten questions ---------------------------------------------------------------------
    const figures: Figure[] = [];
    const table: string[][] = [];
    for (const q of QUESTIONS) {
      const ask = async () => {
        const r = await app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${q.api}` });
        if (r.statusCode !== 200) throw new Error(`${q.api}: ${r.statusCode} ${r.body}`);
        const obs = r.json<{ observations: { OBS_VALUE: number | null }[] }>().observations;
        return q.top ? [...obs].sort((a, b) => (b.OBS_VALUE ?? -1) - (a.OBS_VALUE ?? -1)).slice(0, q.top) : obs;
      };
      // the API and DuckDB agree on every figure the API publishes
      const answer = await ask();
      const reference = await (await dc.runAndReadAll(q.duck)).getRowObjectsJson();
      const published = answer.filter((o) => o.OBS_VALUE !== null).map((o) => o.OBS_VALUE!).sort((a, b) => a - b);
      const duckValues = reference.map((r) => Number(r.v)).sort((a, b) => a - b);
      const missing = published.filter((v) => !duckValues.includes(v));
      if (missing.length) throw new Error(`${q.name}: the API published ${missing.length} figures DuckDB does not give (e.g. ${missing[0]})`);
      const api = await timeMany(RUNS, ask);
      const ref = await timeMany(RUNS, () => dc.run(q.duck));
      const p95 = percentile(api, 95);
      const p95d = percentile(ref, 95);
      table.push([q.name, String(answer.length), fmt(percentile(api, 50)), fmt(p95), fmt(percentile(ref, 50)), fmt(p95d), `${(p95 / p95d).toFixed(2)}×`]);
      figures.push({ name: `observatory API p95: ${q.name} (${(rows / 1e6).toFixed(1)} M rows)`, value: p95, unit: 'ms', reference: 'DuckDB in-process p95', referenceValue: p95d, ratio: p95 / p95d });
    }
    dc.closeSync();
    await app.close();
    printQuestions(table);
    figures.push({ name: `observatory release (cube build) per country, ${(rows / AREAS.length / 1e6).toFixed(1)} M rows`, value: (releaseSeconds / AREAS.length) * 1000, unit: 'ms', reference: 'generating the rows (all countries)', referenceValue: loadSeconds * 1000, ratio: releaseSeconds / AREAS.length / loadSeconds });
    return figures;
  } finally {
    await h.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function printQuestions(rows: string[][]): void {
  const head = ['question', 'cells', 'API p50 ms', 'API p95 ms', 'DuckDB p50 ms', 'DuckDB p95 ms', 'p95 ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

// `node --import tsx bench/observatory-query.ts` runs this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchObservatoryQueries());
  process.exit(0);
}
