import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../platform/db/database.ts';
import { DIMENSION_COLUMNS, DIMENSION_IDS, type Structure } from '../structure/index.ts';
import { MAX_NEW_SERIES_LISTED, type Messages } from './validate.ts';
import { DIMS, on } from './staging.ts';
import type { DiffExample, SubmissionDiff } from '../../../../shared/submission-diff.ts';
export type { DiffExample, SubmissionDiff } from '../../../../shared/submission-diff.ts';

/**
 * What a staged file would change: series never reported before, the diff against the
 * current revisions (added / changed / unchanged / removed, with examples), and the state
 * of the countries' figures the validation was made against (apply refuses if it moved).
 *
 * A first submission — no current figure of the dataflow for any of the file's countries —
 * cannot match anything current, so its checks skip the anti-joins against
 * `obs_observation` (`noCurrent`): every series is new and every row is added. The state
 * checksum taken before makes that still true at apply, or apply answers 409.
 */

/** Whether the dataflow holds any current figure for one of these countries. */
export async function hasCurrentFigures(db: Executor, dataflowId: string, countries: string[]): Promise<boolean> {
  const r = await sql<{ any: boolean }>`select exists (select 1 from obs_observation
    where dataflow_id = ${dataflowId} and ref_area = any(${countries}::text[]) and valid_to is null) as any`.execute(db);
  return r.rows[0]!.any;
}

export interface Baseline {
  /** no current figure for any of the file's countries (hasCurrentFigures was false) */
  noCurrent: boolean;
  /** the staged rows, when the caller knows them */
  rows?: number;
  /** the stage holds packed keys (`k`, `loc_id`: keys.ts) */
  packed: boolean;
}

/** Series (every dimension but the period) the country has never reported: information, listed up to a cap. */
export async function checkNewSeries(db: Executor, s: Structure, table: string, msgs: Messages, base: Baseline): Promise<void> {
  const st = sql.table(table);
  const dims = sql.join(DIMS.map((c) => sql.ref(`st.${c}`)));
  let r: { rows: Array<{ row: number; series: string; n: number }> };
  if (base.noCurrent && base.packed) {
    // every series is new: group on the packed key (k holds every dimension but LOCATION),
    // then name the first rows of the listed ones
    const first = await sql<{ row: number; n: number }>`select min(row_number) as row, count(*) over ()::int as n
      from ${st} group by k, loc_id order by 1 limit ${MAX_NEW_SERIES_LISTED}`.execute(db);
    const named = await sql<{ row: number; series: string }>`select st.row_number as row, concat_ws('|', ${dims}) as series
      from ${st} st where st.row_number = any(${first.rows.map((x) => x.row)}::int[]) order by 1`.execute(db);
    const n = first.rows[0]?.n ?? 0;
    r = { rows: named.rows.map((x) => ({ ...x, n })) };
  } else {
    r = await sql<{ row: number; series: string; n: number }>`
      select min(st.row_number) as row, concat_ws('|', ${dims}) as series, count(*) over ()::int as n
      from ${st} st
      ${base.noCurrent ? sql`` : sql`where not exists (select 1 from obs_observation o where o.dataflow_id = ${s.id} and o.valid_to is null and ${on('o', 'st', DIMS)})`}
      group by ${dims} order by 1 limit ${MAX_NEW_SERIES_LISTED}`.execute(db);
  }
  for (const x of r.rows) msgs.add({ severity: 'info', row: x.row, column: null, value: x.series, key: 'observatory.msg.newSeries', params: { row: x.row, series: x.series } });
  const fresh = r.rows[0]?.n ?? 0;
  if (fresh > MAX_NEW_SERIES_LISTED) msgs.add({ severity: 'info', row: null, column: null, value: null, key: 'observatory.msg.newSeriesMore', params: { count: fresh - MAX_NEW_SERIES_LISTED, total: fresh } });
}

const EXAMPLES = 10;

const differs = sql`(o.obs_value <> st.obs_value or o.obs_status <> st.obs_status or o.comment is distinct from st.comment)`;
const current = (s: Structure) => sql`o.dataflow_id = ${s.id} and o.valid_to is null`;

/**
 * What applying would do to the current revisions: rows added, changed (with the figure
 * before), unchanged; and, when the submission replaces its slices (country × flow ×
 * month), the current figures it would remove. Counts and up to 10 examples of each.
 */
