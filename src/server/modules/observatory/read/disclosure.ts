import type { Cell } from './query.ts';

/**
 * Small-cell suppression for public outputs.
 *
 * SUPPRESSION_THRESHOLD (k, default 5, overridable per dataflow): a count with
 * 0 < value < k could identify people, so it is published as OBS_VALUE null with
 * CONF_STATUS "C" — never as 0. Secondary suppression: along every kept dimension, a
 * group of cells that differ only in that dimension sums to a total another query
 * publishes; if exactly one of its cells were hidden it could be recovered by
 * subtraction, so the next smallest cell of that group is hidden too, repeated until no
 * group has exactly one hidden cell.
 */
export const SUPPRESSION_THRESHOLD = 5;

export interface PublishedCell extends Cell {
  suppressed: boolean;
}

export function suppress(cells: Cell[], kept: string[], threshold = SUPPRESSION_THRESHOLD): PublishedCell[] {
  const out: PublishedCell[] = cells.map((c) => ({ ...c, suppressed: c.value > 0 && c.value < threshold }));
  if (kept.length === 0 || !out.some((c) => c.suppressed)) return out;
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of kept) {
      const groups = new Map<string, PublishedCell[]>();
      for (const c of out) {
        const g = kept.filter((k) => k !== d).map((k) => c.key[k]).join('\u0000');
        let list = groups.get(g);
        if (!list) groups.set(g, (list = []));
        list.push(c);
      }
      for (const list of groups.values()) {
        const hidden = list.filter((c) => c.suppressed);
        if (hidden.length !== 1 || list.length < 2) continue;
        const open = list.filter((c) => !c.suppressed).sort((a, b) => (a.value === 0 ? 1 : 0) - (b.value === 0 ? 1 : 0) || a.value - b.value);
        open[0]!.suppressed = true;
        changed = true;
      }
    }
  }
  return out;
}
