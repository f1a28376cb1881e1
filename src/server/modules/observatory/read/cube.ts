import { sql, type RawBuilder } from 'kysely';
import { usePrimaryFromNowOn } from '../../../platform/db/read-replica.ts';
import type { Database, Executor } from '../../../platform/db/database.ts';
import { BREAKDOWN_IDS, DIMENSION_COLUMNS, TOTAL, type DimensionId, type Structure } from '../structure/index.ts';
import { protectCube, type CubeCell } from './protect.ts';
import { coverageSql, type AnswerPeriod as Period } from '../structure/index.ts';

/**
 * Released figures, pre-aggregated per release (docs/adr/0005-observatory-released-rollups.md).
 *
 * When a release is made, the country's observations as they stood at the cutoff are
 * aggregated once into `obs_cube`: for each public grouping (a set of breakdown dimensions)
 * one row per flow × month × the grouping's codes, every other breakdown dimension resolved
 * to its total exactly as the raw query does (reported _T, else the sum of its parts). The
 * disclosure pattern is decided there too (protect.ts). Public and member-state answers are
 * sums of cube rows of the releases in scope, so they read thousands of rows, not millions,
 * and every query sees the same suppression.
 */
export const PUBLIC_GROUPINGS: DimensionId[][] = [
  [],
  ['CITIZENSHIP'],
  ['COUNTERPART_AREA'],
  ['SEX'],
  ['AGE'],
  ['DISABILITY'],
  ['ETHNICITY'],
  ['LOCATION'],
  ['CITIZENSHIP', 'SEX'],
  ['SEX', 'AGE'],
];
export const groupingName = (dims: DimensionId[]) => BREAKDOWN_IDS.filter((d) => dims.includes(d)).join(',');
const GROUPING_NAMES = new Set(PUBLIC_GROUPINGS.map(groupingName));
export const isPublicGrouping = (dims: DimensionId[]) => GROUPING_NAMES.has(groupingName(dims));

const col = (d: DimensionId) => DIMENSION_COLUMNS[d];

