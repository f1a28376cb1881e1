import type { Record_ } from './reader.ts';
import { BREAKDOWN_IDS, DIMENSION_IDS, TOTAL, hintParams, lastMonth, parsePeriod, periodId as periodIdOf, periodLength, suggestCode, type PeriodLength } from '../structure/index.ts';
import { copyText, parseCount } from './cells.ts';
import type { Message } from './messages.ts';
import { codeMapsOf, type ColumnPlan } from './validate-plan.ts';
import type { CheckedDimension, ColumnMapping, RowSink, ValidationContext, ValidationResult } from './validate-types.ts';

type Add = (m: Omit<Message, 'params'> & { params?: Message['params'] }) => void;
/** `mapping.keepRows`: only rows whose column holds one of these values are read. */
export interface Keep {
  idx: number;
  values: Set<string>;
}
const PREVIEW_ROWS = 10;
const OBS_STATUS = new Set(['A', 'P', 'E']);
const DIGITS = /^\d+$/;

/**
 * The one streaming pass over the rows (validate.ts): each row's codes, country, period, value
 * and status checked alone, the valid ones written to the sink as COPY lines. What it counts
 * and collects is in `state`, read by `validateRecords` once the file is read.
 */
export function rowChecker(ctx: ValidationContext, mapping: ColumnMapping, names: string[], plan: ColumnPlan, keep: Keep | null, add: Add, sink?: RowSink) {
  const s = ctx.structure;
  const { byTarget, constants, split } = plan;
  const { codeMaps, mergedCodes } = codeMapsOf(ctx, mapping);
  const dimCols = DIMENSION_IDS.map((d) => ({ id: d, idx: byTarget.get(d), info: s.byId.get(d)!, col: byTarget.has(d) ? names[byTarget.get(d)!]! : null }));
  const timeIdx = byTarget.get('TIME_PERIOD');
  const valueIdx = byTarget.get('OBS_VALUE')!;
  const statusIdx = byTarget.get('OBS_STATUS');
  const commentIdx = byTarget.get('COMMENT');
  const refIdx = DIMENSION_IDS.indexOf('REF_AREA');
  const nowMonth = ctx.now.toISOString().slice(0, 7);
  const codec = ctx.codec?.fits ? ctx.codec : null;
  const locIdx = DIMENSION_IDS.indexOf('LOCATION');

  const suggestCache = new Map<string, ReturnType<typeof hintParams>>();
  // raw text → regional code (after the national mapping), per dimension: a million rows use a few hundred codes
  const resolved = dimCols.map(() => new Map<string, { code: string; mappedKey: string | null; known: boolean; bits: number; merged: boolean }>());
  // a dimension given as a constant (or left out: `_T`) adds the same share to every packed key
  const constantBits = codec ? dimCols.reduce((k, d) => (d.idx === undefined ? k + codec.bits(d.id, constants[d.id] ?? TOTAL) : k), 0) : 0;
  const periodIds = new Map<string, number>();
  const periods = new Map<string, ReturnType<typeof parsePeriod>>();
  // an explicit choice: rows that coincide once mapped are added up (national tables that repeat a key over columns summed away)
  const sumRows = mapping.sumRows === true;
  // the last country × flow × year × length added to state.lengths: rows come in runs
  let lastLengthKey = '';
  const dims: string[] = new Array(dimCols.length).fill('');

  // parts against totals, only along dimensions read from the file (constants have one code)
  const checked: CheckedDimension[] = dimCols.filter((d) => d.idx !== undefined && (BREAKDOWN_IDS as string[]).includes(d.id)).map((d) => ({ id: d.id, col: d.col! }));
  const state = {
    rows: 0,
    staged: 0,
    mergedRows: 0,
    setAside: 0,
    checked,
    countries: new Set<string>(),
    preview: [] as ValidationResult['preview'],
    // years with a January written as a full date (2024-01-01), and years with any other month:
    // the first without the second may be annual totals filed as January (mapping.januaryDates)
    januaryDateYears: new Set<string>(),
    otherMonthYears: new Set<string>(),
    // country × flow × year → the period lengths the file gives it (period-checks.ts)
    lengths: new Map<string, Set<PeriodLength>>(),
    mappedCount: new Map<string, number>(),
  };
  const { countries, preview, januaryDateYears, otherMonthYears, lengths, mappedCount } = state;

  const check = (rec: Record_) => {
    state.rows++;
    const v = rec.values;
    if (keep && !keep.values.has(v[keep.idx] ?? '')) {
      state.setAside++;
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
    state.staged++;
    if (merged) state.mergedRows++;
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

  return { check, state };
}
