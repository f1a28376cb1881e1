import type { Locale } from '../../platform/i18n/index.ts';

/**
 * Numbers and months as the profile page writes them (src/web/features/explore/format.ts):
 * Spanish groups thousands with a point and always groups (1.234), English with a comma.
 */
const numbers = new Map<Locale, Intl.NumberFormat>();
export function formatNumber(l: Locale, n: number): string {
  let f = numbers.get(l);
  if (!f) numbers.set(l, (f = new Intl.NumberFormat(l, { useGrouping: 'always', maximumFractionDigits: 1 })));
  return f.format(n);
}

/** "2024-08" → "agosto de 2024" / "August 2024"; other period codes (years, quarters) as they are. */
export function formatPeriod(l: Locale, p: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  if (!m) return p;
  return new Intl.DateTimeFormat(l, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** "2024-08" → "ago 2024" / "Aug 2024": a table's column head. */
export function shortPeriod(l: Locale, p: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  if (!m) return p;
  return new Intl.DateTimeFormat(l, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** The twelve months ending with `end` ("2024-08" → 2023-09 … 2024-08); null for other periods. */
export function lastTwelveMonths(end: string): string[] | null {
  const m = /^(\d{4})-(\d{2})$/.exec(end);
  if (!m) return null;
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}
