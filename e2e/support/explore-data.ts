import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { E2eEnv } from './env.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The copy of americas-flows shipped with the application (seed/observatory, docs/adr/0003). */
export const AMERICAS_DIR = path.join(ROOT, 'seed', 'observatory', 'americas-flows');

/**
 * A fresh start loads the real americas-flows data in the background and releases it to
 * the public (src/server/server.ts). Waits until every flow is in and every reporting
 * country is released.
 */
export async function waitForRealData(env: E2eEnv, timeoutMs = 360_000): Promise<void> {
  const db = env.running.database.db;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await sql<{ flows: number; countries: number; released: number }>`select
        (select count(distinct flow)::int from obs_rollup where valid_to is null) as flows,
        (select count(distinct ref_area)::int from obs_rollup where valid_to is null) as countries,
        (select count(distinct country_code)::int from obs_release where level = 'public') as released`.execute(db);
    const x = r.rows[0]!;
    if (x.flows >= 3 && x.countries > 0 && x.released >= x.countries) return;
    if (Date.now() > deadline) throw new Error(`the real data did not finish loading at start (flows ${x.flows}, countries ${x.countries}, released ${x.released})`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/** Serious and critical axe-core findings, summarised so a failure says what and where. */
export { axeViolations, settle } from './page.ts';

/** Figures of the data API, for comparing a page with the API (never with numbers typed here). */
export async function apiData(env: E2eEnv, qs: string): Promise<{ [k: string]: string | number | null; OBS_VALUE: number | null }[]> {
  const res = await fetch(`${env.url}/api/v1/data/MIG_FLOWS?${qs}`);
  return ((await res.json()) as { observations: { [k: string]: string | number | null; OBS_VALUE: number | null }[] }).observations;
}
