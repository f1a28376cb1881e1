import type { CubeCell, Line } from './protect.ts';

/**
 * What suppressing one more cell costs readers (ADR 0026): its own persons, plus the partner
 * it would need in turn — in each of its lines that holds no other suppressed cell, the
 * cheapest open cell there; and in its series (the same codes through the year), when the
 * series has no suppressed month yet, the cheapest other month, or, when the series has no
 * other month to give, its whole year (the year's figure would be lost with it). So a small
 * month of a series that is already partly hidden goes before a large one, and a category's
 * year is never the price of protecting another's month.
 */
export function protectionCost(cells: CubeCell[], sup: boolean[], linesByCell: Map<number, Line[]>, seriesOf: (i: number) => number[]): (i: number) => number {
  const minOpen = (list: Iterable<number>, except: number) => {
    let m = Infinity;
    for (const j of list) if (j !== except && !sup[j] && cells[j]!.value > 0 && cells[j]!.value < m) m = cells[j]!.value;
    return m;
  };
  return (i) => {
    let c = cells[i]!.value;
    for (const l of linesByCell.get(i) ?? []) {
      const all = l.marginal === undefined ? l.cells : [...l.cells, l.marginal];
      if (all.some((j) => j !== i && sup[j])) continue;
      const m = minOpen(all, i);
      c += m === Infinity ? 0 : m;
    }
    const series = seriesOf(i);
    if (!series.some((j) => j !== i && sup[j])) {
      const m = minOpen(series, i);
      c += m === Infinity ? series.reduce((a, j) => a + cells[j]!.value, 0) : m;
    }
    return c;
  };
}
