import type { Record_ } from './reader.ts';
import { BREAKDOWN_IDS, closestCode, DIMENSION_IDS, TOTAL, type DimensionId, type Structure } from './structure.ts';

/**
 * Streaming validation of a long-format table against a dataflow. Errors block, warnings
 * inform; every message is a key with parameters (translated when shown) naming the row,
 * the column and the value. Rows are handed to `onRow` as they pass, so the caller can
 * stage them without holding the file in memory.
 */
export const TARGETS = [...DIMENSION_IDS, 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'COMMENT'] as const;
export type Target = (typeof TARGETS)[number];

export interface ColumnMapping {
  /** file column (header text) → dimension id, TIME_PERIOD, OBS_VALUE, OBS_STATUS, COMMENT, or '' to ignore */
  columns?: Record<string, string>;
  /** dimension id → the code every row gets (for dimensions that are not columns of the file) */
  constants?: Record<string, string>;
  /** dimension id → { national code → regional code } */
  codes?: Record<string, Record<string, string>>;
}

export interface Message {
  severity: 'error' | 'warning';
  row: number | null;
  column: string | null;
  value: string | null;
  key: string;
  params: Record<string, string | number>;
}

export interface NormalizedRow {
  row: number;
  /** codes in DIMENSION_IDS order */
  dims: string[];
  period: string;
  value: number;
  status: string;
  comment: string | null;
}

export interface ValidationContext {
  structure: Structure;
  /** the uploader's country; rows for another REF_AREA are refused unless anyCountry */
  actorCountry: string | null;
  anyCountry: boolean;
  now: Date;
  /** code mappings the platform keeps (all countries '*', then the uploader's) */
  storedCodes: Record<string, Record<string, string>>;
  /** the series keys (dimensions joined by '|') that already exist for these countries */
  existingSeries?: (countries: string[]) => Promise<Set<string>>;
}

export interface ValidationResult {
  headerRow: number | null;
  rows: number;
  errorCount: number;
  warningCount: number;
  messages: Message[];
  preview: Record<string, string | number>[];
  countries: string[];
}

export const MAX_STORED_ERRORS = 5000;
export const MAX_STORED_WARNINGS = 1000;
const MAX_NEW_SERIES_LISTED = 20;
const PREVIEW_ROWS = 10;
const HEADER_SEARCH_ROWS = 10;
const REQUIRED: Target[] = ['REF_AREA', 'FLOW', 'TIME_PERIOD', 'OBS_VALUE'];
const OBS_STATUS = new Set(['A', 'P', 'E']);

/** A count as people write it: 1234, 1.234, 1,234, 1 234, 1234,00 — or null with the reason. */
export function parseCount(raw: string): { value: number } | { error: 'valueEmpty' | 'valueNotNumber' | 'valueNegative' | 'valueNotInteger' } {
  const s = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return { error: 'valueEmpty' };
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  let n: number;
  if (/^\d{1,3}([.,]\d{3})+$/.test(body) && new Set(body.replace(/\d/g, '')).size === 1) n = Number(body.replace(/[.,]/g, ''));
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(body)) n = Number(body.replace(/,/g, ''));
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(body)) n = Number(body.replace(/\./g, '').replace(',', '.'));
  else if (/^\d+([.,]\d+)?$/.test(body)) n = Number(body.replace(',', '.'));
  else return { error: 'valueNotNumber' };
  if (neg && n !== 0) return { error: 'valueNegative' };
  if (!Number.isInteger(n) || !Number.isSafeInteger(n)) return { error: 'valueNotInteger' };
  return { value: n };
}

