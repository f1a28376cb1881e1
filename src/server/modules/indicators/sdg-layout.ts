import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkNumber, checkValue, checkYear, fold, parseNumber, valueKey, type Answer, type CheckIssue, type InputSpec } from './value-rules.ts';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/**
 * The layout of the UN SDG Global Database's CSV download (unstats.un.org/sdgs/dataportal):
 * `Goal, Target, Indicator, SeriesCode, SeriesDescription, GeoAreaCode, GeoAreaName,
 * TimePeriod, Value, Time_Detail, Source, FootNote, Nature, Units` and one column per
 * dimension in brackets (`[Sex]`, `[Age]`, `[Location]`, `[Reporting Type]`…). Read as it
 * comes: a BOM, quoted fields, columns in any order, extra columns; values such as `<0.1`
 * (kept as the bound, the sign in the note) or `NaN`/empty (no value: skipped and counted).
 * Pure: the service gives it the catalogue, the member countries and the values stored.
 */

export const REQUIRED_COLUMNS = ['SeriesCode', 'GeoAreaCode', 'TimePeriod', 'Value'] as const;
const KNOWN_COLUMNS = ['Goal', 'Target', 'Indicator', 'SeriesCode', 'SeriesDescription', 'GeoAreaCode', 'GeoAreaName', 'TimePeriod', 'Value', 'Time_Detail', 'Source', 'FootNote', 'Nature', 'Units'] as const;
type Known = (typeof KNOWN_COLUMNS)[number];
/** Bracketed columns that describe the figure rather than split it. */
const NOT_DISAGGREGATIONS = new Set(['reporting type', 'units', 'nature', 'observation status', 'unit multiplier']);
/** The SDG database's codes for "all of them". */
const TOTAL_CODES = new Set(['', '_t', 'bothsex', 'allage', 'allarea', '_z', 'all']);

/**
 * M49 codes of the regions and groups the SDG database publishes beside countries: known
 * areas, outside the member countries, so skipped and counted rather than refused.
 * (UN M49 standard, unstats.un.org/unsd/methodology/m49, and the SDG regional groupings.)
 */
export const M49_AREAS = new Set([
  1, 2, 5, 9, 11, 13, 14, 15, 17, 18, 19, 21, 29, 30, 34, 35, 39, 53, 54, 57, 61, 62, 142, 143, 145, 150, 151, 154, 155, 199, 202, 419, 432, 513, 514, 515, 543, 722, 747,
  753,
]);

export type AreaOf = { kind: 'country'; iso3: string } | { kind: 'region' } | { kind: 'unknown' };

export function areaOfM49(code: string): AreaOf {
  const s = code.trim();
  if (!/^\d{1,3}$/.test(s)) return { kind: 'unknown' };
  const iso3 = countries.numericToAlpha3(s.padStart(3, '0'));
  if (iso3) return { kind: 'country', iso3 };
  return M49_AREAS.has(Number(s)) ? { kind: 'region' } : { kind: 'unknown' };
}

export interface SdgRow {
  /** The line in the file (the header is line 1). */
  line: number;
  cells: Partial<Record<Known, string>>;
  /** Bracketed dimension columns, by their name without brackets. */
  dimensions: Record<string, string>;
}

export class SdgLayoutError extends Error {
  constructor(readonly issue: CheckIssue) {
    super(issue.key);
  }
}

export const MAX_SDG_ROWS = 50_000;

