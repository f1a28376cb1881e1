import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.ts';
import type { KeyCodec } from '../structure/index.ts';
import type { Messages } from './messages.ts';
import { periodId } from '../structure/index.ts';
import { DIMENSION_COLUMNS, TOTAL, type DimensionId, type Structure } from '../structure/index.ts';

/**
 * One cell has one total (mig-flows.md, "rules of meaning"; issue 17 item 1; docs/adr/0025).
 *
 * A cell is a country × flow × place × period. Its figures come in breakdowns: the set of
 * dimensions a row does not give at `_T` (by nationality; by sex and age; the total row has
 * none). What the cell will hold once the file is applied — the file's rows, plus in `merge`
 * mode the stored current rows the file does not repeat — is summed per breakdown. When the
 * sums differ (with a `_T` row, or between two breakdowns with no dimension in common):
 * - the cell's `_T` row is the total, or else the breakdown the mapping names in `totalFrom`;
 *   with neither, validation stops with both sums and the difference (`breakdownsDisagree`);
 * - a breakdown whose parts exceed the total is refused (`partsAboveTotal`);
 * - a breakdown short of the total gets its difference as a `_U` part ("no especificado"),
 *   added to the staged rows so the diff, the approval and the release show it, and the
 *   declared total is staged as the `_T` row.
 * Every public answer, resolving totals dimension by dimension (query.ts `aggregateSql`), then
 * finds the same total whichever breakdown it collapses first, and its parts add up to it.
 *
 * LOCATION is part of the cell, not a breakdown: it has no `_U` code.
 */
export const SPLIT_DIMS: DimensionId[] = ['CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY'];
const UNKNOWN = '_U';
const NOT_APPLICABLE = '_Z';
const CELL = ['ref_area', 'flow', 'location', 'time_period'];

/** A breakdown as people and mappings name it: its dimensions in key order joined by `+` (`SEX+AGE`); the total row is `_T`. */
export function breakdownId(sig: number): string {
  const dims = SPLIT_DIMS.filter((_, i) => sig & (1 << i));
  return dims.length ? dims.join('+') : TOTAL;
}

/** The bit set of a breakdown named `SEX+AGE` (any order, any case); null when a part is not a breakdown dimension. */
export function breakdownSig(id: string): number | null {
  let sig = 0;
  for (const part of id.split('+').map((p) => p.trim().toUpperCase())) {
    const i = SPLIT_DIMS.indexOf(part as DimensionId);
    if (i < 0) return null;
    sig |= 1 << i;
  }
  return sig === 0 ? null : sig;
}

/** The breakdown's name in both languages, from the dataflow's dimension names: «Sexo × Grupo de edad». */
function breakdownLabel(s: Structure, sig: number): Record<string, string> {
  const dims = SPLIT_DIMS.filter((_, i) => sig & (1 << i));
  if (!dims.length) return { es: 'fila total (_T)', en: 'total row (_T)' };
  const name = (lang: string) => dims.map((d) => s.byId.get(d)?.name[lang] ?? d).join(' × ');
  return { es: name('es'), en: name('en') };
}

const fmt = (n: number) => ({ es: new Intl.NumberFormat('es').format(n), en: new Intl.NumberFormat('en').format(n) });

interface SigSum {
  ref_area: string;
  flow: string;
  location: string;
  time_period: string;
  sig: number;
  total: string;
  /** per breakdown dimension: every row of the breakdown gives it as `_Z` (not applicable) */
  z: number;
}

export interface OneTotalInput {
  table: string;
  mode: 'merge' | 'replace';
  /** the breakdown the statistician declared the total (mapping.totalFrom), when the cell has no `_T` row */
  totalFrom?: string;
  codec: KeyCodec;
  /** the file's parts above its `_T` row along one dimension were already reported (staging.ts): not again */
  singleReported?: boolean;
}

/**
 * Compares the breakdowns of every cell of a staged file (with what is stored) and, when they
 * can be reconciled, stages the `_U` differences and the declared totals. Returns the rows it
 * added to the stage. Adds nothing when it finds an error.
 */