export async function computeDiff(db: Executor, s: Structure, table: string, mode: 'merge' | 'replace', base: Pick<Baseline, 'noCurrent' | 'rows'> = { noCurrent: false }): Promise<SubmissionDiff> {
  const st = sql.table(table);
  // with no current figure for the file's countries, every row is added and nothing is removed
  const counts = base.noCurrent
    ? base.rows !== undefined
      ? { rows: [{ added: base.rows, changed: 0, unchanged: 0 }] }
      : await sql<{ added: number; changed: number; unchanged: number }>`select count(*)::int as added, 0 as changed, 0 as unchanged from ${st}`.execute(db)
    : await sql<{ added: number; changed: number; unchanged: number }>`
    select count(*) filter (where o.id is null)::int as added, count(*) filter (where o.id is not null and ${differs})::int as changed,
      count(*) filter (where o.id is not null and not ${differs})::int as unchanged
    from ${st} st left join obs_observation o on ${current(s)} and ${on('o', 'st')}`.execute(db);
  const keyCols = sql.join([...DIMS, 'time_period'].map((c) => sql.ref(`x.${c}`)));
  type Ex = Record<string, string> & { row_number: number | null; before: number | null; after: number | null };
  const toExample = (x: Ex): DiffExample => ({
    row: x.row_number,
    key: Object.fromEntries([...DIMENSION_IDS.map((d) => [d, x[DIMENSION_COLUMNS[d]]!] as const), ['TIME_PERIOD', x.time_period!] as const]),
    before: x.before === null ? null : Number(x.before),
    after: x.after === null ? null : Number(x.after),
  });
  const c0 = counts.rows[0]!;
  // Examples only of what there is; when every row is new, the first rows are the examples.
  const everyRowNew = c0.changed === 0 && c0.unchanged === 0;
  const added = c0.added === 0 ? { rows: [] as Ex[] } : await sql<Ex>`select x.row_number, ${keyCols}, null::bigint as before, x.obs_value as after from ${st} x
    ${everyRowNew ? sql`` : sql`where not exists (select 1 from obs_observation o where ${current(s)} and ${on('o', 'x')})`} order by x.row_number limit ${EXAMPLES}`.execute(db);
  const changed = c0.changed === 0 ? { rows: [] as Ex[] } : await sql<Ex>`select x.row_number, ${keyCols}, o.obs_value as before, x.obs_value as after from ${st} x
    join obs_observation o on ${current(s)} and ${on('o', 'x')}
    where (o.obs_value <> x.obs_value or o.obs_status <> x.obs_status or o.comment is distinct from x.comment) order by x.row_number limit ${EXAMPLES}`.execute(db);
  let removed = 0;
  let removedExamples: Ex[] = [];
  if (mode === 'replace' && !base.noCurrent) {
    const gone = removedSql(s, table);
    const n = await sql<{ n: number }>`select count(*)::int as n from (${gone}) g`.execute(db);
    removed = n.rows[0]!.n;
    removedExamples = (await sql<Ex>`select null::int as row_number, ${keyCols}, x.obs_value as before, null::bigint as after from (${gone}) x
      order by ${keyCols} limit ${EXAMPLES}`.execute(db)).rows;
  }
  const c = counts.rows[0]!;
  return {
    mode,
    added: c.added,
    changed: c.changed,
    unchanged: c.unchanged,
    removed,
    examples: { added: added.rows.map(toExample), changed: changed.rows.map(toExample), removed: removedExamples.map(toExample) },
  };
}

/** Current observations of the slices (country × flow × month) in the file that the file does not repeat. */
export function removedSql(s: Structure, table: string): RawBuilder<unknown> {
  const st = sql.table(table);
  return sql`select o.* from obs_observation o
    join (select distinct ref_area, flow, time_period from ${st}) k on k.ref_area = o.ref_area and k.flow = o.flow and k.time_period = o.time_period
    where ${current(s)} and not exists (select 1 from ${st} st where ${on('o', 'st')})`;
}

/** The state a validation is made against: the apply version of each country in the file. */
export async function stateChecksum(db: Executor, dataflowId: string, countries: string[]): Promise<string> {
  const r = await sql<{ ref_area: string; version: number }>`select ref_area, version from obs_series_state
    where dataflow_id = ${dataflowId} and ref_area = any(${countries}::text[]) order by ref_area`.execute(db);
  const v = new Map(r.rows.map((x) => [x.ref_area, Number(x.version)]));
  return [...countries].sort().map((c) => `${c}:${v.get(c) ?? 0}`).join(',');
}

const hashes = new WeakMap<Structure, string>();
/** A digest of the dimensions and code lists the rows were checked against. */
export function structureHash(s: Structure): string {
  let h = hashes.get(s);
  if (!h) {
    const shape = s.dimensions.map((d) => [d.id, d.codelistId, [...d.codes.values()].map((c) => [c.code, c.parent, c.isAggregate]).sort()]);
    h = crypto.createHash('sha256').update(JSON.stringify([s.id, s.version, shape])).digest('hex');
    hashes.set(s, h);
  }
  return h;
}
