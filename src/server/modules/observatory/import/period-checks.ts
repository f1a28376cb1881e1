import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.ts';
import type { Messages } from './messages.ts';
import { sqlPeriodId, type PeriodLength } from '../structure/index.ts';
import type { Structure } from '../structure/index.ts';

const MAX_LISTED = 20;

/**
 * The statistician chose "annual" for a file that dates annual totals as January
 * (`mapping.januaryDates = 'year'`): the staged January rows of those years become the years.
 */
export async function restageJanuaryAsYears(db: Executor, table: string, years: string[]): Promise<void> {
  if (!years.length) return;
  const st = sql.table(table);
  const januaries = years.map((y) => `${y}-01`);
  await sql`update ${st} set time_period = substr(time_period, 1, 4), period_id = ${sqlPeriodId(sql`substr(time_period, 1, 4)`)}
    where time_period = any(${januaries}::text[])`.execute(db);
}

/**
 * One country × flow × year is reported in one period length (docs/adr/0017): an annual and a
 * monthly figure for the same year would be added together by every yearly answer. Checked
 * within the file (`lengths`: the validator's country × flow × year → lengths seen) and against
 * the current stored figures, by index probes per country × flow × year of the file (a replace
 * removes figures of the same period only, so a stored month is never removed by an annual
 * file). Errors: nothing of the file can be applied.
 */
export async function checkPeriodLengths(db: Executor, s: Structure, lengths: Map<string, Set<PeriodLength>>, msgs: Messages): Promise<void> {
  if (!lengths.size) return;
  const keys = [...lengths.keys()].map((k) => k.split('\u0000') as [string, string, string]);
  const r = await sql<{ ref_area: string; flow: string; year: string; a: boolean; q: boolean; m: boolean }>`
    select k.ref_area, k.flow, k.year,
      exists (select 1 from obs_observation o where o.dataflow_id = ${s.id} and o.valid_to is null and o.ref_area = k.ref_area and o.flow = k.flow and o.time_period = k.year) as a,
      exists (select 1 from obs_observation o where o.dataflow_id = ${s.id} and o.valid_to is null and o.ref_area = k.ref_area and o.flow = k.flow and o.time_period between k.year || '-Q1' and k.year || '-Q4') as q,
      exists (select 1 from obs_observation o where o.dataflow_id = ${s.id} and o.valid_to is null and o.ref_area = k.ref_area and o.flow = k.flow and o.time_period between k.year || '-01' and k.year || '-12') as m
    from unnest(${keys.map((k) => k[0])}::text[], ${keys.map((k) => k[1])}::text[], ${keys.map((k) => k[2])}::text[]) as k(ref_area, flow, year)`.execute(db);
  const bad: { country: string; flow: string; year: string; file: string; stored: string }[] = [];
  for (const row of r.rows) {
    const file = lengths.get(`${row.ref_area}\u0000${row.flow}\u0000${row.year}`)!;
    const stored = (['A', 'Q', 'M'] as const).filter((l) => row[l.toLowerCase() as 'a' | 'q' | 'm'] && !file.has(l));
    if (file.size > 1 || stored.length) bad.push({ country: row.ref_area, flow: row.flow, year: row.year, file: [...file].sort().join('+'), stored: stored.join('+') });
  }
  bad.sort((x, y) => `${x.country}${x.flow}${x.year}`.localeCompare(`${y.country}${y.flow}${y.year}`));
  for (const b of bad.slice(0, MAX_LISTED)) {
    msgs.add({ severity: 'error', row: null, column: null, value: b.year, key: b.stored ? 'observatory.msg.periodLengthsStored' : 'observatory.msg.periodLengthsMixed', params: b });
  }
  if (bad.length > MAX_LISTED) msgs.countMore('error', bad.length - MAX_LISTED);
}
