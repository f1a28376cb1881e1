import type { Record_ } from './reader.ts';
import { BREAKDOWN_IDS } from '../structure/index.ts';
import { Messages, type Message } from './messages.ts';
import { januaryYearsOf, planColumns, REQUIRED } from './validate-plan.ts';
import { rowChecker } from './validate-rows.ts';
import { TARGETS, type CheckedDimension, type ColumnMapping, type RowSink, type ValidationContext, type ValidationResult } from './validate-types.ts';

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

const HEADER_SEARCH_ROWS = 10;

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

  // --- which file column feeds which target, and the dimensions given as constants
  const { byTarget, constants, split } = planColumns(mapping, names, headerRow, s, add);
  if (msgs.errorCount > 0) return result(headerRow, 0, [], []);
  for (const dim of BREAKDOWN_IDS) {
    if (!byTarget.has(dim) && !(dim in constants)) {
      add({ severity: 'warning', row: null, column: null, value: null, key: 'observatory.msg.dimensionTotal', params: { dimension: dim } });
    }
  }

  const keep = mapping.keepRows ? { idx: names.findIndex((n) => n.toLowerCase() === mapping.keepRows!.column.toLowerCase()), values: new Set(mapping.keepRows.values) } : null;
  if (keep && keep.idx < 0) {
    add({ severity: 'error', row: headerRow, column: mapping.keepRows!.column, value: null, key: 'observatory.msg.columnNotFound', params: { column: mapping.keepRows!.column } });
    return result(headerRow, 0, [], []);
  }
  const { check, state } = rowChecker(ctx, mapping, names, { byTarget, constants, split }, keep, add, sink);

  for (;;) {
    while (at < pending.length) check(pending[at++]!);
    await sink?.batchDone(state.rows, state.staged);
    const n = await it.next();
    if (n.done) break;
    pending = n.value;
    at = 0;
  }

  for (const [k, count] of state.mappedCount) {
    const [column, from, to] = k.split('\u0000') as [string, string, string];
    add({ severity: 'warning', row: null, column, value: from, key: 'observatory.msg.codeMapped', params: { column, from, to, count } });
  }
  if (state.rows === 0) add({ severity: 'error', row: headerRow, column: null, value: null, key: 'observatory.msg.noRows' });
  if (state.setAside > 0) {
    const k = mapping.keepRows!;
    add({ severity: 'info', row: null, column: k.column, value: null, key: 'observatory.msg.rowsSetAside', params: { rows: state.setAside, column: k.column, values: k.values.join(', ') } });
  }
  const januaryYears = januaryYearsOf(state.januaryDateYears, state.otherMonthYears, mapping, add);
  const out = result(headerRow, state.rows, state.preview, [...state.countries], state.checked, state.staged, state.mergedRows);
  out.januaryYears = januaryYears;
  // January rows restaged as years count as years
  for (const [k, set] of state.lengths) if (januaryYears.includes(k.slice(-4)) && set.has('M')) {
    set.delete('M');
    set.add('A');
  }
  out.periodLengths = state.lengths;
  return out;
}
