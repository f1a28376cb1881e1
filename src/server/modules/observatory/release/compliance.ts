import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.ts';
import { pick, t, type Locale } from '../../../platform/i18n/index.ts';
import { resolveScope, type Access } from '../read/index.ts';
import type { Structure } from '../structure/index.ts';
import { periodLength } from '../structure/index.ts';

/**
 * The regional minimum disaggregation (the forums' "sex, age, nationality, disability,
 * ethnic origin") per country and flow: for each of those dimensions, the months in which
 * the country reports it — at least one figure of that month uses a code other than the
 * total `_T`, unknown `_U` or not applicable `_Z`. Computed from the observations the
 * caller may see (the same scope as the data API: released figures for the public).
 */
export const MINIMUM = ['SEX', 'AGE', 'CITIZENSHIP', 'DISABILITY', 'ETHNICITY'] as const;
const NOT_A_BREAKDOWN = ['_T', '_U', '_Z'];

/**
 * Consecutive periods of one length as ranges: 2022-01…2022-12, 2023-03 → ["2022-01/2022-12", "2023-03"];
 * years and quarters the same way (2015…2024 → "2015/2024").
 */
export function monthRanges(periods: string[]): string[] {
  const idx = (m: string) => (m.length === 4 ? Number(m) : m.charAt(5) === 'Q' ? Number(m.slice(0, 4)) * 4 + Number(m.charAt(6)) : Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1);
  const sorted = [...new Set(periods)].filter((m) => /^\d{4}(-\d{2}|-Q[1-4])?$/.test(m)).sort();
  const out: string[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  for (const m of sorted) {
    if (start !== null && prev !== null && periodLength(prev) === periodLength(m) && idx(m) === idx(prev) + 1) {
      prev = m;
      continue;
    }
    if (start !== null) out.push(start === prev ? start : `${start}/${prev}`);
    start = prev = m;
  }
  if (start !== null) out.push(start === prev ? start : `${start}/${prev}`);
  return out;
}

export interface ComplianceQuery {
  country?: string;
  flow?: string;
}

export async function compliance(db: Executor, s: Structure, access: Access, at: Date, q: ComplianceQuery, locale: Locale) {
  const scope = await resolveScope(db, s, access, at);
  let visible;
  if (scope.all) visible = sql`obs_observation o where o.valid_to is null`;
  else {
    const countries = [...scope.privileged, ...scope.releases.map((r) => r.country)];
    const cutoffs = [...scope.privileged.map(() => at.toISOString()), ...scope.releases.map((r) => r.cutoff.toISOString())];
    visible = sql`obs_observation o join unnest(${countries}::text[], ${cutoffs}::timestamptz[]) as sc(ref_area, cutoff) on sc.ref_area = o.ref_area
      where o.valid_from <= sc.cutoff and (o.valid_to is null or o.valid_to > sc.cutoff)`;
  }
  const country = q.country ? sql` and o.ref_area = ${q.country}` : sql``;
  const flow = q.flow ? sql` and o.flow = ${q.flow}` : sql``;
  const rows = await sql<{ ref_area: string; flow: string; dim: string | null; periods: string[] }>`
    with v as (select o.* from ${visible} and o.dataflow_id = ${s.id}${country}${flow})
    select ref_area, flow, null as dim, array_agg(distinct time_period) as periods from v group by ref_area, flow
    union all
    select v.ref_area, v.flow, d.dim, array_agg(distinct v.time_period) from v
      cross join lateral (values ('SEX', v.sex), ('AGE', v.age), ('CITIZENSHIP', v.citizenship), ('DISABILITY', v.disability), ('ETHNICITY', v.ethnicity)) as d(dim, code)
      where d.code <> all(${NOT_A_BREAKDOWN}::text[])
      group by v.ref_area, v.flow, d.dim`.execute(db);

  const byCountry = new Map<string, Map<string, { periods: string[]; dims: Map<string, string[]> }>>();
  for (const r of rows.rows) {
    const flows = byCountry.get(r.ref_area) ?? new Map();
    byCountry.set(r.ref_area, flows);
    const f = flows.get(r.flow) ?? { periods: [], dims: new Map<string, string[]>() };
    flows.set(r.flow, f);
    if (r.dim === null) f.periods = r.periods;
    else f.dims.set(r.dim, r.periods);
  }
  const area = s.byId.get('REF_AREA');
  const flowInfo = s.byId.get('FLOW');
  const dimension = (id: string) => s.byId.get(id);
  return {
    dataflow: s.urn,
    note: t(locale, 'observatory.compliance.note'),
    minimum: MINIMUM.map((id) => ({ id, name: pick(dimension(id)?.name ?? { es: id }, locale) })),
    countries: [...byCountry.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, flows]) => {
        const all = new Map<string, Set<string>>(MINIMUM.map((d) => [d, new Set<string>()]));
        const allPeriods = new Set<string>();
        const flowsOut = [...flows.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([fl, f]) => {
            f.periods.forEach((p) => allPeriods.add(p));
            return {
              flow: fl,
              name: pick(flowInfo?.codes.get(fl)?.name ?? { es: fl }, locale),
              periods: { count: f.periods.length, ranges: monthRanges(f.periods) },
              dimensions: Object.fromEntries(
                MINIMUM.map((d) => {
                  const ps = f.dims.get(d) ?? [];
                  ps.forEach((p) => all.get(d)!.add(p));
                  return [d, { reported: ps.length > 0, count: ps.length, ranges: monthRanges(ps) }];
                }),
              ),
            };
          });
        return {
          country: code,
          name: pick(area?.codes.get(code)?.name ?? { es: code }, locale),
          periods: { count: allPeriods.size, ranges: monthRanges([...allPeriods]) },
          // across flows: which minimum disaggregations the country reports at all, and when
          dimensions: Object.fromEntries(MINIMUM.map((d) => [d, { reported: all.get(d)!.size > 0, count: all.get(d)!.size, ranges: monthRanges([...all.get(d)!]) }])),
          flows: flowsOut,
        };
      }),
  };
}
