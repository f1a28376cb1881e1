/**
 * One CSV cell as every download writes it: quoted when it holds a separator, a quote or a
 * line break, and a leading = + - @ (not a number) made inert, since a spreadsheet would run
 * it as a formula.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
