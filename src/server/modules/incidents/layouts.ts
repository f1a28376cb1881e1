import type { Origin } from './tables.ts';

/**
 * The file layouts the incidents importer reads, as publishers really ship them:
 * - `gdi`: the tidy copy of IOM's Global Data Institute (`t, m, type, route, geo, dead, cause,
 *   surv, nat, location, lon, lat`; `dead` is dead **or** missing, not split);
 * - `mmp-old`: IOM Missing Migrants Project's older export (Windows-1252; WKT
 *   `POINT (lon lat)` coordinates; ISO dates; a region of origin, no country of origin);
 * - `mmp-current`: the current export (UTF-8; `"Fri, 01/01/2021 - 12:00"` dates, month first;
 *   `"lat, lon"` coordinates; countries of origin by name).
 * Blank numbers mean "not reported", never zero.
 */
export type Layout = 'gdi' | 'mmp-old' | 'mmp-current';

/** One incident as read from a row, before the whole-file checks (validate.ts). */
export interface IncidentInput {
  row: number;
  mainId: string | null;
  sourceKey: string | null;
  date: string;
  precision: 'day' | 'month';
  countryCode: string | null;
  /** true when the file named the country; false when it was read from the place or the point */
  countryStated: boolean;
  region: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  route: string | null;
  dead: number | null;
  missing: number | null;
  total: number;
  split: boolean;
  survivors: number | null;
  females: number | null;
  males: number | null;
  children: number | null;
  origins: Origin[];
  originRegion: string | null;
  cause: string | null;
  type: 'incident' | 'split' | 'cumulative';
  infoSource: string | null;
  quality: number | null;
  url: string | null;
}

export interface RowIssue {
  row: number;
  severity: 'error' | 'warning';
  key: string;
  params: Record<string, string | number>;
}

/** Lower case, accents and punctuation folded: how header names and country names are compared. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\u00a0/g, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Header names as each layout writes them, folded. A file is of the layout whose required
// headers it all has; the first match wins (the current layout is tried first).
const REQUIRED: Record<Layout, string[]> = {
  'mmp-current': ['main id', 'incident date', 'number dead', 'minimum estimated number of missing', 'total number of dead and missing', 'coordinates'],
  'mmp-old': ['main id', 'incident date yyyy mm dd', 'number of dead', 'minimum estimated number of missing', 'total number of dead and missing', 'coordinates'],
  gdi: ['t', 'type', 'route', 'geo', 'dead', 'nat', 'lon', 'lat'],
};

export function detectLayout(headers: string[]): Layout | null {
  const have = new Set(headers.map(fold));
  // The older export's date header is sometimes shortened to "Incident Date".
  if (have.has('incident date') && have.has('number of dead')) have.add('incident date yyyy mm dd');
  for (const layout of ['mmp-current', 'mmp-old', 'gdi'] as Layout[]) {
    if (REQUIRED[layout].every((h) => have.has(h))) return layout;
  }
  return null;
}

export type Cells = Record<string, string>;

/** A row's cells by folded header name. */
export function cellsOf(headers: string[], values: string[]): Cells {
  const out: Cells = {};
  headers.forEach((h, i) => {
    out[fold(h)] = (values[i] ?? '').replace(/\u00a0/g, ' ').trim();
  });
  return out;
}

type Parsed<T> = { ok: T } | { issue: { key: string; params: Record<string, string | number> } };

/** A count: blank is "not reported" (null); anything else must be a whole number ≥ 0. */
export function parseCount(raw: string | undefined, column: string): Parsed<number | null> {
  const v = (raw ?? '').replace(/[\s,]/g, '');
  if (v === '') return { ok: null };
  if (!/^\d+(\.0+)?$/.test(v)) return { issue: { key: 'incidents.import.notACount', params: { column, value: raw ?? '' } } };
  return { ok: Number.parseInt(v, 10) };
}

const WEEKDAY_DATE = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s*-\s*\d{1,2}:\d{2})?$/;

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** `YYYY-MM-DD`, `YYYY-MM` (a month), or the current export's `Fri, 01/31/2021 - 12:00` (month first). */
export function parseDate(raw: string | undefined): Parsed<{ date: string; precision: 'day' | 'month' }> {
  const v = (raw ?? '').trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDate(y, mo, d)) return { ok: { date: `${m[1]}-${m[2]}-${m[3]}`, precision: 'day' } };
  }
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { ok: { date: `${m[1]}-${m[2]}-01`, precision: 'month' } };
  m = WEEKDAY_DATE.exec(v);
  if (m) {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDate(y, mo, d)) return { ok: { date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, precision: 'day' } };
  }
  return { issue: { key: v ? 'incidents.import.badDate' : 'incidents.import.noDate', params: { value: v } } };
}