/** A month as ISO 8601 (2024-08), from 2024-08, 2024-08-01 or 2024/08; else why not. */
export function parseMonth(raw: string): { period: string } | { error: 'periodMalformed' | 'periodNotMonthly' } {
  const s = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})(?:[-/]01)?(?:T00:00:00(?:\.000)?Z?)?$/.exec(s);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { error: 'periodMalformed' };
    return { period: `${m[1]}-${String(month).padStart(2, '0')}` };
  }
  if (/^\d{4}(-Q[1-4]|-S[12]|-W\d{2})?$/.test(s)) return { error: 'periodNotMonthly' };
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return { error: 'periodNotMonthly' };
  return { error: 'periodMalformed' };
}

export async function validateRecords(
  records: AsyncIterable<Record_>,
  ctx: ValidationContext,
  mapping: ColumnMapping,
  onRow?: (r: NormalizedRow) => void | Promise<void>,
): Promise<ValidationResult> {
  const messages: Message[] = [];
  let errorCount = 0;
  let warningCount = 0;
  const add = (m: Omit<Message, 'params'> & { params?: Message['params'] }) => {
    const full = { ...m, params: m.params ?? {} };
    if (m.severity === 'error') {
      errorCount++;
      if (errorCount <= MAX_STORED_ERRORS) messages.push(full);
    } else {
      warningCount++;
      if (warningCount <= MAX_STORED_WARNINGS) messages.push(full);
    }
  };
  const result = (headerRow: number | null, rows: number, preview: ValidationResult['preview'], countries: string[]): ValidationResult => ({
    headerRow,
    rows,
    errorCount,
    warningCount,
    messages: messages.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
    preview,
    countries,
  });
  const s = ctx.structure;

  // --- the header: the first of the first rows that names the columns the mapping expects
  const it = records[Symbol.asyncIterator]();
  const wanted = new Set([...Object.keys(mapping.columns ?? {}), ...TARGETS].map((c) => c.toLowerCase()));
  let header: Record_ | null = null;
  const firstRows: Record_[] = [];
  for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
    const n = await it.next();
    if (n.done) break;
    firstRows.push(n.value);
    if (n.value.values.filter((v) => v !== '' && wanted.has(v.toLowerCase())).length >= 2) {
      header = n.value;
      break;
    }
  }
  if (!header) {
    if (firstRows.length === 0) add({ severity: 'error', row: null, column: null, value: null, key: 'observatory.msg.emptyFile' });
    else add({ severity: 'error', row: firstRows[0]!.row, column: null, value: null, key: 'observatory.msg.headerNotFound', params: { row: firstRows[0]!.row, columns: REQUIRED.join(', ') } });
    return result(null, 0, [], []);
  }
  const headerRow = header.row;
  const names = header.values;

  // --- which file column feeds which target
  const byTarget = new Map<Target, number>();
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
      const suggestion = closestCode(d, code);
      add({ severity: 'error', row: null, column: null, value: code, key: suggestion ? 'observatory.msg.unknownConstantSuggest' : 'observatory.msg.unknownConstant', params: { dimension: dim, value: code, suggestion: suggestion ?? '' } });
      continue;
    }
    constants[dim as DimensionId] = code;
  }
  for (const req of REQUIRED) {
    if (!byTarget.has(req) && !(req in constants)) add({ severity: 'error', row: headerRow, column: null, value: null, key: 'observatory.msg.missingColumn', params: { target: req } });
  }
  if (errorCount > 0) return result(headerRow, 0, [], []);
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
  const dimCols = DIMENSION_IDS.map((d) => ({ id: d, idx: byTarget.get(d), info: s.byId.get(d)!, col: byTarget.has(d) ? names[byTarget.get(d)!]! : null }));
  const timeIdx = byTarget.get('TIME_PERIOD');
  const valueIdx = byTarget.get('OBS_VALUE')!;
  const statusIdx = byTarget.get('OBS_STATUS');
  const commentIdx = byTarget.get('COMMENT');
  const refIdx = DIMENSION_IDS.indexOf('REF_AREA');
  const nowMonth = ctx.now.toISOString().slice(0, 7);

  const seen = new Map<string, number>();
  // parts against totals, only along dimensions read from the file (constants have one code)
  const checked = dimCols.filter((d) => d.idx !== undefined && (BREAKDOWN_IDS as string[]).includes(d.id));
  const buckets = checked.map(() => new Map<string, { total: number | null; row: number; fine: number; agg: number }>());
  const seriesFirstRow = new Map<string, number>();
  const countries = new Set<string>();
  const preview: ValidationResult['preview'] = [];
  const suggestCache = new Map<string, string | null>();
  let rows = 0;

  for (;;) {
    const n = await it.next();
    if (n.done) break;
    const rec = n.value;
    rows++;
    const v = rec.values;
    let bad = false;
    const dims: string[] = [];
    for (const d of dimCols) {
      let code: string;
      if (d.idx === undefined) code = constants[d.id] ?? TOTAL;
      else {
        const raw = v[d.idx] ?? '';
        if (raw === '') {
          add({ severity: 'error', row: rec.row, column: d.col, value: '', key: 'observatory.msg.codeEmpty', params: { row: rec.row, column: d.col!, dimension: d.id } });
          bad = true;
          dims.push('');
          continue;
        }
        code = raw.toUpperCase();
        const mapped = codeMaps[d.id]?.[code];
        if (mapped !== undefined) {
          const k = `${d.col}\u0000${code}\u0000${mapped}`;
          mappedCount.set(k, (mappedCount.get(k) ?? 0) + 1);
          code = mapped;
        }
        if (d.id === 'LOCATION') {
          const ref = dims[refIdx] ?? '';
          if (code !== TOTAL && !(code.startsWith(`${ref}-`) && /^[A-Z]{3}-[A-Z0-9_-]{1,40}$/.test(code))) {
            add({ severity: 'error', row: rec.row, column: d.col, value: raw, key: 'observatory.msg.locationInvalid', params: { row: rec.row, column: d.col!, value: raw, country: ref } });
            bad = true;
          }
        } else if (!d.info.codes.has(code)) {
          const ck = `${d.id}\u0000${code}`;
          let suggestion = suggestCache.get(ck);
          if (suggestion === undefined) suggestCache.set(ck, (suggestion = closestCode(d.info, code)));
          add({
            severity: 'error',
            row: rec.row,
            column: d.col,
            value: raw,
            key: suggestion ? 'observatory.msg.unknownCodeSuggest' : 'observatory.msg.unknownCode',
            params: { row: rec.row, column: d.col!, value: raw, dimension: d.id, suggestion: suggestion ?? '' },
          });
          bad = true;
        }
      }
      dims.push(code);
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
    const timeCol = timeIdx === undefined ? null : names[timeIdx]!;
    const p = parseMonth(rawPeriod);
    if ('error' in p) {
      add({ severity: 'error', row: rec.row, column: timeCol, value: rawPeriod, key: `observatory.msg.${rawPeriod === '' ? 'periodEmpty' : p.error}`, params: { row: rec.row, column: timeCol ?? 'TIME_PERIOD', value: rawPeriod } });
      bad = true;
    } else if (p.period > nowMonth) {
      add({ severity: 'error', row: rec.row, column: timeCol, value: rawPeriod, key: 'observatory.msg.periodFuture', params: { row: rec.row, column: timeCol ?? 'TIME_PERIOD', value: rawPeriod } });
      bad = true;
    } else period = p.period;
    // the value
    const rawValue = v[valueIdx] ?? '';
    const valueCol = names[valueIdx]!;
    const c = parseCount(rawValue);
    let value = 0;
    if ('error' in c) {
      add({ severity: 'error', row: rec.row, column: valueCol, value: rawValue, key: `observatory.msg.${c.error}`, params: { row: rec.row, column: valueCol, value: rawValue } });
      bad = true;
    } else value = c.value;
    let status = 'A';
    if (statusIdx !== undefined && (v[statusIdx] ?? '') !== '') {
      status = v[statusIdx]!.toUpperCase();
      if (!OBS_STATUS.has(status)) {
        add({ severity: 'error', row: rec.row, column: names[statusIdx]!, value: v[statusIdx]!, key: 'observatory.msg.statusInvalid', params: { row: rec.row, column: names[statusIdx]!, value: v[statusIdx]! } });
        bad = true;
      }
    }
    const comment = commentIdx !== undefined && (v[commentIdx] ?? '') !== '' ? v[commentIdx]!.slice(0, 1000) : null;
    if (bad) continue;

    const series = dims.join('|');
    const key = `${series}|${period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      add({ severity: 'error', row: rec.row, column: null, value: null, key: 'observatory.msg.duplicateKey', params: { row: rec.row, first } });
      continue;
    }
    seen.set(key, rec.row);
    if (!seriesFirstRow.has(series)) seriesFirstRow.set(series, rec.row);
    countries.add(ref);
    checked.forEach((d, i) => {
      const pos = DIMENSION_IDS.indexOf(d.id);
      const code = dims[pos]!;
      const rest = dims.map((x, j) => (j === pos ? '*' : x)).join('|') + '|' + period;
      const bucket = (total: string) => {
        const k = `${rest}|${total}`;
        let b = buckets[i]!.get(k);
        if (!b) buckets[i]!.set(k, (b = { total: null, row: 0, fine: 0, agg: 0 }));
        return b;
      };
      const info = d.info.codes.get(code);
      if (code === TOTAL) Object.assign(bucket(TOTAL), { total: value, row: rec.row });
      else if (info?.isAggregate) {
        bucket(TOTAL).agg += value;
        Object.assign(bucket(code), { total: value, row: rec.row });
      } else {
        bucket(TOTAL).fine += value;
        if (info?.parent) bucket(info.parent).fine += value;
      }
    });
    if (preview.length < PREVIEW_ROWS) {
      const o: Record<string, string | number> = { row: rec.row };
      DIMENSION_IDS.forEach((id, j) => (o[id] = dims[j]!));
      o.TIME_PERIOD = period;
      o.OBS_VALUE = value;
      preview.push(o);
    }
    if (onRow && errorCount === 0) await onRow({ row: rec.row, dims, period, value, status, comment });
  }

  checked.forEach((d, i) => {
    for (const [k, b] of buckets[i]!) {
      if (b.total === null) continue;
      const parts = Math.max(b.fine, b.agg);
      if (parts > b.total) {
        const code = k.slice(k.lastIndexOf('|') + 1);
        add({ severity: 'error', row: b.row, column: d.col, value: String(b.total), key: 'observatory.msg.partsExceedTotal', params: { row: b.row, column: d.col!, dimension: d.id, code, total: b.total, parts } });
      }
    }
  });
  for (const [k, count] of mappedCount) {
    const [column, from, to] = k.split('\u0000') as [string, string, string];
    add({ severity: 'warning', row: null, column, value: from, key: 'observatory.msg.codeMapped', params: { column, from, to, count } });
  }
  if (ctx.existingSeries && seriesFirstRow.size > 0 && errorCount === 0) {
    const existing = await ctx.existingSeries([...countries]);
    let fresh = 0;
    for (const [series, row] of seriesFirstRow) {
      if (existing.has(series)) continue;
      fresh++;
      if (fresh <= MAX_NEW_SERIES_LISTED) add({ severity: 'warning', row, column: null, value: series, key: 'observatory.msg.newSeries', params: { row, series } });
    }
    if (fresh > MAX_NEW_SERIES_LISTED) add({ severity: 'warning', row: null, column: null, value: null, key: 'observatory.msg.newSeriesMore', params: { count: fresh - MAX_NEW_SERIES_LISTED, total: fresh } });
  }
  if (rows === 0) add({ severity: 'error', row: headerRow, column: null, value: null, key: 'observatory.msg.noRows' });
  return result(headerRow, rows, preview, [...countries]);
}
