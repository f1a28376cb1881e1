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

/** What the steps share: the cells, what is suppressed so far, and each unit's cells, lines and equations. */
interface Cube {
  cells: CubeCell[];
  k: number;
  groupings: string[][];
  sup: boolean[];
  /** per unit, per grouping: the indexes of its cells */
  byUnit: Map<string, number[][]>;
  linesOf: Map<string, Line[]>;
  /** equations that hold in the data (cell lists with signs encoded as [+..., -1 sentinel, -...]) */
  relations: Map<string, number[][]>;
}

export function protectCube(cells: CubeCell[], opts: ProtectOptions): Protection {
  const cube = indexCube(cells, opts);
  const comps = new Components([...cube.byUnit.keys()]);
  const pending = new Set(comps.members.keys());
  for (let guard = 0; pending.size && guard < 100_000; guard++) {
    const c = pending.values().next().value!;
    pending.delete(c);
    const units = comps.members[c]!;
    if (!units.length) continue;
    let changed = protectLines(cube, units);
    const groups = protectGroups(cube, units);
    changed = changed || groups.changed;
    let needMerge = groups.needMerge;
    // 4. audit (only once lines and groups are settled)
    if (!changed && !needMerge) ({ changed, needMerge } = protectAudited(cube, units));
    if (needMerge && comps.merge(c)) changed = true;
    if (changed) pending.add(c);
  }
  return { suppressed: cube.sup, ...finalGroups(cube, comps.members) };
}

/** 1. primary suppression, and each unit's cells, lines (cells of G that differ only in d, with their marginal in G∖{d}) and equations. */
function indexCube(cells: CubeCell[], opts: ProtectOptions): Cube {
  const { k, groupings } = opts;
  const sup = cells.map((c) => c.value > 0 && c.value < k);
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
  const sum = (l: number[]) => l.reduce((a, i) => a + cells[i]!.value, 0);

  const linesOf = new Map<string, Line[]>();
  const relations = new Map<string, number[][]>();
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
  return { cells, k, groupings, sup, byUnit, linesOf, relations };
}

/** Components: units merged when one cannot be protected alone (its neighbour in the same flow first). */
class Components {
  readonly members: string[][] = [];
  private readonly compOf = new Map<string, number>();
  private readonly unitsByFlow = new Map<string, string[]>();

  constructor(units: string[]) {
    for (const u of units) {
      this.compOf.set(u, this.members.length);
      this.members.push([u]);
    }
    for (const u of [...units].sort()) {
      const f = u.split('|')[0]!;
      this.unitsByFlow.set(f, [...(this.unitsByFlow.get(f) ?? []), u]);
    }
  }

  merge(c: number): boolean {
    const own = this.members[c]!;
    for (const u of own) {
      const list = this.unitsByFlow.get(u.split('|')[0]!)!;
      const at = list.indexOf(u);
      for (const n of [list[at - 1], list[at + 1]]) {
        if (n === undefined || this.compOf.get(n) === c) continue;
        this.absorb(c, this.compOf.get(n)!);
        return true;
      }
    }
    // the flow's only unit: merge with any other component
    const other = this.members.findIndex((m, i) => i !== c && m.length > 0);
    if (other < 0) return false;
    this.absorb(c, other);
    return true;
  }

  private absorb(c: number, other: number): void {
    for (const m of this.members[other]!) this.compOf.set(m, c);
    this.members[c] = [...this.members[c]!, ...this.members[other]!];
    this.members[other] = [];
  }
}

/** The open cell to suppress next among `cands`: the smallest non-zero one, else any open one. */
function cheapest(cube: Cube, cands: number[]): number | undefined {
  const open = cands.filter((i) => !cube.sup[i]);
  const nz = open.filter((i) => cube.cells[i]!.value > 0).sort((a, b) => cube.cells[a]!.value - cube.cells[b]!.value);
  return nz[0] ?? open[0];
}

