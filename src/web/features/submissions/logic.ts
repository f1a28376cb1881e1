/**
 * The pure logic of the submission pages: the column-mapping step (from the file's columns,
 * the server's suggestions and a saved mapping to the `mapping` the submission carries),
 * progress, the list's URL filters and the release calendar's grouping. No React here, so
 * submissions.test.ts checks it directly.
 */

/** What a file column may feed (validate.ts TARGETS): the dimensions, the period, the value and the attributes. */
export const TARGETS = [
  'REF_AREA',
  'FLOW',
  'CITIZENSHIP',
  'COUNTERPART_AREA',
  'SEX',
  'AGE',
  'DISABILITY',
  'ETHNICITY',
  'LOCATION',
  'TIME_PERIOD',
  'OBS_VALUE',
  'OBS_STATUS',
  'COMMENT',
] as const;
export type Target = (typeof TARGETS)[number];
/** The targets every row needs, from a column or a constant. */
export const REQUIRED: Target[] = ['REF_AREA', 'FLOW', 'TIME_PERIOD', 'OBS_VALUE'];
/** Dimensions that may be a constant when the file has no column for them (not the period or the value). */
export const CONSTANT_TARGETS: Target[] = ['REF_AREA', 'FLOW', 'CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY', 'LOCATION'];

export interface ColumnMapping {
  columns?: Record<string, string>;
  constants?: Record<string, string>;
  codes?: Record<string, Record<string, string>>;
}

/** A file column's choice: a target, or '' to ignore the column. */
export type Choices = Record<string, Target | ''>;

export function isTarget(v: unknown): v is Target {
  return typeof v === 'string' && (TARGETS as readonly string[]).includes(v);
}

const lower = (s: string) => s.toLowerCase();

/**
 * The starting choices of the mapping step: a saved mapping's columns (matched without case,
 * as the validator matches them) first, then the server's suggestions, then a column named
 * exactly as a target; every other column is ignored. A target is given to one column only.
 */
export function initialChoices(columns: string[], suggested: Record<string, string>, saved?: ColumnMapping | null): Choices {
  const out: Choices = {};
  const taken = new Set<string>();
  const savedCols = new Map(Object.entries(saved?.columns ?? {}).map(([k, v]) => [lower(k), v]));
  const give = (col: string, target: string | undefined) => {
    if (col in out) return;
    if (target === '') out[col] = '';
    else if (isTarget(target) && !taken.has(target)) {
      out[col] = target;
      taken.add(target);
    }
  };
  for (const c of columns) if (savedCols.has(lower(c))) give(c, savedCols.get(lower(c)));
  for (const c of columns) give(c, suggested[c]);
  for (const c of columns) give(c, c.toUpperCase());
  for (const c of columns) if (!(c in out)) out[c] = '';
  return out;
}

/** The constants of a saved mapping for the dimensions the file does not have. */
export function initialConstants(choices: Choices, saved?: ColumnMapping | null): Record<string, string> {
  const used = new Set(Object.values(choices));
  const out: Record<string, string> = {};
  for (const [dim, code] of Object.entries(saved?.constants ?? {})) if (!used.has(dim as Target) && code) out[dim] = code;
  return out;
}

export type MappingProblem = { kind: 'missing'; target: Target } | { kind: 'twice'; target: Target; columns: string[] };

/** What stops the mapping from being sent: a required target with neither column nor constant, a target chosen for two columns. */
export function mappingProblems(choices: Choices, constants: Record<string, string>): MappingProblem[] {
  const byTarget = new Map<Target, string[]>();
  for (const [col, target] of Object.entries(choices)) if (target) byTarget.set(target, [...(byTarget.get(target) ?? []), col]);
  const problems: MappingProblem[] = [];
  for (const [target, cols] of byTarget) if (cols.length > 1) problems.push({ kind: 'twice', target, columns: cols });
  for (const target of REQUIRED) if (!byTarget.has(target) && !constants[target]?.trim()) problems.push({ kind: 'missing', target });
  return problems;
}

