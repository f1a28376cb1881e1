import type { Observation } from './api.ts';

/** The regional minimum disaggregation agreed by the forums (mig-flows.md): sex, age, nationality, disability, ethnic origin. */
export const MINIMUM = ['SEX', 'AGE', 'CITIZENSHIP', 'DISABILITY', 'ETHNICITY'] as const;
export type MinimumDim = (typeof MINIMUM)[number];
export type MinimumStatus = 'reported' | 'unknownOnly' | 'notReported';

/**
 * Whether a country's figures of one flow, asked by the dimension (groupBy=dim), carry that
 * breakdown: some known code (not the total, not unknown) is "reported"; only `_U`
 * means the country sends the column without content; only the total, or nothing, is "not reported".
 */
export function minimumStatus(obs: Observation[], dim: MinimumDim): MinimumStatus {
  const codes = new Set(obs.map((o) => String(o[dim])));
  codes.delete('_T');
  if ([...codes].some((c) => c !== '_U')) return 'reported';
  return codes.has('_U') ? 'unknownOnly' : 'notReported';
}
