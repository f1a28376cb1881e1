import type { Observation, ReleaseRef } from './api.ts';
import type { Item } from './charts/BarCharts.tsx';
import type { Series } from './charts/common.tsx';
import { compareText, lastTwelveMonths } from './format.ts';

/**
 * Arranging the API's observations for the charts: grouping into series, ordering,
 * choosing which to draw. Nothing is added up here — every number shown is one the
 * data API returned (totals included, asked for separately).
 */
export const MAX_SERIES = 8;

export function periodsOf(obs: Observation[]): string[] {
  return [...new Set(obs.map((o) => String(o.TIME_PERIOD ?? '')).filter(Boolean))].sort();
}

/** Series over time along `dim`, the ones with the highest peak first (at most `max`). */
export function toSeries(obs: Observation[], dim: string, label: (code: string) => string, max = MAX_SERIES): { periods: string[]; series: Series[]; omitted: number } {
  const periods = periodsOf(obs);
  const index = new Map(periods.map((p, i) => [p, i]));
  const byKey = new Map<string, Series>();
  for (const o of obs) {
    const key = String(o[dim] ?? '');
    let s = byKey.get(key);
    if (!s) {
      s = { key, label: label(key), values: periods.map(() => null), suppressed: periods.map(() => false), coverage: periods.map(() => null) };
      byKey.set(key, s);
    }
    const i = index.get(String(o.TIME_PERIOD));
    if (i === undefined) continue;
    s.values[i] = o.OBS_VALUE;
    s.suppressed[i] = o.CONF_STATUS === 'C';
    if (typeof o.TIME_COVERAGE === 'string') s.coverage![i] = o.TIME_COVERAGE;
  }
  const peak = (s: Series) => Math.max(-1, ...s.values.map((v) => v ?? -1));
  const all = [...byKey.values()].sort((a, b) => peak(b) - peak(a) || compareText(a.label, b.label));
  return { periods, series: all.slice(0, max), omitted: Math.max(0, all.length - max) };
}

/**
 * How each period's label must mark it: null when its figures cover it whole; the months they
 * cover (the API's TIME_COVERAGE) when every figure of the period covers the same months; 'mixed'
 * ('mixed') when figures of the period cover different months (the table then says it cell by cell).
 */
export function periodCoverage(obs: Observation[], periods: string[]): (string | null)[] {
  const seen = new Map<string, Set<string>>();
  for (const o of obs) {
    const p = String(o.TIME_PERIOD ?? '');
    let set = seen.get(p);
    if (!set) seen.set(p, (set = new Set()));
    set.add(typeof o.TIME_COVERAGE === 'string' ? o.TIME_COVERAGE : '');
  }
  return periods.map((p) => {
    const set = seen.get(p);
    if (!set || (set.size === 1 && set.has(''))) return null;
    return set.size === 1 ? [...set][0]! : 'mixed';
  });
}

/** One bar per code of `dim`, largest first; suppressed cells after the figures, then by name. */
export function toItems(obs: Observation[], dim: string, label: (code: string) => string): Item[] {
  return obs
    .map((o) => {
      const key = String(o[dim] ?? '');
      return { key, label: label(key), value: o.OBS_VALUE, suppressed: o.CONF_STATUS === 'C' };
    })
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || compareText(a.label, b.label));
}

/**
 * A ranking of categories drawn from published cells only (issue 17): a confidential category
 * has no bar (a hatched bar among figures reads as a small one, and its place in the order is
 * unknown), and a total is never a category. The chart says how many categories are confidential.
 */
export function rankItems(obs: Observation[], dim: string, label: (code: string) => string): { items: Item[]; confidential: number } {
  const all = toItems(obs, dim, label).filter((i) => i.key !== '_T');
  return { items: all.filter((i) => !i.suppressed && i.value !== null), confidential: all.filter((i) => i.suppressed).length };
}

export function anySuppressed(obs: Observation[]): boolean {
  return obs.some((o) => o.CONF_STATUS === 'C');
}

/** The value of the one observation matching every given dimension code (or undefined when none). */
export function pickValue(obs: Observation[], match: Record<string, string>): Observation | undefined {
  return obs.find((o) => Object.entries(match).every(([k, v]) => o[k] === v));
}

/**
 * The releases behind an answer: those of the reporting countries it contains (or that the
 * question named); the API lists every release in the caller's scope.
 */
export function releasesFor(releases: ReleaseRef[], obs: Observation[], asked: string[] = []): ReleaseRef[] {
  const inAnswer = new Set(obs.map((o) => o.REF_AREA).filter((c): c is string => typeof c === 'string'));
  const keep = inAnswer.size ? inAnswer : new Set(asked);
  return keep.size ? releases.filter((r) => keep.has(r.country)) : releases;
}

export interface Headline {
  period: string;
  /** the countries with figures for that month, and every country reporting in the twelve months before it */
  covered: string[];
  reporting: string[];
}

/**
 * The month the regional headline shows (issue 17): not simply the latest month anybody has
 * reported — that month often holds two or three countries and would read as a fall — but the
 * latest one that most of the reporting countries have (at least `share` of those that reported
 * in the twelve months up to the latest month; all of them when few). The page says how many.
 * `obs`: a monthly question grouped by REF_AREA and TIME_PERIOD.
 */
export function headlineMonth(obs: Observation[], share = 0.8): Headline | null {
  const byMonth = new Map<string, Set<string>>();
  for (const o of obs) {
    const p = o.TIME_PERIOD;
    const c = o.REF_AREA;
    if (typeof p !== 'string' || typeof c !== 'string' || !/^\d{4}-\d{2}$/.test(p)) continue;
    let set = byMonth.get(p);
    if (!set) byMonth.set(p, (set = new Set()));
    set.add(c);
  }
  const months = [...byMonth.keys()].sort().reverse();
  if (!months.length) return null;
  const reporting = new Set<string>();
  const since = lastTwelveMonths(months[0]!).start;
  for (const m of months) if (m >= since) for (const c of byMonth.get(m)!) reporting.add(c);
  const need = Math.ceil(reporting.size * share);
  const period = months.find((m) => byMonth.get(m)!.size >= need) ?? months[0]!;
  return { period, covered: [...byMonth.get(period)!].sort(), reporting: [...reporting].sort() };
}
