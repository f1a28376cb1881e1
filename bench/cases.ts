import { findCandidates } from '../src/server/modules/cases/index.ts';
import type { RecordRow } from '../src/server/modules/cases/view.ts';
import { openBenchDatabase, percentile, timeInterleaved, type Figure } from './lib.ts';

/**
 * The missing-persons exchange (issue 23, docs/adr/0014): the candidate search for one report
 * among 100,000 unidentified remains (Mexico's, shared with El Salvador; random sex, ages,
 * heights, dates 2018–2025 and places over Mexico and Central America; a 300-byte ciphertext
 * each, as the real rows carry), through the module's findCandidates (SQL filter + scoring),
 * beside the same filter written as raw SQL on the same pool. Aim: p95 ≤ 200 ms.
 */
const N = 100_000;
const RUNS = 40;

export async function benchCases(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_cases');
  try {
    console.log(`cases: writing ${N.toLocaleString('en')} remains records…`);
    await h.pool.query(`
      insert into case_record (kind, country_code, case_ref, status, sex, age_min, age_max, height_min, height_max, event_date, lat, lon,
                               mark_codes, belonging_codes, share_countries, personal_ct, key_id)
      select 'remains', 'MEX', 'MX-B-' || g, 'unidentified',
             (array['F','M','U'])[1 + (g % 3)], a, a + 10, hgt, hgt + 12,
             date '2018-01-01' + (g % 2900),
             round((14 + random() * 18)::numeric, 1)::float8, round((-117 + random() * 30)::numeric, 1)::float8,
             case when g % 7 = 0 then array['tattoo_forearm_left'] else array['scar_abdomen'] end,
             case when g % 5 = 0 then array['rosary'] else '{}'::text[] end,
             array['SLV','GTM']::char(3)[], decode(repeat(md5(random()::text), 19), 'hex'), 'bench'
      from generate_series(1, ${N}) g, lateral (select 15 + (g % 45) as a, 145 + (g % 40) as hgt) x`);
    await h.pool.query('analyze case_record');
    const report = (
      await h.pool.query<RecordRow>(`
      insert into case_record (kind, country_code, case_ref, status, sex, age_min, age_max, height_min, height_max, event_date, lat, lon, route_points,
                               mark_codes, belonging_codes, share_countries, consent_date, personal_ct, key_id)
      values ('report', 'SLV', 'SLV-BENCH-1', 'open', 'F', 24, 26, 150, 158, '2023-03-02', 14.9, -92.3, '[[16.2,-93.9],[19.4,-99.1]]',
              array['tattoo_forearm_left'], array['rosary'], array['MEX']::char(3)[], '2023-03-10', decode(repeat(md5(random()::text), 19), 'hex'), 'bench')
      returning *`)
    ).rows[0]!;
    const raw = `
      select r.id, d.km from case_record r
      cross join lateral (select min(2 * 6371 * asin(least(1, sqrt(power(sin(radians(r.lat - p.la) / 2), 2) + cos(radians(p.la)) * cos(radians(r.lat)) * power(sin(radians(r.lon - p.lo) / 2), 2))))) as km
                          from (values (14.9::float8, -92.3::float8), (16.2, -93.9), (19.4, -99.1)) p(la, lo)) d
      where r.kind = 'remains' and r.withdrawn_at is null and r.erased_at is null and r.status = 'unidentified'
        and r.sex in ('F', 'U') and r.event_date >= '2023-03-02' and r.age_min <= 26 and r.age_max >= 24
        and (r.height_min is null or (r.height_min <= 158 and r.height_max >= 150))
        and (r.country_code = 'SLV' or ('SLV' = any(r.share_countries) and r.country_code = any('{MEX}'::char(3)[])))
        and ((r.lat between 12.2 and 17.6 and r.lon between -95.1 and -89.5) or (r.lat between 13.5 and 18.9 and r.lon between -96.7 and -91.1)
          or (r.lat between 16.7 and 22.1 and r.lon between -102.0 and -96.2))
        and d.km <= 300`;
    const found = await findCandidates(h.db, report, 300);
    const rawRows = (await h.pool.query(raw)).rows.length;
    console.log(`cases: ${found.length} candidates (raw SQL filter: ${rawRows} rows)`);
    const [a, r] = await timeInterleaved(RUNS, [() => findCandidates(h.db, report, 300), () => h.pool.query(raw)]);
    const p95 = percentile(a!, 95);
    const ref = percentile(r!, 95);
    return [
      { name: `cases: candidates for one report among ${N.toLocaleString('en')} remains (p95)`, value: p95, unit: 'ms', reference: 'the same filter by raw SQL (p95)', referenceValue: ref, ratio: p95 / ref },
      { name: 'cases: candidate search against the aim (p95)', value: p95, unit: 'ms', reference: 'aim', referenceValue: 200, ratio: p95 / 200 },
    ];
  } finally {
    await h.close();
  }
}

// `node --import tsx bench/cases.ts`: this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchCases());
}
