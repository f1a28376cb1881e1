import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import { valueKey, sameValue, type Answer, type InputSpec } from './value-rules.ts';
import type { Candidate, RowIssue } from './sdg-layout.ts';

/**
 * What the inputs (form, template, SDG file) read from the module's tables: the catalogue's
 * entries as the checks need them, and the current revision of the cells a file touches,
 * for the diff a person sees before anything is written.
 */
export interface InputIndicator extends InputSpec {
  name: { es: string | null; en: string };
  sdgSeries: string[];
  arrival: string[];
}

export async function inputIndicators(db: Executor, arrival?: 'reported' | 'imported'): Promise<Map<string, InputIndicator>> {
  let q = db.selectFrom('ind_indicator').select(['code', 'name', 'type', 'unit', 'sdg_series', 'arrival']).where('retired', '=', false);
  if (arrival) q = q.where(sql<boolean>`${arrival} = any(arrival)`);
  const rows = await q.orderBy('code').execute();
  return new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, type: r.type, unit: r.unit, sdgSeries: r.sdg_series, arrival: r.arrival }]));
}

export const nameIn = (i: { name: { es: string | null; en: string } }, locale: Locale) => (locale === 'es' ? i.name.es ?? i.name.en : i.name.en);

export interface CurrentValue {
  revisionId: number;
  value: number | null;
  answer: Answer | null;
  status: 'provisional' | 'validated' | 'rejected';
  origin: 'computed' | 'reported' | 'imported';
  recordedAt: Date;
}

/** The current revisions of the given indicators in the given countries, by cell key. */
export async function currentValues(db: Executor, codes: string[], countries: string[], periods?: string[]): Promise<Map<string, CurrentValue>> {
  const out = new Map<string, CurrentValue>();
  if (!codes.length || !countries.length) return out;
  let q = db
    .selectFrom('ind_value')
    .select(['id', 'code', 'country', 'period', 'disaggregation', 'value', 'answer', 'status', 'origin', 'recorded_at'])
    .where('superseded_at', 'is', null)
    .where('code', 'in', codes)
    .where('country', 'in', countries);
  if (periods?.length) q = q.where('period', 'in', periods);
  for (const r of await q.execute()) {
    out.set(valueKey(r.code, r.country, r.period, r.disaggregation), {
      revisionId: Number(r.id),
      value: r.value === null ? null : Number(r.value),
      answer: r.answer,
      status: r.status,
      origin: r.origin,
      recordedAt: r.recorded_at,
    });
  }
  return out;
}

export type DiffKind = 'new' | 'changed' | 'unchanged';
export interface DiffEntry<C extends Candidate = Candidate> {
  kind: DiffKind;
  candidate: C;
  before: CurrentValue | null;
}

/**
 * New, changed or unchanged against the current revision. A value equal to a rejected one is
 * "changed": sending it again is a new report for the secretariat to decide on.
 */
export function diffCandidates<C extends Candidate>(candidates: C[], current: Map<string, CurrentValue>): DiffEntry<C>[] {
  return candidates.map((c) => {
    const before = current.get(valueKey(c.code, c.country, c.period, c.disaggregation)) ?? null;
    const kind: DiffKind = !before ? 'new' : before.status !== 'rejected' && sameValue(c, before) ? 'unchanged' : 'changed';
    return { kind, candidate: c, before };
  });
}

/** Binds a file to the state of the cells it touches: apply refuses (409) when either changed since the preview. */
export function checksumOf(kind: string, buf: Buffer, diff: DiffEntry[]): string {
  const state = diff
    .map((d) => `${valueKey(d.candidate.code, d.candidate.country, d.candidate.period, d.candidate.disaggregation)}=${d.before?.revisionId ?? ''}:${d.before?.status ?? ''}`)
    .sort()
    .join('\n');
  return crypto.createHash('sha256').update(kind).update('\0').update(buf).update('\0').update(state).digest('hex');
}

export interface PreviewEntry {
  row: number;
  kind: DiffKind;
  code: string;
  name: string;
  country: string;
  period: string;
  disaggregation: Record<string, string>;
  before: { value: number | null; answer: Answer | null; status: string; origin: string } | null;
  after: { value: number | null; answer: Answer | null };
}
export interface PreviewError {
  row: number;
  column: string;
  value: string;
  message: string;
}

/** At most this many entries travel in a preview; the counts are always complete. */
export const MAX_PREVIEW_ENTRIES = 2000;

export function previewEntries(diff: DiffEntry[], indicators: Map<string, InputIndicator>, locale: Locale): PreviewEntry[] {
  // changes first: they are what a person checks before applying
  const order: Record<DiffKind, number> = { changed: 0, new: 1, unchanged: 2 };
  return [...diff]
    .sort((a, b) => order[a.kind] - order[b.kind] || a.candidate.line - b.candidate.line)
    .slice(0, MAX_PREVIEW_ENTRIES)
    .map((d) => {
      const c = d.candidate;
      const ind = indicators.get(c.code);
      return {
        row: c.line,
        kind: d.kind,
        code: c.code,
        name: ind ? nameIn(ind, locale) : c.code,
        country: c.country,
        period: c.period,
        disaggregation: c.disaggregation,
        before: d.before ? { value: d.before.value, answer: d.before.answer, status: d.before.status, origin: d.before.origin } : null,
        after: { value: c.value, answer: c.answer },
      };
    });
}

export function previewErrors(errors: RowIssue[], locale: Locale, columnLabel: (c: string) => string = (c) => c): PreviewError[] {
  return errors.map((e) => ({ row: e.line, column: columnLabel(e.column), value: e.value, message: t(locale, e.issue.key, e.issue.params ?? {}) }));
}

export function counts(diff: DiffEntry[]) {
  return {
    new: diff.filter((d) => d.kind === 'new').length,
    changed: diff.filter((d) => d.kind === 'changed').length,
    unchanged: diff.filter((d) => d.kind === 'unchanged').length,
  };
}