/** 2. lines: no line may hold exactly one suppressed cell, nor hidden cells adding up to a small count. */
function protectLines(cube: Cube, units: string[]): boolean {
  const { cells, sup, k } = cube;
  let changed = false;
  for (const u of units)
    for (const l of cube.linesOf.get(u)!) {
      const all = l.marginal === undefined ? l.cells : [...l.cells, l.marginal];
      const hiddenHere = all.filter((i) => sup[i]);
      // with an open marginal, the hidden cells of the line add up to a published figure: never a small count
      const lineSum = l.marginal !== undefined && !sup[l.marginal] ? hiddenHere.reduce((a, i) => a + cells[i]!.value, 0) : 0;
      const small = lineSum > 0 && lineSum < k;
      if (hiddenHere.length !== 1 && !small) continue;
      const pick = small ? cheapest(cube, l.cells.filter((i) => cells[i]!.value > 0)) : (cheapest(cube, l.cells) ?? cheapest(cube, all));
      if (pick !== undefined) {
        sup[pick] = true;
        changed = true;
      }
    }
  return changed;
}

/** 3. groups: the hidden cells of a grouping in the component are none, or at least two summing to ≥ k. */
function protectGroups(cube: Cube, units: string[]): { changed: boolean; needMerge: boolean } {
  const { cells, sup, k } = cube;
  let changed = false;
  let needMerge = false;
  cube.groupings.forEach((_, gi) => {
    const list = units.flatMap((u) => cube.byUnit.get(u)![gi]!);
    const hidden = list.filter((i) => sup[i]);
    const total = hidden.reduce((a, i) => a + cells[i]!.value, 0);
    // a group summing to less than k would publish a small count; to 0, zeros (counts are never negative)
    if (hidden.length === 0 || (hidden.length >= 2 && total >= k)) return;
    const pick = total >= k ? cheapest(cube, list) : cheapest(cube, list.filter((i) => cells[i]!.value > 0));
    if (pick === undefined) needMerge = true;
    else {
      sup[pick] = true;
      changed = true;
    }
  });
  return { changed, needMerge };
}

/** 4. audit: a hidden cell an attacker could solve for gets company from one of its equations (one at a time). */
function protectAudited(cube: Cube, units: string[]): { changed: boolean; needMerge: boolean } {
  let needMerge = false;
  for (const x of leakedCells(cube, units)) {
    const eqs = units.flatMap((u) => cube.relations.get(u)!).filter((e) => e.includes(x));
    const pick = cheapest(cube, eqs.flat().filter((i) => i >= 0)) ?? cheapest(cube, units.flatMap((u) => cube.byUnit.get(u)![cube.cells[x]!.grouping]!));
    if (pick === undefined) needMerge = true;
    else {
      cube.sup[pick] = true;
      return { changed: true, needMerge }; // one at a time: the next audit may already be clean
    }
  }
  return { changed: false, needMerge };
}

/** The hidden cells whose unit vector lies in the span of the component's equations and group sums (mod P). */
function leakedCells(cube: Cube, units: string[]): number[] {
  const { sup } = cube;
  const hiddenIdx = new Map<number, number>();
  for (const u of units) for (const list of cube.byUnit.get(u)!) for (const i of list) if (sup[i]) hiddenIdx.set(i, hiddenIdx.size);
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
  for (const u of units) for (const eq of cube.relations.get(u)!) toRow(eq);
  cube.groupings.forEach((_, gi) => toRow(units.flatMap((u) => cube.byUnit.get(u)![gi]!).filter((i) => sup[i])));
  const pivots = reduce(rows);
  return [...hiddenIdx.entries()].filter(([, col]) => pivots.get(col)?.size === 1).map(([i]) => i);
}

/** The protection groups: per component and grouping, its hidden cells. */
function finalGroups(cube: Cube, members: string[][]): { group: number[]; groupSize: Map<number, number> } {
  const group = cube.cells.map(() => -1);
  const groupSize = new Map<number, number>();
  let next = 0;
  members.forEach((units) => {
    cube.groupings.forEach((_, gi) => {
      const hidden = units.flatMap((u) => cube.byUnit.get(u)![gi]!).filter((i) => cube.sup[i]);
      if (!hidden.length) return;
      for (const i of hidden) group[i] = next;
      groupSize.set(next++, hidden.length);
    });
  });
  return { group, groupSize };
}
