import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { AMERICAS } from './geo.ts';

/**
 * The standard's `MISSING` and `DEAD` flows (../shared/reference/mig-flows.md) as the incidents
 * registry answers them: verified incidents summed by country of incident and month, quarter
 * or year of the incident. The observatory's data API calls this port (observatory/
 * incident-flows.ts) instead of reading `inc_*` tables.
 *
 * Dead and missing are apart only where the source splits them. IOM's tidy copy (the shipped
 * records) gives only their sum, so a cell's `value` counts the split incidents alone (null
 * when it has none: the number of dead alone is not known, not zero), and `deadOrMissing`
 * counts the people of the cell's incidents whose source does not say which. SDG 10.7.3 is
 * their total (`queries.ts` sdg1073).
 */
export type IncidentFlow = 'MISSING' | 'DEAD';
export const INCIDENT_FLOWS: readonly IncidentFlow[] = ['MISSING', 'DEAD'];

export interface IncidentFlowQuestion {
  flows: IncidentFlow[];
  /** countries of incident (ISO alpha-3); none = all */
  countries?: string[];
  /** first and last month, `YYYY-MM`, inclusive */
  start?: string;
  end?: string;
  groupBy: ('REF_AREA' | 'FLOW' | 'TIME_PERIOD')[];
  interval: 'month' | 'quarter' | 'year';
}

export interface IncidentFlowCell {
  key: Partial<Record<'REF_AREA' | 'FLOW' | 'TIME_PERIOD', string>>;
  /** people the sources name as dead (or as missing); null when no incident of the cell splits them */
  value: number | null;
  /** people dead or missing in incidents whose source gives only the sum */
  deadOrMissing: number;
  incidents: number;
}

export class IncidentFlowReader {
  constructor(private readonly db: Database) {}

  /** Public figures only: verified records (what every reader of the data API may see). */
  async cells(q: IncidentFlowQuestion): Promise<IncidentFlowCell[]> {
    const where: RawBuilder<unknown>[] = [sql`status = 'verified'`, sql`country_code is not null`];
    if (q.countries?.length) where.push(sql`country_code = any(${sql.val(q.countries)}::text[])`);
    if (q.start) where.push(sql`incident_date >= ${`${q.start}-01`}::date`);
    if (q.end) where.push(sql`incident_date < (${`${q.end}-01`}::date + interval '1 month')`);
    const period =
      q.interval === 'month'
        ? sql<string>`to_char(incident_date, 'YYYY-MM')`
        : q.interval === 'quarter'
          ? sql<string>`to_char(incident_date, 'YYYY') || '-Q' || extract(quarter from incident_date)::int`
          : sql<string>`to_char(incident_date, 'YYYY')`;
    const keys: RawBuilder<unknown>[] = [];
    if (q.groupBy.includes('REF_AREA')) keys.push(sql`country_code::text as ref_area`);
    if (q.groupBy.includes('FLOW')) keys.push(sql`flow`);
    if (q.groupBy.includes('TIME_PERIOD')) keys.push(sql`${period} as time_period`);
    const keyCount = keys.length;
    // Summed over both flows (FLOW not kept), an incident's unsplit people and the incident itself count once.
    const once = q.groupBy.includes('FLOW') ? sql`true` : sql`fl_n = 1`;
    // One row per incident and asked flow; the sum of a column of nulls stays null.
    const r = await sql<{ ref_area?: string; flow?: string; time_period?: string; value: number | null; dead_or_missing: number; incidents: number }>`
      with f as (
        select country_code, incident_date, dead, missing, dead_and_missing, split
        from inc_incident where ${sql.join(where, sql` and `)}
      ), per_flow as (
        select f.*, fl.flow, fl.n as fl_n, case when split then (case fl.flow when 'DEAD' then dead else missing end) end as part
        from f cross join unnest(${sql.val(q.flows)}::text[]) with ordinality as fl(flow, n)
      )
      select ${sql.join([...keys, sql`sum(part)::int as value`, sql`coalesce(sum(dead_and_missing) filter (where not split and ${once}), 0)::int as dead_or_missing`, sql`(count(*) filter (where ${once}))::int as incidents`])}
      from per_flow
      ${keyCount ? sql`group by ${sql.join(Array.from({ length: keyCount }, (_, i) => sql.raw(String(i + 1))))} order by ${sql.join(Array.from({ length: keyCount }, (_, i) => sql.raw(String(i + 1))))}` : sql``}`.execute(this.db);
    return r.rows
      .filter((row) => row.incidents > 0)
      .map((row) => ({
        key: {
          ...(row.ref_area !== undefined ? { REF_AREA: row.ref_area } : {}),
          ...(row.flow !== undefined ? { FLOW: row.flow } : {}),
          ...(row.time_period !== undefined ? { TIME_PERIOD: row.time_period } : {}),
        },
        value: row.value === null ? null : Number(row.value),
        deadOrMissing: Number(row.dead_or_missing),
        incidents: Number(row.incidents),
      }));
  }
}

/**
 * SDG 10.7.3 per country of incident and whole year, for the GCM indicators (indicators/
 * incident-values.ts): verified incidents in the Americas (geo.ts, the platform's region).
 * Only whole years: a year counts when the registry holds a later month (the shipped copy
 * ends in April 2025, so 2025 is left out until December's incidents are in), so a year
 * still being recorded never reads as a fall.
 */
export interface IncidentYearValue {
  country: string;
  year: number;
  value: number;
  incidents: number;
}

export class IncidentIndicatorSource {
  constructor(private readonly db: Database) {}

  async sdg1073ByCountryYear(): Promise<{ rows: IncidentYearValue[]; lastMonth: string | null }> {
    const americas = sql.val([...AMERICAS]);
    const last = await sql<{ m: string | null }>`select to_char(max(incident_date), 'YYYY-MM') as m from inc_incident where status = 'verified' and country_code = any(${americas}::text[])`.execute(this.db);
    const lastMonth = last.rows[0]?.m ?? null;
    if (!lastMonth) return { rows: [], lastMonth };
    // The last whole year: the latest one when its December is in, else the one before.
    const lastYear = lastMonth.endsWith('-12') ? Number(lastMonth.slice(0, 4)) : Number(lastMonth.slice(0, 4)) - 1;
    const r = await sql<{ country: string; year: number; value: number; incidents: number }>`
      select country_code::text as country, extract(year from incident_date)::int as year, sum(dead_and_missing)::int as value, count(*)::int as incidents
      from inc_incident
      where status = 'verified' and country_code = any(${americas}::text[]) and incident_date < ${`${lastYear + 1}-01-01`}::date
      group by 1, 2 order by 1, 2`.execute(this.db);
    return { rows: r.rows.map((x) => ({ country: x.country, year: Number(x.year), value: Number(x.value), incidents: Number(x.incidents) })), lastMonth };
  }
}
