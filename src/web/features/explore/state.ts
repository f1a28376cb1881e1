import type { DimensionId } from '../../../shared/contracts/observatory.ts';

/**
 * The explorer's whole view lives in its URL: copying the address into a new page shows the
 * same thing. `decodeState` accepts any address (unknown or malformed values fall back to
 * the defaults), `encodeState` writes only what differs from the defaults, in a fixed order,
 * so one view has one address. `dataQuestion` turns a view into the data API's parameters.
 */
/** The breakdowns offered: dimensions of the data API's contract (a renamed one fails tsc here). */
export const BREAKDOWNS = ['CITIZENSHIP', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY', 'COUNTERPART_AREA'] as const satisfies readonly DimensionId[];
export type Breakdown = (typeof BREAKDOWNS)[number];
export const CHARTS = ['line', 'bars', 'ranking'] as const;
export type ChartKind = (typeof CHARTS)[number];
export const TABS = ['chart', 'table', 'map'] as const;
export type Tab = (typeof TABS)[number];
export const TIMES = ['month', 'quarter', 'year', 'fiscalYear'] as const;
export type TimeAggregation = (typeof TIMES)[number];

export interface ExplorerState {
  dataflow: string;
  flow: string;
  countries: string[];
  /** ISO month `2024-01`, or '' for no bound */
  start: string;
  end: string;
  breakdown: Breakdown | null;
  chart: ChartKind;
  tab: Tab;
  time: TimeAggregation;
  /** the month (1–12) a fiscal year starts, for time `fiscalYear` (10: the U.S. federal year) */
  fiscalStart: number;
}

export const DEFAULT_STATE: ExplorerState = {
  dataflow: 'MIG_FLOWS',
  flow: 'REG_ENTRY',
  countries: [],
  start: '',
  end: '',
  breakdown: null,
  chart: 'line',
  tab: 'chart',
  time: 'month',
  fiscalStart: 10,
};

const CODE = /^[A-Z0-9_]{1,40}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function pickOne<T extends string>(v: string | null, allowed: readonly T[], fallback: T): T {
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

export function decodeState(params: URLSearchParams): ExplorerState {
  const code = (k: string, fallback: string) => {
    const v = params.get(k)?.toUpperCase() ?? '';
    return CODE.test(v) ? v : fallback;
  };
  const month = (k: string) => {
    const v = params.get(k) ?? '';
    return MONTH.test(v) ? v : '';
  };
  const countries = [
    ...new Set(
      (params.get('country') ?? '')
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter((c) => /^[A-Z]{3}$/.test(c)),
    ),
  ].sort();
  let start = month('start');
  let end = month('end');
  if (start && end && start > end) [start, end] = [end, start];
  const by = params.get('by');
  const fy = Number(params.get('fy'));
  return {
    dataflow: code('dataflow', DEFAULT_STATE.dataflow),
    flow: code('flow', DEFAULT_STATE.flow),
    countries,
    start,
    end,
    breakdown: by && (BREAKDOWNS as readonly string[]).includes(by) ? (by as Breakdown) : null,
    chart: pickOne(params.get('chart'), CHARTS, DEFAULT_STATE.chart),
    tab: pickOne(params.get('tab'), TABS, DEFAULT_STATE.tab),
    time: pickOne(params.get('time'), TIMES, DEFAULT_STATE.time),
    fiscalStart: Number.isInteger(fy) && fy >= 1 && fy <= 12 ? fy : DEFAULT_STATE.fiscalStart,
  };
}

export function encodeState(s: ExplorerState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.dataflow !== DEFAULT_STATE.dataflow) p.set('dataflow', s.dataflow);
  p.set('flow', s.flow);
  if (s.countries.length) p.set('country', [...new Set(s.countries)].sort().join(','));
  if (s.start) p.set('start', s.start);
  if (s.end) p.set('end', s.end);
  if (s.breakdown) p.set('by', s.breakdown);
  if (s.chart !== DEFAULT_STATE.chart) p.set('chart', s.chart);
  if (s.tab !== DEFAULT_STATE.tab) p.set('tab', s.tab);
  if (s.time !== DEFAULT_STATE.time) p.set('time', s.time);
  // the start month matters only to fiscal years: one view, one address
  if (s.time === 'fiscalYear' && s.fiscalStart !== DEFAULT_STATE.fiscalStart) p.set('fy', String(s.fiscalStart));
  return p;
}

/** What a view asks the data API (all figures, totals included, come from there). */
export interface DataQuestion {
  params: Record<string, string>;
  groupBy: string[];
  /** the dimension drawn as series / bars / map areas */
  seriesDim: string;
  overTime: boolean;
}

/** A map shows countries: the nationalities or counterpart countries when broken down by them, else the reporting countries. */
export function mapDimension(s: ExplorerState): 'REF_AREA' | 'CITIZENSHIP' | 'COUNTERPART_AREA' {
  return s.breakdown === 'CITIZENSHIP' || s.breakdown === 'COUNTERPART_AREA' ? s.breakdown : 'REF_AREA';
}

export function dataQuestion(s: ExplorerState, tab: Tab = s.tab): DataQuestion {
  const params: Record<string, string> = { FLOW: s.flow };
  if (s.countries.length) params.REF_AREA = s.countries.join(',');
  if (s.start) params.startPeriod = s.start;
  if (s.end) params.endPeriod = s.end;
  // With one reporting country its code is kept, so downloads say whose figures they are.
  const oneCountry = s.countries.length === 1;
  let groupBy: string[];
  let seriesDim: string;
  let overTime = false;
  if (tab === 'map') {
    seriesDim = mapDimension(s);
    groupBy = seriesDim === 'REF_AREA' ? ['REF_AREA'] : oneCountry ? ['REF_AREA', seriesDim] : [seriesDim];
  } else if (s.chart === 'ranking') {
    seriesDim = s.breakdown ?? 'REF_AREA';
    groupBy = s.breakdown ? (oneCountry ? ['REF_AREA', s.breakdown] : [s.breakdown]) : ['REF_AREA'];
  } else {
    overTime = true;
    seriesDim = s.breakdown ?? 'REF_AREA';
    groupBy = s.breakdown ? (oneCountry ? ['REF_AREA', 'TIME_PERIOD', s.breakdown] : ['TIME_PERIOD', s.breakdown]) : ['REF_AREA', 'TIME_PERIOD'];
    params.timeAggregation = s.time;
    if (s.time === 'fiscalYear') params.fiscalYearStart = String(s.fiscalStart);
  }
  params.groupBy = groupBy.join(',');
  return { params, groupBy, seriesDim, overTime };
}

/** The query string of a data question, in a stable order (for the API and for cache keys). */
export function questionQuery(q: DataQuestion, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  const all = { ...q.params, ...extra };
  for (const k of Object.keys(all).sort()) p.set(k, all[k]!);
  return p.toString();
}
