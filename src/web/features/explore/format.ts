/**
 * Numbers and periods in the reader's language. Spanish groups thousands with a point
 * and always groups (1.234,5), English with a comma (1,234.5).
 */
export type Lang = 'es' | 'en';

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { useGrouping: 'always', ...opts });
    cache.set(key, f);
  }
  return f;
}

const dates = new Map<string, Intl.DateTimeFormat>();
function df(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(opts)}`;
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, opts);
    dates.set(key, f);
  }
  return f;
}

/**
 * The texts a server-drawn page (ADR 0008) was drawn with, by format, language and value: the
 * browser adopts the page with them and makes no Intl format while it does (making the first
 * costs 5–20 ms on a phone; they are made when a value the page did not show is first
 * formatted). The server records them (`recordFormats`), the page carries them, main.tsx
 * gives them back (`adoptFormats`). The same functions make both, so the texts are the same.
 */
let drawnWith = new Map<string, string>();
let recording: (() => Map<string, string> | undefined) | null = null;

/** Server: where the texts of the page being drawn are kept (src/web/entry-server.tsx). */
export function recordFormats(current: () => Map<string, string> | undefined): void {
  recording = current;
}

/** Browser: the texts the server drew the page with. */
export function adoptFormats(texts: Record<string, string> | undefined): void {
  if (texts) drawnWith = new Map([...drawnWith, ...Object.entries(texts)]);
}

function remembered(key: string, make: () => string): string {
  const known = drawnWith.get(key);
  if (known !== undefined) return known;
  const text = make();
  recording?.()?.set(key, text);
  return text;
}

export function formatNumber(lang: Lang, n: number, maxFractionDigits = 1): string {
  return remembered(`n|${lang}|${maxFractionDigits}|${n}`, () => nf(lang, { maximumFractionDigits: maxFractionDigits }).format(n));
}

/** Axis ticks: 1,2 M / 1.2M — short but still in the reader's language. */
export function formatCompact(lang: Lang, n: number): string {
  if (Math.abs(n) < 10_000) return formatNumber(lang, n, 0);
  return remembered(`c|${lang}|${n}`, () => nf(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(n));
}

export function formatPercent(lang: Lang, ratio: number): string {
  return remembered(`%|${lang}|${ratio}`, () => nf(lang, { style: 'percent', maximumFractionDigits: 1 }).format(ratio));
}

/** ISO periods (2024, 2024-Q3, 2024-08) as words: "ago 2024", "T3 2024" / "Aug 2024", "Q3 2024". */
export function formatPeriod(lang: Lang, p: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
    return remembered(`m|${lang}|${p}`, () => df(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d));
  }
  m = /^(\d{4})-Q([1-4])$/.exec(p);
  if (m) return `${lang === 'es' ? 'T' : 'Q'}${m[2]} ${m[1]}`;
  // a fiscal year (the API names it by its months, `2022-10/2023-09`)
  m = /^(\d{4}-\d{2})\/(\d{4}-\d{2})$/.exec(p);
  if (m) return `${formatPeriod(lang, m[1]!)}–${formatPeriod(lang, m[2]!)}`;
  return p;
}

/** A month's name alone, 1–12: "octubre" / "October" (the fiscal year's first month). */
export function formatMonthName(lang: Lang, month: number): string {
  const d = new Date(Date.UTC(2000, month - 1, 15));
  return remembered(`ml|${lang}|${month}`, () => df(lang, { month: 'long', timeZone: 'UTC' }).format(d));
}

function monthName(lang: Lang, month: string): string {
  const d = new Date(`${month}-15T00:00:00Z`);
  return remembered(`mn|${lang}|${month}`, () => df(lang, { month: 'short', timeZone: 'UTC' }).format(d));
}

/**
 * A period and, when its figures do not cover it whole (the API's TIME_COVERAGE, months not
 * reported yet or cut by the range), the months they do: "2025 (ene–abr)", "T2 2025 (abr)",
 * "oct 2022–sep 2023 (oct 2022–mar 2023)". The months' year is written when it is not the
 * period's only year, so a partial period never reads as whole.
 */
export function formatPeriodCovered(lang: Lang, p: string, coverage?: string | null): string {
  const months = formatCoverage(lang, p, coverage);
  return months ? `${formatPeriod(lang, p)} (${months})` : formatPeriod(lang, p);
}

/** The months a partial period's figures cover ("ene–abr"), or '' when there is no coverage. */
export function formatCoverage(lang: Lang, p: string, coverage?: string | null): string {
  const m = coverage ? /^(\d{4})-(\d{2})\/(\d{4})-(\d{2})$/.exec(coverage) : null;
  if (!m) return '';
  const [, y1, , y2] = m;
  const from = `${y1}-${m[2]}`;
  const to = `${y2}-${m[4]}`;
  const oneYear = y1 === y2 && /^\d{4}(-Q[1-4])?$/.test(p) && p.startsWith(y1!);
  const name = (x: string) => (oneYear ? monthName(lang, x) : formatPeriod(lang, x));
  return from === to ? name(from) : `${name(from)}–${name(to)}`;
}

export function formatDate(lang: Lang, iso: string): string {
  return remembered(`d|${lang}|${iso}`, () => df(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso)));
}

/** The months from a to b inclusive (ISO `YYYY-MM`). */
export function monthsBetween(a: string, b: string): string[] {
  const out: string[] = [];
  let [y, m] = a.split('-').map(Number) as [number, number];
  const [ey, em] = b.split('-').map(Number) as [number, number];
  while (y < ey || (y === ey && m <= em)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    if (out.length > 1200) break;
  }
  return out;
}

/** Twelve months ending with `end` (inclusive). */
export function lastTwelveMonths(end: string): { start: string; end: string } {
  const [y, m] = end.split('-').map(Number) as [number, number];
  const s = new Date(Date.UTC(y, m - 12, 1));
  return { start: `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(2, '0')}`, end };
}

const sortKeys = new Map<string, string>();
function sortKey(s: string): string {
  let k = sortKeys.get(s);
  if (k === undefined) {
    k = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (sortKeys.size > 5000) sortKeys.clear();
    sortKeys.set(s, k);
  }
  return k;
}

/**
 * Names in alphabetical order, the same in the browser and on the server (ADR 0008): by
 * letters without accents or case (Á with A, ñ with n), then as written. Intl.Collator
 * orders names of places and nationalities the same way, but making one costs tens of
 * milliseconds on a phone's first page.
 */
export function compareText(a: string, b: string): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
