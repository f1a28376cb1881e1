/**
 * Disclosure control of a released cube, decided once at release time so that every query
 * reads the same pattern (see README, "Disclosure control").
 *
 * The cube of a release holds, for each flow × month (a "unit") and each public grouping
 * G (a set of breakdown dimensions), the totals resolved over every other dimension. Any
 * public answer is a sum of cells of ONE grouping. The method:
 *
 * 1. primary: a cell with 0 < value < k is suppressed;
 * 2. lines: a cell of G and its marginal in G∖{d} are tied by an equation (the marginal is
 *    the sum of the line's parts, or its reported _T); no line may hold exactly one
 *    suppressed cell, counting the marginal;
 * 3. protection groups: the suppressed cells of one grouping within one component (a unit,
 *    or units merged when a unit cannot be protected alone) form a group of at least two
 *    cells whose sum is 0 or ≥ k. At query time an answer cell that holds part of a group
 *    but not all of it is suppressed; one that holds a whole group is published. So every
 *    published number is a sum of open cells and whole group sums;
 * 4. audit: per component, the equations an attacker can write (open cells, group sums,
 *    every line relation that holds in the data) are reduced modulo a large prime; a
 *    suppressed cell whose unit vector lies in their span would be recoverable, so another
 *    cell of one of its equations is suppressed and the audit repeats.
 *
 * Components are disjoint and answers only add whole groups, so what is published is, per
 * component, in the span the audit examined: no suppressed cell can be derived.
 */
import { P, reduce, type Row } from './protect-algebra.ts';
export const TOTAL_CODE = '_T';

export interface CubeCell {
  grouping: number;
  unit: string;
  /** codes of the grouping's dimensions, in its order */
  codes: string[];
  value: number;
}
export interface Protection {
  suppressed: boolean[];
  /** group id per cell (-1 when open) and the size of each group */
  group: number[];
  groupSize: Map<number, number>;
}
export interface ProtectOptions {
  k: number;
  /** the dimensions of each grouping (index = CubeCell.grouping) */
  groupings: string[][];
  /** per dimension: aggregate code → the codes it sums (Y_LT18 → Y_LT5, Y5T11, Y12T17) */
  aggregates?: Map<string, Map<string, string[]>>;
}


interface Line {
  cells: number[];
  marginal: number | undefined;
}