/** Builds the cube of one release (inside the caller's transaction). */
export async function buildReleaseCube(tx: Executor, s: Structure, release: { id: string; country: string; cutoff: Date }): Promise<number> {
  let seq = 0;
  const tmp = () => `obs_cb_${++seq}`;
  const base = tmp();
  await sql`create temp table ${sql.table(base)} on commit drop as
    select flow, time_period, ${sql.join(BREAKDOWN_IDS.map((d) => sql.ref(col(d))))}, obs_value as v from obs_observation
    where dataflow_id = ${s.id} and ref_area = ${release.country} and valid_from <= ${release.cutoff} and (valid_to is null or valid_to > ${release.cutoff})`.execute(tx);
  // the aggregations below hash up to a country's whole history: give them memory rather than disk
  await sql`set local work_mem = '256MB'`.execute(tx);
  await sql`analyze ${sql.table(base)}`.execute(tx);
  // A dimension the country reports only at its total (_T) collapses to itself: skip that pass.
  const only = await sql<Record<string, boolean>>`select ${sql.join(
    BREAKDOWN_IDS.map((d) => sql`bool_and(${sql.ref(col(d))} = ${TOTAL}) as ${sql.ref(col(d))}`),
  )} from ${sql.table(base)}`.execute(tx);
  const totalOnly = new Set(BREAKDOWN_IDS.filter((d) => only.rows[0]?.[col(d)] !== false));
  await sql`create temp table obs_cube_tmp (n serial, grouping text, flow text, time_period text,
    ${sql.join(BREAKDOWN_IDS.map((d) => sql`${sql.ref(col(d))} text`))}, v bigint) on commit drop`.execute(tx);

  // Each grouping collapses the other breakdown dimensions in a fixed order; groupings that
  // share a prefix of that order share the intermediate tables (the first collapse over the
  // raw rows is the expensive one).
  const collapse = async (table: string, present: DimensionId[], cubes: DimensionId[][]) => {
    const next = new Map<DimensionId | null, DimensionId[][]>();
    for (const g of cubes) {
      const d = present.find((x) => !g.includes(x)) ?? null;
      next.set(d, [...(next.get(d) ?? []), g]);
    }
    for (const [d, gs] of next) {
      if (d === null) {
        for (const g of gs) {
          const dims = BREAKDOWN_IDS.map((x) => (g.includes(x) ? sql.ref(col(x)) : sql`null`));
          await sql`insert into obs_cube_tmp (grouping, flow, time_period, ${sql.join(BREAKDOWN_IDS.map((x) => sql.ref(col(x))))}, v)
            select ${groupingName(g)}, flow, time_period, ${sql.join(dims)}, v from ${sql.table(table)}`.execute(tx);
        }
        continue;
      }
      const rest = present.filter((x) => x !== d);
      if (totalOnly.has(d)) {
        // one row per key already: resolving d to its total changes nothing
        await collapse(table, rest, gs);
        continue;
      }
      const cols = sql.join(['flow', 'time_period', ...rest.map(col)].map((c) => sql.ref(c)));
      const ref = sql.ref(col(d));
      const aggs = [...(s.byId.get(d)?.codes.values() ?? [])].filter((x) => x.isAggregate).map((x) => x.code);
      const fine = sql`${ref} <> ${TOTAL} and not (${ref} = any(${aggs}::text[]))`;
      const out = tmp();
      await sql`create temp table ${sql.table(out)} on commit drop as
        select ${cols},
          case when bool_or(${ref} = ${TOTAL}) then sum(v) filter (where ${ref} = ${TOTAL})
               when bool_or(${fine}) then sum(v) filter (where ${fine})
               else sum(v) filter (where ${ref} = any(${aggs}::text[])) end as v
        from ${sql.table(table)} group by ${cols}`.execute(tx);
      await collapse(out, rest, gs);
      await sql`drop table ${sql.table(out)}`.execute(tx);
    }
  };
  await collapse(base, BREAKDOWN_IDS, PUBLIC_GROUPINGS);
  await sql`drop table ${sql.table(base)}`.execute(tx);

  // the disclosure pattern, decided once for every later query
  const rows = await sql<Record<string, string | null> & { n: number; grouping: string; v: string }>`select * from obs_cube_tmp order by n`.execute(tx);
  const gIndex = new Map(PUBLIC_GROUPINGS.map((g, i) => [groupingName(g), i]));
  const cells: CubeCell[] = rows.rows.map((r) => {
    const gi = gIndex.get(r.grouping)!;
    return { grouping: gi, unit: `${r.flow}|${r.time_period}`, codes: PUBLIC_GROUPINGS[gi]!.map((d) => r[col(d)]!), value: Number(r.v) };
  });
  const aggregates = new Map<string, Map<string, string[]>>();
  for (const d of BREAKDOWN_IDS) {
    const codes = [...(s.byId.get(d)?.codes.values() ?? [])];
    const m = new Map<string, string[]>();
    for (const a of codes.filter((c) => c.isAggregate)) m.set(a.code, codes.filter((c) => c.parent === a.code).map((c) => c.code));
    if (m.size) aggregates.set(d, m);
  }
  const p = protectCube(cells, { k: s.suppressionThreshold, groupings: PUBLIC_GROUPINGS, aggregates });
  const hidden = rows.rows.map((r, i) => ({ n: r.n, i })).filter((x) => p.suppressed[x.i]);
  await sql`insert into obs_cube (release_id, grouping, ref_area, flow, time_period, ${sql.join(BREAKDOWN_IDS.map((d) => sql.ref(col(d))))}, obs_value, suppressed, grp, grp_size)
    select ${release.id}::uuid, t.grouping, ${release.country}, t.flow, t.time_period, ${sql.join(BREAKDOWN_IDS.map((d) => sql`t.${sql.ref(col(d))}`))}, t.v,
      coalesce(u.sup, false), u.grp, u.size
    from obs_cube_tmp t left join unnest(${hidden.map((x) => x.n)}::int[], ${hidden.map(() => true)}::bool[], ${hidden.map((x) => p.group[x.i]!)}::int[],
      ${hidden.map((x) => p.groupSize.get(p.group[x.i]!)!)}::int[]) as u(n, sup, grp, size) on u.n = t.n`.execute(tx);
  await sql`drop table obs_cube_tmp`.execute(tx);
  await sql`update obs_release set cube_built_at = clock_timestamp() where id = ${release.id}::uuid`.execute(tx);
  return rows.rows.length;
}