/** Reads the file; refuses one without the layout's key columns (named in the message). */
export function readSdgCsv(buf: Buffer): { columns: string[]; rows: SdgRow[] } {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  let count = 0;
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: 1024 * 1024,
      on_record: (r: string[]) => {
        if (++count > MAX_SDG_ROWS + 1) throw new SdgLayoutError({ key: 'indicatorsInput.sdg.tooManyRows', params: { max: MAX_SDG_ROWS } });
        return r;
      },
    });
  } catch (err) {
    if (err instanceof SdgLayoutError) throw err;
    throw new SdgLayoutError({ key: 'indicatorsInput.sdg.unreadable', params: { detail: (err as Error).message.slice(0, 200) } });
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const byName = new Map<string, Known>(KNOWN_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const index = new Map<Known, number>();
  const dims: [string, number][] = [];
  header.forEach((h, i) => {
    const bracket = /^\[(.+)\]$/.exec(h);
    if (bracket) {
      const name = bracket[1]!.trim();
      // some downloads bracket the attributes too ([Nature], [Units]): read them as the plain columns
      const attr = byName.get(name.toLowerCase());
      if (attr && !index.has(attr)) index.set(attr, i);
      else if (!NOT_DISAGGREGATIONS.has(name.toLowerCase())) dims.push([name, i]);
      return;
    }
    const k = byName.get(h.toLowerCase());
    if (k && !index.has(k)) index.set(k, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) throw new SdgLayoutError({ key: 'indicatorsInput.sdg.missingColumns', params: { columns: missing.join(', ') } });
  const rows: SdgRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.every((c) => c.trim() === '')) continue;
    const cells: Partial<Record<Known, string>> = {};
    for (const [k, i] of index) cells[k] = (rec[i] ?? '').trim();
    const dimensions: Record<string, string> = {};
    for (const [name, i] of dims) dimensions[name] = (rec[i] ?? '').trim();
    rows.push({ line: r + 1, cells, dimensions });
  }
  return { columns: header, rows };
}

// --- the catalogue's series --------------------------------------------------------------

/**
 * One entry of an indicator's `sdg_series` as the catalogue writes it: `SI_RMT_COST`,
 * `SI_RMT_COST_BC (by corridor)`, `SG_CPA_MIGRS, COMPOSITE_BREAKDOWN=PD_1`, `SI_COV_*`.
 * The first entry of an indicator is its headline series; figures of its other series keep
 * the series code in their disaggregation, so two series never land on one value.
 */
export interface SeriesTarget {
  indicator: string;
  series: string;
  prefix: boolean;
  /** A dimension value the row must carry (`PD_1`), when the catalogue names one. */
  qualifier: string | null;
  headline: boolean;
}

export function seriesTargets(catalogue: { code: string; sdgSeries: string[] }[]): SeriesTarget[] {
  const out: SeriesTarget[] = [];
  for (const ind of catalogue) {
    ind.sdgSeries.forEach((entry, i) => {
      const m = /^\s*([A-Z][A-Z0-9_]*)(\*)?/.exec(entry);
      if (!m) return;
      const q = /[A-Z_]+=([A-Za-z0-9_]+)/.exec(entry);
      out.push({ indicator: ind.code, series: m[1]!, prefix: m[2] === '*', qualifier: q ? q[1]! : null, headline: i === 0 });
    });
  }
  return out;
}

/** The most specific target for a row: a qualified one whose value the row carries, else the plain one. */
export function matchSeries(targets: SeriesTarget[], series: string, dimensionValues: string[]): SeriesTarget | null {
  const candidates = targets.filter((t) => (t.prefix ? series.startsWith(t.series) : series === t.series));
  const values = new Set(dimensionValues.map((v) => v.toUpperCase()));
  const qualified = candidates.find((t) => t.qualifier !== null && values.has(t.qualifier.toUpperCase()));
  if (qualified) return qualified;
  return candidates.find((t) => t.qualifier === null) ?? null;
}

const dimKey = (name: string) =>
  fold(name)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

// --- interpreting the rows -----------------------------------------------------------------

export interface RowIssue {
  line: number;
  column: string;
  value: string;
  issue: CheckIssue;
}

export interface Candidate {
  line: number;
  code: string;
  country: string;
  period: string;
  disaggregation: Record<string, string>;
  value: number | null;
  answer: Answer | null;
  /** What the file says about the figure: its Source, FootNote, Nature, a `<` bound. */
  note: string | null;
}

export interface SdgInterpretation {
  candidates: Candidate[];
  errors: RowIssue[];
  skipped: { outsideMembers: number; regions: number; noValue: number; unknownSeries: number };
  unknownSeries: string[];
}

/**
 * The UN's categorical scale of SDG 10.7.2 per country and domain (SG_CPA_MIGRS: 1 requires
 * further progress, 2 partially meets, 3 meets, 4 fully meets) read as a policy answer
 * (docs/adr/0018): meets or fully meets → yes, partially meets → partial, requires further
 * progress → no. The number is kept beside the answer.
 */
export function answerFromUnScale(n: number): Answer | null {
  if (n === 1) return 'no';
  if (n === 2) return 'partial';
  if (n === 3 || n === 4) return 'yes';
  return null;
}

const NO_VALUE = new Set(['', 'nan', 'na', 'n/a', '..', '...', '-', '—']);

export function interpretSdgRows(rows: SdgRow[], ctx: { targets: SeriesTarget[]; specs: Map<string, InputSpec>; members: Set<string>; now?: Date }): SdgInterpretation {
  const out: SdgInterpretation = { candidates: [], errors: [], skipped: { outsideMembers: 0, regions: 0, noValue: 0, unknownSeries: 0 }, unknownSeries: [] };
  const unknownSeries = new Set<string>();
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const c = row.cells;
    const err = (column: string, value: string, issue: CheckIssue) => out.errors.push({ line: row.line, column, value, issue });
    const series = c.SeriesCode ?? '';
    const target = matchSeries(ctx.targets, series, Object.values(row.dimensions));
    const spec = target ? ctx.specs.get(target.indicator) : undefined;
    if (!target || !spec) {
      out.skipped.unknownSeries++;
      if (series) unknownSeries.add(series);
      continue;
    }
    const area = areaOfM49(c.GeoAreaCode ?? '');
    if (area.kind === 'unknown') {
      err('GeoAreaCode', c.GeoAreaCode ?? '', { key: 'indicatorsInput.sdg.unknownM49', params: { code: c.GeoAreaCode ?? '', name: c.GeoAreaName ?? '' } });
      continue;
    }
    if (area.kind === 'region') {
      out.skipped.regions++;
      continue;
    }
    if (!ctx.members.has(area.iso3)) {
      out.skipped.outsideMembers++;
      continue;
    }
    const year = checkYear(c.TimePeriod ?? '', ctx.now);
    if (!year.ok) {
      err('TimePeriod', c.TimePeriod ?? '', year.issue);
      continue;
    }
    const rawValue = c.Value ?? '';
    if (NO_VALUE.has(rawValue.trim().toLowerCase())) {
      out.skipped.noValue++;
      continue;
    }
    const notes: string[] = [];
    let checked;
    const bound = /^\s*([<>]=?)\s*(.+)$/.exec(rawValue);
    if (spec.type === 'policy_presence') {
      const n = parseNumber(rawValue);
      const a = n !== null ? answerFromUnScale(n) : null;
      checked = a ? { ok: true as const, value: { value: n, answer: a } } : checkValue(spec, rawValue);
    } else if (bound) {
      checked = checkNumber(spec, parseNumber(bound[2]!), rawValue);
      notes.push(`Value ${rawValue.trim()}`);
    } else {
      checked = checkValue(spec, rawValue);
    }
    if (!checked.ok) {
      err('Value', rawValue, checked.issue);
      continue;
    }
    const disaggregation: Record<string, string> = {};
    for (const [name, v] of Object.entries(row.dimensions)) {
      if (TOTAL_CODES.has(v.toLowerCase())) continue;
      if (target.qualifier && v.toUpperCase() === target.qualifier.toUpperCase()) continue;
      disaggregation[dimKey(name)] = v;
    }
    if (!target.headline) disaggregation.series = series;
    const key = valueKey(spec.code, area.iso3, year.value, disaggregation);
    const first = firstLine.get(key);
    if (first !== undefined) {
      err('SeriesCode', series, { key: 'indicatorsInput.check.duplicate', params: { first } });
      continue;
    }
    firstLine.set(key, row.line);
    if (c.Source) notes.push(`Source: ${c.Source}`);
    if (c.FootNote) notes.push(`FootNote: ${c.FootNote}`);
    if (c.Nature) notes.push(`Nature: ${c.Nature}`);
    if (c.Time_Detail && c.Time_Detail !== year.value) notes.push(`Time_Detail: ${c.Time_Detail}`);
    out.candidates.push({
      line: row.line,
      code: spec.code,
      country: area.iso3,
      period: year.value,
      disaggregation,
      value: checked.value.value,
      answer: checked.value.answer,
      note: notes.length ? notes.join('; ').slice(0, 2000) : null,
    });
  }
  out.unknownSeries = [...unknownSeries].sort();
  return out;
}
