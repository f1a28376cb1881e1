import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { PublicDataReader, populationByCountryYear, type PublicQuestion } from '../observatory/index.ts';
import { computationSchema, type Computation, type Formula, type Question, type Sum } from './computation.ts';
import { recordMany, type ValueInput } from './values.ts';
import { REGION } from './types.ts';
import { INCIDENT_CODES, incidentIndicatorValues } from './incident-values.ts';

/**
 * Computed indicators: each definition (computation.ts) evaluated on the data API's public
 * answers — per reporting country and for the region (`REG`, the sum over the countries whose
 * year is complete), per year — and written as revisions only where the value changed, each
 * citing the releases it came from. Only whole years count: a year is used when its flows are
 * reported for all twelve months (or as a year), so a year still being reported never reads
 * as a fall.
 */
const NOT_COUNTRIES = new Set(['_T', '_U', '_Z', 'XXA']);

interface Cell {
  value: number | null;
  releases: Set<string>;
}
type CellMap = Map<string, Cell>; // `${country}|${year}|${code}` (code '' without breakdown)

export interface RecomputeReport {
  indicators: number;
  written: number;
  unchanged: number;
  /** data-API questions asked, and the time they took (ms) */
  queries: number;
  queryMs: number;
  totalMs: number;
  failed: { code: string; message: string }[];
}

const canonical = (d: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b))));

export class IndicatorComputer {
  constructor(private readonly db: Database) {}

