import { sql, type RawBuilder } from 'kysely';
import type { Database, Executor } from '../../../platform/db/database.ts';
import { Invalid } from '../../../platform/http/errors.ts';
import { ensureCubes, isPublicGrouping, PUBLIC_GROUPINGS, queryCube } from './cube.ts';
import { coverageSql, sqlFirstMonth, sqlLastMonth, type AnswerPeriod } from '../structure/index.ts';
import { BREAKDOWN_IDS, DIMENSION_COLUMNS, DIMENSION_IDS, TOTAL, type DimensionId, type Structure } from '../structure/index.ts';

/**
 * Reading observations: who sees which state of which country (the scope), and the
 * aggregation that answers a question at the totals of every dimension not kept.
 *
 * Total resolution (mig-flows.md, "rules of meaning"): for a dimension not kept and not
 * filtered, a group's reported `_T` is used when it exists; otherwise the sum of its
 * parts (aggregate codes such as Y_LT18 only when no finer codes were reported).
 */
export type Access =
  | { kind: 'all' } // secretariat and administrators: every country's current state
  | { kind: 'country'; country: string } // a country's own users: own current state, others as released to member states
  | { kind: 'members' } // member-state viewers: what is released to member states or the public
  | { kind: 'public' }; // everyone else: what is released to the public

export interface ScopeRelease {
  id: string;
  country: string;
  level: 'members' | 'public';
  releaseAt: Date;
  cutoff: Date;
}

export type Period = AnswerPeriod;
export interface DataQuery {
  filters: Partial<Record<DimensionId, string[]>>;
  startPeriod?: string;
  endPeriod?: string;
  groupBy: (DimensionId | 'TIME_PERIOD')[];
  timeAggregation: Period;
  asOf?: Date;
  releaseId?: string;
  /** tests: answer from raw observations even where the rollup could */
  noRollup?: boolean;
  /** timeAggregation fiscalYear: the month the fiscal year starts in (2..12; the U.S. 10) */
  fiscalYearStart?: number;
  /** also each cell per this many inhabitants of its country and year (population.ts) */
  perCapita?: number;
}
export interface Cell {
  key: Record<string, string>;
  value: number;
  /** from a release cube: the cell holds part of a protection group (disclosure) */
  hidden?: boolean;
  /** TIME_PERIOD kept at a length above the month: the months the cell's figures cover, when fewer than the period's */
  coverage?: string | null;
}

const col = (d: DimensionId) => DIMENSION_COLUMNS[d];

/** The months of an ISO period bound: 2024 → 2024-01 / 2024-12; 2024-Q2 → 2024-04 / 2024-06. */
export function monthBound(p: string, end: boolean): string | null {
  let m = /^(\d{4})$/.exec(p);
  if (m) return `${m[1]}-${end ? '12' : '01'}`;
  m = /^(\d{4})-Q([1-4])$/.exec(p);
  if (m) return `${m[1]}-${String((Number(m[2]) - 1) * 3 + (end ? 3 : 1)).padStart(2, '0')}`;
  m = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(p);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
  return null;
}

/**
 * The period of the answer's rows at the asked length. Figures are never split: a figure whose
 * period is longer than the asked length keeps its own (an annual figure in a quarterly answer is
 * the row `2024`), and months and quarters roll up into quarters, years and fiscal years
 * (docs/adr/0017). A fiscal year starting in month `fy` (2..12) is named as the ISO 8601
 * interval of its months (`2022-10/2023-09`); a quarter not aligned with it, or a year, keeps its own period.
 */
