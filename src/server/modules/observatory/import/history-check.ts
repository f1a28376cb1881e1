import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.ts';
import { DIMENSION_COLUMNS, DIMENSION_IDS, type Structure } from '../structure/index.ts';
import type { ColumnMapping, Messages } from './validate.ts';

/**
 * "A value far from the series' own history" (a warning: it informs, never blocks).
 *
 * The rule: a figure is far from its history when the same series (every dimension equal)
 * has figures in at least MIN_HISTORY of the HISTORY_MONTHS months before it, their median
 * m is above zero, and the figure is more than FACTOR × m or less than m / FACTOR — and it
 * differs from m by at least MIN_DIFFERENCE persons, so that 2 → 11 in a tiny series is not
 * flagged. The history is the current figures stored for the series, with the file's own
 * months taking the place of the stored ones they correct (a file that back-loads two years
 * is checked against itself). Files of more than MAX_ROWS_CHECKED rows (bulk back-loads)
 * are not checked: the comparison joins every row with up to twelve months of its series.
 */
export const HISTORY_MONTHS = 12;
export const MIN_HISTORY = 6;
export const FACTOR = 5;
export const MIN_DIFFERENCE = 10;
export const MAX_ROWS_CHECKED = 200_000;
const MAX_LISTED = 20;

const DIMS: string[] = DIMENSION_IDS.map((d) => DIMENSION_COLUMNS[d]);

function monthsBefore(period: string, n: number): string {
  const i = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 - n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Adds a warning per figure far from its history (the first MAX_LISTED, then a count). */
export async function checkFarFromHistory(db: Executor, s: Structure, table: string, msgs: Messages, stagedRows: number, mapping: ColumnMapping): Promise<void> {
  if (stagedRows === 0 || stagedRows > MAX_ROWS_CHECKED) return;
  const st = sql.table(table);
  const cols = (a: string) => sql.join(DIMS.map((c) => sql.ref(`${a}.${c}`)));
  const key = (a: string, b: string) => sql.join([...DIMS, 'time_period'].map((c) => sql`${sql.ref(`${a}.${c}`)} = ${sql.ref(`${b}.${c}`)}`), sql` and `);
  const month = (a: string) => sql`(substr(${sql.ref(`${a}.time_period`)}, 1, 4)::int * 12 + substr(${sql.ref(`${a}.time_period`)}, 6, 2)::int)`;
  // months only: a year or a quarter has no "12 previous months" (periods.ts)
  const monthly = (a: string) => sql`length(${sql.ref(`${a}.time_period`)}) = 7 and substr(${sql.ref(`${a}.time_period`)}, 6, 1) <> 'Q'`;
  const range = await sql<{ lo: string | null; hi: string | null }>`select min(time_period) as lo, max(time_period) as hi from ${st} x where ${monthly('x')}`.execute(db);
  const { lo, hi } = range.rows[0] ?? { lo: null, hi: null };
  if (!lo || !hi || !/^\d{4}-\d{2}$/.test(lo)) return;
  const from = monthsBefore(lo, HISTORY_MONTHS);
  const r = await sql<{ row_number: number; series: string; time_period: string; v: string; med: number; n: number; total: number }>`
    with h as (
      select ${cols('o')}, o.time_period, o.obs_value from obs_observation o
      where o.dataflow_id = ${s.id} and o.valid_to is null
        and o.ref_area in (select distinct ref_area from ${st}) and o.flow in (select distinct flow from ${st})
        and o.time_period >= ${from} and o.time_period <= ${hi}
        and not exists (select 1 from ${st} x where ${key('x', 'o')})
      union all
      select ${cols('x')}, x.time_period, x.obs_value from ${st} x
    ),
    hm as (select md5(concat_ws('|', ${cols('h')})) as sk, ${month('h')} as m, h.obs_value as v from h where ${monthly('h')}),
    sm as (select x.row_number, concat_ws('|', ${cols('x')}) as series, md5(concat_ws('|', ${cols('x')})) as sk, ${month('x')} as m, x.time_period, x.obs_value as v from ${st} x where ${monthly('x')}),
    cmp as (
      select sm.row_number, sm.series, sm.time_period, sm.v, count(*)::int as n, percentile_cont(0.5) within group (order by hm.v) as med
      from sm join hm on hm.sk = sm.sk and hm.m between sm.m - ${HISTORY_MONTHS} and sm.m - 1
      group by sm.row_number, sm.series, sm.time_period, sm.v
      having count(*) >= ${MIN_HISTORY}
    )
    select row_number, series, time_period, v, med, n, count(*) over ()::int as total from cmp
    where med > 0 and (v > ${FACTOR} * med or v < med / ${FACTOR}) and abs(v - med) >= ${MIN_DIFFERENCE}
    order by row_number limit ${MAX_LISTED}`.execute(db);
  if (!r.rows.length) return;
  const column = Object.entries(mapping.columns ?? {}).find(([, target]) => target === 'OBS_VALUE')?.[0] ?? 'OBS_VALUE';
  for (const x of r.rows) {
    msgs.add({
      severity: 'warning',
      row: x.row_number,
      column,
      value: String(x.v),
      key: 'observatory.msg.farFromHistory',
      params: { row: x.row_number, column, value: Number(x.v), period: x.time_period, median: Math.round(Number(x.med)), months: Number(x.n), factor: FACTOR, series: x.series },
    });
  }
  const more = r.rows[0]!.total - r.rows.length;
  if (more > 0) msgs.add({ severity: 'warning', row: null, column, value: null, key: 'observatory.msg.farFromHistoryMore', params: { count: more, total: r.rows[0]!.total } });
}
