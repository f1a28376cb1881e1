/**
 * One period of a mirror comparison: A's figure, B's figure (both from the data API), their
 * gap A − B and the gap's share of the larger figure (so the share is the same whichever
 * country is A). Flagged when the share exceeds the threshold. A missing or suppressed
 * figure gives no gap: a hidden count is not zero.
 */
export interface MirrorRow {
  period: string;
  a: number | null;
  b: number | null;
  gap: number | null;
  share: number | null;
  flagged: boolean;
}

export function mirrorRow(period: string, a: number | null, b: number | null, threshold: number): MirrorRow {
  if (a === null || b === null) return { period, a, b, gap: null, share: null, flagged: false };
  const gap = a - b;
  const base = Math.max(a, b);
  const share = base > 0 ? Math.abs(gap) / base : 0;
  return { period, a, b, gap, share, flagged: share > threshold };
}