export function periodExpr(p: Period, fy = 1, tp: RawBuilder<unknown> = sql`time_period`): RawBuilder<string> {
  const isMonth = sql`(length(${tp}) = 7 and substr(${tp}, 6, 1) <> 'Q')`;
  if (p === 'year' || (p === 'fiscalYear' && fy === 1)) return sql<string>`substr(${tp}, 1, 4)`;
  if (p === 'quarter') return sql<string>`(case when ${isMonth} then substr(${tp}, 1, 4) || '-Q' || ((substr(${tp}, 6, 2)::int + 2) / 3) else ${tp} end)`;
  if (p === 'fiscalYear') {
    // the first month of a month or an aligned quarter; the fiscal year ends in the calendar year of its last month
    const first = sql`(case when ${isMonth} then substr(${tp}, 6, 2)::int when substr(${tp}, 6, 1) = 'Q' then (substr(${tp}, 7, 1)::int - 1) * 3 + 1 end)`;
    const aligned = sql`(${isMonth} or (substr(${tp}, 6, 1) = 'Q' and ${sql.lit(fy)} % 3 = 1))`;
    const endYear = sql`(substr(${tp}, 1, 4)::int + case when ${first} >= ${sql.lit(fy)} then 1 else 0 end)`;
    // literals, not parameters: the same expression appears in the select list and the group by
    const label = sql`(${endYear} - 1)::text || ${sql.lit(`-${String(fy).padStart(2, '0')}/`)} || ${endYear}::text || ${sql.lit(`-${String(fy - 1).padStart(2, '0')}`)}`;
    return sql<string>`(case when ${aligned} then ${label} else ${tp} end)`;
  }
  return sql<string>`${tp}`;
}

/** The bounds of startPeriod/endPeriod: a figure is in the range when every month it covers is (a year in 2024-03..2024-12 is not). */
export function periodBounds(start: string | null, end: string | null, tp: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const conds: RawBuilder<unknown>[] = [];
  // the loose bound on the text first (2024 sorts before 2024-01 and 2024-Q1), so the index range still applies
  if (start) conds.push(sql`${tp} >= ${start.slice(0, 4)}`, sql`${sqlFirstMonth(tp)} >= ${start}`);
  if (end) conds.push(sql`${tp} <= ${`${end.slice(0, 4)}-Z`}`, sql`${sqlLastMonth(tp)} <= ${end}`);
  return conds;
}

async function policyVisibility(db: Executor, dataflowId: string, country: string): Promise<string> {
  const p = await db.selectFrom('obs_country_policy').select('visibility').where('dataflow_id', '=', dataflowId).where('country_code', '=', country).executeTakeFirst();
  return p?.visibility ?? 'public';
}

/**
 * The scope: for each country visible to this caller, the moment whose state is shown
 * (and the release it comes from). Countries shown at their current state have no release.
 */
export async function resolveScope(db: Executor, s: Structure, access: Access, at: Date, releaseId?: string) {
  const levels = access.kind === 'public' ? ['public'] : ['members', 'public'];
  let releases: ScopeRelease[];
  if (releaseId) {
    const r = await db
      .selectFrom('obs_release')
      .selectAll()
      .where('id', '=', releaseId)
      .where('dataflow_id', '=', s.id)
      .where('release_at', '<=', at)
      .executeTakeFirst();
    const allowed = r ? (await policyVisibility(db, s.id, r.country_code)) : 'public';
    const visible = r && (access.kind === 'all' || (access.kind === 'country' && r.country_code === access.country) || (levels.includes(r.level) && levels.includes(allowed)));
    releases = visible ? [{ id: r.id, country: r.country_code, level: r.level, releaseAt: r.release_at, cutoff: r.cutoff }] : [];
    return { releases, privileged: [] as string[], all: false };
  }
  if (access.kind === 'all') return { releases: [] as ScopeRelease[], privileged: [] as string[], all: true };
  const rows = await sql<{ id: string; country_code: string; level: 'members' | 'public'; release_at: Date; cutoff: Date }>`
    select distinct on (country_code) id, country_code, level, release_at, cutoff
    from obs_release r
    where dataflow_id = ${s.id} and release_at <= ${at} and level = any(${levels})
      -- the country's visibility (calendar.ts) caps every release's level: narrowing it hides them
      and coalesce((select p.visibility from obs_country_policy p where p.dataflow_id = r.dataflow_id and p.country_code = r.country_code), 'public') = any(${levels})
    order by country_code, release_at desc, created_at desc`.execute(db);
  const privileged = access.kind === 'country' ? [access.country] : [];
  releases = rows.rows
    .filter((r) => !privileged.includes(r.country_code))
    .map((r) => ({ id: r.id, country: r.country_code, level: r.level, releaseAt: r.release_at, cutoff: r.cutoff }));
  return { releases, privileged, all: false };
}

