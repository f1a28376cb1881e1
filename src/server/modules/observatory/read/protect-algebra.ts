/**
 * Linear algebra modulo a prime for disclosure control (used by protect.ts and bench/suppression.ts): whether a suppressed cell
 * is determined by what is published and by the relations that hold in the data. Modulo a
 * 26-bit prime the arithmetic stays exact in doubles; a cell determined over the rationals is
 * determined modulo P (the converse fails only with negligible probability, erring safe).
 */
export const P = 67108859; // a prime below 2^26: products stay exact in doubles
export type Row = Map<number, number>;

/** Sparse Gauss–Jordan elimination modulo P: the reduced rows, keyed by pivot column. */
export function reduce(rows: Row[]): Map<number, Row> {
  const basis = new Map<number, Row>();
  const holders = new Map<number, Set<number>>(); // column → pivots whose row holds it
  const hold = (pivot: number, row: Row) => {
    for (const col of row.keys()) if (col !== pivot) (holders.get(col) ?? holders.set(col, new Set()).get(col)!).add(pivot);
  };
  const addScaled = (target: Row, src: Row, factor: number, targetPivot: number | null) => {
    for (const [col, v] of src) {
      const nv = ((target.get(col) ?? 0) + mulmod(factor, v)) % P;
      if (nv === 0) {
        target.delete(col);
        if (targetPivot !== null) holders.get(col)?.delete(targetPivot);
      } else {
        target.set(col, nv);
        if (targetPivot !== null && col !== targetPivot) (holders.get(col) ?? holders.set(col, new Set()).get(col)!).add(targetPivot);
      }
    }
  };
  for (const input of rows) {
    const r: Row = new Map(input);
    for (const col of [...r.keys()]) {
      const v = r.get(col);
      const b = basis.get(col);
      if (v && b) addScaled(r, b, P - v, null);
    }
    if (!r.size) continue;
    const pivot = r.keys().next().value!;
    const inv = invmod(r.get(pivot)!);
    for (const [col, v] of r) r.set(col, mulmod(v, inv));
    // clear the new pivot from every earlier row that holds it
    for (const p of [...(holders.get(pivot) ?? [])]) {
      const row = basis.get(p)!;
      const v = row.get(pivot);
      if (v) addScaled(row, r, P - v, p);
    }
    holders.delete(pivot);
    basis.set(pivot, r);
    hold(pivot, r);
  }
  return basis;
}

function mulmod(a: number, b: number): number {
  // a, b < 2^26: a*b < 2^52 is exact
  return (a * b) % P;
}
function invmod(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, a % P];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return ((t % P) + P) % P;
}

/** An equation an attacker can write: the sum of `plus` minus the sum of `minus` is known. */
export interface Equation {
  plus: number[];
  minus: number[];
}

/** The hidden cells (indices) whose value follows from the equations (their other cells are known). */
export function recoverable(hidden: number[], equations: Equation[]): number[] {
  const col = new Map(hidden.map((h, i) => [h, i]));
  const rows: Row[] = [];
  for (const e of equations) {
    const r: Row = new Map();
    for (const [list, sign] of [
      [e.plus, 1],
      [e.minus, P - 1],
    ] as const)
      for (const i of list) {
        const c = col.get(i);
        if (c !== undefined) r.set(c, ((r.get(c) ?? 0) + sign) % P);
      }
    for (const [c, v] of r) if (v === 0) r.delete(c);
    if (r.size) rows.push(r);
  }
  const pivots = reduce(rows);
  return hidden.filter((_, i) => pivots.get(i)?.size === 1);
}