/** Dimensions no column feeds: the person may give each a constant (else rows count as its total). */
export function absentDimensions(choices: Choices): Target[] {
  const used = new Set(Object.values(choices));
  return CONSTANT_TARGETS.filter((t) => !used.has(t));
}

/**
 * The `mapping` a submission carries: every named column (ignored ones as ''), so the
 * validator finds the header row past any title rows; constants only for dimensions no column
 * feeds; a saved mapping's code translations kept.
 */
export function buildMapping(columns: string[], choices: Choices, constants: Record<string, string>, codes?: ColumnMapping['codes']): ColumnMapping {
  const cols: Record<string, string> = {};
  for (const c of columns) if (c.trim() !== '' && !(c in cols)) cols[c] = choices[c] ?? '';
  const used = new Set(Object.values(cols));
  const consts: Record<string, string> = {};
  for (const [dim, code] of Object.entries(constants)) {
    const v = code.trim();
    if (v && !used.has(dim) && (CONSTANT_TARGETS as string[]).includes(dim)) consts[dim] = v;
  }
  const out: ColumnMapping = { columns: cols };
  if (Object.keys(consts).length) out.constants = consts;
  if (codes && Object.keys(codes).length) out.codes = codes;
  return out;
}

/** A diff example's key as one line: the codes that are not a total or not applicable, then the month. */
export function keyText(key: Record<string, string>): string {
  const parts = TARGETS.filter((d) => d !== 'TIME_PERIOD' && key[d] && key[d] !== '_T' && key[d] !== '_Z').map((d) => key[d]!);
  if (key.TIME_PERIOD) parts.push(key.TIME_PERIOD);
  return parts.join(' · ');
}

/** The file kind the platform reads, from the name: CSV (and text exports) or XLSX. */
export function fileKind(name: string): 'csv' | 'xlsx' | null {
  const n = name.toLowerCase();
  if (n.endsWith('.xlsx')) return 'xlsx';
  if (n.endsWith('.csv') || n.endsWith('.txt') || n.endsWith('.tsv')) return 'csv';
  return null;
}

export const MAX_FILE_MB = 200;
/** The part of a CSV sent to read its columns: the reader sniffs the first megabyte. */
export const INSPECT_BYTES = 1024 * 1024;

/** Percent (0–100, whole) of a part of a whole; null when the whole is unknown. */
export function percent(done: number, total: number): number | null {
  if (!(total > 0)) return null;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

export type Status = 'validating' | 'validated' | 'submitted' | 'applied' | 'rejected' | 'returned' | 'failed';
export const STATUSES: Status[] = ['validating', 'validated', 'submitted', 'applied', 'rejected', 'returned', 'failed'];

export function isStatus(v: unknown): v is Status {
  return typeof v === 'string' && (STATUSES as string[]).includes(v);
}

/** How a status looks: done (green), waiting (blue), needs the person (amber), stopped (red). */
export function statusTone(s: string): 'ok' | 'wait' | 'act' | 'bad' {
  if (s === 'applied') return 'ok';
  if (s === 'validating' || s === 'submitted') return 'wait';
  if (s === 'validated' || s === 'returned') return 'act';
  return 'bad';
}

/** Whether the person may confirm: a validated report without errors (a returned one is sent again as a new file). */
export function canConfirm(r: { status: string; errorCount: number }): boolean {
  return r.status === 'validated' && r.errorCount === 0;
}

// --- the list's filters, in the address ---------------------------------------------------

export interface ListFilters {
  status: Status | '';
  country: string;
  dataflow: string;
}

export function readFilters(params: URLSearchParams): ListFilters {
  const status = params.get('status') ?? '';
  const country = (params.get('country') ?? '').toUpperCase();
  const dataflow = (params.get('dataflow') ?? '').toUpperCase();
  return {
    status: isStatus(status) ? status : '',
    country: /^[A-Z]{3}$/.test(country) ? country : '',
    dataflow: /^[A-Z0-9_]{1,60}$/.test(dataflow) ? dataflow : '',
  };
}

/** The filters as a query string in a stable order (empty values left out). */
export function writeFilters(f: ListFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status) p.set('status', f.status);
  if (f.country) p.set('country', f.country);
  if (f.dataflow) p.set('dataflow', f.dataflow);
  return p;
}

