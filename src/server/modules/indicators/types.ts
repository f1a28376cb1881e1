import * as Contract from '../../../shared/contracts/indicators.ts';

/**
 * The indicators module's contract (docs: /work/briefs/contract-ind.md, mirrored in the README):
 * names and shapes are fixed; fields may be added, never renamed.
 */
export type IndicatorType = 'count' | 'rate' | 'share' | 'ratio' | 'index' | 'policy_presence';
export type Direction = 'increase' | 'decrease' | 'none';
export type ValueOrigin = 'computed' | 'reported' | 'imported';
export type ValueStatus = 'provisional' | 'validated' | 'rejected';
export type PolicyAnswer = 'yes' | 'partial' | 'no';
export type ProgressStatus =
  | 'significant_progress'
  | 'moderate_progress'
  | 'moderate_away'
  | 'significant_away'
  | 'insufficient_data'
  | 'no_direction' // quantitative
  | 'policy_yes'
  | 'policy_partial'
  | 'policy_no'; // policy presence: the latest answer

export const INDICATOR_TYPES: IndicatorType[] = Contract.indicatorType.options;
export const DIRECTIONS: Direction[] = Contract.direction.options;
export const VALUE_ORIGINS: ValueOrigin[] = Contract.valueOrigin.options;
export const VALUE_STATUSES: ValueStatus[] = Contract.valueStatus.options;
export const POLICY_ANSWERS: PolicyAnswer[] = Contract.policyAnswer.options;
/** The region as a whole, in place of a country code. */
export const REGION = 'REG';

/** The catalogue's summary, detail and value point: the API's contract (src/shared/contracts/indicators.ts). */
export type IndicatorSummary = Contract.IndicatorSummary;
/** Everything the catalogue keeps about an indicator: its summary and its provenance. */
export type IndicatorDetail = Contract.IndicatorDetail;
/** A value: country ISO3 or 'REG'; period 'YYYY'; disaggregation {} for the total; a revision is superseded, never overwritten. */
export type IndicatorPoint = Contract.ValuePoint;

export interface IndicatorProgress {
  code: string;
  country: string;
  baseline: IndicatorPoint | null;
  latest: IndicatorPoint | null;
  status: ProgressStatus;
  /** compound annual growth rate between baseline and latest (0.012 = 1.2 % a year) */
  cagr: number | null;
  /** values from the baseline year on */
  points: number;
  /** policy presence: the answer before the latest one, and the change to it */
  previousAnswer?: PolicyAnswer | null;
  change?: 'better' | 'worse' | 'same' | null;
}