export type Scope = Awaited<ReturnType<typeof resolveScope>>;

/** The scope of a question: a country's users asking only about other countries read them as released, like everyone else. */
export function scopeOf(db: Executor, s: Structure, q: DataQuery, access: Access, now: Date): Promise<Scope> {
  const at = q.asOf && q.asOf < now ? q.asOf : now;
  const effective: Access = access.kind === 'country' && q.filters.REF_AREA?.length && !q.filters.REF_AREA.includes(access.country) ? { kind: 'members' } : access;
  const areas = q.filters.REF_AREA?.length ? new Set(q.filters.REF_AREA) : null;
  // only the releases the figures can come from: the answer names them, and its ETag depends on them alone
  return resolveScope(db, s, effective, at, q.releaseId).then((sc) =>
    areas ? { ...sc, releases: sc.releases.filter((r) => areas.has(r.country)), privileged: sc.privileged.filter((c) => areas.has(c)) } : sc,
  );
}

/** `from <table> o` restricted to the revisions visible in the scope. */
function scopedFrom(table: 'obs_observation' | 'obs_rollup', scope: Scope, at: Date): RawBuilder<unknown> {
  const t = sql.table(table);
  if (scope.all) return sql`${t} o where o.valid_from <= ${at} and (o.valid_to is null or o.valid_to > ${at})`;
  const countries = [...scope.privileged, ...scope.releases.map((r) => r.country)];
  const cutoffs = [...scope.privileged.map(() => at.toISOString()), ...scope.releases.map((r) => r.cutoff.toISOString())];
  return sql`${t} o join unnest(${countries}::text[], ${cutoffs}::timestamptz[]) as sc(ref_area, cutoff) on sc.ref_area = o.ref_area
    where o.valid_from <= sc.cutoff and (o.valid_to is null or o.valid_to > sc.cutoff)`;
}

/**
 * Collapses the breakdown dimensions not kept to their totals, one after the other,
 * then sums over whatever else is not kept. `base` yields the nine dimension columns,
 * time_period and v.
 */
export function aggregateSql(s: Structure, base: RawBuilder<unknown>, keep: (DimensionId | 'TIME_PERIOD')[], filtered: Set<string>, period: Period, fy = 1): RawBuilder<unknown> {
  let remaining = [...DIMENSION_IDS.map(col), 'time_period'];
  const ctes: RawBuilder<unknown>[] = [sql`c0 as (${base})`];
  let i = 0;
  for (const d of BREAKDOWN_IDS) {
    if (keep.includes(d) || filtered.has(d)) continue;
    const c = col(d);
    const aggs = [...(s.byId.get(d)?.codes.values() ?? [])].filter((x) => x.isAggregate).map((x) => x.code);
    remaining = remaining.filter((r) => r !== c);
    const cols = sql.join(remaining.map((r) => sql.ref(r)));
    const ref = sql.ref(c);
    const fine = sql`${ref} <> ${TOTAL} and not (${ref} = any(${aggs}::text[]))`;
    ctes.push(sql`${sql.raw(`c${i + 1}`)} as (
      select ${cols},
        case when bool_or(${ref} = ${TOTAL}) then sum(v) filter (where ${ref} = ${TOTAL})
             when bool_or(${fine}) then sum(v) filter (where ${fine})
             else sum(v) filter (where ${ref} = any(${aggs}::text[])) end as v
      from ${sql.raw(`c${i}`)} group by ${cols})`);
    i++;
  }
  const keptCols = keep.map((k) => (k === 'TIME_PERIOD' ? sql`${periodExpr(period, fy)} as time_period` : sql`${sql.ref(col(k))} as ${sql.ref(col(k))}`));
  const groupCols = keep.map((k) => (k === 'TIME_PERIOD' ? periodExpr(period, fy) : sql.ref(col(k))));
  if (keep.includes('TIME_PERIOD') && period !== 'month') keptCols.push(sql`${coverageSql(period, sql`array_agg(distinct time_period)`)} as coverage`);
  const select = keptCols.length ? sql`${sql.join(keptCols)}, ` : sql``;
  const groupBy = groupCols.length ? sql`group by ${sql.join(groupCols)}` : sql``;
  const orderBy = groupCols.length ? sql`order by ${sql.join(groupCols)}` : sql``;
  return sql`with ${sql.join(ctes)} select ${select}sum(v)::bigint as v from ${sql.raw(`c${i}`)} ${groupBy} having count(*) > 0 ${orderBy}`;
}