// --- the release calendar -------------------------------------------------------------------

export interface CalendarItem {
  id: string;
  dataflow: string;
  country: string;
  releaseAt: string;
  level: 'members' | 'public';
  note: string | null;
  status: 'scheduled' | 'released' | 'cancelled' | 'skipped';
  releaseId: string | null;
  reason: string | null;
}

/** Entries by country (countries in the order of their names), each country's soonest first. */
export function groupByCountry<T extends { country: string; releaseAt: string }>(items: T[], name: (code: string) => string): { country: string; items: T[] }[] {
  const by = new Map<string, T[]>();
  for (const i of items) by.set(i.country, [...(by.get(i.country) ?? []), i]);
  return [...by.entries()]
    .map(([country, list]) => ({ country, items: [...list].sort((a, b) => a.releaseAt.localeCompare(b.releaseAt)) }))
    .sort((a, b) => name(a.country).localeCompare(name(b.country)));
}

/**
 * A `datetime-local` value (the person's own clock) as an ISO instant with an offset, as the
 * API asks; null when it is not a moment.
 */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Who may schedule a country's releases and set its policy: the secretariat, or that country's focal point. */
export function mayManageCountry(user: { role: string; countryCode: string | null } | null | undefined, country: string): boolean {
  if (!user) return false;
  if (user.role === 'admin' || user.role === 'secretariat') return true;
  return user.role === 'focal_point' && user.countryCode === country;
}

export type CodeMap = NonNullable<ColumnMapping['codes']>;

/** Dimensions whose values are codes from a list (the ones a national code can be translated for). */
export const CODED_TARGETS: Target[] = ['REF_AREA', 'FLOW', 'CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY'];

/**
 * Values in the file's first rows that are not regional codes of the dimension their column
 * was mapped to, and have no translation yet: what the person is asked to translate. Matching
 * is case-insensitive, as the importer's.
 */
export function untranslatedSample(columns: string[], choices: Choices, sample: string[][], codesOf: (dim: string) => string[] | undefined, codes: CodeMap): { dim: Target; value: string }[] {
  const out: { dim: Target; value: string }[] = [];
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    const dim = choices[c];
    if (!dim || !CODED_TARGETS.includes(dim)) return;
    const known = new Set((codesOf(dim) ?? []).map((x) => x.toUpperCase()));
    if (!known.size) return;
    for (const row of sample) {
      const v = (row[i] ?? '').trim();
      const up = v.toUpperCase();
      if (!v || known.has(up) || Object.keys(codes[dim] ?? {}).some((k) => k.toUpperCase() === up) || seen.has(`${dim}\u0000${up}`)) continue;
      seen.add(`${dim}\u0000${up}`);
      out.push({ dim, value: v });
    }
  });
  return out;
}

/** Adds (or replaces) one translation national → regional; an empty regional code removes it. */
export function withCode(codes: CodeMap, dim: string, national: string, regional: string): CodeMap {
  const key = national.trim();
  if (!key) return codes;
  const rest = Object.fromEntries(Object.entries(codes[dim] ?? {}).filter(([k]) => k.toUpperCase() !== key.toUpperCase()));
  const next = regional ? { ...rest, [key]: regional } : rest;
  const out: CodeMap = { ...codes, [dim]: next };
  if (!Object.keys(next).length) delete out[dim];
  return out;
}

/** The translations as rows, sorted by dimension then national code. */
export function codeRows(codes: CodeMap): { dim: string; national: string; regional: string }[] {
  return Object.entries(codes)
    .flatMap(([dim, m]) => Object.entries(m).map(([national, regional]) => ({ dim, national, regional })))
    .sort((a, b) => a.dim.localeCompare(b.dim) || a.national.localeCompare(b.national));
}
