import type { Record_ } from './reader.ts';
import { BREAKDOWN_IDS, DIMENSION_IDS, TOTAL, type DimensionId } from '../structure/index.ts';
import { hintParams, suggestCode } from '../structure/index.ts';
import { copyText, parseCount } from './cells.ts';
import { lastMonth, parsePeriod, periodId as periodIdOf, periodLength, type PeriodLength } from '../structure/index.ts';
import { Messages, type Message } from './messages.ts';
import { planSplit } from './split-columns.ts';
import { TARGETS, type CheckedDimension, type ColumnMapping, type RowSink, type Target, type ValidationContext, type ValidationResult } from './validate-types.ts';

/**
 * Streaming validation of a long-format table against a dataflow. Errors block, warnings
 * inform; every message is a key with parameters (translated when shown) naming the row,
 * the column and the value. Rows are handed to the `RowSink` as they pass, so the caller can
 * stage them without holding the file in memory.
 */

// The validation's whole API stays importable from here (submit.ts, staging.ts, … import this file).
export { parseCount, parseMonth } from './cells.ts';
export { MAX_NEW_SERIES_LISTED, MAX_STORED_ERRORS, MAX_STORED_WARNINGS, Messages, type Message } from './messages.ts';
export {
  STAGE_COLUMNS,
  TARGETS,
  type CheckedDimension,
  type ColumnMapping,
  type NormalizedRow,
  type RowSink,
  type Target,
  type ValidationContext,
  type ValidationResult,
} from './validate-types.ts';

const PREVIEW_ROWS = 10;
const HEADER_SEARCH_ROWS = 10;
const REQUIRED: Target[] = ['REF_AREA', 'FLOW', 'TIME_PERIOD', 'OBS_VALUE'];
const OBS_STATUS = new Set(['A', 'P', 'E']);
const DIGITS = /^\d+$/;

/**
 * Checks every row that can be checked alone (codes, mappings, country, period, value,
 * status) in one streaming pass and hands each valid row to the sink. Checks that need the
 * whole file — the same key twice, parts against totals, new series, the revision diff —
 * are set operations on the staged rows in PostgreSQL (staging.ts).
 */
