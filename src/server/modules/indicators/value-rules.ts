/**
 * The checks every value that arrives from people or files passes, whatever the way it came
 * (the form, the XLSX template, a custodian's SDG file): one set of rules, so the three can
 * never disagree about what a share or a year may be. Pure: no database, no request.
 * Messages are keys under `indicatorsInput.check` (es/en in this module's messages.{es,en}.json).
 */
import type { KeysUnder, MessageKey } from '../../platform/i18n/index.ts';

/** The indicator types of the catalogue (the contract's IndicatorType, repeated so this file stays pure). */
export type InputIndicatorType = 'count' | 'rate' | 'share' | 'ratio' | 'index' | 'policy_presence';
export type Answer = 'yes' | 'partial' | 'no';

/** What the checks need to know about an indicator. */
export interface InputSpec {
  code: string;
  type: InputIndicatorType;
  unit: string;
}

export interface CheckIssue {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issue: CheckIssue };

const fail = <T>(key: KeysUnder<'indicatorsInput.check.'>, params?: Record<string, string | number>): Checked<T> => ({ ok: false, issue: { key: `indicatorsInput.check.${key}`, ...(params ? { params } : {}) } });

/** Folds case and accents: "Sí", "SI" and "si" are one word. */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

/** The answers of a policy-presence indicator, in Spanish, English or as codes. */
const ANSWER_WORDS = new Map<string, Answer>([
  ['yes', 'yes'],
  ['si', 'yes'],
  ['partial', 'partial'],
  ['partially', 'partial'],
  ['parcial', 'partial'],
  ['parcialmente', 'partial'],
  ['no', 'no'],
]);

export function parseAnswer(text: string): Answer | null {
  return ANSWER_WORDS.get(fold(text)) ?? null;
}

/**
 * A number as people write it in either language: `12.5`, `12,5`, `1 234,5`, `1,234.5`.
 * A lone comma is a decimal comma (Spanish), a comma before three digits and a dot a thousands
 * separator. Anything else (words, units, two numbers) is not a number.
 */
export function parseNumber(text: string): number | null {
  let s = text.trim().replace(/[\u00a0\u202f ]/g, '');
  if (!s) return null;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Periods are years ('YYYY'): not before 1990 (the oldest series the catalogue names), never after the current year. */
export const FIRST_YEAR = 1990;

export function checkYear(text: string, now: Date = new Date()): Checked<string> {
  const s = text.trim().replace(/\.0$/, '');
  if (!/^\d{4}$/.test(s)) return fail('yearInvalid', { value: text });
  const y = Number(s);
  const current = now.getUTCFullYear();
  if (y > current) return fail('yearFuture', { year: y, current });
  if (y < FIRST_YEAR) return fail('yearTooOld', { year: y, first: FIRST_YEAR });
  return { ok: true, value: s };
}

export interface CheckedValue {
  value: number | null;
  answer: Answer | null;
}

/**
 * A value for an indicator, from the text a person or a file gave. Policy presence takes
 * yes/partial/no; every other type a number: a share lies in 0–100 %, counts and rates are
 * never negative.
 */
export function checkValue(spec: InputSpec, text: string): Checked<CheckedValue> {
  const raw = text.trim();
  if (spec.type === 'policy_presence') {
    const a = parseAnswer(raw);
    if (!a) return fail('answerInvalid', { value: raw });
    return { ok: true, value: { value: null, answer: a } };
  }
  return checkNumber(spec, parseNumber(raw), raw);
}

export function checkNumber(spec: InputSpec, n: number | null, raw: string): Checked<CheckedValue> {
  if (n === null) return fail('notNumber', { value: raw, type: spec.type });
  if (spec.type === 'share' && (n < 0 || n > 100)) return fail('shareRange', { value: raw });
  if ((spec.type === 'count' || spec.type === 'rate') && n < 0) return fail('negative', { value: raw });
  return { ok: true, value: { value: n, answer: null } };
}

/** An evidence link: http(s) only, at most 2,000 characters. */
export function checkLink(text: string): Checked<string | null> {
  const s = text.trim();
  if (!s) return { ok: true, value: null };
  if (s.length > 2000) return fail('linkTooLong');
  try {
    const u = new URL(s);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return fail('linkScheme', { value: s });
  } catch {
    return fail('linkScheme', { value: s });
  }
  return { ok: true, value: s };
}

export const MAX_NARRATIVE = 2000;

export function checkNarrative(text: string): Checked<string | null> {
  const s = text.trim();
  if (s.length > MAX_NARRATIVE) return fail('narrativeTooLong', { max: MAX_NARRATIVE });
  return { ok: true, value: s || null };
}

/** The key that makes two values "the same value" (a duplicated row in a file). */
export function valueKey(code: string, country: string, period: string, disaggregation: Record<string, string> = {}): string {
  const d = Object.keys(disaggregation)
    .sort()
    .map((k) => `${k}=${disaggregation[k]}`)
    .join('&');
  return `${code}|${country}|${period}|${d}`;
}

/** Same value? Numbers compared to 9 significant digits (a spreadsheet round trip may add noise). */
export function sameValue(a: CheckedValue, b: { value: number | null; answer: Answer | null }): boolean {
  if (a.answer !== b.answer) return false;
  if (a.value === null || b.value === null) return a.value === b.value;
  return Number(a.value.toPrecision(9)) === Number(b.value.toPrecision(9));
}