/** Releases made before cubes existed (or by a path that skipped them) get theirs on first read. */
export async function ensureCubes(db: Database, s: Structure, releaseIds: string[]): Promise<void> {
  if (!releaseIds.length) return;
  const missing = await sql<{ id: string }>`select id from obs_release where id = any(${releaseIds}::uuid[]) and cube_built_at is null`.execute(db);
  // a write, and the rest of the answer must read it: on the primary even for a public read (ADR 0010)
  if (missing.rows.length) usePrimaryFromNowOn();
  for (const { id } of missing.rows) {
    await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${'obs-cube:' + id}))`.execute(tx);
      const r = await sql<{ country_code: string; cutoff: Date; cube_built_at: Date | null }>`select country_code, cutoff, cube_built_at from obs_release where id = ${id}::uuid`.execute(tx);
      const row = r.rows[0];
      if (!row || row.cube_built_at) return;
      await buildReleaseCube(tx, s, { id, country: row.country_code, cutoff: row.cutoff });
    });
  }
}

export interface CubeCellOut {
  key: Record<string, string>;
  value: number;
  hidden: boolean;
  coverage?: string | null;
}

/**
 * Answers a question from the cubes of the given releases. An answer cell that holds part of
 * a protection group but not all of it is hidden (protect.ts): its complement is published
 * elsewhere, so publishing it would give the suppressed cells away by subtraction.
 */
export async function queryCube(
  db: Executor,
  releaseIds: string[],
  grouping: DimensionId[],
  keep: (DimensionId | 'TIME_PERIOD')[],
  where: RawBuilder<unknown>,
  period: RawBuilder<string>,
  /** TIME_PERIOD kept above the month: each cell also says which months it covers when partial (query.ts coverageSql) */
  coverageOf: Period | null = null,
): Promise<CubeCellOut[]> {
  const exprs = keep.map((k) => (k === 'TIME_PERIOD' ? period : sql.ref(`o.${col(k)}`)));
  const names = keep.map((k) => (k === 'TIME_PERIOD' ? 'time_period' : col(k)));
  const inner = exprs.map((e, i) => sql`${e} as ${sql.ref(names[i]!)}`);
  const outer = names.map((n) => sql.ref(n));
  const sel = (list: RawBuilder<unknown>[]) => (list.length ? sql`${sql.join(list)}, ` : sql``);
  const groupInner = sql.join([...exprs, sql.ref('o.release_id'), sql.ref('o.grp')]);
  const groupOuter = outer.length ? sql`group by ${sql.join(outer)} having count(*) > 0 order by ${sql.join(outer)}` : sql`having count(*) > 0`;
  const cov = coverageOf && keep.includes('TIME_PERIOD') ? sql`, ${coverageSql(coverageOf, sql`string_to_array(string_agg(tps, ','), ',')`)} as coverage` : sql``;
  const r = await sql<Record<string, string> & { v: string; hidden: boolean; coverage?: string | null }>`
    select ${sel(outer)}sum(v)::bigint as v, bool_or(partial) as hidden${cov} from (
      select ${sel(inner)}sum(o.obs_value) as v, (o.grp is not null and count(*) < max(o.grp_size)) as partial, string_agg(distinct o.time_period, ',') as tps
      from obs_cube o
      where o.release_id = any(${releaseIds}::uuid[]) and o.grouping = ${groupingName(grouping)} and ${where}
      group by ${groupInner}) x
    ${groupOuter}`.execute(db);
  return r.rows.map((row) => {
    const key: Record<string, string> = {};
    keep.forEach((k, i) => (key[k] = String(row[names[i]!])));
    return row.coverage !== undefined ? { key, value: Number(row.v), hidden: row.hidden, coverage: row.coverage } : { key, value: Number(row.v), hidden: row.hidden };
  });
}