export async function reconcileTotals(db: Executor, s: Structure, input: OneTotalInput, msgs: Messages): Promise<number> {
  const st = sql.table(input.table);
  const cols = SPLIT_DIMS.map((d) => DIMENSION_COLUMNS[d]);
  const sigExpr = sql.join(cols.map((c, i) => sql`(case when ${sql.ref(c)} <> ${TOTAL} then ${sql.lit(1 << i)} else 0 end)`), sql` + `);
  const zExpr = sql.join(cols.map((c, i) => sql`(case when bool_and(${sql.ref(c)} = ${NOT_APPLICABLE}) then ${sql.lit(1 << i)} else 0 end)`), sql` + `);
  // an aggregate code (Y_LT18) counts only where no finer code of its dimension was given, as query.ts resolves totals
  const aggs = [...(s.byId.get('AGE')?.codes.values() ?? [])].filter((c) => c.isAggregate).map((c) => c.code);
  const fineAge = sql`age <> ${TOTAL} and not (age = any(${aggs}::text[]))`;
  const keyCols = [...CELL, ...cols];
  const stored =
    input.mode === 'merge'
      ? sql`union all
        select ${sql.join(keyCols.map((c) => sql.ref(`o.${c}`)))}, o.obs_value from obs_observation o
        join (select distinct ${sql.join(CELL.map((c) => sql.ref(c)))} from ${st}) c on ${sql.join(CELL.map((c) => sql`o.${sql.ref(c)} = c.${sql.ref(c)}`), sql` and `)}
        where o.dataflow_id = ${s.id} and o.valid_to is null
          and not exists (select 1 from ${st} x where ${sql.join(keyCols.map((c) => sql`x.${sql.ref(c)} = o.${sql.ref(c)}`), sql` and `)})`
      : sql``;
  const r = await sql<SigSum>`
    with eff as (select ${sql.join(keyCols.map((c) => sql.ref(c)))}, obs_value from ${st} ${stored}),
    by_sig as (
      select ${sql.join(CELL.map((c) => sql.ref(c)))}, ${sigExpr} as sig,
        (case when bool_or(${fineAge}) then sum(obs_value) filter (where not (age = any(${aggs}::text[]))) else sum(obs_value) end)::text as total,
        ${zExpr} as z
      from eff group by ${sql.join(CELL.map((c) => sql.ref(c)))}, 5)
    select b.* from by_sig b
    join (select ${sql.join(CELL.map((c) => sql.ref(c)))} from by_sig group by ${sql.join(CELL.map((c) => sql.ref(c)))} having count(distinct total) > 1) d
      using (${sql.join(CELL.map((c) => sql.ref(c)))})
    order by ref_area, flow, location, time_period, sig`.execute(db);
  if (r.rows.length === 0) return 0;

  const declared = input.totalFrom ? breakdownSig(input.totalFrom) : null;
  if (input.totalFrom && declared === null) {
    msgs.add({ severity: 'error', row: null, column: null, value: input.totalFrom, key: 'observatory.msg.totalFromUnknown', params: { value: input.totalFrom } });
    return 0;
  }
  const cells = new Map<string, SigSum[]>();
  for (const row of r.rows) {
    const k = CELL.map((c) => row[c as keyof SigSum]).join('\u0000');
    let list = cells.get(k);
    if (!list) cells.set(k, (list = []));
    list.push(row);
  }
  const adds: { row: SigSum; sig: number; d: number }[] = [];
  const totals: { row: SigSum; v: number }[] = [];
  let errors = 0;
  for (const list of cells.values()) {
    const c = list[0]!;
    const where = { country: c.ref_area, flow: c.flow, period: c.time_period, location: c.location };
    const sums = new Map(list.map((x) => [x.sig, Number(x.total)]));
    let total = sums.get(0);
    let from = 0;
    if (total === undefined && declared !== null && sums.has(declared)) {
      total = sums.get(declared)!;
      from = declared;
    }
    // without a `_T` row, breakdowns that share a dimension (by country and sex; by country and age) are
    // margins of one table: their groups are checked against each other by staging.ts; two breakdowns
    // with no dimension in common (by nationality; by sex and age) must give the same total
    if (total === undefined && !list.some((a) => list.some((b) => (a.sig & b.sig) === 0 && a.total !== b.total))) continue;
    if (total === undefined) {
      const values = [...sums.values()];
      const diff = Math.max(...values) - Math.min(...values);
      const lines = (lang: 'es' | 'en') => list.map((x) => `${breakdownLabel(s, x.sig)[lang]}: ${fmt(Number(x.total))[lang]}`).join('; ');
      msgs.add({
        severity: 'error',
        row: null,
        column: null,
        value: list.map((x) => breakdownId(x.sig)).join('|'),
        key: 'observatory.msg.breakdownsDisagree',
        params: { ...where, sums: { es: lines('es'), en: lines('en') }, difference: fmt(diff), options: list.map((x) => breakdownId(x.sig)).join('|') },
      });
      errors++;
      continue;
    }
    const short: string[][] = [];
    for (const x of list) {
      const v = Number(x.total);
      if (x.sig === from || x.sig === 0) continue;
      if (v > total) {
        errors++;
        if (input.singleReported && from === 0 && (x.sig & (x.sig - 1)) === 0) continue;
        msgs.add({
          severity: 'error',
          row: null,
          column: null,
          value: breakdownId(x.sig),
          key: 'observatory.msg.partsAboveTotal',
          params: { ...where, breakdown: breakdownLabel(s, x.sig), parts: fmt(v), total: fmt(total), declared: breakdownLabel(s, from), difference: fmt(v - total) },
        });
      } else if (v < total) {
        adds.push({ row: x, sig: x.sig, d: total - v });
        short.push([breakdownId(x.sig), String(total - v)]);
      }
    }
    if (from !== 0) totals.push({ row: c, v: total });
    if (short.length && errors === 0 && !input.singleReported) {
      const parts = (lang: 'es' | 'en') => list.filter((x) => x.sig !== 0 && Number(x.total) < total).map((x) => `${breakdownLabel(s, x.sig)[lang]} ${fmt(Number(x.total))[lang]} (+${fmt(total - Number(x.total))[lang]})`).join('; ');
      msgs.add({
        severity: 'info',
        row: null,
        column: null,
        value: breakdownId(from),
        key: 'observatory.msg.unstatedStored',
        params: { ...where, total: fmt(total), declared: breakdownLabel(s, from), parts: { es: parts('es'), en: parts('en') } },
      });
    }
  }
  if (errors > 0 || input.singleReported) return 0;

  // the rows to stage: a `_U` part per short breakdown, the declared `_T` rows
  const rows = [
    ...adds.map((a) => ({ cell: a.row, codes: SPLIT_DIMS.map((_, i) => (a.sig & (1 << i) ? (a.row.z & (1 << i) ? NOT_APPLICABLE : UNKNOWN) : TOTAL)), d: a.d })),
    ...totals.map((x) => ({ cell: x.row, codes: SPLIT_DIMS.map(() => TOTAL), d: x.v })),
  ].map(({ cell, codes, d }) => {
    const dims: Record<string, string> = { REF_AREA: cell.ref_area, FLOW: cell.flow, LOCATION: cell.location };
    SPLIT_DIMS.forEach((id, i) => (dims[id] = codes[i]!));
    const k = input.codec.fits ? Object.entries(dims).reduce((acc, [id, code]) => acc + input.codec.bits(id, code), 0) : 0;
    const row: Record<string, string | number> = { ref_area: cell.ref_area, flow: cell.flow, location: cell.location, time_period: cell.time_period, d, k };
    row.loc_id = input.codec.fits ? input.codec.location(cell.location) : 0;
    row.period_id = input.codec.fits ? periodId(cell.time_period) : 0;
    SPLIT_DIMS.forEach((id, i) => (row[DIMENSION_COLUMNS[id]] = codes[i]!));
    return row;
  });
  const keyDefs = sql.raw(`${keyCols.map((c) => `${c} text`).join(', ')}, d bigint, k bigint, loc_id int, period_id int`);
  const u = sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(${keyDefs})`;
  const match = (a: string) => sql.join(keyCols.map((c) => sql`${sql.ref(`${a}.${c}`)} = u.${sql.ref(c)}`), sql` and `);
  // a `_U` (or `_T`) the file itself gives: the difference is added to it
  await sql`update ${st} x set obs_value = x.obs_value + u.d from ${u} where ${match('x')}`.execute(db);
  // otherwise a new staged row, on top of what is stored for that key (merge), so nothing already published as `_U` is lost
  const storedValue =
    input.mode === 'merge'
      ? sql`coalesce((select o.obs_value from obs_observation o where o.dataflow_id = ${s.id} and o.valid_to is null and ${match('o')}), 0)`
      : sql`0`;
  const ins = await sql`insert into ${st} (row_number, ${sql.join(keyCols.map((c) => sql.ref(c)))}, obs_value, obs_status, comment, k, loc_id, period_id, merged)
    select 0, ${sql.join(keyCols.map((c) => sql`u.${sql.ref(c)}`))}, ${storedValue} + u.d, 'A', null, u.k, u.loc_id, u.period_id, false
    from ${u} where not exists (select 1 from ${st} x where ${match('x')})`.execute(db);
  return Number(ins.numAffectedRows ?? 0);
}
