import { P, reduce, type Row } from './protect-algebra.ts';
import { protectionCost } from './protect-cost.ts';

/**
 * Disclosure control of a released cube, decided once at release time so that every query
 * reads the same pattern (see README, "Disclosure control", and ADR 0026).
 *
 * The cube of a release holds, for each flow × period (a "unit") and each public grouping
 * G (a set of breakdown dimensions), the totals resolved over every other dimension. Any
 * public answer is a sum of cells of ONE grouping. The method:
 *
 * 1. primary: a cell with 0 < value < k is suppressed;
 * 2. lines: a cell of G and its marginal in G∖{d} are tied by an equation (the marginal is
 *    the sum of the line's parts, or its reported _T); no line may hold exactly one
 *    suppressed cell, counting the marginal;
 * 3. protection groups follow a series through its year: the suppressed cells of one
 *    grouping's codes (a "series", e.g. Afghan nationals) within one flow and calendar year
 *    form a group of at least two cells whose sum is ≥ k. At query time an answer cell that
 *    holds part of a group but not all of it is suppressed; one that holds a whole group is
 *    published. So a year's (or several years') figure of a series is published even when
 *    some of its months are not. A series that cannot make a group alone (all its year is a
 *    handful) is joined with another group of its grouping and year — small ones first —
 *    and a year that cannot be protected alone with its neighbour;
 * 4. audit: per component (a flow × year, or years merged), the equations an attacker can
 *    write (open cells, group sums, every line relation that holds in the data) are reduced
 *    modulo a large prime; a suppressed cell whose unit vector lies in their span would be
 *    recoverable, so another cell of one of its equations is suppressed and the audit repeats.
 *
 * Which cell goes (steps 2–4) is the one that costs readers least (protect-cost.ts): its own
 * persons plus the partner it would need in turn, so a small month of a series that already
 * has a hidden month goes before a large one, and a series' whole year is never the price.
 *
 * Components are disjoint and answers only add whole groups, so what is published is, per
 * component, in the span the audit examined: no suppressed cell can be derived.
 */
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

export interface Line {
  cells: number[];
  marginal: number | undefined;
}

