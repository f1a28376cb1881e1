import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sql, type RawBuilder } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { poolOf, type Database, type Executor } from '../../../platform/db/database.ts';
import { DIMENSION_COLUMNS, DIMENSION_IDS, TOTAL, type Structure } from '../structure/index.ts';
import type { KeyCodec } from '../structure/index.ts';
import { MAX_STORED_ERRORS, STAGE_COLUMNS, type CheckedDimension, type Messages, type RowSink } from './validate.ts';

/**
 * The validated rows of a submission live in an unlogged table of their own
 * (`obs_stage_<id>`), filled by `COPY … FROM STDIN` while the file is read. The checks
 * that need the whole file are set operations on it — the same key twice, parts against
 * totals (and, in diff.ts, series never seen before and the diff against the current
 * revisions) — so the process holds no per-row state whatever the size of the file.
 * Apply reads it again instead of the file, and drops it in its transaction.
 */
export const DIMS: string[] = DIMENSION_IDS.map((d) => DIMENSION_COLUMNS[d]);
const KEY = [...DIMS, 'time_period'];
const ref = (c: string) => sql.ref(c);
/** bits of a month's id (year × 12 + month − 1, keys.ts) in a single packed group key */
const PERIOD_BITS = 16;
export const on = (a: string, b: string, cols: string[] = KEY) => sql.join(cols.map((c) => sql`${sql.ref(`${a}.${c}`)} = ${sql.ref(`${b}.${c}`)}`), sql` and `);

/** OBS_IMPORT_TRACE=1 prints how long each step of an import takes (benchmark, profiling). */
export async function traced<T>(label: string, fn: () => Promise<T>): Promise<T> {
  if (!process.env.OBS_IMPORT_TRACE) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    process.stderr.write(`  [import] ${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  }
}

/**
 * The set operations over a large staging table, in a transaction with room to hash in
 * memory (PostgreSQL's default 4 MB work_mem makes a million-group aggregate spill to disk).
 */
export function roomy<T>(db: Database, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`set local work_mem = '128MB'`.execute(tx);
    return fn(tx);
  });
}

export function stageName(submissionId: string): string {
  return `obs_stage_${submissionId.replace(/-/g, '')}`;
}

export async function createStage(db: Executor, table: string): Promise<void> {
  await sql`drop table if exists ${sql.table(table)}`.execute(db);
  // unlogged: no WAL for rows that are only a step; a crash of PostgreSQL empties it and apply re-stages from the file
  await sql`create unlogged table ${sql.table(table)} (row_number int not null, ref_area text not null, flow text not null, citizenship text not null,
    counterpart_area text not null, sex text not null, age text not null, disability text not null, ethnicity text not null, location text not null,
    time_period text not null, obs_value bigint not null, obs_status text not null, comment text,
    k bigint not null, loc_id int not null, period_id int not null, merged boolean not null default false)`.execute(db);
}

export async function dropStage(db: Executor, table: string | null): Promise<void> {
  if (table) await sql`drop table if exists ${sql.table(table)}`.execute(db);
}

/** Rows in the staging table, or null when it is not there. */
export async function stagedRows(db: Executor, table: string): Promise<number | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass(${table}) as t`.execute(db);
  if (!exists.rows[0]?.t) return null;
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return r.rows[0]!.n;
}

/**
 * A COPY stream into the staging table, as the validator's sink: lines are gathered per
 * batch of records and written with back-pressure, so memory stays bounded by the batch.
 */
export async function openCopySink(db: Database, table: string, progress: (rowsRead: number, rowsValid: number) => Promise<void>): Promise<RowSink & { finish(): Promise<void>; abort(): void }> {
  const client = await poolOf(db).connect();
  const copy = client.query(copyFrom(`copy ${table} (${STAGE_COLUMNS.join(', ')}) from stdin`));
  const errors: Error[] = [];
  copy.on('error', (err: Error) => errors.push(err));
  const check = () => {
    if (errors[0]) throw errors[0];
  };
  let parts = '';
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    client.release(err);
  };
  return {
    row(line) {
      parts += line;
    },
    async batchDone(rowsRead, rowsValid) {
      check();
      if (parts.length) {
        const chunk = parts;
        parts = '';
        if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), once(copy, 'error')]);
      }
      check();
      await progress(rowsRead, rowsValid);
    },
    async finish() {
      try {
        await pipeline(Readable.from([]), copy);
        release();
      } catch (err) {
        release(err as Error);
        throw err;
      }
    },
    abort() {
      copy.destroy();
      release(new Error('aborted'));
    },
  };
}

