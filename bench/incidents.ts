import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createMailer } from '../src/server/platform/mail/index.ts';
import { AMERICAS, loadShippedIncidents } from '../src/server/modules/incidents/index.ts';
import { httpGet, openBenchDatabase, percentile, timeInterleaved, type Figure } from './lib.ts';

/**
 * Missing migrants (issue 19): the map's data request (GeoJSON) for all 19,669 incidents and
 * for the Americas, and SDG 10.7.3 by year and country, each through the API over HTTP beside
 * the same question asked as raw SQL on the same connection pool (rows fetched whole). Also
 * the gzip size of the Americas' GeoJSON (aim ≤ 300 kB) and the time to load the shipped file.
 */
const RUNS = 30;
const FIRST_RUNS = 20;

export async function benchIncidents(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_inc');
  try {
    console.log('incidents: loading the shipped Missing Migrants Project file through the importer…');
    const t0 = performance.now();
    const loaded = await loadShippedIncidents(h.db);
    const loadSeconds = (performance.now() - t0) / 1000;
    if (!loaded) throw new Error('incidents benchmark: the shipped file was not loaded');
    const config = loadConfig({ DATABASE_URL: h.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' });
    const { app } = await buildApp({ config, db: h.db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const americas = AMERICAS.map((c) => `'${c}'`).join(',');
      const raw = {
        all: `select id, incident_date, lat, lon, dead_and_missing, route, cause, country_code from inc_incident where status = 'verified' and lat is not null order by incident_date`,
        americas: `select id, incident_date, lat, lon, dead_and_missing, route, cause, country_code from inc_incident where status = 'verified' and lat is not null and country_code in (${americas}) order by incident_date`,
        summary: `select extract(year from incident_date)::int as year, coalesce(country_code, 'UNK') as key, sum(dead_and_missing)::int as value, count(*)::int as incidents from inc_incident where status = 'verified' and country_code in (${americas}) group by 1, 2 order by 1, 2`,
      };
      const api = {
        all: `${base}/api/v1/incidents?format=geojson`,
        americas: `${base}/api/v1/incidents?format=geojson&region=americas`,
        summary: `${base}/api/v1/incidents/summary?by=country&region=americas`,
      };
      const sizeAmericas = zlib.gzipSync((await httpGet(api.americas)).body).length;
      const figures: Figure[] = [];
      for (const k of ['all', 'americas', 'summary'] as const) {
        const label = k === 'all' ? 'map GeoJSON, all 19,669 incidents' : k === 'americas' ? 'map GeoJSON, the Americas' : 'SDG 10.7.3 by year × country, the Americas';
        // First answers: each question asked with a `from` year before the data begins, so the
        // rows are the same but no kept answer serves it (answer-cache.ts).
        const sep = api[k].includes('?') ? '&' : '?';
        const [first, r1] = await timeInterleaved(FIRST_RUNS, [(i) => httpGet(`${api[k]}${sep}from=${1990 + i}`), () => h.pool.query(raw[k])]);
        figures.push({ name: `incidents: ${label}, first answer (p50)`, value: percentile(first!, 50), unit: 'ms', reference: 'the same rows by raw SQL', referenceValue: percentile(r1!, 50), ratio: percentile(first!, 50) / percentile(r1!, 50) });
        const [a, r] = await timeInterleaved(RUNS, [() => httpGet(api[k]), () => h.pool.query(raw[k])]);
        const p50 = percentile(a!, 50);
        const ref = percentile(r!, 50);
        figures.push({ name: `incidents: ${label}, kept answer (p50)`, value: p50, unit: 'ms', reference: 'the same rows by raw SQL', referenceValue: ref, ratio: p50 / ref });
      }
      figures.push({ name: 'incidents: GeoJSON of the Americas, gzip', value: sizeAmericas / 1024, unit: 'kB', reference: 'aim', referenceValue: 300, ratio: sizeAmericas / 1024 / 300 });
      console.log(`incidents: the shipped file (${loaded.added} records) validated and applied in ${loadSeconds.toFixed(1)} s`);
      return figures;
    } finally {
      await app.close();
    }
  } finally {
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchIncidents());
  process.exit(0);
}
