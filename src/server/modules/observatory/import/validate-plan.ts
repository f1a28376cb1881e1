import { DIMENSION_IDS, hintParams, suggestCode, type DimensionId, type Structure } from '../structure/index.ts';
import type { Message } from './messages.ts';
import { planSplit, type SplitPlan } from './split-columns.ts';
import { TARGETS, type ColumnMapping, type Target, type ValidationContext } from './validate-types.ts';

/**
 * The steps of a validation (validate.ts) that read the header and the mapping, not the rows:
 * which column feeds which target, the dimensions given as constants, the national code
 * lists, and, after the rows, the January-dated years. Split from `validateRecords` so each
 * step reads alone; the row loop stays there, where it is fast.
 */
type Add = (m: Omit<Message, 'params'> & { params?: Message['params'] }) => void;

export const REQUIRED: Target[] = ['REF_AREA', 'FLOW', 'TIME_PERIOD', 'OBS_VALUE'];

export interface ColumnPlan {
  byTarget: Map<Target, number>;
  constants: Partial<Record<DimensionId, string>>;
  split: SplitPlan | null;
}

/** Which file column feeds which target, and the constants; errors for what cannot be (names, targets, twice). Adds the split's virtual columns to `names`. */
export function planColumns(mapping: ColumnMapping, names: string[], headerRow: number, s: Structure, add: Add): ColumnPlan {
  const byTarget = new Map<Target, number>();
  // a column carrying several dimensions reads as one virtual column per dimension (split-columns.ts)
  const split = planSplit(mapping, names, headerRow, add);
  if (split) {
    names.push(...split.names);
    for (const [dim, idx] of split.targets) byTarget.set(dim, idx);
  }
  const explicit = mapping.columns ?? {};
  for (const [col, target] of Object.entries(explicit)) {
    const idx = names.findIndex((n) => n.toLowerCase() === col.toLowerCase());
    if (idx < 0) {
      add({ severity: 'error', row: headerRow, column: col, value: null, key: 'observatory.msg.columnNotFound', params: { column: col } });
      continue;
    }
    if (target === '') continue;
    if (!(TARGETS as readonly string[]).includes(target)) {
      add({ severity: 'error', row: headerRow, column: col, value: target, key: 'observatory.msg.unknownTarget', params: { column: col, target } });
      continue;
    }
    // one dimension from two columns would silently keep the last: refused, naming both
    const before = byTarget.get(target as Target);
    if (before !== undefined) {
      add({ severity: 'error', row: headerRow, column: col, value: target, key: 'observatory.msg.dimensionTwice', params: { dimension: target, columns: `${names[before]}, ${names[idx]}` } });
      continue;
    }
    byTarget.set(target as Target, idx);
  }
  names.forEach((n, idx) => {
    const up = n.toUpperCase();
    if (Object.keys(explicit).some((c) => c.toLowerCase() === n.toLowerCase())) return;
    if ((TARGETS as readonly string[]).includes(up) && !byTarget.has(up as Target)) byTarget.set(up as Target, idx);
  });
  const constants: Partial<Record<DimensionId, string>> = {};
  for (const [dim, code] of Object.entries(mapping.constants ?? {})) {
    const d = s.byId.get(dim);
    if (!d || dim === 'TIME_PERIOD' || !(DIMENSION_IDS as string[]).includes(dim)) {
      add({ severity: 'error', row: null, column: null, value: dim, key: 'observatory.msg.unknownDimension', params: { dimension: dim } });
      continue;
    }
    if (byTarget.has(dim as Target)) {
      add({ severity: 'error', row: null, column: null, value: dim, key: 'observatory.msg.constantAndColumn', params: { dimension: dim } });
      continue;
    }
    if (d.codelistId && !d.codes.has(code)) {
      const hint = hintParams(suggestCode(d, code));
      add({ severity: 'error', row: null, column: null, value: code, key: hint ? 'observatory.msg.unknownConstantHint' : 'observatory.msg.unknownConstant', params: { dimension: dim, value: code, ...hint } });
      continue;
    }
    constants[dim as DimensionId] = code;
  }
  for (const req of REQUIRED) {
    if (!byTarget.has(req) && !(req in constants)) add({ severity: 'error', row: headerRow, column: null, value: null, key: 'observatory.msg.missingColumn', params: { target: req } });
  }
  return { byTarget, constants, split };
}

/** The national code lists (stored, then the mapping's), upper-cased, and per dimension the regional codes several national ones map to. */
export function codeMapsOf(ctx: ValidationContext, mapping: ColumnMapping): { codeMaps: Record<string, Record<string, string>>; mergedCodes: Map<string, Set<string>> } {
  const codeMaps: Record<string, Record<string, string>> = {};
  for (const src of [ctx.storedCodes, mapping.codes ?? {}]) {
    for (const [dim, m] of Object.entries(src)) codeMaps[dim] = { ...(codeMaps[dim] ?? {}), ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toUpperCase(), v])) };
  }
  // A regional code that several national codes are mapped to merges a national split (IGM's
  // accompanied and unaccompanied children are both Y_LT18): rows that then share a key are one
  // cell and are added up after staging, with an information message (staging.ts sumMergedRows).
  const mergedCodes = new Map<string, Set<string>>();
  for (const [dim, m] of Object.entries(codeMaps)) {
    const seen = new Map<string, number>();
    for (const to of Object.values(m)) seen.set(to, (seen.get(to) ?? 0) + 1);
    mergedCodes.set(dim, new Set([...seen].filter(([, n]) => n > 1).map(([c]) => c)));
  }
  return { codeMaps, mergedCodes };
}

/** Years whose only month is a January written as a full date: annual totals, when the mapping says so (or an error asking). */
export function januaryYearsOf(januaryDateYears: Set<string>, otherMonthYears: Set<string>, mapping: ColumnMapping, add: Add): string[] {
  // Annual totals dated as January (issue 17 item 2): two or more years whose only month is a
  // January written as a full date. One such year alone is a monthly file of January.
  const januaryOnly = [...januaryDateYears].filter((y) => !otherMonthYears.has(y)).sort();
  let januaryYears: string[] = [];
  if (januaryOnly.length >= 2) {
    const years = januaryOnly.length > 6 ? `${januaryOnly.slice(0, 3).join(', ')} … ${januaryOnly.slice(-2).join(', ')}` : januaryOnly.join(', ');
    if (mapping.januaryDates === 'year') {
      januaryYears = januaryOnly;
      add({ severity: 'info', row: null, column: null, value: null, key: 'observatory.msg.januaryAsYear', params: { count: januaryOnly.length, years } });
    } else if (mapping.januaryDates !== 'month') {
      add({ severity: 'error', row: null, column: null, value: null, key: 'observatory.msg.januaryAmbiguous', params: { count: januaryOnly.length, years } });
    }
  }
  return januaryYears;
}