/**
 * Answers a question. Three paths:
 * - only released figures in scope (public, member states, a country's users asking about
 *   other countries): the release cubes (cube.ts), with their disclosure pattern;
 * - unreleased state in scope, headline question: `obs_rollup` (current totals as revisions);
 * - otherwise (or `noRollup`): raw observations.
 */
/**
 * The breakdowns a question keeps or filters, refused unless released cubes answer them
 * (`PUBLIC_GROUPINGS`). `ownCountries`: the asker's own countries, named in the message of a
 * mixed question (data-service.ts), where any breakdown is open for them alone.
 */
export function checkPublicGrouping(q: DataQuery, ownCountries?: string[]): DimensionId[] {
  const grouping = BREAKDOWN_IDS.filter((d) => q.groupBy.includes(d) || !!q.filters[d]?.length);
  if (!isPublicGrouping(grouping)) {
    const allowed = PUBLIC_GROUPINGS.filter((g) => g.length).map((g) => g.join('×')).join(', ');
    const params = { dimensions: grouping.join('×'), allowed };
    throw new Invalid([
      ownCountries?.length
        ? { path: 'groupBy', key: 'errors.observatoryGroupingNotPublicMixed', params: { ...params, country: ownCountries.join(',') } }
        : { path: 'groupBy', key: 'errors.observatoryGroupingNotPublic', params },
    ]);
  }
  return grouping;
}

export async function queryCells(db: Database, s: Structure, q: DataQuery, access: Access, now: Date, resolved?: Scope) {
  const at = q.asOf && q.asOf < now ? q.asOf : now;
  const scope = resolved ?? (await scopeOf(db, s, q, access, now));
  if (!scope.all && scope.privileged.length === 0 && scope.releases.length === 0) return { cells: [] as Cell[], scope, rollup: false, cube: false };
  const filtered = new Set<string>();
  const conds: RawBuilder<unknown>[] = [];
  for (const [d, codes] of Object.entries(q.filters) as [DimensionId, string[]][]) {
    if (!codes?.length) continue;
    filtered.add(d);
    conds.push(sql`o.${sql.ref(col(d))} = any(${codes}::text[])`);
  }
  const start = q.startPeriod ? monthBound(q.startPeriod, false) : null;
  const end = q.endPeriod ? monthBound(q.endPeriod, true) : null;
  conds.push(...periodBounds(start, end, sql`o.time_period`));

  if (!q.noRollup && !scope.all && scope.privileged.length === 0) {
    const grouping = checkPublicGrouping(q);
    const ids = scope.releases.map((r) => r.id);
    await ensureCubes(db, s, ids);
    const where = conds.length ? sql.join(conds, sql` and `) : sql`true`;
    const cells: Cell[] = await queryCube(db, ids, grouping, q.groupBy, where, periodExpr(q.timeAggregation, q.fiscalYearStart ?? 1), q.timeAggregation !== 'month' ? q.timeAggregation : null);
    return { cells, scope, rollup: true, cube: true };
  }

  const where = sql.join([sql`o.dataflow_id = ${s.id}`, ...conds], sql` and `);
  // Headline questions (no breakdown kept or filtered) read the rollup, not raw rows.
  const rollup = !q.noRollup && BREAKDOWN_IDS.every((d) => !q.groupBy.includes(d) && !filtered.has(d));
  let base: RawBuilder<unknown>;
  if (rollup) {
    const totals = BREAKDOWN_IDS.map((d) => sql`${TOTAL}::text as ${sql.ref(col(d))}`);
    base = sql`select o.ref_area, o.flow, ${sql.join(totals)}, o.time_period, o.obs_value as v from ${scopedFrom('obs_rollup', scope, at)} and ${where}`;
  } else {
    base = sql`select ${sql.join(DIMENSION_IDS.map((d) => sql`o.${sql.ref(col(d))}`))}, o.time_period, o.obs_value as v from ${scopedFrom('obs_observation', scope, at)} and ${where}`;
  }
  const rows = await aggregateSql(s, base, q.groupBy, filtered, q.timeAggregation, q.fiscalYearStart ?? 1).execute(db);
  const withCoverage = q.groupBy.includes('TIME_PERIOD') && q.timeAggregation !== 'month';
  const cells: Cell[] = (rows.rows as Record<string, string | number | null>[]).map((r) => {
    const key: Record<string, string> = {};
    for (const k of q.groupBy) key[k] = String(r[k === 'TIME_PERIOD' ? 'time_period' : col(k)]);
    return withCoverage ? { key, value: Number(r.v), coverage: (r.coverage as string | null) ?? null } : { key, value: Number(r.v) };
  });
  return { cells, scope, rollup, cube: false };
}