/**
 * Whether any key is staged twice: building a unique index on the packed key is a sort of
 * three integers, cheaper than hashing a million groups, and it fails at the first repeat.
 * Outside any transaction (a failed statement would abort it).
 */
export async function anyDuplicate(db: Database, table: string): Promise<boolean> {
  try {
    await sql`create unique index ${sql.id(`${table}_key`)} on ${sql.table(table)} (k, loc_id, period_id)`.execute(db);
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return true;
    throw err;
  }
}

/**
 * Rows whose key repeats only because the mapping merged national codes into one regional
 * code (every row of the key has such a code: validate.ts `merged`) are one cell: they are
 * added up into the key's first row, with an information message. A key repeated by rows
 * that were not merged (or with different OBS_STATUS) stays a duplicate (checkDuplicates).
 * Returns how many rows were folded into others.
 */
export async function sumMergedRows(db: Executor, table: string, msgs: Messages): Promise<number> {
  const st = sql.table(table);
  const keys = sql.join([...KEY, 'obs_status'].map(ref));
  const groups = await sql<{ first: number; total: string; n: number }>`
    select min(row_number) as first, sum(obs_value)::text as total, count(*)::int as n from ${st}
    group by ${keys} having count(*) > 1 and bool_and(merged)`.execute(db);
  if (groups.rows.length === 0) return 0;
  const firsts = groups.rows.map((g) => g.first);
  await sql`update ${st} s set obs_value = g.total::bigint from unnest(${firsts}::int[], ${groups.rows.map((g) => g.total)}::text[]) as g(first, total)
    where s.row_number = g.first`.execute(db);
  const folded = await sql`delete from ${st} s using (select row_number, min(row_number) over (partition by ${keys}) as first,
      bool_and(merged) over (partition by ${keys}) as all_merged from ${st}) x
    where s.row_number = x.row_number and x.all_merged and x.row_number <> x.first`.execute(db);
  const rows = Number(folded.numAffectedRows ?? 0);
  msgs.add({ severity: 'info', row: null, column: null, value: null, key: 'observatory.msg.mergedCodesSummed', params: { rows: rows + groups.rows.length, cells: groups.rows.length } });
  return rows;
}

/** The same key twice: every later row is an error naming the first; only the first stays staged. */
export async function checkDuplicates(db: Executor, table: string, msgs: Messages, packed: boolean): Promise<void> {
  const cols = packed ? ['k', 'loc_id', 'period_id'] : KEY;
  const keys = sql.join(cols.map(ref));
  const r = await sql<{ row_number: number; first: number; n: number }>`
    with dup as (select ${keys} from ${sql.table(table)} group by ${keys} having count(*) > 1),
    rows as (select s.row_number, min(s.row_number) over (partition by ${sql.join(cols.map((c) => sql.ref(`s.${c}`)))}) as first
      from ${sql.table(table)} s join dup d on ${on('s', 'd', cols)})
    select row_number, first, count(*) over ()::int as n from rows where row_number <> first order by row_number limit ${MAX_STORED_ERRORS}`.execute(db);
  if (r.rows.length === 0) return;
  for (const d of r.rows) msgs.add({ severity: 'error', row: d.row_number, column: null, value: null, key: 'observatory.msg.duplicateKey', params: { row: d.row_number, first: d.first } });
  msgs.countMore('error', r.rows[0]!.n - r.rows.length);
  await sql`delete from ${sql.table(table)} s using (select row_number, min(row_number) over (partition by ${keys}) as first from ${sql.table(table)}) x
    where s.row_number = x.row_number and x.row_number <> x.first`.execute(db);
}

/**
 * One whole-file check: a read-only query of the staged rows, run on a connection of its
 * own (`roomy`), which returns how to add what it found. Findings are added afterwards in
 * the checks' own order, so the report is the same however the queries were scheduled.
 */
export type StagedCheck = (tx: Executor) => Promise<(msgs: Messages) => void>;

/**
 * Runs checks at most `width` at a time, each in its own transaction with serial plans:
 * two queries on two cores cost about half of the same two one after the other, while a
 * single query's parallel plan spends much of its gain merging the workers' groups.
 */
export async function runConcurrently(db: Database, checks: StagedCheck[], width = 2): Promise<Array<(msgs: Messages) => void>> {
  const out: Array<(msgs: Messages) => void> = new Array(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const i = next++;
      out[i] = await roomy(db, async (tx) => {
        await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
        return checks[i]!(tx);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, checks.length) }, worker));
  return out;
}