  /** Recomputes every computed indicator (or the ones named) from what is public now. */
  async recomputeAll(o: { codes?: string[] } = {}): Promise<RecomputeReport> {
    const started = performance.now();
    let q = this.db.selectFrom('ind_indicator').select(['code', 'computation']).where('retired', '=', false).where('computation', 'is not', null);
    if (o.codes?.length) q = q.where('code', 'in', o.codes);
    const rows = await q.orderBy('code').execute();
    const run = new Run(this.db);
    const report: RecomputeReport = { indicators: 0, written: 0, unchanged: 0, queries: 0, queryMs: 0, totalMs: 0, failed: [] };
    const outputs: { code: string; values: Map<string, { country: string; period: string; disaggregation: Record<string, string>; value: number | null; releases: string[]; note?: string }> }[] = [];
    for (const r of rows) {
      const parsed = computationSchema.safeParse(r.computation);
      if (!parsed.success) {
        report.failed.push({ code: r.code, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        continue;
      }
      try {
        outputs.push({ code: r.code, values: await run.evaluate(parsed.data) });
        report.indicators++;
      } catch (err) {
        report.failed.push({ code: r.code, message: err instanceof Error ? err.message : String(err) });
      }
    }
    // SDG 10.7.3 from the incidents registry (incident-values.ts), when the catalogue holds it
    const fromIncidents = INCIDENT_CODES.filter((c) => !o.codes?.length || o.codes.includes(c));
    if (fromIncidents.length) {
      const live = await this.db.selectFrom('ind_indicator').select('code').where('code', 'in', fromIncidents).where('retired', '=', false).execute();
      for (const { code } of live) {
        try {
          outputs.push({ code, values: await incidentIndicatorValues(this.db) });
          report.indicators++;
        } catch (err) {
          report.failed.push({ code, message: err instanceof Error ? err.message : String(err) });
        }
      }
    }
    report.queries = run.queries;
    report.queryMs = run.queryMs;
    // One writer at a time across instances; compared with the current revisions under the lock.
    await this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext('ind:compute'))`.execute(tx);
      for (const out of outputs) {
        const current = await tx
          .selectFrom('ind_value')
          .select(['country', 'period', 'disaggregation', 'value', 'origin'])
          .where('code', '=', out.code)
          .where('superseded_at', 'is', null)
          .execute();
        const known = new Map(current.map((c) => [`${c.country}|${c.period}|${canonical(c.disaggregation)}`, c]));
        const writes: ValueInput[] = [];
        for (const [key, v] of out.values) {
          const cur = known.get(key);
          known.delete(key);
          // a reported or imported value of the same cell is the country's or custodian's word: left as it is
          if (cur && cur.origin !== 'computed') continue;
          if (cur && same(cur.value === null ? null : Number(cur.value), v.value)) {
            report.unchanged++;
            continue;
          }
          writes.push({ code: out.code, country: v.country, period: v.period, disaggregation: v.disaggregation, value: v.value, origin: 'computed', status: 'validated', source: { releases: v.releases, ...(v.note ? { note: v.note } : {}) }, recordedBy: null });
        }
        // a value the public data no longer gives (a release hidden): a revision without a value
        for (const cur of known.values()) {
          if (cur.origin !== 'computed' || cur.value === null) continue;
          writes.push({ code: out.code, country: cur.country, period: cur.period, disaggregation: cur.disaggregation, value: null, origin: 'computed', status: 'validated', source: { releases: [], note: 'no released data' }, recordedBy: null });
        }
        await recordMany(tx, writes);
        report.written += writes.length;
      }
    });
    report.totalMs = performance.now() - started;
    return report;
  }
}

function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

/** One recomputation: the data API's answers asked once each, shared by the indicators. */
class Run {
  queries = 0;
  queryMs = 0;
  private readonly reader: PublicDataReader;
  private readonly asked = new Map<string, Promise<CellMap>>();
  private readonly coverage = new Map<string, Promise<Map<string, number>>>();
  private population: Promise<Map<string, number>> | null = null;
  private readonly at = new Date();

  constructor(private readonly db: Database) {
    this.reader = new PublicDataReader(db, 'MIG_FLOWS');
  }

  private async timed(q: PublicQuestion) {
    const t0 = performance.now();
    try {
      return await this.reader.ask(q, this.at);
    } finally {
      this.queries++;
      this.queryMs += performance.now() - t0;
    }
  }

  /** A question's yearly cells per country (and per code of `by`), with the releases behind each. */
  cells(q: Question, by?: string): Promise<CellMap> {
    const key = JSON.stringify([q, by ?? null]);
    let p = this.asked.get(key);
    if (!p) {
      p = this.fetch(q, by);
      this.asked.set(key, p);
    }
    return p;
  }

  private async fetch(q: Question, by?: string): Promise<CellMap> {
    const dim = q.countryDimension ?? 'REF_AREA';
    const groupBy = [...new Set([dim, 'REF_AREA', ...(by ? [by] : []), 'TIME_PERIOD'])] as PublicQuestion['groupBy'];
    const a = await this.timed({ filters: q.filters, groupBy, timeAggregation: 'year' });
    const releasesOf = new Map<string, string[]>();
    for (const r of a.releases) releasesOf.set(r.country, [...(releasesOf.get(r.country) ?? []), r.id]);
    const out: CellMap = new Map();
    for (const o of a.observations) {
      const country = String(o[dim]);
      const reporter = String(o.REF_AREA);
      if (NOT_COUNTRIES.has(country)) continue;
      if (q.otherReporters && reporter === country) continue;
      const code = by ? String(o[by]) : '';
      if (by && code === '_T') continue;
      const k = `${country}|${String(o.TIME_PERIOD)}|${code}`;
      const cell = out.get(k) ?? { value: 0, releases: new Set<string>() };
      cell.value = cell.value === null || o.OBS_VALUE === null ? null : cell.value + o.OBS_VALUE;
      for (const id of releasesOf.get(reporter) ?? []) cell.releases.add(id);
      out.set(k, cell);
    }
    return out;
  }

  /** Months reported per `${country}|${year}` for one flow (12 for a year reported as a year). */
  months(flow: string | null, dim: string): Promise<Map<string, number>> {
    const key = `${flow ?? '*'}|${dim}`;
    let p = this.coverage.get(key);
    if (!p) {
      p = (async () => {
        const a = await this.timed({ filters: flow ? { FLOW: [flow] } : {}, groupBy: [dim as 'REF_AREA', 'TIME_PERIOD'], timeAggregation: 'month' });
        const out = new Map<string, number>();
        for (const o of a.observations) {
          const period = String(o.TIME_PERIOD);
          const k = `${String(o[dim])}|${period.slice(0, 4)}`;
          out.set(k, period.length === 4 ? 12 : (out.get(k) ?? 0) + 1);
        }
        return out;
      })();
      this.coverage.set(key, p);
    }
    return p;
  }

  private populationMap(): Promise<Map<string, number>> {
    this.population ??= populationByCountryYear(this.db).then((p) => p.rows);
    return this.population;
  }

  /** Every value of one computation, keyed `${country}|${year}|${canonical disaggregation}`. */
  async evaluate(c: Computation) {
    const out = new Map<string, { country: string; period: string; disaggregation: Record<string, string>; value: number | null; releases: string[]; note?: string }>();
    const questions = allQuestions(c);
    const dim = questions[0]?.countryDimension ?? 'REF_AREA';
    // the complete (country, year) pairs
    const flows = [...new Set(questions.flatMap((q) => q.filters.FLOW ?? [null]))];
    const covered = await Promise.all(flows.map((f) => this.months(f, dim)));
    const years = new Set<string>();
    for (const m of covered) for (const k of m.keys()) years.add(k);
    const complete = new Set([...years].filter((k) => (c.coverage === 'any' ? covered.some((m) => (m.get(k) ?? 0) >= 12) : covered.every((m) => (m.get(k) ?? 0) >= 12))));
    const decimals = (f: Formula) => c.decimals ?? (f.denominator ? 2 : 0);
    const put = (country: string, period: string, disaggregation: Record<string, string>, value: number | null, releases: Set<string>, decimalsUsed: number, note?: string) => {
      const v = value === null || !Number.isFinite(value) ? null : Number(value.toFixed(decimalsUsed));
      out.set(`${country}|${period}|${canonical(disaggregation)}`, { country, period, disaggregation, value: v, releases: [...releases].sort(), ...(note ? { note } : {}) });
    };

    const evalFormula = async (f: Formula, disaggregation: Record<string, string>, by?: string) => {
      const num = await this.sumCells(f.numerator, by);
      const den = f.denominator && 'plus' in f.denominator ? await this.sumCells(f.denominator, by) : null;
      const pop = f.denominator && 'population' in f.denominator ? await this.populationMap() : null;
      const keys = new Set([...num.keys()].filter((k) => complete.has(k.split('|').slice(0, 2).join('|'))));
      const region = new Map<string, { n: number; d: number; releases: Set<string>; countries: string[] }>();
      for (const k of keys) {
        const [country, year, code] = k.split('|') as [string, string, string];
        const n = num.get(k)!;
        let d: Cell | null = null;
        if (den) d = den.get(k) ?? { value: 0, releases: new Set() };
        if (pop) {
          const p = pop.get(`${country}:${year}`);
          d = { value: p ?? null, releases: new Set() };
        }
        const value = n.value === null ? null : d ? (d.value ? (n.value / d.value) * (f.factor ?? 1) : null) : n.value * (f.factor ?? 1);
        const releases = new Set([...n.releases, ...(d?.releases ?? [])]);
        const dis = by ? { ...disaggregation, [by]: code } : disaggregation;
        put(country, year, dis, value, releases, decimals(f));
        // the region: sums of the parts over the countries that have both
        if (dim !== 'REF_AREA' || n.value === null || (d && d.value === null)) continue;
        const rk = `${year}|${code}`;
        const r = region.get(rk) ?? { n: 0, d: 0, releases: new Set<string>(), countries: [] };
        r.n += n.value;
        r.d += d?.value ?? 0;
        for (const id of releases) r.releases.add(id);
        r.countries.push(country);
        region.set(rk, r);
      }
      for (const [rk, r] of region) {
        const [year, code] = rk.split('|') as [string, string];
        const value = den || pop ? (r.d ? (r.n / r.d) * (f.factor ?? 1) : null) : r.n * (f.factor ?? 1);
        const dis = by ? { ...disaggregation, [by]: code } : disaggregation;
        put(REGION, year, dis, value, r.releases, decimals(f), `sum of ${r.countries.length} countries: ${r.countries.sort().join(', ')}`);
      }
    };

    for (const p of c.parts ?? []) await evalFormula(p.formula, p.disaggregation);
    if (c.total && 'numerator' in c.total) {
      await evalFormula(c.total, {});
      const total = c.total;
      for (const by of c.breakdowns ?? []) {
        if (allFormulaQuestions(total).some((q) => q.filters[by])) continue;
        await evalFormula(total, {}, by);
      }
    } else if (c.total && 'meanOfParts' in c.total) {
      const partKeys = (c.parts ?? []).map((p) => canonical(p.disaggregation));
      const byCell = new Map<string, { values: number[]; releases: Set<string>; country: string; period: string; note?: string }>();
      for (const v of out.values()) {
        if (!partKeys.includes(canonical(v.disaggregation)) || v.value === null) continue;
        const k = `${v.country}|${v.period}`;
        const e = byCell.get(k) ?? { values: [], releases: new Set<string>(), country: v.country, period: v.period, note: v.note };
        e.values.push(v.value);
        for (const id of v.releases) e.releases.add(id);
        byCell.set(k, e);
      }
      for (const e of byCell.values()) {
        // a mean of some parts only would not be the same measure: every part is needed
        if (e.values.length !== partKeys.length) continue;
        put(e.country, e.period, {}, e.values.reduce((a, b) => a + b, 0) / e.values.length, e.releases, c.decimals ?? 2, e.note);
      }
    }
    if (c.mirror) {
      const outbound = await this.cells(c.mirror.outbound, 'COUNTERPART_AREA');
      const inbound = await this.cells(c.mirror.inbound, 'COUNTERPART_AREA');
      for (const [k, o] of outbound) {
        const [a, year, b] = k.split('|') as [string, string, string];
        if (NOT_COUNTRIES.has(b) || !complete.has(`${a}|${year}`) || !complete.has(`${b}|${year}`)) continue;
        const i = inbound.get(`${b}|${year}|${a}`);
        if (!i || o.value === null || i.value === null || i.value === 0) continue;
        put(a, year, { COUNTERPART_AREA: b }, (o.value / i.value) * (c.mirror.factor ?? 1), new Set([...o.releases, ...i.releases]), c.decimals ?? 3);
      }
    }
    return out;
  }

  /** Σ plus − Σ minus per cell; a cell a question lacks counts 0, a suppressed one makes the sum unknown. */
  private async sumCells(s: Sum, by?: string): Promise<CellMap> {
    const plus = await Promise.all(s.plus.map((q) => this.cells(q, by)));
    const minus = await Promise.all((s.minus ?? []).map((q) => this.cells(q, by)));
    const out: CellMap = new Map();
    const add = (m: CellMap, sign: 1 | -1, create: boolean) => {
      for (const [k, c] of m) {
        const cur = out.get(k);
        if (!cur && !create) continue;
        const e = cur ?? { value: 0, releases: new Set<string>() };
        e.value = e.value === null || c.value === null ? null : e.value + sign * c.value;
        for (const id of c.releases) e.releases.add(id);
        out.set(k, e);
      }
    };
    for (const m of plus) add(m, 1, true);
    for (const m of minus) add(m, -1, false);
    return out;
  }
}

function allFormulaQuestions(f: Formula): Question[] {
  return [...f.numerator.plus, ...(f.numerator.minus ?? []), ...(f.denominator && 'plus' in f.denominator ? [...f.denominator.plus, ...(f.denominator.minus ?? [])] : [])];
}

function allQuestions(c: Computation): Question[] {
  return [
    ...(c.total && 'numerator' in c.total ? allFormulaQuestions(c.total) : []),
    ...(c.parts ?? []).flatMap((p) => allFormulaQuestions(p.formula)),
    ...(c.mirror ? [c.mirror.outbound, c.mirror.inbound] : []),
  ];
}
