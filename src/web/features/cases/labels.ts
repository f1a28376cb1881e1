import type { Reason } from './api.ts';

/** Why a candidate scores, in the reader's language: each reason is a code with its value. */
export function reasonText(t: (k: string, o?: Record<string, unknown>) => string, label: (c: string) => string, r: Reason): string {
  const v = Array.isArray(r.value) ? r.value.map(label).join(', ') : r.code === 'sex' ? t(`cases.sex.${String(r.value)}`) : r.value;
  return t(`cases.reasons.${r.code}`, { value: v });
}
