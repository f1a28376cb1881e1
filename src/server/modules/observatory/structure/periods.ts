import { sql, type RawBuilder } from 'kysely';

/**
 * Periods of any length (mig-flows.md: "Periods are what they say"; issue 17 item 2).
 * TIME_PERIOD is stored as its ISO 8601 text: `2024` a year, `2024-Q3` a quarter, `2024-08`
 * a month. Observations of different lengths live side by side; one country × flow × year is
 * reported in one length only (validation refuses an annual and a monthly figure for the
 * same year: summing them would count the same persons twice). docs/adr/0017.
 */
export type PeriodLength = 'A' | 'Q' | 'M';

export function periodLength(p: string): PeriodLength {
  if (p.length === 4) return 'A';
  return p.charAt(5) === 'Q' ? 'Q' : 'M';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The first and last month a period covers: 2024-Q2 → 2024-04 / 2024-06. */
export function firstMonth(p: string): string {
  const l = periodLength(p);
  if (l === 'A') return `${p}-01`;
  if (l === 'Q') return `${p.slice(0, 4)}-${pad((Number(p.charAt(6)) - 1) * 3 + 1)}`;
  return p;
}
export function lastMonth(p: string): string {
  const l = periodLength(p);
  if (l === 'A') return `${p}-12`;
  if (l === 'Q') return `${p.slice(0, 4)}-${pad(Number(p.charAt(6)) * 3)}`;
  return p;
}

/** Years that annual and quarterly periods may carry (their ids must fit the staged checks' 16 bits). */
export const MIN_YEAR = 1900;
const QUARTER_BASE = 36_100;
const YEAR_BASE = 41_000;

/**
 * The staged checks' integer id of a period (keys.ts, staging.ts: 16 bits): a month is
 * year × 12 + month − 1 (below 36,100 for any year before 3000, and future periods are refused),
 * a quarter 36,100 + (year − 1900) × 4 + q − 1, a year 41,000 + year − 1900.
 */
export function periodId(p: string): number {
  const y = Number(p.slice(0, 4));
  const l = periodLength(p);
  if (l === 'A') return YEAR_BASE + y - MIN_YEAR;
  if (l === 'Q') return QUARTER_BASE + (y - MIN_YEAR) * 4 + Number(p.charAt(6)) - 1;
  return y * 12 + Number(p.slice(5, 7)) - 1;
}

export type ParsedPeriod = { period: string; januaryDate: boolean } | { error: 'periodMalformed' | 'periodNotMonthly' };

/**
 * A period as people write it: a month (2024-08, 2024/08, 2024-08-01), a quarter (2024-Q3,
 * 2024Q3, 2024 Q3, Q3 2024) or a year (2024). `januaryDate`: a January written as a full date
 * (`2024-01-01`), which files of annual totals use — the importer asks what such dates mean
 * (`ColumnMapping.januaryDates`), it never decides alone.
 */
export function parsePeriod(raw: string): ParsedPeriod {
  const s = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})([-/]01)?(T00:00:00(?:\.000)?Z?)?$/.exec(s);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { error: 'periodMalformed' };
    return { period: `${m[1]}-${pad(month)}`, januaryDate: month === 1 && (!!m[3] || !!m[4]) };
  }
  m = /^(\d{4})$/.exec(s);
  if (m) return Number(m[1]) >= MIN_YEAR ? { period: m[1]!, januaryDate: false } : { error: 'periodMalformed' };
  const q = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(s) ?? /^Q([1-4])\s*[-/ ]?\s*(\d{4})$/i.exec(s);
  if (q) {
    const [year, n] = q[1]!.length === 4 ? [q[1]!, q[2]!] : [q[2]!, q[1]!];
    return Number(year) >= MIN_YEAR ? { period: `${year}-Q${n}`, januaryDate: false } : { error: 'periodMalformed' };
  }
  if (/^\d{4}(-S[12]|-W\d{2})$/.test(s) || /^(\d{4})-(\d{2})-(\d{2})$/.test(s)) return { error: 'periodNotMonthly' };
  return { error: 'periodMalformed' };
}

// --- SQL on a time_period column

export function sqlLength(tp: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(case when length(${tp}) = 4 then 'A' when substr(${tp}, 6, 1) = 'Q' then 'Q' else 'M' end)`;
}
/** The first month of the period, as text (2024-Q2 → 2024-04). */
export function sqlFirstMonth(tp: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(case when length(${tp}) = 4 then ${tp} || '-01' when substr(${tp}, 6, 1) = 'Q' then substr(${tp}, 1, 5) || lpad(((substr(${tp}, 7, 1)::int - 1) * 3 + 1)::text, 2, '0') else ${tp} end)`;
}
export function sqlLastMonth(tp: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(case when length(${tp}) = 4 then ${tp} || '-12' when substr(${tp}, 6, 1) = 'Q' then substr(${tp}, 1, 5) || lpad((substr(${tp}, 7, 1)::int * 3)::text, 2, '0') else ${tp} end)`;
}
/** How many months the period covers. */
export function sqlMonths(tp: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(case when length(${tp}) = 4 then 12 when substr(${tp}, 6, 1) = 'Q' then 3 else 1 end)`;
}

/** SQL literal of a period's staged id (periodId), for rows rewritten in the staging table. */
export function sqlPeriodId(tp: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(case when length(${tp}) = 4 then ${sql.lit(YEAR_BASE - MIN_YEAR)} + substr(${tp}, 1, 4)::int
    when substr(${tp}, 6, 1) = 'Q' then ${sql.lit(QUARTER_BASE)} + (substr(${tp}, 1, 4)::int - ${sql.lit(MIN_YEAR)}) * 4 + substr(${tp}, 7, 1)::int - 1
    else substr(${tp}, 1, 4)::int * 12 + substr(${tp}, 6, 2)::int - 1 end)`;
}

/**
 * The fiscal year a month falls in, for a year starting in month `start` (2..12): named by the
 * calendar year it ends in, as an ISO 8601 interval of months (U.S. FY2023 = `2022-10/2023-09`).
 */
export function fiscalLabel(endYear: number, start: number): string {
  return `${endYear - 1}-${pad(start)}/${endYear}-${pad(start - 1)}`;
}

/** The period length of an answer's rows (the data API's timeAggregation). */
export type AnswerPeriod = 'month' | 'quarter' | 'year' | 'fiscalYear';
type Period = AnswerPeriod;

/** The months an answer period holds when whole (a kept period's figures covering fewer are partial). */
export function monthsPerPeriod(p: Period): number {
  return p === 'quarter' ? 3 : p === 'month' ? 1 : 12;
}

/**
 * What an aggregated row's figures cover, from the array of its distinct periods: null when
 * they cover the months of the row's period, else the first and last month ("2025-01/2025-04"):
 * issue 17 item 2, a period with months not reported yet is partial everywhere. Rows that keep a
 * longer period of their own (an annual figure in a quarterly answer) are whole.
 */
export function coverageSql(p: Period, periods: RawBuilder<unknown>): RawBuilder<string | null> {
  // obs_period_coverage: migration 0066 (a function, so the aggregate stays in the caller's select list)
  return sql<string | null>`obs_period_coverage(${periods}, ${sql.lit(monthsPerPeriod(p))})`;
}

