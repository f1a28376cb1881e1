import type { Record_ } from './reader.ts';
import { KeyCodec } from './keys.ts';
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
  /** error blocks; warning asks the person to check; info only tells (e.g. a series never seen before) */
  severity: 'error' | 'warning' | 'info';
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
  /** packs each valid row's key into integers for the staged checks (keys.ts) */
  codec?: KeyCodec;
}

export interface CheckedDimension {
  id: DimensionId;
  /** the file column it is read from */
  col: string;
}

export interface ValidationResult {
  headerRow: number | null;
  rows: number;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly messages: Message[];
  preview: Record<string, string | number>[];
  countries: string[];
  /** breakdown dimensions read from the file: their parts are checked against their totals */
  checked: CheckedDimension[];
  /** rows handed to the sink */
  staged: number;
  collector: Messages;
}

export const MAX_STORED_ERRORS = 5000;
export const MAX_STORED_WARNINGS = 1000;
export const MAX_NEW_SERIES_LISTED = 20;
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

/**
 * The messages of one validation: counted in full, kept up to a cap (a million bad rows
 * must not become a million objects), sorted by row when read.
 */
export class Messages {
  readonly list: Message[] = [];
  errorCount = 0;
  warningCount = 0;
  infoCount = 0;

  add(m: Omit<Message, 'params'> & { params?: Message['params'] }): void {
    const full = { ...m, params: m.params ?? {} };
    if (m.severity === 'error') {
      this.errorCount++;
      if (this.errorCount <= MAX_STORED_ERRORS) this.list.push(full);
    } else if (m.severity === 'warning') {
      this.warningCount++;
      if (this.warningCount <= MAX_STORED_WARNINGS) this.list.push(full);
    } else {
      this.infoCount++;
      if (this.infoCount <= MAX_STORED_WARNINGS) this.list.push(full);
    }
  }

  /** Counts `n` errors of which `shown` were added with add(). */
  countMore(severity: 'error' | 'warning', n: number): void {
    if (severity === 'error') this.errorCount += n;
    else this.warningCount += n;
  }

  sorted(): Message[] {
    return this.list.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
}

/** Where valid rows go (the staging COPY stream), and how progress is reported. */
export interface RowSink {
  /** one COPY text line per valid row (see stageColumns) */
  row(line: string): void;
  /** after each batch of records: may wait (back-pressure, progress) */
  batchDone(rowsRead: number, rowsValid: number): Promise<void>;
}

/** The staging table's columns, in the order of the COPY lines the validator writes. */
export const STAGE_COLUMNS = ['row_number', 'ref_area', 'flow', 'citizenship', 'counterpart_area', 'sex', 'age', 'disability', 'ethnicity', 'location', 'time_period', 'obs_value', 'obs_status', 'comment', 'k', 'loc_id', 'period_id'] as const;

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

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
  const result = (headerRow: number | null, rows: number, preview: ValidationResult['preview'], countries: string[], checked: CheckedDimension[] = [], staged = 0): ValidationResult => ({
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
  const wanted = new Set([...Object.keys(mapping.columns ?? {}), ...TARGETS].map((c) => c.toLowerCase()));
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
  const suggestCache = new Map<string, string | null>();
  // raw text → regional code (after the national mapping), per dimension: a million rows use a few hundred codes
  const resolved = dimCols.map(() => new Map<string, { code: string; mappedKey: string | null; known: boolean }>());
  const periods = new Map<string, ReturnType<typeof parseMonth>>();
  let rows = 0;
  let staged = 0;
  const dims: string[] = new Array(dimCols.length).fill('');

  const check = (rec: Record_) => {
    rows++;
    const v = rec.values;
    let bad = false;
    for (let di = 0; di < dimCols.length; di++) {
      const d = dimCols[di]!;
      let code: string;
      if (d.idx === undefined) code = constants[d.id] ?? TOTAL;
      else {
        const raw = v[d.idx] ?? '';
        if (raw === '') {
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
          r = { code: c, mappedKey: mapped !== undefined ? `${d.col}\u0000${upper}\u0000${mapped}` : null, known: d.id === 'LOCATION' ? c === TOTAL || /^[A-Z]{3}-[A-Z0-9_-]{1,40}$/.test(c) : d.info.codes.has(c) };
          if (resolved[di]!.size < 100_000) resolved[di]!.set(raw, r);
        }
        code = r.code;
        if (r.mappedKey !== null) mappedCount.set(r.mappedKey, (mappedCount.get(r.mappedKey) ?? 0) + 1);
        if (d.id === 'LOCATION') {
          const ref = dims[refIdx] ?? '';
          if (code !== TOTAL && !(r.known && code.startsWith(`${ref}-`))) {
            add({ severity: 'error', row: rec.row, column: d.col, value: raw, key: 'observatory.msg.locationInvalid', params: { row: rec.row, column: d.col!, value: raw, country: ref } });
            bad = true;
          }
        } else if (!r.known) {
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
      p = parseMonth(rawPeriod);
      if (periods.size < 10_000) periods.set(rawPeriod, p);
    }
    if ('error' in p) {
      const timeCol = timeIdx === undefined ? null : names[timeIdx]!;
      add({ severity: 'error', row: rec.row, column: timeCol, value: rawPeriod, key: `observatory.msg.${rawPeriod === '' ? 'periodEmpty' : p.error}`, params: { row: rec.row, column: timeCol ?? 'TIME_PERIOD', value: rawPeriod } });
      bad = true;
    } else if (p.period > nowMonth) {
      const timeCol = timeIdx === undefined ? null : names[timeIdx]!;
      add({ severity: 'error', row: rec.row, column: timeCol, value: rawPeriod, key: 'observatory.msg.periodFuture', params: { row: rec.row, column: timeCol ?? 'TIME_PERIOD', value: rawPeriod } });
      bad = true;
    } else period = p.period;
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
    const packed = codec ? `${codec.encode(dims)}\t${codec.location(dims[locIdx]!)}\t${KeyCodec.period(period)}` : '0\t0\t0';
    sink?.row(`${rec.row}\t${dims.join('\t')}\t${period}\t${value}\t${status}\t${copyText(comment)}\t${packed}\n`);
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
  return result(headerRow, rows, preview, [...countries], checked, staged);
}

const DIGITS = /^\d+$/;
