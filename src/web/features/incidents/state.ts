/**
 * The missing-migrants page's selection, kept in the address (so a copied link shows the same
 * view) and turned into the incidents API's query string, always in one order (it is the
 * cache key, and the server-drawn page's answers are found by it).
 */
export interface IncidentState {
  region: 'americas' | 'world';
  from: number | null;
  to: number | null;
  route: string;
  cause: string;
  /** country of incident (alpha-3) */
  country: string;
  /** country of origin (alpha-3) */
  origin: string;
  page: number;
}

export const DEFAULT_STATE: IncidentState = { region: 'americas', from: null, to: null, route: '', cause: '', country: '', origin: '', page: 1 };

const YEAR = /^(19[9]\d|20\d\d|2100)$/;
const CODE = /^[A-Z]{3}$/;

/** Reads the address; anything malformed is left out (the page shows the default instead of an error). */
export function decodeState(params: URLSearchParams): IncidentState {
  const year = (k: string) => (YEAR.test(params.get(k) ?? '') ? Number(params.get(k)) : null);
  const code = (k: string) => (CODE.test(params.get(k) ?? '') ? params.get(k)! : '');
  const text = (k: string) => (params.get(k) ?? '').slice(0, 200);
  const page = Number(params.get('page'));
  let from = year('from');
  let to = year('to');
  if (from !== null && to !== null && from > to) [from, to] = [to, from];
  return {
    region: params.get('region') === 'world' ? 'world' : 'americas',
    from,
    to,
    route: text('route'),
    cause: text('cause'),
    country: code('country'),
    origin: code('origin'),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The address of a state: only what differs from the default. */
export function encodeState(s: IncidentState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.region !== 'americas') p.set('region', s.region);
  if (s.from !== null) p.set('from', String(s.from));
  if (s.to !== null) p.set('to', String(s.to));
  if (s.route) p.set('route', s.route);
  if (s.cause) p.set('cause', s.cause);
  if (s.country) p.set('country', s.country);
  if (s.origin) p.set('origin', s.origin);
  if (s.page > 1) p.set('page', String(s.page));
  return p;
}

/** The API's filters for the selection (no page: each question adds its own). */
export function apiQuery(s: IncidentState): string {
  const p = new URLSearchParams();
  p.set('region', s.region);
  if (s.from !== null) p.set('from', String(s.from));
  if (s.to !== null) p.set('to', String(s.to));
  if (s.route) p.set('route', s.route);
  if (s.cause) p.set('cause', s.cause);
  if (s.country) p.set('country', s.country);
  if (s.origin) p.set('origin', s.origin);
  return p.toString();
}

/**
 * The months from the first to the last of the answer's rows, each with its sum. A month
 * inside the span with no row had no incident recorded for the selection: its figure is 0
 * (recorded dead and missing), which the chart's summary says.
 */
export function monthlySeries(rows: { month?: string; value: number }[]): { months: string[]; values: number[] } {
  const byMonth = new Map<string, number>();
  for (const r of rows) if (r.month) byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.value);
  const keys = [...byMonth.keys()].sort();
  if (!keys.length) return { months: [], values: [] };
  const months: string[] = [];
  let [y, m] = keys[0]!.split('-').map(Number) as [number, number];
  const last = keys[keys.length - 1]!;
  for (;;) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    months.push(k);
    if (k >= last || months.length > 1200) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return { months, values: months.map((k) => byMonth.get(k) ?? 0) };
}