/** WKT `POINT (lon lat)`, `"lat, lon"`, or two columns. Null when blank. */
export function parsePoint(raw: string | undefined, order: 'wkt' | 'lat,lon'): Parsed<{ lat: number; lon: number } | null> {
  const v = (raw ?? '').trim();
  if (v === '') return { ok: null };
  const num = '(-?\\d+(?:\\.\\d+)?)';
  const wkt = new RegExp(`^POINT\\s*\\(\\s*${num}\\s+${num}\\s*\\)$`, 'i').exec(v);
  const pair = new RegExp(`^${num}\\s*[,;]\\s*${num}$`).exec(v);
  let lat: number;
  let lon: number;
  if (wkt) [lon, lat] = [Number(wkt[1]), Number(wkt[2])];
  else if (pair) [lat, lon] = order === 'wkt' ? [Number(pair[2]), Number(pair[1])] : [Number(pair[1]), Number(pair[2])];
  else return { issue: { key: 'incidents.import.badPoint', params: { value: v } } };
  return checkPoint(lat, lon, v);
}

export function checkPoint(lat: number, lon: number, shown: string): Parsed<{ lat: number; lon: number }> {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) return { issue: { key: 'incidents.import.pointOutOfRange', params: { value: shown } } };
  return { ok: { lat, lon } };
}

const TYPES: Record<string, IncidentInput['type']> = { incident: 'incident', 'split incident': 'split', 'cumulative incident': 'cumulative' };

/** IOM writes `Incident`, `Split Incident`, `Cumulative Incident` (and a few `Incident,Split Incident`: a split). */
export function parseType(raw: string | undefined): IncidentInput['type'] | null {
  const v = fold(raw ?? '');
  if (v === '') return 'incident';
  if (TYPES[v]) return TYPES[v];
  if (v.split(' ').includes('split')) return 'split';
  return null;
}

const blank = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);

