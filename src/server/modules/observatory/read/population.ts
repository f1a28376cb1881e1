import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database, Executor } from '../../../platform/db/database.ts';
import { Invalid, type Issue } from '../../../platform/http/errors.ts';
import { SEED_DIR } from '../../../platform/paths.ts';
import type { DataQuery } from './query.ts';

/**
 * Population by country and year (UN DESA, World Population Prospects 2024, copied into
 * seed/observatory/population-wpp2024), the denominator of the data API's `perCapita`
 * option. A reference table (`obs_population`), loaded with the shipped real data on a
 * first start: population is not a flow of persons, so it is neither a MIG_FLOWS submission
 * nor under disclosure control; it is public, and every row names its source.
 */
export const POPULATION_DATASET = 'population-wpp2024';
export const POPULATION_FILE = 'population.csv';
export const POPULATION_SOURCE = 'UN DESA, World Population Prospects 2024 (seed/observatory/population-wpp2024/SOURCE.md)';
/** the bases `perCapita` accepts: per 1,000 inhabitants (flows), per 100,000 (rare events) */
export const PER_CAPITA_BASES = ['1000', '100000'] as const;

/** The shipped file in `dir` (seed/observatory's layout, or the dataset's own folder); rows inserted, 0 when already there. */
export async function loadPopulation(db: Database, dir: string = path.join(SEED_DIR, 'observatory')): Promise<number> {
  const file = [path.join(dir, POPULATION_DATASET, POPULATION_FILE), path.join(dir, POPULATION_FILE)].find((p) => fs.existsSync(p));
  if (!file) return 0;
  // idempotent: a table that already holds this source is left as it is (an operator's corrections win)
  const present = await db.selectFrom('obs_population').select('ref_area').where('source', '=', POPULATION_SOURCE).limit(1).executeTakeFirst();
  if (present) return 0;
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = (header ?? '').split(',');
  const at = (name: string) => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  const [area, year, pop, net] = [at('REF_AREA'), at('TIME_PERIOD'), at('POPULATION_THOUSANDS'), at('NET_MIGRATION_THOUSANDS')];
  const rows = lines
    .map((l) => l.split(','))
    .filter((v) => /^[A-Z]{3}$/.test(v[area] ?? '') && /^\d{4}$/.test(v[year] ?? '') && Number(v[pop]) > 0)
    .map((v) => ({ ref_area: v[area]!, year: Number(v[year]), population_thousands: v[pop]!, net_migration_thousands: v[net] === '' || v[net] === 'NA' ? null : v[net]!, source: POPULATION_SOURCE }));
  let inserted = 0;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const r = await tx.insertInto('obs_population').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.columns(['ref_area', 'year']).doNothing()).executeTakeFirst();
      inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
  });
  return inserted;
}

export interface PopulationRow {
  REF_AREA: string;
  year: number;
  populationThousands: number;
  netMigrationThousands: number | null;
}

export async function listPopulation(db: Executor, q: { countries?: string[]; startYear?: number; endYear?: number }): Promise<{ source: string[]; items: PopulationRow[] }> {
  let sel = db.selectFrom('obs_population').select(['ref_area', 'year', 'population_thousands', 'net_migration_thousands', 'source']);
  if (q.countries?.length) sel = sel.where('ref_area', 'in', q.countries);
  if (q.startYear) sel = sel.where('year', '>=', q.startYear);
  if (q.endYear) sel = sel.where('year', '<=', q.endYear);
  const rows = await sel.orderBy('ref_area').orderBy('year').execute();
  return {
    source: [...new Set(rows.map((r) => r.source))],
    items: rows.map((r) => ({ REF_AREA: r.ref_area, year: r.year, populationThousands: Number(r.population_thousands), netMigrationThousands: r.net_migration_thousands === null ? null : Number(r.net_migration_thousands) })),
  };
}

/** The country and the year of each answer cell, or the 400 saying what the question must fix. */
export function perCapitaScope(q: DataQuery): { country: (key: Record<string, string>) => string; year: (key: Record<string, string>) => number } {
  const issues: Issue[] = [];
  const single = q.filters.REF_AREA?.length === 1 ? q.filters.REF_AREA[0]! : null;
  if (!q.groupBy.includes('REF_AREA') && !single) issues.push({ path: 'perCapita', key: 'errors.perCapitaCountry' });
  const startYear = q.startPeriod?.slice(0, 4);
  const sameYear = startYear !== undefined && startYear === q.endPeriod?.slice(0, 4) ? Number(startYear) : null;
  if (!q.groupBy.includes('TIME_PERIOD') && sameYear === null) issues.push({ path: 'perCapita', key: 'errors.perCapitaYear' });
  if (issues.length) throw new Invalid(issues);
  return {
    country: (key) => key.REF_AREA ?? single!,
    year: (key) => (key.TIME_PERIOD ? Number(key.TIME_PERIOD.slice(0, 4)) : sameYear!),
  };
}

/**
 * Each observation divided by its country's population of its year × `per`. Where the
 * year has no population (WPP's estimates end in 2023; its projections are not shipped),
 * the latest earlier year is used and named (`POPULATION_YEAR`), never a later one; with
 * none, or a suppressed cell, the rate is null.
 */
export async function withPerCapita<O extends Record<string, unknown> & { OBS_VALUE: number | null }>(db: Executor, q: DataQuery, per: number, observations: O[]) {
  const scope = perCapitaScope(q);
  const countries = [...new Set(observations.map((o) => scope.country(o as unknown as Record<string, string>)))];
  const rows = countries.length
    ? await sql<{ ref_area: string; year: number; p: string }>`select ref_area, year, population_thousands::text as p from obs_population where ref_area in (${sql.join(countries)}) order by ref_area, year`.execute(db)
    : { rows: [] };
  const byCountry = new Map<string, { year: number; p: number }[]>();
  for (const r of rows.rows) {
    const list = byCountry.get(r.ref_area) ?? [];
    list.push({ year: r.year, p: Number(r.p) });
    byCountry.set(r.ref_area, list);
  }
  const sources = await sql<{ source: string }>`select distinct source from obs_population where ref_area in (${sql.join(countries.length ? countries : [''])})`.execute(db);
  return {
    perCapita: { per, source: sources.rows.map((r) => r.source) },
    observations: observations.map((o) => {
      const key = o as unknown as Record<string, string>;
      const year = scope.year(key);
      const pop = (byCountry.get(scope.country(key)) ?? []).filter((r) => r.year <= year).at(-1);
      const rate = pop && o.OBS_VALUE !== null ? Math.round(((o.OBS_VALUE * per) / (pop.p * 1000)) * 1000) / 1000 : null;
      return { ...o, PER_CAPITA: rate, POPULATION_YEAR: pop?.year ?? null };
    }),
  };
}