/**
 * Whether any key of the stage repeats, answered by a parts query on the way (`probe` in
 * partsAgainstTotals): within a group of rows alike but for one dimension, a repeated key
 * is a code seen twice — `count(*)` above the number of distinct codes in `bit_or(1 << c)`,
 * for a dimension of at most 63 codes (SEX, AGE…). It saves the unique index build, a
 * second pass over the million rows. `covered` is false when no checked dimension can tell.
 */
export interface DuplicateProbe {
  covered: boolean;
  found: boolean;
}

/**
 * Parts against their total, along each breakdown dimension read from the file: within
 * the same other codes and month, the fine codes (and, separately, the aggregate codes
 * such as Y_LT18) may not add up to more than `_T`; the children of an aggregate
 * (Y_LT5, Y5T11, Y12T17) not to more than it. One query per dimension and kind of total,
 * returned as independent checks (they may run side by side on the deduplicated rows).
 * With a `probe`, one of them also says whether any key repeats; its findings then count
 * only if none does (the caller lists the repeats and sums the parts again).
 */
export function partsAgainstTotals(s: Structure, table: string, checked: CheckedDimension[], codec: KeyCodec | null, probe?: DuplicateProbe): StagedCheck[] {
  const detector = probe && codec ? checked.find((d) => d.id !== 'LOCATION' && codec.packed.find((p) => p.id === d.id)!.mask <= 63) : undefined;
  if (probe) probe.covered = detector !== undefined;
  return checked.flatMap((d) => (codec ? packedParts(s, table, d, codec, d === detector ? probe : undefined) : textParts(s, table, d)));
}

/** The checks on their own, one after the other in a transaction the caller holds. */
export async function checkPartsAgainstTotals(db: Executor, s: Structure, table: string, checked: CheckedDimension[], msgs: Messages, codec: KeyCodec | null): Promise<void> {
  for (const check of partsAgainstTotals(s, table, checked, codec)) (await check(db))(msgs);
}

/** Rows of one bucket query that break the rule, as messages (the code named by `codeOf`); with a probe, its bucket has `dup`. */
function partsCheck(d: CheckedDimension, bucket: RawBuilder<unknown>, codeOf: (x: { code?: string; bucket?: number }) => string, probe?: DuplicateProbe): StagedCheck {
  return async (tx) => {
    const r = await sql<{ trow: number; total: number; parts: number; code?: string; bucket?: number; n: number; any_dup?: boolean }>`
      select *, count(*) over ()::int as n ${probe ? sql`, bool_or(dup) over () as any_dup` : sql``} from (${bucket}) y
      where (total is not null and parts > total) ${probe ? sql`or dup` : sql``} order by trow limit ${MAX_STORED_ERRORS}`.execute(tx);
    if (probe && r.rows[0]?.any_dup) probe.found = true;
    return (msgs) => {
      for (const x of r.rows) {
        msgs.add({ severity: 'error', row: x.trow, column: d.col, value: String(x.total), key: 'observatory.msg.partsExceedTotal', params: { row: x.trow, column: d.col, dimension: d.id, code: codeOf(x), total: Number(x.total), parts: Number(x.parts) } });
      }
      if (r.rows.length) msgs.countMore('error', r.rows[0]!.n - r.rows.length);
    };
  };
}

/** On the text columns (a structure whose codes do not pack into 53 bits). */
function textParts(s: Structure, table: string, d: CheckedDimension): StagedCheck[] {
  const c = DIMENSION_COLUMNS[d.id];
  const info = s.byId.get(d.id)!;
  const others = sql.join(KEY.filter((k) => k !== c).map(ref));
  const aggs = [...info.codes.values()].filter((x) => x.isAggregate).map((x) => x.code);
  const col = ref(c);
  const buckets: RawBuilder<unknown>[] = [
    sql`select min(row_number) filter (where ${col} = ${TOTAL}) as trow, min(obs_value) filter (where ${col} = ${TOTAL}) as total,
      greatest(coalesce(sum(obs_value) filter (where ${col} <> ${TOTAL} and not (${col} = any(${aggs}::text[]))), 0),
               coalesce(sum(obs_value) filter (where ${col} = any(${aggs}::text[])), 0)) as parts, ${TOTAL}::text as code
      from ${sql.table(table)} group by ${others}`,
  ];
  const nested = [...info.codes.values()].filter((x) => x.parent && aggs.includes(x.parent));
  if (nested.length) {
    // each aggregate is a total of its children: (child → aggregate) and (aggregate → itself, as the total)
    const codes = [...nested.map((x) => x.code), ...aggs];
    const bucketOf = [...nested.map((x) => x.parent!), ...aggs];
    const isTotal = [...nested.map(() => false), ...aggs.map(() => true)];
    buckets.push(sql`select min(row_number) filter (where k.is_total) as trow, min(obs_value) filter (where k.is_total) as total,
        coalesce(sum(obs_value) filter (where not k.is_total), 0) as parts, k.bucket as code
      from ${sql.table(table)} st join unnest(${codes}::text[], ${bucketOf}::text[], ${isTotal}::boolean[]) as k(code, bucket, is_total) on k.code = st.${col}
      group by ${sql.join(KEY.filter((k) => k !== c).map((k) => sql.ref(`st.${k}`)))}, k.bucket`);
  }
  return buckets.map((b) => partsCheck(d, b, (x) => x.code ?? TOTAL));
}