export async function validateRecords(
  batches: AsyncIterable<Record_[]>,
  ctx: ValidationContext,
  mapping: ColumnMapping,
  sink?: RowSink,
  msgs: Messages = new Messages(),
): Promise<ValidationResult> {
  const add = (m: Omit<Message, 'params'> & { params?: Message['params'] }) => msgs.add(m);
  const result = (headerRow: number | null, rows: number, preview: ValidationResult['preview'], countries: string[], checked: CheckedDimension[] = [], staged = 0, merged = 0): ValidationResult => ({
    headerRow,
    rows,
    get errorCount() {
      return msgs.errorCount;
    },
    get warningCount() {
      return msgs.warningCount;
    },
    get messages() {
      return msgs.sorted();
    },
    preview,
    countries,
    checked,
    staged,
    merged,
    collector: msgs,
  });
  const s = ctx.structure;

  // --- the header: the first of the first rows that names the columns the mapping expects
  const it = batches[Symbol.asyncIterator]();
  let pending: Record_[] = [];
  let at = 0;
  const nextRecord = async (): Promise<Record_ | null> => {
    while (at >= pending.length) {
      const n = await it.next();
      if (n.done) return null;
      pending = n.value;
      at = 0;
    }
    return pending[at++]!;
  };
  const wanted = new Set([...Object.keys(mapping.columns ?? {}), ...Object.keys(mapping.split ?? {}), ...TARGETS].map((c) => c.toLowerCase()));
  let header: Record_ | null = null;
  const firstRows: Record_[] = [];
  for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
    const n = await nextRecord();
    if (!n) break;
    firstRows.push(n);
    if (n.values.filter((v) => v !== '' && wanted.has(v.toLowerCase())).length >= 2) {
      header = n;
      break;
    }
  }
  if (!header) {
    if (firstRows.length === 0) add({ severity: 'error', row: null, column: null, value: null, key: 'observatory.msg.emptyFile' });
    else add({ severity: 'error', row: firstRows[0]!.row, column: null, value: null, key: 'observatory.msg.headerNotFound', params: { row: firstRows[0]!.row, columns: REQUIRED.join(', ') } });
    return result(null, 0, [], []);
  }
  const headerRow = header.row;
  const names = [...header.values];

  // --- which file column feeds which target
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
  if (msgs.errorCount > 0) return result(headerRow, 0, [], []);
  for (const dim of BREAKDOWN_IDS) {
    if (!byTarget.has(dim) && !(dim in constants)) {
      add({ severity: 'warning', row: null, column: null, value: null, key: 'observatory.msg.dimensionTotal', params: { dimension: dim } });
    }
  }

  const codeMaps: Record<string, Record<string, string>> = {};
  for (const src of [ctx.storedCodes, mapping.codes ?? {}]) {
    for (const [dim, m] of Object.entries(src)) codeMaps[dim] = { ...(codeMaps[dim] ?? {}), ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toUpperCase(), v])) };
  }
  const mappedCount = new Map<string, number>();
  // A regional code that several national codes are mapped to merges a national split (IGM's
  // accompanied and unaccompanied children are both Y_LT18): rows that then share a key are one
  // cell and are added up after staging, with an information message (staging.ts sumMergedRows).
  const mergedCodes = new Map<string, Set<string>>();
  for (const [dim, m] of Object.entries(codeMaps)) {
    const seen = new Map<string, number>();
    for (const to of Object.values(m)) seen.set(to, (seen.get(to) ?? 0) + 1);
    mergedCodes.set(dim, new Set([...seen].filter(([, n]) => n > 1).map(([c]) => c)));
  }
  const dimCols = DIMENSION_IDS.map((d) => ({ id: d, idx: byTarget.get(d), info: s.byId.get(d)!, col: byTarget.has(d) ? names[byTarget.get(d)!]! : null }));
  const timeIdx = byTarget.get('TIME_PERIOD');
  const valueIdx = byTarget.get('OBS_VALUE')!;
  const statusIdx = byTarget.get('OBS_STATUS');
  const commentIdx = byTarget.get('COMMENT');
  const refIdx = DIMENSION_IDS.indexOf('REF_AREA');
  const nowMonth = ctx.now.toISOString().slice(0, 7);
  const codec = ctx.codec?.fits ? ctx.codec : null;
  const locIdx = DIMENSION_IDS.indexOf('LOCATION');

  // parts against totals, only along dimensions read from the file (constants have one code)
  const checked: CheckedDimension[] = dimCols.filter((d) => d.idx !== undefined && (BREAKDOWN_IDS as string[]).includes(d.id)).map((d) => ({ id: d.id, col: d.col! }));
  const countries = new Set<string>();
  const preview: ValidationResult['preview'] = [];
  const suggestCache = new Map<string, ReturnType<typeof hintParams>>();
  // raw text → regional code (after the national mapping), per dimension: a million rows use a few hundred codes
  const resolved = dimCols.map(() => new Map<string, { code: string; mappedKey: string | null; known: boolean; bits: number; merged: boolean }>());
  // a dimension given as a constant (or left out: `_T`) adds the same share to every packed key
  const constantBits = codec ? dimCols.reduce((k, d) => (d.idx === undefined ? k + codec.bits(d.id, constants[d.id] ?? TOTAL) : k), 0) : 0;
  const periodIds = new Map<string, number>();
  const periods = new Map<string, ReturnType<typeof parsePeriod>>();
  // years with a January written as a full date (2024-01-01), and years with any other month:
  // the first without the second may be annual totals filed as January (mapping.januaryDates)
  const januaryDateYears = new Set<string>();
  const otherMonthYears = new Set<string>();
  // an explicit choice: rows that coincide once mapped are added up (national tables that repeat a key over columns summed away)
  const sumRows = mapping.sumRows === true;
  const keep = mapping.keepRows ? { idx: names.findIndex((n) => n.toLowerCase() === mapping.keepRows!.column.toLowerCase()), values: new Set(mapping.keepRows.values) } : null;
  if (keep && keep.idx < 0) {
    add({ severity: 'error', row: headerRow, column: mapping.keepRows!.column, value: null, key: 'observatory.msg.columnNotFound', params: { column: mapping.keepRows!.column } });
    return result(headerRow, 0, [], []);
  }
  let setAside = 0;
  // country × flow × year → the period lengths the file gives it (period-checks.ts)
  const lengths = new Map<string, Set<PeriodLength>>();
  let lastLengthKey = '';
  let rows = 0;
  let staged = 0;
  let mergedRows = 0;
  const dims: string[] = new Array(dimCols.length).fill('');

  const check = (rec: Record_) => {
    rows++;
    const v = rec.values;
    if (keep && !keep.values.has(v[keep.idx] ?? '')) {
      setAside++;
      return;
    }
    if (split && !split.fill(v, rec.row)) return;
    let bad = false;
    let merged = sumRows;
    let k = constantBits;
    for (let di = 0; di < dimCols.length; di++) {
      const d = dimCols[di]!;
      let code: string;
      if (d.idx === undefined) code = constants[d.id] ?? TOTAL;
      else {
        const raw = v[d.idx] ?? '';
        // an empty cell is an error unless the mapping says what it means here (`"": "_U"`)
        if (raw === '' && codeMaps[d.id]?.[''] === undefined) {
          add({ severity: 'error', row: rec.row, column: d.col, value: '', key: 'observatory.msg.codeEmpty', params: { row: rec.row, column: d.col!, dimension: d.id } });
          bad = true;
          dims[di] = '';
          continue;
        }
        let r = resolved[di]!.get(raw);
        if (!r) {
          const upper = raw.toUpperCase();
          const mapped = codeMaps[d.id]?.[upper];
          const c = mapped ?? upper;
          r = {
            code: c,
            mappedKey: mapped !== undefined ? `${d.col}\u0000${upper}\u0000${mapped}` : null,
            known: d.id === 'LOCATION' ? c === TOTAL || /^[A-Z]{3}-[A-Z0-9_-]{1,40}$/.test(c) : d.info.codes.has(c),
            bits: codec ? codec.bits(d.id, c) : 0,
            merged: mapped !== undefined && !!mergedCodes.get(d.id)?.has(mapped),
          };
          if (resolved[di]!.size < 100_000) resolved[di]!.set(raw, r);
        }
        code = r.code;
        k += r.bits;
        if (r.merged) merged = true;
        if (r.mappedKey !== null) mappedCount.set(r.mappedKey, (mappedCount.get(r.mappedKey) ?? 0) + 1);
        if (d.id === 'LOCATION') {
          const ref = dims[refIdx] ?? '';
          if (code !== TOTAL && !(r.known && code.startsWith(`${ref}-`))) {
            add({ severity: 'error', row: rec.row, column: d.col, value: raw, key: 'observatory.msg.locationInvalid', params: { row: rec.row, column: d.col!, value: raw, country: ref } });
            bad = true;
          }
        } else if (!r.known) {
          const ck = `${d.id}\u0000${code}`;
          let hint = suggestCache.get(ck);
          if (hint === undefined) suggestCache.set(ck, (hint = hintParams(suggestCode(d.info, code))));
          add({
            severity: 'error',
            row: rec.row,
            column: d.col,
            value: raw,
            key: hint ? 'observatory.msg.unknownCodeHint' : 'observatory.msg.unknownCode',
            params: { row: rec.row, column: d.col!, value: raw, dimension: d.id, ...hint },
          });
          bad = true;
        }
      }
      dims[di] = code;
    }
    const ref = dims[refIdx]!;
    if (ref && !bad && !ctx.anyCountry && ref !== ctx.actorCountry) {
      const col = dimCols[refIdx]!.col;
      add({ severity: 'error', row: rec.row, column: col, value: ref, key: 'observatory.msg.otherCountry', params: { row: rec.row, column: col ?? 'REF_AREA', value: ref, country: ctx.actorCountry ?? '—' } });
      bad = true;
    }
    // the period
    let period = '';
    const rawPeriod = timeIdx === undefined ? '' : (v[timeIdx] ?? '');
    let p = periods.get(rawPeriod);
    if (!p) {
      p = parsePeriod(rawPeriod);
      if (periods.size < 10_000) periods.set(rawPeriod, p);
    }
    if ('error' in p) {
      const timeCol = timeIdx === undefined ? null : names[timeIdx]!;
      add({ severity: 'error', row: rec.row, column: timeCol, value: rawPeriod, key: `observatory.msg.${rawPeriod === '' ? 'periodEmpty' : p.error}`, params: { row: rec.row, column: timeCol ?? 'TIME_PERIOD', value: rawPeriod } });
      bad = true;
    } else if (lastMonth(p.period) > nowMonth) {
      const timeCol = timeIdx === undefined ? null : names[timeIdx]!;
      add({ severity: 'error', row: rec.row, column: timeCol, value: rawPeriod, key: 'observatory.msg.periodFuture', params: { row: rec.row, column: timeCol ?? 'TIME_PERIOD', value: rawPeriod } });
      bad = true;
    } else {
      period = p.period;
      if (p.januaryDate) januaryDateYears.add(period.slice(0, 4));
      else if (period.length === 7 && period.charAt(5) !== 'Q') otherMonthYears.add(period.slice(0, 4));
    }
    // the value: plain digits are the common case
    const rawValue = v[valueIdx] ?? '';
    let value = 0;
    if (rawValue.length > 0 && rawValue.length < 16 && DIGITS.test(rawValue)) value = Number(rawValue);
    else {
      const c = parseCount(rawValue);
      if ('error' in c) {
        const valueCol = names[valueIdx]!;
        add({ severity: 'error', row: rec.row, column: valueCol, value: rawValue, key: `observatory.msg.${c.error}`, params: { row: rec.row, column: valueCol, value: rawValue } });
        bad = true;
      } else value = c.value;
    }
    let status = 'A';
    if (statusIdx !== undefined && (v[statusIdx] ?? '') !== '') {
      status = v[statusIdx]!.toUpperCase();
      if (!OBS_STATUS.has(status)) {
        add({ severity: 'error', row: rec.row, column: names[statusIdx]!, value: v[statusIdx]!, key: 'observatory.msg.statusInvalid', params: { row: rec.row, column: names[statusIdx]!, value: v[statusIdx]! } });
        bad = true;
      }
    }
    if (bad) return;
    const comment = commentIdx !== undefined && (v[commentIdx] ?? '') !== '' ? v[commentIdx]!.slice(0, 1000) : null;
    countries.add(ref);
    if (preview.length < PREVIEW_ROWS) {
      const o: Record<string, string | number> = { row: rec.row };
      DIMENSION_IDS.forEach((id, j) => (o[id] = dims[j]!));
      o.TIME_PERIOD = period;
      o.OBS_VALUE = value;
      preview.push(o);
    }
    staged++;
    if (merged) mergedRows++;
    const len = periodLength(period);
    const lk = `${ref}\u0000${dims[1]}\u0000${period.slice(0, 4)}`;
    if (lk + len !== lastLengthKey) {
      lastLengthKey = lk + len;
      let set = lengths.get(lk);
      if (!set) lengths.set(lk, (set = new Set()));
      set.add(len);
    }
    let periodId = periodIds.get(period);
    if (periodId === undefined) periodIds.set(period, (periodId = periodIdOf(period)));
    const packed = codec ? `${k}\t${codec.location(dims[locIdx]!)}\t${periodId}` : '0\t0\t0';
    sink?.row(`${rec.row}\t${dims.join('\t')}\t${period}\t${value}\t${status}\t${copyText(comment)}\t${packed}\t${merged ? 't' : 'f'}\n`);
  };

  for (;;) {
    while (at < pending.length) check(pending[at++]!);
    await sink?.batchDone(rows, staged);
    const n = await it.next();
    if (n.done) break;
    pending = n.value;
    at = 0;
  }

  for (const [k, count] of mappedCount) {
    const [column, from, to] = k.split('\u0000') as [string, string, string];
    add({ severity: 'warning', row: null, column, value: from, key: 'observatory.msg.codeMapped', params: { column, from, to, count } });
  }
  if (rows === 0) add({ severity: 'error', row: headerRow, column: null, value: null, key: 'observatory.msg.noRows' });
  if (setAside > 0) {
    const k = mapping.keepRows!;
    add({ severity: 'info', row: null, column: k.column, value: null, key: 'observatory.msg.rowsSetAside', params: { rows: setAside, column: k.column, values: k.values.join(', ') } });
  }
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
  const out = result(headerRow, rows, preview, [...countries], checked, staged, mergedRows);
  out.januaryYears = januaryYears;
  // January rows restaged as years count as years
  for (const [k, set] of lengths) if (januaryYears.includes(k.slice(-4)) && set.has('M')) {
    set.delete('M');
    set.add('A');
  }
  out.periodLengths = lengths;
  return out;
}
