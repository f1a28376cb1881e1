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

/** The age groups of a sex × age pyramid: the fine groups, or children / adults for countries that only separate those (mig-flows.md). */
export const FINE_AGES = ['Y_LT5', 'Y5T11', 'Y12T17', 'Y18T29', 'Y30T59', 'Y_GE60'];
export const BROAD_AGES = ['Y_LT18', 'Y_GE18'];

/**
 * What the pyramid of one flow can show, from the `groupBy=SEX,AGE` answer and the same
 * per-dimension statuses the minimum table shows (so the two never disagree):
 * - drawn: some cell crosses a sex with an age group (the fine groups, else children/adults);
 * - suppressed: such cells exist but every one is confidential;
 * - separate: sex and age are both reported, but never crossed (a country that sends one
 *   table by sex and another by age — the answer holds `F/_T`, `_T/Y18T29`, …): they are
 *   reported, there is just no pyramid;
 * - sexOnly / ageOnly: only one of them is reported; notReported: neither.
 */
export type PyramidStatus = 'drawn' | 'suppressed' | 'separate' | 'sexOnly' | 'ageOnly' | 'notReported';

export function pyramidAges(pyr: Observation[]): string[] {
  const crossed = (ages: string[]) => pyr.some((o) => (o.SEX === 'M' || o.SEX === 'F') && ages.includes(String(o.AGE)));
  return crossed(FINE_AGES) ? FINE_AGES : crossed(BROAD_AGES) ? BROAD_AGES : [];
}

export function pyramidStatus(pyr: Observation[], sex: MinimumStatus, age: MinimumStatus): PyramidStatus {
  const ages = pyramidAges(pyr);
  const cells = pyr.filter((o) => (o.SEX === 'M' || o.SEX === 'F') && ages.includes(String(o.AGE)));
  if (cells.some((o) => o.OBS_VALUE !== null)) return 'drawn';
  if (cells.length) return 'suppressed';
  if (sex === 'reported' && age === 'reported') return 'separate';
  if (sex === 'reported') return 'sexOnly';
  if (age === 'reported') return 'ageOnly';
  return 'notReported';
}