export function protectCube(cells: CubeCell[], opts: ProtectOptions): Protection {
  const { k, groupings } = opts;
  const sup = cells.map((c) => c.value > 0 && c.value < k);
  // cells by unit and grouping, and each cell's key within its grouping
  const byUnit = new Map<string, number[][]>();
  const keyIndex = new Map<string, number>();
  cells.forEach((c, i) => {
    let g = byUnit.get(c.unit);
    if (!g) byUnit.set(c.unit, (g = groupings.map(() => [])));
    g[c.grouping]!.push(i);
    keyIndex.set(`${c.unit}\u0001${c.grouping}\u0001${c.codes.join('\u0000')}`, i);
  });
  const gIndex = new Map(groupings.map((g, i) => [g.join(','), i]));
  const fineCode = (dim: string, code: string) => code !== TOTAL_CODE && !opts.aggregates?.get(dim)?.has(code);

  // The lines of each unit: cells of G that differ only in d, with their marginal in G∖{d}.
  const linesOf = new Map<string, Line[]>();
  const relations = new Map<string, number[][]>(); // equations (cell lists with signs encoded as [+..., -1 sentinel, -...])
  for (const [unit, perG] of byUnit) {
    const lines: Line[] = [];
    const eqs: number[][] = [];
    groupings.forEach((dims, gi) => {
      dims.forEach((d, j) => {
        const sub = dims.filter((_, x) => x !== j).join(',');
        const mg = gIndex.get(sub);
        const byRest = new Map<string, number[]>();
        for (const i of perG[gi]!) {
          const rest = cells[i]!.codes.filter((_, x) => x !== j).join('\u0000');
          let l = byRest.get(rest);
          if (!l) byRest.set(rest, (l = []));
          l.push(i);
        }
        for (const [rest, list] of byRest) {
          const marginal = mg === undefined ? undefined : keyIndex.get(`${unit}\u0001${mg}\u0001${rest}`);
          lines.push({ cells: list, marginal });
          // equations that hold in the data (an attacker who knows the standard can write them)
          const fine = list.filter((i) => fineCode(d, cells[i]!.codes[j]!));
          const total = list.find((i) => cells[i]!.codes[j] === TOTAL_CODE);
          const sum = (l: number[]) => l.reduce((a, i) => a + cells[i]!.value, 0);
          if (marginal !== undefined) {
            if (fine.length && sum(fine) === cells[marginal]!.value) eqs.push([marginal, -1, ...fine]);
            if (total !== undefined && cells[total]!.value === cells[marginal]!.value) eqs.push([marginal, -1, total]);
          }
          if (total !== undefined && fine.length && sum(fine) === cells[total]!.value) eqs.push([total, -1, ...fine]);
          for (const [agg, parts] of opts.aggregates?.get(d) ?? []) {
            const a = list.find((i) => cells[i]!.codes[j] === agg);
            const ps = list.filter((i) => parts.includes(cells[i]!.codes[j]!));
            if (a !== undefined && ps.length && sum(ps) === cells[a]!.value) eqs.push([a, -1, ...ps]);
          }
        }
      });
    });
    linesOf.set(unit, lines);
    relations.set(unit, eqs);
  }

  // components: units merged when one cannot be protected alone
  const compOf = new Map<string, number>();
  const members: string[][] = [];
  for (const u of byUnit.keys()) {
    compOf.set(u, members.length);
    members.push([u]);
  }
  const unitsByFlow = new Map<string, string[]>();
  for (const u of [...byUnit.keys()].sort()) {
    const f = u.split('|')[0]!;
    unitsByFlow.set(f, [...(unitsByFlow.get(f) ?? []), u]);
  }
  const merge = (c: number): boolean => {
    const own = members[c]!;
    for (const u of own) {
      const list = unitsByFlow.get(u.split('|')[0]!)!;
      const at = list.indexOf(u);
      for (const n of [list[at - 1], list[at + 1]]) {
        if (n === undefined || compOf.get(n) === c) continue;
        const other = compOf.get(n)!;
        for (const m of members[other]!) compOf.set(m, c);
        members[c] = [...own, ...members[other]!];
        members[other] = [];
        return true;
      }
    }
    // the flow's only unit: merge with any other component
    const other = members.findIndex((m, i) => i !== c && m.length > 0);
    if (other < 0) return false;
    for (const m of members[other]!) compOf.set(m, c);
    members[c] = [...own, ...members[other]!];
    members[other] = [];
    return true;
  };
  const cheapest = (cands: number[]): number | undefined => {
    const open = cands.filter((i) => !sup[i]);
    const nz = open.filter((i) => cells[i]!.value > 0).sort((a, b) => cells[a]!.value - cells[b]!.value);
    return nz[0] ?? open[0];
  };

  const pending = new Set(members.keys());
  for (let guard = 0; pending.size && guard < 100_000; guard++) {
    const c = pending.values().next().value!;
    pending.delete(c);
    const units = members[c]!;
    if (!units.length) continue;
    let changed = false;
    // 2. lines
    for (const u of units)
      for (const l of linesOf.get(u)!) {
        const all = l.marginal === undefined ? l.cells : [...l.cells, l.marginal];
        const hiddenHere = all.filter((i) => sup[i]);
        // with an open marginal, the hidden cells of the line add up to a published figure: never a small count
        const lineSum = l.marginal !== undefined && !sup[l.marginal] ? hiddenHere.reduce((a, i) => a + cells[i]!.value, 0) : 0;
        const small = lineSum > 0 && lineSum < k;
        if (hiddenHere.length !== 1 && !small) continue;
        const pick = small ? cheapest(l.cells.filter((i) => cells[i]!.value > 0)) : (cheapest(l.cells) ?? cheapest(all));
        if (pick !== undefined) {
          sup[pick] = true;
          changed = true;
        }
      }
    // 3. groups
    let needMerge = false;
    groupings.forEach((_, gi) => {
      const list = units.flatMap((u) => byUnit.get(u)![gi]!);
      const hidden = list.filter((i) => sup[i]);
      const total = hidden.reduce((a, i) => a + cells[i]!.value, 0);
      // a group summing to less than k would publish a small count; to 0, zeros (counts are never negative)
      if (hidden.length === 0 || (hidden.length >= 2 && total >= k)) return;
      const pick = total >= k ? cheapest(list) : cheapest(list.filter((i) => cells[i]!.value > 0));
      if (pick === undefined) needMerge = true;
      else {
        sup[pick] = true;
        changed = true;
      }
    });
    // 4. audit (only once lines and groups are settled)
    if (!changed && !needMerge) {
      const leaked = audit(units, c);
      for (const x of leaked) {
        const eqs = units.flatMap((u) => relations.get(u)!).filter((e) => e.includes(x));
        const pick = cheapest(eqs.flat().filter((i) => i >= 0)) ?? cheapest(units.flatMap((u) => byUnit.get(u)![cells[x]!.grouping]!));
        if (pick === undefined) needMerge = true;
        else {
          sup[pick] = true;
          changed = true;
          break; // one at a time: the next audit may already be clean
        }
      }
    }
    if (needMerge && merge(c)) changed = true;
    if (changed) pending.add(c);
  }

  function audit(units: string[], c: number): number[] {
    const hiddenIdx = new Map<number, number>();
    for (const u of units) for (const list of byUnit.get(u)!) for (const i of list) if (sup[i]) hiddenIdx.set(i, hiddenIdx.size);
    if (!hiddenIdx.size) return [];
    const rows: Row[] = [];
    const toRow = (eq: number[]) => {
      const r: Row = new Map();
      let sign = 1;
      for (const i of eq) {
        if (i === -1) {
          sign = P - 1;
          continue;
        }
        const col = hiddenIdx.get(i);
        if (col !== undefined) r.set(col, ((r.get(col) ?? 0) + sign) % P);
      }
      for (const [k2, v] of r) if (v === 0) r.delete(k2);
      if (r.size) rows.push(r);
    };
    for (const u of units) for (const eq of relations.get(u)!) toRow(eq);
    groupings.forEach((_, gi) => toRow(units.flatMap((u) => byUnit.get(u)![gi]!).filter((i) => sup[i])));
    void c;
    const pivots = reduce(rows);
    const byCol = [...hiddenIdx.entries()];
    return byCol.filter(([, col]) => pivots.get(col)?.size === 1).map(([i]) => i);
  }

  // final groups
  const group = cells.map(() => -1);
  const groupSize = new Map<number, number>();
  let next = 0;
  members.forEach((units) => {
    groupings.forEach((_, gi) => {
      const hidden = units.flatMap((u) => byUnit.get(u)![gi]!).filter((i) => sup[i]);
      if (!hidden.length) return;
      for (const i of hidden) group[i] = next;
      groupSize.set(next++, hidden.length);
    });
  });
  return { suppressed: sup, group, groupSize };
}

