import type { Direction, IndicatorPoint, IndicatorProgress, IndicatorType, PolicyAnswer, ProgressStatus } from './types.ts';

/**
 * The progress method (docs/adr/0012-gcm-progress-method.md): Eurostat's rule for indicators
 * without a quantitative target, on the compound annual growth rate (CAGR) between the
 * baseline and the latest value; for policy presence, the latest answer and its change.
 * A pure function of the points, so a test can check it against a hand calculation.
 */
/** The GCM was adopted in December 2018: the baseline is 2018's value, or the first one after it. */
export const BASELINE_YEAR = 2018;
/** Eurostat computes no trend on fewer annual values than this (ADR 0012). */
export const MIN_POINTS = 3;
/** CAGR beyond ±1 % a year is "significant" (Eurostat, indicators without a quantitative target). */
export const SIGNIFICANT = 0.01;

export interface ProgressInput {
  code: string;
  country: string;
  type: IndicatorType;
  direction: Direction;
  /** totals only, validated (or computed), one per period */
  points: IndicatorPoint[];
}

const RANK: Record<PolicyAnswer, number> = { no: 0, partial: 1, yes: 2 };

export function assessProgress(input: ProgressInput): IndicatorProgress {
  const usable = input.points
    .filter((p) => Number(p.period) >= BASELINE_YEAR && (input.type === 'policy_presence' ? p.answer !== null : p.value !== null))
    .sort((a, b) => a.period.localeCompare(b.period));
  const base = { code: input.code, country: input.country, points: usable.length };
  if (input.type === 'policy_presence') return policy(base, usable);
  const baseline = usable[0] ?? null;
  const latest = usable.at(-1) ?? null;
  const result = { ...base, baseline, latest, cagr: null as number | null };
  if (!baseline || !latest || usable.length < MIN_POINTS) return { ...result, status: 'insufficient_data' };
  const years = Number(latest.period) - Number(baseline.period);
  const v0 = baseline.value as number;
  const v1 = latest.value as number;
  // A growth rate needs two positive values (Eurostat's rule is defined on them): a zero or
  // negative end gives no rate, and no status is made up for it.
  if (years <= 0 || !(v0 > 0) || !(v1 > 0)) return { ...result, status: 'insufficient_data' };
  const cagr = Math.pow(v1 / v0, 1 / years) - 1;
  return { ...result, cagr, status: statusOf(cagr, input.direction) };
}

/** The four Eurostat categories, read in the indicator's desired direction. */
export function statusOf(cagr: number, direction: Direction): ProgressStatus {
  if (direction === 'none') return 'no_direction';
  const towards = direction === 'increase' ? cagr : -cagr;
  if (towards > SIGNIFICANT) return 'significant_progress';
  if (towards > 0) return 'moderate_progress';
  if (towards >= -SIGNIFICANT) return 'moderate_away';
  return 'significant_away';
}

function policy(base: { code: string; country: string; points: number }, usable: IndicatorPoint[]): IndicatorProgress {
  const latest = usable.at(-1) ?? null;
  const previous = usable.at(-2) ?? null;
  const baseline = usable[0] ?? null;
  if (!latest?.answer) return { ...base, baseline, latest, cagr: null, status: 'insufficient_data', previousAnswer: null, change: null };
  const status: ProgressStatus = latest.answer === 'yes' ? 'policy_yes' : latest.answer === 'partial' ? 'policy_partial' : 'policy_no';
  const prev = previous?.answer ?? null;
  const change = prev === null ? null : RANK[latest.answer] > RANK[prev] ? 'better' : RANK[latest.answer] < RANK[prev] ? 'worse' : 'same';
  return { ...base, baseline, latest, cagr: null, status, previousAnswer: prev, change };
}
