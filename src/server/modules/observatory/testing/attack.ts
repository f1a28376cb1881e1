import { expect } from 'vitest';
import type { Client } from '../../../../../test/helpers/app.ts';
import { PUBLIC_GROUPINGS } from '../read/cube.ts';

/**
 * The disclosure attacker's tools (disclosure tests): every question the public API allows
 * over a set of months, and linear algebra modulo a prime to tell whether a hidden figure
 * is determined by the published ones.
 */
export const P = 67108859;

export type Obs = Record<string, string | number | null>;
export interface Question {
  grouping: string[];
  keep: string[];
  filters: Record<string, string[]>;
  months: string[];
  agg: 'month' | 'quarter' | 'year';
}

function subsets<T>(xs: T[]): T[][] {
  return xs.reduce<T[][]>((acc, x) => acc.concat(acc.map((s) => [...s, x])), [[]]);
}

export function questions(codesOf: (d: string) => string[], MONTHS: string[]): Question[] {
  const out: Question[] = [];
  // every run of consecutive months: single months, ranges, the whole period
  const ranges: string[][] = [];
  for (let len = 1; len <= MONTHS.length; len++) for (let i = 0; i + len <= MONTHS.length; i++) ranges.push(MONTHS.slice(i, i + len));
  for (const g of PUBLIC_GROUPINGS) {
    const dims = ['REF_AREA', 'FLOW', 'TIME_PERIOD', ...g];
    for (const keep of subsets(dims)) {
      // a breakdown dimension not kept must be filtered (else the question belongs to another grouping)
      const filterChoices: Record<string, string[]>[] = [{}];
      for (const d of g.filter((x) => !keep.includes(x))) {
        const codes = codesOf(d);
        const opts = codes.length > 1 ? [...codes.map((c) => [c]), codes] : [codes];
        filterChoices.splice(0, filterChoices.length, ...filterChoices.flatMap((f) => opts.map((o) => ({ ...f, [d]: o }))));
      }
      for (const d of ['REF_AREA', 'FLOW'].filter((x) => !keep.includes(x))) {
        const opts: (string[] | null)[] = [null, ...codesOf(d).map((c) => [c])];
        filterChoices.splice(0, filterChoices.length, ...filterChoices.flatMap((f) => opts.map((o) => (o ? { ...f, [d]: o } : f))));
      }
      for (const filters of filterChoices) {
        if (keep.includes('TIME_PERIOD')) for (const agg of ['month', 'quarter', 'year'] as const) out.push({ grouping: g, keep, filters, months: MONTHS, agg });
        else for (const months of ranges) out.push({ grouping: g, keep, filters, months, agg: 'month' });
      }
    }
  }
  return out;
}

export const qs = (q: Question, extra = '') =>
  [
    ...Object.entries(q.filters).map(([d, v]) => `${d}=${v.join(',')}`),
    `startPeriod=${q.months[0]}`,
    `endPeriod=${q.months[q.months.length - 1]}`,
    q.keep.length ? `groupBy=${q.keep.join(',')}` : '',
    `timeAggregation=${q.agg}`,
    extra,
  ]
    .filter(Boolean)
    .join('&');

/** A released cell of one grouping, with its true value (read by the secretariat). */
export interface Atom {
  grouping: string;
  key: Record<string, string>;
  value: number;
}

/**
 * The atoms an answer cell adds up: the question's grouping, months and filters, and the
 * cell's kept codes (periods aggregated as asked). `include` narrows to what the asker's
 * answer can hold.
 */
export function coveredAtoms(atoms: Atom[], q: Question, cell: Obs, include: (a: Atom) => boolean = () => true): Map<number, number> {
  const vec = new Map<number, number>();
  atoms.forEach((a, ai) => {
    if (a.grouping !== q.grouping.join(',') || !include(a)) return;
    if (!q.months.includes(a.key.TIME_PERIOD!)) return;
    for (const [d, codes] of Object.entries(q.filters)) if (!codes.includes(a.key[d]!)) return;
    for (const k of q.keep) if ((k === 'TIME_PERIOD' ? periodOf(a.key.TIME_PERIOD!, q.agg) : a.key[k]) !== cell[k]) return;
    vec.set(ai, 1);
  });
  return vec;
}

export const periodOf = (m: string, agg: Question['agg']) => (agg === 'year' ? m.slice(0, 4) : agg === 'quarter' ? `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5)) + 2) / 3)}` : m);

/** Row space modulo P, kept in reduced echelon form. */
export class Basis {
  private rows = new Map<number, Map<number, number>>();
  private reduce(v: Map<number, number>): Map<number, number> {
    const r = new Map(v);
    for (const [pivot, row] of this.rows) {
      const c = r.get(pivot);
      if (!c) continue;
      for (const [col, x] of row) {
        const nv = ((r.get(col) ?? 0) + (P - c) * x) % P;
        if (nv === 0) r.delete(col);
        else r.set(col, nv);
      }
    }
    return r;
  }
  add(v: Map<number, number>) {
    const r = this.reduce(v);
    if (!r.size) return;
    const [pivot, c] = r.entries().next().value!;
    const inv = modInverse(c);
    for (const [col, x] of r) r.set(col, (x * inv) % P);
    for (const row of this.rows.values()) {
      const f = row.get(pivot);
      if (!f) continue;
      for (const [col, x] of r) {
        const nv = ((row.get(col) ?? 0) + (P - f) * x) % P;
        if (nv === 0) row.delete(col);
        else row.set(col, nv);
      }
    }
    this.rows.set(pivot, r);
  }
  inSpan(v: Map<number, number>): boolean {
    return this.reduce(v).size === 0;
  }
}
function modInverse(a: number): number {
  let [t0, t1, r0, r1] = [0, 1, P, a % P];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [t0, t1] = [t1, t0 - q * t1];
    [r0, r1] = [r1, r0 - q * r1];
  }
  return ((t0 % P) + P) % P;
}

/** The secretariat submits the rows, applies them and releases the given countries to the public. */
export async function applyAndRelease(sec: Client, rows: Record<string, string | number>[], countries: string[]): Promise<void> {
  const sub = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
  expect(sub.statusCode, sub.body).toBe(201);
  expect(sub.json().errors).toEqual([]);
  expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${sub.json().id}/apply` })).statusCode).toBe(200);
  for (const country of countries) expect((await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country, level: 'public' } })).statusCode).toBe(201);
}

/** Every cell of every public grouping (country × flow × month × its codes) with its true value, as the secretariat reads it. */
export async function readAtoms(sec: Client): Promise<Atom[]> {
  const atoms: Atom[] = [];
  for (const g of PUBLIC_GROUPINGS) {
    const keep = ['REF_AREA', 'FLOW', 'TIME_PERIOD', ...g];
    const res = await sec.request({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?groupBy=${keep.join(',')}` });
    expect(res.statusCode, res.body).toBe(200);
    for (const o of res.json().observations as Obs[]) atoms.push({ grouping: g.join(','), key: Object.fromEntries(keep.map((k) => [k, String(o[k])])), value: Number(o.OBS_VALUE) });
  }
  return atoms;
}
