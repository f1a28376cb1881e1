// One cell's text: read as people write it (counts, months), written as COPY text for staging.

/** A count as people write it: 1234, 1.234, 1,234, 1 234, 1234,00 — or null with the reason. */
export function parseCount(raw: string): { value: number } | { error: 'valueEmpty' | 'valueNotNumber' | 'valueNegative' | 'valueNotInteger' } {
  const s = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return { error: 'valueEmpty' };
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  let n: number;
  if (/^\d{1,3}([.,]\d{3})+$/.test(body) && new Set(body.replace(/\d/g, '')).size === 1) n = Number(body.replace(/[.,]/g, ''));
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(body)) n = Number(body.replace(/,/g, ''));
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(body)) n = Number(body.replace(/\./g, '').replace(',', '.'));
  else if (/^\d+([.,]\d+)?$/.test(body)) n = Number(body.replace(',', '.'));
  else return { error: 'valueNotNumber' };
  if (neg && n !== 0) return { error: 'valueNegative' };
  if (!Number.isInteger(n) || !Number.isSafeInteger(n)) return { error: 'valueNotInteger' };
  return { value: n };
}

/** A month as ISO 8601 (2024-08), from 2024-08, 2024-08-01 or 2024/08; else why not. */
export function parseMonth(raw: string): { period: string } | { error: 'periodMalformed' | 'periodNotMonthly' } {
  const s = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})(?:[-/]01)?(?:T00:00:00(?:\.000)?Z?)?$/.exec(s);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { error: 'periodMalformed' };
    return { period: `${m[1]}-${String(month).padStart(2, '0')}` };
  }
  if (/^\d{4}(-Q[1-4]|-S[12]|-W\d{2})?$/.test(s)) return { error: 'periodNotMonthly' };
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return { error: 'periodNotMonthly' };
  return { error: 'periodMalformed' };
}

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}
