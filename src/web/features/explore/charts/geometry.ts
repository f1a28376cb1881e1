/**
 * Pure geometry for the observatory's small SVG charts: scales, ticks, stacking, the
 * pyramid's halves and the corridor diagram's bands. No figure is computed here — values
 * arrive from the data API and are only placed on the page.
 */

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies; strongest contrast first. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C6D00'] as const;
/** Line patterns so series differ by more than colour. */
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4', '12 2'] as const;

export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}
export function dashOf(i: number): string {
  return DASHES[i % DASHES.length]!;
}

/** 1, 2, 2.5 or 5 × 10^k steps covering [0, max] in about `count` ticks. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks.length < 2) ticks.push(step);
  return ticks;
}

export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Evenly spaced bands: start of band i and its width (with `pad` as a share of the step). */
export function bands(n: number, range: [number, number], pad = 0.2): { start: (i: number) => number; width: number; step: number } {
  const step = n > 0 ? (range[1] - range[0]) / n : 0;
  return { start: (i) => range[0] + i * step + (step * pad) / 2, width: step * (1 - pad), step };
}

/**
 * Stacks series per x: for each x the [y0, y1] of every series, suppressed (null) values
 * taking no height — they are marked separately, never drawn as zero.
 */
export function stack(values: (number | null)[][]): { y0: number; y1: number }[][] {
  // values[series][x]
  const n = values[0]?.length ?? 0;
  const tops = new Array<number>(n).fill(0);
  return values.map((row) =>
    row.map((v, x) => {
      const y0 = tops[x]!;
      const y1 = y0 + (v ?? 0);
      tops[x] = y1;
      return { y0, y1 };
    }),
  );
}

/** An SVG path through the points, broken where a value is missing (a gap, not a drop to zero). */
export function linePath(points: ({ x: number; y: number } | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${round(p.x)},${round(p.y)}`;
    pen = true;
  }
  return d;
}

export function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Pyramid: women to the right, men to the left, both on one scale. */
export function pyramidBars(rows: { female: number | null; male: number | null }[], width: number, gap: number) {
  const max = Math.max(1, ...rows.flatMap((r) => [r.female ?? 0, r.male ?? 0]));
  const half = (width - gap) / 2;
  const scale = linear([0, max], [0, half]);
  return rows.map((r) => ({
    male: { x: half - scale(r.male ?? 0), w: scale(r.male ?? 0) },
    female: { x: half + gap, w: scale(r.female ?? 0) },
  }));
}

/**
 * Corridor: an ordered chain of reporting countries, each band's thickness proportional
 * to its figure (suppressed figures get a thin hatched band of fixed size).
 */
export function flowBands(values: (number | null)[], maxThickness: number, minThickness = 3): number[] {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values.map((v) => (v === null ? minThickness : max > 0 ? Math.max(minThickness, (v / max) * maxThickness) : minThickness));
}
