import type { Me } from '../../api/client.ts';
import { ACTION_STATUSES, isHttpUrl, OUTCOME_KINDS, PLEDGE_KINDS, type ActionStatus, type OutcomeKind } from '../../../shared/commitments-vocabulary.ts';

/**
 * Pure rules of the commitments pages (no React): who may report on what, how outcomes
 * and import errors are grouped, calendar dates, form checks. Mirrors of server rules are
 * only for showing the right buttons; the server decides.
 */
export { ACTION_STATUSES, isHttpUrl, OUTCOME_KINDS, PLEDGE_KINDS, type ActionStatus, type OutcomeKind };

export const isSecretariat = (user: Pick<Me, 'role'> | null | undefined): boolean => user?.role === 'admin' || user?.role === 'secretariat';

/** A focal point answers for its country's actions, a contributor for its organisation's. */
export function canReportOn(
  user: Pick<Me, 'role' | 'countryCode' | 'organisation'> | null | undefined,
  owner: { responsibleCountry: string | null; responsibleOrganisation: string | null },
): boolean {
  if (!user) return false;
  if (isSecretariat(user)) return true;
  if (user.role === 'focal_point') return !!owner.responsibleCountry && owner.responsibleCountry === user.countryCode;
  if (user.role === 'contributor') return !!owner.responsibleOrganisation && owner.responsibleOrganisation === user.organisation?.code;
  return false;
}

/** Pledges: the secretariat, or a focal point / contributor of one of the pledgers. */
export function canReportOnPledge(user: Pick<Me, 'role' | 'countryCode' | 'organisation'> | null | undefined, p: { countries: string[]; organisations: string[] }): boolean {
  if (!user) return false;
  if (isSecretariat(user)) return true;
  if (user.role === 'focal_point') return !!user.countryCode && p.countries.includes(user.countryCode);
  if (user.role === 'contributor') return !!user.organisation && p.organisations.includes(user.organisation.code);
  return false;
}

/** Outcomes by kind, in the order the documents present them (empty kinds left out). */
export function groupByKind<T extends { kind: string }>(items: T[]): { kind: OutcomeKind; items: T[] }[] {
  return OUTCOME_KINDS.map((kind) => ({ kind, items: items.filter((o) => o.kind === kind) })).filter((g) => g.items.length > 0);
}

/** Import errors grouped by spreadsheet row, rows in ascending order. */
export function errorsByRow<T extends { row: number }>(errors: T[]): { row: number; errors: T[] }[] {
  const map = new Map<number, T[]>();
  for (const e of errors) map.set(e.row, [...(map.get(e.row) ?? []), e]);
  return [...map.entries()].sort((a, b) => a[0] - b[0]).map(([row, errs]) => ({ row, errors: errs }));
}

/**
 * A calendar date (YYYY-MM-DD) in the reader's language. Formatted in UTC: the date is a
 * day, not an instant, and must not move to the day before west of Greenwich.
 */
export function formatDay(iso: string | null | undefined, lang: string): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return '';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export const todayIso = (now = new Date()): string => now.toISOString().slice(0, 10);

/** The spreadsheet format from a file name, or null for anything else. */
export function importFormat(fileName: string): 'csv' | 'xlsx' | null {
  const m = /\.([a-z0-9]+)$/i.exec(fileName);
  const ext = m?.[1]?.toLowerCase();
  return ext === 'csv' ? 'csv' : ext === 'xlsx' ? 'xlsx' : null;
}

/** Base64 of a file's bytes, in chunks (a spread of millions of bytes overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export const MAX_IMPORT_MB = 5;
export const MAX_EVIDENCE_MB = 20;
const EVIDENCE_EXTENSIONS = ['pdf', 'docx', 'xlsx', 'png', 'jpg', 'jpeg', 'gif', 'webp'];

/**
 * What is wrong with an evidence file before it is sent: its name does not look like a
 * PDF, DOCX, XLSX or image, or it is over 20 MB. The server reads the real type from the
 * content; this only spares a useless upload.
 */
export function evidenceFileProblem(name: string, size: number): 'type' | 'size' | 'empty' | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (!ext || !EVIDENCE_EXTENSIONS.includes(ext)) return 'type';
  if (size === 0) return 'empty';
  if (size > MAX_EVIDENCE_MB * 1024 * 1024) return 'size';
  return null;
}

export const DOCUMENT_KINDS = ['communique', 'report', 'agenda', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
const DOCUMENT_EXTENSIONS = [...EVIDENCE_EXTENSIONS, 'txt'];

/** Like `evidenceFileProblem`, for a meeting's documents, which may also be plain text. */
export function documentFileProblem(name: string, size: number): 'type' | 'size' | 'empty' | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (!ext || !DOCUMENT_EXTENSIONS.includes(ext)) return 'type';
  if (size === 0) return 'empty';
  if (size > MAX_EVIDENCE_MB * 1024 * 1024) return 'size';
  return null;
}

/** A file size in whole kilobytes (at least 1), for "12 KB". */
export const kilobytes = (bytes: number): number => Math.max(1, Math.round(bytes / 1024));

/** Message keys (under `commitments.form`) for what the browser can check before sending. */
export function periodProblem(start: string, end: string): string | null {
  return start && end && end < start ? 'periodOrder' : null;
}


/** A link the page may render as <a href>: http(s) only, whatever was stored. */
export const safeLink = (u: string | null | undefined): string | null => (u && isHttpUrl(u) ? u : null);

/** `{es, en}` from two inputs, without empty languages. */
/**
 * The texts of an edited field: Spanish and English from the form (a blank one removed),
 * the other languages the form does not show (pt, fr) kept as they were.
 */
export function mergeLocalized(previous: Record<string, string> | null | undefined, es: string, en: string): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(previous ?? {}).filter(([lang, v]) => lang !== 'es' && lang !== 'en' && v.trim()));
  return { ...kept, ...localized(es, en) };
}

export function localized(es: string, en: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (es.trim()) out.es = es.trim();
  if (en.trim()) out.en = en.trim();
  return out;
}