/** The same check on the packed integer keys (keys.ts): one dimension's bits cleared gives its group. */
function packedParts(s: Structure, table: string, d: CheckedDimension, codec: KeyCodec, probe?: DuplicateProbe): StagedCheck[] {
  const info = s.byId.get(d.id)!;
  const t = sql.table(table);
  // One bigint group when k, the location id and the month fit in 63 bits (hashing one
  // column instead of three makes the biggest groupings, SEX's 330,000 groups in the
  // benchmark, about a fifth faster); otherwise the three columns.
  const locBits = Math.max(1, Math.ceil(Math.log2(codec.locations.size + 1)));
  const single = codec.width + locBits + PERIOD_BITS <= 63;
  let code: RawBuilder<unknown>;
  let group: RawBuilder<unknown>;
  let idOf: (c: string) => number;
  let codeOf: (id: number) => string;
  if (d.id === 'LOCATION') {
    code = sql`loc_id`;
    group = single ? sql`(k << ${sql.lit(PERIOD_BITS)}) | period_id as g` : sql`k as g1, period_id as g2, 0 as g3`;
    idOf = (c) => (c === TOTAL ? 0 : -1);
    codeOf = () => TOTAL;
  } else {
    const p = codec.packed.find((x) => x.id === d.id)!;
    code = sql`((k >> ${sql.lit(p.shift)}) & ${sql.lit(p.mask)})`;
    const others = sql`(k & ~(${sql.lit(p.mask)}::bigint << ${sql.lit(p.shift)}))`;
    group = single
      ? sql`(${others} << ${sql.lit(locBits + PERIOD_BITS)}) | (loc_id::bigint << ${sql.lit(PERIOD_BITS)}) | period_id as g`
      : sql`${others} as g1, loc_id as g2, period_id as g3`;
    idOf = (c) => p.ids.get(c) ?? -1;
    codeOf = (id) => p.codes[id - 1] ?? TOTAL;
  }
  const groupBy = single ? sql`g` : sql`g1, g2, g3`;
  const total = idOf(TOTAL);
  const aggCodes = [...info.codes.values()].filter((x) => x.isAggregate).map((x) => x.code);
  const aggs = aggCodes.map(idOf);
  const buckets: RawBuilder<unknown>[] = [
    sql`select min(row_number) filter (where c = ${total}) as trow, min(obs_value) filter (where c = ${total}) as total,
      ${
        aggs.length
          ? sql`greatest(coalesce(sum(obs_value) filter (where c <> ${total} and not (c = any(${aggs}::int[]))), 0),
               coalesce(sum(obs_value) filter (where c = any(${aggs}::int[])), 0))`
          : sql`coalesce(sum(obs_value) filter (where c <> ${total}), 0)`
      } as parts, ${total}::int as bucket${probe ? sql`, count(*) > bit_count(bit_or(1::bigint << c)::bit(64)) as dup` : sql``}
      from (select row_number, obs_value, ${code}::int as c, ${group} from ${t}) x group by ${groupBy}`,
  ];
  const nested = [...info.codes.values()].filter((x) => x.parent && aggCodes.includes(x.parent));
  if (nested.length) {
    const codes = [...nested.map((x) => idOf(x.code)), ...aggs];
    const bucketOf = [...nested.map((x) => idOf(x.parent!)), ...aggs];
    const isTotal = [...nested.map(() => false), ...aggs.map(() => true)];
    buckets.push(sql`select min(row_number) filter (where kk.is_total) as trow, min(obs_value) filter (where kk.is_total) as total,
        coalesce(sum(obs_value) filter (where not kk.is_total), 0) as parts, kk.bucket
      from (select row_number, obs_value, ${code}::int as c, ${group} from ${t}) x
      join unnest(${codes}::int[], ${bucketOf}::int[], ${isTotal}::boolean[]) as kk(code, bucket, is_total) on kk.code = x.c
      group by ${groupBy}, kk.bucket`);
  }
  return buckets.map((b, i) => partsCheck(d, b, (x) => codeOf(Number(x.bucket)), i === 0 ? probe : undefined));
}
