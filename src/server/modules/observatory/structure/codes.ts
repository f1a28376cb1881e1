import { Invalid, type Issue } from '../../../platform/http/errors.ts';
import type { Localized } from '../../../platform/db/schema.ts';
import { TOTAL, type DimensionId, type DimensionInfo, type Structure } from './structure.ts';

/**
 * Codes people type: whether a code belongs to a dimension (the data API's filters) and,
 * when it does not, the code they most likely meant ("¿Quiso decir GTM (Guatemala)?").
 */

/** A LOCATION code: `_T`, or a place code prefixed by a country of the structure (`PAN-DARIEN`, mig-flows.md). */
const LOCATION_CODE = /^([A-Z]{3})-[A-Z0-9_-]{1,40}$/;

export function isKnownCode(s: Structure, dimension: DimensionId, code: string): boolean {
  if (dimension === 'LOCATION') {
    const m = LOCATION_CODE.exec(code);
    return code === TOTAL || (!!m && !!s.byId.get('REF_AREA')?.codes.has(m[1]!));
  }
  const d = s.byId.get(dimension);
  // a dimension without a code list (none in MIG_FLOWS but LOCATION) takes any code
  return !d?.codelistId || d.codes.has(code);
}

/**
 * The data API's filters (and the explore endpoints that take the same parameters): every
 * code must be one of its dimension's code list. An unknown code is a mistake of the
 * question, not a question with no figures, so it is refused (400) with one issue per code,
 * naming the dimension and the code, and the likely code when there is one. `params`: the
 * query parameter of a dimension where it is not the dimension's id (compliance's `country`).
 */
export function checkFilterCodes(s: Structure, filters: Partial<Record<DimensionId, string[]>>, params: Partial<Record<DimensionId, string>> = {}): void {
  const issues: Issue[] = [];
  for (const [dimension, codes] of Object.entries(filters) as [DimensionId, string[] | undefined][]) {
    for (const code of codes ?? []) {
      if (isKnownCode(s, dimension, code)) continue;
      issues.push({ ...unknownCodeIssue(s, dimension, code), path: params[dimension] ?? dimension });
    }
  }
  if (issues.length) throw new Invalid(issues);
}

/** One unknown code as an issue of the answer (path = the dimension's parameter). */
export function unknownCodeIssue(s: Structure, dimension: DimensionId, code: string): Issue {
  if (dimension === 'LOCATION') return { path: dimension, key: 'errors.observatoryUnknownLocation', params: { dimension, code } };
  const d = s.byId.get(dimension);
  const hint = hintParams(d ? suggestCode(d, code) : null);
  return hint
    ? { path: dimension, key: 'errors.observatoryUnknownCodeHint', params: { dimension, code, ...hint } }
    : { path: dimension, key: 'errors.observatoryUnknownCode', params: { dimension, code } };
}

/** The likely code and its name, as message parameters (the name in every language: `t` reads the reader's). */
export function hintParams(h: ReturnType<typeof suggestCode>): { suggestion: string; name: Localized } | null {
  return h ? { suggestion: h.code, name: h.name } : null;
}

// --- "did you mean …" -------------------------------------------------------------------

// Keys beside each other on a row of a QWERTY keyboard (Spanish and English layouts share
// the letters): hitting the neighbour is the commonest slip.
const ROWS = ['QWERTYUIOP', 'ASDFGHJKLÑ', 'ZXCVBNM'];
const NEIGHBOURS = new Set<string>();
for (const row of ROWS) {
  for (let i = 0; i + 1 < row.length; i++) {
    NEIGHBOURS.add(row[i]! + row[i + 1]!);
    NEIGHBOURS.add(row[i + 1]! + row[i]!);
  }
}

/**
 * Edit distance weighted by how likely each edit is as a typing slip: a neighbouring key or
 * two letters swapped cost ½, any other substitution, insertion or deletion 1.
 */
export function typoDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      const sub = x === y ? 0 : NEIGHBOURS.has(x + y) ? 0.5 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + sub);
      if (i > 1 && j > 1 && x === b[j - 2] && a[i - 2] === y && x !== y) best = Math.min(best, d[i - 2]![j - 2]! + 0.5);
      d[i]![j] = best;
    }
  }
  return d[m]![n]!;
}

const normalise = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

/**
 * The code a person most likely meant, or null. Suggested only when it is likely:
 * - the value is a code's name (es or en, without accents or case: "Guatemala" → GTM); or
 * - one code, and only one, is within a small typing distance relative to the length: at
 *   most a quarter of the code's characters (so a three-letter code admits one slip — a
 *   neighbouring key or a swap — but not an arbitrary letter: with ~250 country codes nearly
 *   every three letters are one arbitrary letter away from some code, "TIB" from GIB).
 * Two equally close codes mean we cannot tell which was meant: no suggestion.
 */
export function suggestCode(dim: DimensionInfo, value: string): { code: string; name: Localized } | null {
  const v = value.toUpperCase();
  const wanted = normalise(value);
  if (wanted.length > 3) {
    const byName = [...dim.codes.values()].filter((c) => Object.values(c.name).some((n) => typeof n === 'string' && normalise(n) === wanted));
    if (byName.length === 1) return { code: byName[0]!.code, name: byName[0]!.name };
  }
  let best: string | null = null;
  let bestD = Infinity;
  let ties = 0;
  for (const code of dim.codes.keys()) {
    const d = typoDistance(v, code);
    if (d < bestD) {
      bestD = d;
      best = code;
      ties = 1;
    } else if (d === bestD) ties++;
  }
  if (best === null || ties !== 1 || bestD === 0) return null;
  if (bestD > Math.max(v.length, best.length) / 4) return null;
  return { code: best, name: dim.codes.get(best)!.name };
}
