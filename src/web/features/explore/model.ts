import type { Observation, ReleaseRef } from './api.ts';
import type { Item } from './charts/BarCharts.tsx';
import type { Series } from './charts/common.tsx';
import { compareText } from './format.ts';

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
      s = { key, label: label(key), values: periods.map(() => null), suppressed: periods.map(() => false) };
      byKey.set(key, s);
    }
    const i = index.get(String(o.TIME_PERIOD));
    if (i === undefined) continue;
    s.values[i] = o.OBS_VALUE;
    s.suppressed[i] = o.CONF_STATUS === 'C';
  }
  const peak = (s: Series) => Math.max(-1, ...s.values.map((v) => v ?? -1));
  const all = [...byKey.values()].sort((a, b) => peak(b) - peak(a) || compareText(a.label, b.label));
  return { periods, series: all.slice(0, max), omitted: Math.max(0, all.length - max) };
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