/** Recomputes the rollup rows of the given keys from the current observations, as revisions. */
export async function refreshRollup(tx: Executor, s: Structure, keysTable: string, stamp: Date): Promise<number> {
  // A country × flow × month that reports its total row (every breakdown at _T) has that row
  // as its headline: resolving the breakdowns one by one (aggregateSql) prefers a _T row at
  // every step, so it would return the same value. Those rows are found through the
  // current-revision index, one probe per key; only the other keys are resolved in full.
  const allTotal = sql.join(BREAKDOWN_IDS.map((d) => sql`o.${sql.ref(col(d))} = ${TOTAL}`), sql` and `);
  await sql`create temp table obs_rollup_new on commit drop as
    select o.ref_area, o.flow, o.time_period, o.obs_value as v
    from ${sql.table(keysTable)} k join obs_observation o on o.dataflow_id = ${s.id} and o.valid_to is null
      and o.ref_area = k.ref_area and o.flow = k.flow and o.time_period = k.time_period and ${allTotal}`.execute(tx);
  await sql`create temp table obs_keys_rest on commit drop as
    select k.ref_area, k.flow, k.time_period from ${sql.table(keysTable)} k
    where not exists (select 1 from obs_rollup_new t where t.ref_area = k.ref_area and t.flow = k.flow and t.time_period = k.time_period)`.execute(tx);
  await sql`analyze obs_keys_rest`.execute(tx);
  const base = sql`select ${sql.join(DIMENSION_IDS.map((d) => sql`o.${sql.ref(col(d))}`))}, o.time_period, o.obs_value as v
    from obs_observation o join obs_keys_rest k on k.ref_area = o.ref_area and k.flow = o.flow and k.time_period = o.time_period
    where o.dataflow_id = ${s.id} and o.valid_to is null`;
  const totals = aggregateSql(s, base, ['REF_AREA', 'FLOW', 'TIME_PERIOD'], new Set(), 'month');
  await sql`insert into obs_rollup_new (ref_area, flow, time_period, v) ${totals}`.execute(tx);
  await sql`drop table obs_keys_rest`.execute(tx);
  await sql`analyze obs_rollup_new`.execute(tx);
  await sql`update obs_rollup r set valid_to = ${stamp} from obs_rollup_new t
    where r.dataflow_id = ${s.id} and r.valid_to is null and r.ref_area = t.ref_area and r.flow = t.flow and r.time_period = t.time_period and r.obs_value <> t.v`.execute(tx);
  const ins = await sql`insert into obs_rollup (dataflow_id, ref_area, flow, time_period, obs_value, valid_from)
    select ${s.id}, t.ref_area, t.flow, t.time_period, t.v, ${stamp} from obs_rollup_new t
    where not exists (select 1 from obs_rollup r where r.dataflow_id = ${s.id} and r.valid_to is null and r.ref_area = t.ref_area and r.flow = t.flow and r.time_period = t.time_period)`.execute(tx);
  await sql`drop table obs_rollup_new`.execute(tx);
  return Number(ins.numAffectedRows ?? 0);
}