const flowOf = (unit: string) => unit.slice(0, unit.indexOf('|'));
/** the calendar year of a unit's period (2024-03, 2024-Q1 and 2024 are all in 2024) */
const blockOf = (unit: string) => `${flowOf(unit)}|${unit.slice(unit.indexOf('|') + 1, unit.indexOf('|') + 5)}`;

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
  const linesByCell = new Map<number, Line[]>();
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
          const line = { cells: list, marginal };
          lines.push(line);
          for (const i of marginal === undefined ? list : [...list, marginal]) (linesByCell.get(i) ?? linesByCell.set(i, []).get(i)!).push(line);
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

  // Series (one grouping's codes in one flow × year) and the groups they form: a union-find
  // over series keys, so a series that cannot protect itself joins another's group.
  const seriesKey = cells.map((c) => `${c.grouping}\u0001${blockOf(c.unit)}\u0001${c.codes.join('\u0000')}`);
  const seriesCells = new Map<string, number[]>();
  seriesKey.forEach((s, i) => (seriesCells.get(s) ?? seriesCells.set(s, []).get(s)!).push(i));
  const seriesTotal = new Map([...seriesCells].map(([s, l]) => [s, l.reduce((a, i) => a + cells[i]!.value, 0)]));
  // lines of series (the year-level table): parts of one grouping that differ in one dimension, and their marginal
  const seriesLines = new Map<string, { parts: string[]; marginal: string | undefined }[]>();
  {
    const byLine = new Map<string, { block: string; parts: string[]; marginal: string | undefined }>();
    for (const [key, list] of seriesCells) {
      const c = cells[list[0]!]!;
      const block = blockOf(c.unit);
      groupings[c.grouping]!.forEach((_, j) => {
        const rest = c.codes.filter((_, x) => x !== j).join('\u0000');
        const id = `${c.grouping}\u0001${j}\u0001${block}\u0001${rest}`;
        let l = byLine.get(id);
        if (!l) {
          const mg = gIndex.get(groupings[c.grouping]!.filter((_, x) => x !== j).join(','));
          const m = mg === undefined ? undefined : `${mg}\u0001${block}\u0001${rest}`;
          byLine.set(id, (l = { block, parts: [], marginal: m !== undefined && seriesCells.has(m) ? m : undefined }));
        }
        l.parts.push(key);
      });
    }
    for (const l of byLine.values()) (seriesLines.get(l.block) ?? seriesLines.set(l.block, []).get(l.block)!).push(l);
  }
  const parent = new Map<string, string>();
  const find = (s: string): string => {
    let r = s;
    while (parent.has(r)) r = parent.get(r)!;
    for (let x = s; x !== r; ) {
      const nx = parent.get(x)!;
      parent.set(x, r);
      x = nx;
    }
    return r;
  };
  const cost = protectionCost(cells, sup, linesByCell, (i) => seriesCells.get(seriesKey[i]!)!);
  /** the candidate that costs least; nonzero ones first (a hidden zero protects little), only nonzero when asked */
  const cheapest = (cands: number[], nonzero = false): number | undefined => {
    const open = cands.filter((i) => !sup[i]);
    const nz = open.filter((i) => cells[i]!.value > 0);
    const from = nz.length || nonzero ? nz : open;
    let best: number | undefined;
    let bestCost = Infinity;
    for (const i of from) {
      const c = cost(i);
      if (c < bestCost) [best, bestCost] = [i, c];
    }
    return best;
  };

  // components: a flow × year, merged with a neighbour when one cannot be protected alone
  const compOf = new Map<string, number>();
  const members: string[][] = [];
  const blockComp = new Map<string, number>();
  for (const u of byUnit.keys()) {
    const b = blockOf(u);
    let c = blockComp.get(b);
    if (c === undefined) blockComp.set(b, (c = members.push([]) - 1));
    compOf.set(u, c);
    members[c]!.push(u);
  }
  const unitsByFlow = new Map<string, string[]>();
  for (const u of [...byUnit.keys()].sort()) {
    const f = flowOf(u);
    unitsByFlow.set(f, [...(unitsByFlow.get(f) ?? []), u]);
  }
  const join = (c: number, other: number) => {
    for (const m of members[other]!) compOf.set(m, c);
    members[c] = [...members[c]!, ...members[other]!];
    members[other] = [];
  };
  const merge = (c: number): boolean => {
    for (const u of members[c]!) {
      const list = unitsByFlow.get(flowOf(u))!;
      const at = list.indexOf(u);
      for (const n of [list[at - 1], list[at + 1]]) {
        if (n === undefined || compOf.get(n) === c) continue;
        join(c, compOf.get(n)!);
        return true;
      }
    }
    // the flow's only year: merge with any other component
    const other = members.findIndex((m, i) => i !== c && m.length > 0);
    if (other < 0) return false;
    join(c, other);
    return true;
  };
  /** the suppressed cells of one grouping in a component, by group */
  const groupsIn = (units: string[], gi: number) => {
    const out = new Map<string, number[]>();
    for (const u of units) for (const i of byUnit.get(u)![gi]!) if (sup[i]) (out.get(find(seriesKey[i]!)) ?? out.set(find(seriesKey[i]!), []).get(find(seriesKey[i]!))!).push(i);
    return out;
  };
  const sumOf = (l: number[]) => l.reduce((a, i) => a + cells[i]!.value, 0);

  const pending = new Set(members.keys());
  for (let guard = 0; pending.size && guard < 1_000_000; guard++) {
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
        const lineSum = l.marginal !== undefined && !sup[l.marginal] ? sumOf(hiddenHere) : 0;
        const small = lineSum > 0 && lineSum < k;
        if (hiddenHere.length !== 1 && !small) continue;
        const pick = small ? cheapest(l.cells, true) : (cheapest(l.cells) ?? cheapest(all));
        if (pick !== undefined) {
          sup[pick] = true;
          changed = true;
        }
      }
    // 3. groups: each at least two cells summing to k or more
    let needMerge = false;
    groupings.forEach((_, gi) => {
      const groups = groupsIn(units, gi);
      for (const [root, hidden] of groups) {
        const total = sumOf(hidden);
        if (hidden.length >= 2 && total >= k) continue;
        const series = [...new Set(hidden.map((i) => seriesKey[i]!))].flatMap((s) => seriesCells.get(s)!);
        const own = cheapest(series, total < k);
        if (own !== undefined) {
          sup[own] = true;
          changed = true;
          continue;
        }
        // the series has nothing left to give: join another group of the grouping, an unprotected or small one first
        // (the price of joining: the yearly figures of the other group's series, unless they are small counts anyway)
        const lost = (g: number[]) => [...new Set(g.map((i) => seriesKey[i]!))].reduce((a, s) => a + (seriesTotal.get(s)! >= k ? seriesTotal.get(s)! : 0), 0);
        const valid = (g: number[]) => Number(g.length >= 2 && sumOf(g) >= k);
        const others = [...groups].filter(([r]) => r !== root && find(r) !== root);
        others.sort(([, a], [, b]) => lost(a) - lost(b) || valid(a) - valid(b) || sumOf(a) - sumOf(b));
        if (others.length) {
          parent.set(find(others[0]![0]), root);
          changed = true;
          return; // the groups changed: look again on the next pass
        }
        const any = cheapest(
          units.flatMap((u) => byUnit.get(u)![gi]!),
          total < k,
        );
        if (any === undefined) needMerge = true;
        else {
          sup[any] = true;
          changed = true;
        }
      }
    });
    // 3b. the same rule one level up: a series' year is hidden when its group holds other series;
    // in a line of years (a marginal's year and its parts' years) no single year may be hidden, and
    // the hidden years add up to 0 or ≥ k when the marginal's year is published. A sibling joins.
    if (!changed && !needMerge) {
      const withHidden = new Map<string, Set<string>>();
      for (const u of units)
        for (const list of byUnit.get(u)!)
          for (const i of list) if (sup[i]) (withHidden.get(find(seriesKey[i]!)) ?? withHidden.set(find(seriesKey[i]!), new Set()).get(find(seriesKey[i]!))!).add(seriesKey[i]!);
      const yearHidden = (x: string) => {
        const set = withHidden.get(find(x));
        return !!set && set.size > 1 && set.has(x);
      };
      for (const b of new Set(units.map(blockOf)))
        for (const l of seriesLines.get(b) ?? []) {
          const hid = l.parts.filter(yearHidden);
          const mHidden = l.marginal !== undefined && yearHidden(l.marginal);
          const sum = hid.reduce((a, x) => a + seriesTotal.get(x)!, 0);
          const small = l.marginal !== undefined && !mHidden && sum > 0 && sum < k;
          if (hid.length + Number(mHidden) !== 1 && !small) continue;
          const cands = l.parts.filter((x) => !yearHidden(x) && seriesTotal.get(x)! > 0).sort((a, b2) => seriesTotal.get(a)! - seriesTotal.get(b2)!);
          const joining = hid.length ? cands.slice(0, 1) : cands.slice(0, 2);
          let to = hid[0] ?? joining[0];
          for (const x of joining) {
            if (!seriesCells.get(x)!.some((i) => sup[i])) {
              const cell = cheapest(seriesCells.get(x)!, true);
              if (cell === undefined) continue;
              sup[cell] = true;
            }
            const root = find(to!);
            const merged = new Set([...(withHidden.get(root) ?? []), ...(withHidden.get(find(x)) ?? []), x]);
            if (find(x) !== root) parent.set(find(x), root);
            withHidden.set(root, merged);
            to = x;
            changed = true;
          }
        }
    }
    // 4. audit (only once lines and groups are settled)
    if (!changed && !needMerge) {
      const leaked = audit(units);
      for (const x of leaked) {
        const eqs = units.flatMap((u) => relations.get(u)!).filter((e) => e.includes(x));
        const near = [...eqs.flat().filter((i) => i >= 0), ...seriesCells.get(seriesKey[x]!)!];
        const pick = cheapest(near) ?? cheapest(units.flatMap((u) => byUnit.get(u)![cells[x]!.grouping]!));
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

  function audit(units: string[]): number[] {
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
    groupings.forEach((_, gi) => {
      for (const hidden of groupsIn(units, gi).values()) toRow(hidden);
    });
    const pivots = reduce(rows);
    return [...hiddenIdx.entries()].filter(([, col]) => pivots.get(col)?.size === 1).map(([i]) => i);
  }

  // final groups
  const group = cells.map(() => -1);
  const groupSize = new Map<number, number>();
  let next = 0;
  for (const units of members)
    groupings.forEach((_, gi) => {
      for (const hidden of groupsIn(units, gi).values()) {
        for (const i of hidden) group[i] = next;
        groupSize.set(next++, hidden.length);
      }
    });
  return { suppressed: sup, group, groupSize };
}