/** Reads the cells every layout shares the meaning of, by the layout's own column names. */
export function readRow(layout: Layout, c: Cells, row: number, fileKey: string, names: CountryNames): { input: IncidentInput | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const fail = (p: { issue: { key: string; params: Record<string, string | number> } }) => issues.push({ row, severity: 'error', ...p.issue });
  const col = (k: string) => c[k];
  const count = (k: string, label: string) => {
    const r = parseCount(col(k), label);
    if ('issue' in r) {
      fail(r);
      return null;
    }
    return r.ok;
  };

  const date = parseDate(layout === 'gdi' ? col('t') || col('m')?.slice(0, 7) : layout === 'mmp-old' ? col('incident date yyyy mm dd') ?? col('incident date') : col('incident date'));
  if ('issue' in date) fail(date);
  const point = layout === 'gdi' ? (col('lat') || col('lon') ? checkPoint(Number(col('lat')), Number(col('lon')), `${col('lat')}, ${col('lon')}`) : { ok: null }) : parsePoint(col('coordinates'), layout === 'mmp-old' ? 'wkt' : 'lat,lon');
  if ('issue' in point) fail(point);

  let dead: number | null = null;
  let missing: number | null = null;
  let total: number | null;
  if (layout === 'gdi') {
    total = count('dead', 'dead');
  } else {
    dead = count(layout === 'mmp-old' ? 'number of dead' : 'number dead', layout === 'mmp-old' ? 'Number of Dead' : 'Number Dead');
    missing = count('minimum estimated number of missing', 'Minimum Estimated Number of Missing');
    total = count('total number of dead and missing', 'Total Number of Dead and Missing');
    if (dead !== null && missing !== null && total !== null && dead + missing !== total) {
      issues.push({ row, severity: 'error', key: 'incidents.import.totalMismatch', params: { dead, missing, total } });
    }
    if (total === null && (dead !== null || missing !== null)) total = (dead ?? 0) + (missing ?? 0);
  }
  if (total === null && !issues.some((i) => i.key === 'incidents.import.notACount')) issues.push({ row, severity: 'error', key: 'incidents.import.noCount', params: {} });

  const type = parseType(layout === 'gdi' ? col('type') : layout === 'mmp-old' ? col('incident type') : col('incident type'));
  if (!type) issues.push({ row, severity: 'error', key: 'incidents.import.badType', params: { value: col('type') ?? col('incident type') ?? '' } });

  const place = blank(layout === 'gdi' ? col('location') : col('location of death'));
  // The country of the incident: stated by the tidy copy; IOM's exports give a place, whose
  // last part usually names the country ("…, Arizona, USA").
  let countryCode: string | null = null;
  let countryStated = false;
  if (layout === 'gdi') {
    const g = (col('geo') ?? '').toUpperCase();
    if (g) {
      countryCode = names.isCode(g) ? g : null;
      countryStated = true;
      if (!countryCode) issues.push({ row, severity: 'error', key: 'incidents.import.unknownCountry', params: { value: g } });
    }
  } else if (place) {
    const last = place.split(',').pop() ?? '';
    countryCode = names.code(last);
  }

  // Countries of origin: ISO3 codes (tidy copy) or names (current export), comma-separated; unknown allowed.
  const origins: Origin[] = [];
  const rawOrigins = layout === 'gdi' ? col('nat') : layout === 'mmp-current' ? col('country of origin') : '';
  for (const part of (rawOrigins ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const code = /^[A-Za-z]{3}$/.test(part) && names.isCode(part.toUpperCase()) ? part.toUpperCase() : fold(part) === 'unknown' || part.toUpperCase() === 'UNK' ? 'UNK' : names.code(part);
    if (!code) issues.push({ row, severity: 'warning', key: 'incidents.import.unknownOrigin', params: { value: part } });
    const c2 = code ?? 'UNK';
    if (!origins.some((o) => o.code === c2)) origins.push({ code: c2, count: null });
  }

  const quality = count('source quality', 'Source Quality');
  if (quality !== null && (quality < 1 || quality > 5)) issues.push({ row, severity: 'error', key: 'incidents.import.badQuality', params: { value: quality } });
  // Survivors and the breakdowns are secondary: an unreadable one (IOM's files hold a few
  // negative survivors) is kept as "not reported" with a warning, not a refusal of the record.
  const secondary = (k: string, label: string) => {
    const r = parseCount(col(k), label);
    if ('issue' in r) {
      issues.push({ row, severity: 'warning', key: 'incidents.import.secondaryDropped', params: r.issue.params });
      return null;
    }
    return r.ok;
  };
  const survivors = secondary(layout === 'gdi' ? 'surv' : 'number of survivors', layout === 'gdi' ? 'surv' : 'Number of Survivors');
  const females = layout === 'gdi' ? null : secondary('number of females', 'Number of Females');
  const males = layout === 'gdi' ? null : secondary('number of males', 'Number of Males');
  const children = layout === 'gdi' ? null : secondary('number of children', 'Number of Children');
  const url = blank(col('url'));

  if (issues.some((i) => i.severity === 'error') || 'issue' in date || 'issue' in point || total === null || !type) return { input: null, issues };
  const mainId = layout === 'gdi' ? null : blank(col('main id'));
  if (layout !== 'gdi' && !mainId) issues.push({ row, severity: 'warning', key: 'incidents.import.noMainId', params: {} });
  const route = blank(col(layout === 'gdi' ? 'route' : 'migration route'));
  return {
    input: {
      row,
      mainId,
      sourceKey: mainId ? null : `${fileKey}:${row}`,
      date: date.ok.date,
      precision: date.ok.precision,
      countryCode,
      countryStated,
      region: blank(layout === 'mmp-old' ? col('region of incident') : col('region')),
      place,
      lat: point.ok?.lat ?? null,
      lon: point.ok?.lon ?? null,
      route: route && fold(route) !== 'undefined' ? route : null,
      dead,
      missing,
      total,
      split: dead !== null || missing !== null,
      survivors,
      females,
      males,
      children,
      origins,
      originRegion: blank(col('region of origin')),
      cause: blank(col(layout === 'gdi' ? 'cause' : 'cause of death')),
      type,
      infoSource: blank(col('information source')),
      quality,
      url: url && /^https?:\/\//i.test(url) ? url : null,
    },
    issues,
  };
}

/** Country names (es/en, folded, with the usual English short forms) → ISO3. */
export interface CountryNames {
  isCode(code: string): boolean;
  code(name: string): string | null;
}

const ALIASES: Record<string, string> = {
  usa: 'USA',
  us: 'USA',
  'united states': 'USA',
  'united states of america': 'USA',
  'u s a': 'USA',
  'estados unidos': 'USA',
  uk: 'GBR',
  'united kingdom': 'GBR',
  'dominican rep': 'DOM',
  'dr congo': 'COD',
  'democratic republic of the congo': 'COD',
  'cote d ivoire': 'CIV',
  'ivory coast': 'CIV',
  'syria': 'SYR',
  'iran': 'IRN',
  'venezuela': 'VEN',
  'bolivia': 'BOL',
  'russia': 'RUS',
  'turkey': 'TUR',
  'turkiye': 'TUR',
  'vietnam': 'VNM',
  'laos': 'LAO',
  'tanzania': 'TZA',
};

export function countryNames(rows: { code: string; name: Record<string, string> }[]): CountryNames {
  const codes = new Set(rows.map((r) => r.code));
  const byName = new Map<string, string>(Object.entries(ALIASES));
  for (const r of rows) for (const n of Object.values(r.name)) if (n) byName.set(fold(n), r.code);
  return {
    isCode: (code) => codes.has(code),
    code: (name) => {
      const f = fold(name);
      return byName.get(f) ?? (codes.has(name.trim().toUpperCase()) ? name.trim().toUpperCase() : null);
    },
  };
}
