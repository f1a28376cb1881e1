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

export const INDICATOR_TYPES: IndicatorType[] = ['count', 'rate', 'share', 'ratio', 'index', 'policy_presence'];
export const DIRECTIONS: Direction[] = ['increase', 'decrease', 'none'];
export const VALUE_ORIGINS: ValueOrigin[] = ['computed', 'reported', 'imported'];
export const VALUE_STATUSES: ValueStatus[] = ['provisional', 'validated', 'rejected'];
export const POLICY_ANSWERS: PolicyAnswer[] = ['yes', 'partial', 'no'];
/** The region as a whole, in place of a country code. */
export const REGION = 'REG';

export interface IndicatorSummary {
  code: string;
  name: { es: string | null; en: string };
  /** the Spanish name is a draft translation, not an official wording */
  nameEsDraft: boolean;
  objectives: number[];
  sdg: string | null;
  type: IndicatorType;
  unit: string;
  direction: Direction;
  official: boolean;
  inA79590: string | null;
  custodian: string | null;
  computable: boolean;
  retired: boolean;
}

/** Everything the catalogue keeps about an indicator: its summary and its provenance. */
export interface IndicatorDetail extends IndicatorSummary {
  nameEsStatus: string | null;
  sdgSeries: string[];
  directionBasis: string | null;
  disaggregations: string[];
  definition: { en: string; es: string | null };
  typicalSource: string | null;
  arrival: ValueOrigin[];
  officialStatus: string | null;
  confidence: string | null;
  sources: string[];
  mappingBasis: string | null;
  notes: string | null;
  migFlows: { computable: 'yes' | 'partial' | 'no'; how: string | null; gaps: string | null };
  /** the computation as data (computed.ts), when values are computed from released data */
  computation: unknown;
  version: number;
  updatedAt: string;
}

export interface IndicatorPoint {
  /** ISO3, or 'REG' for the region as a whole */
  country: string;
  /** 'YYYY' */
  period: string;
  /** {} for the total */
  disaggregation: Record<string, string>;
  value: number | null;
  answer: PolicyAnswer | null;
  origin: ValueOrigin;
  status: ValueStatus;
  /** a revision is superseded, never overwritten */
  revisionId: number;
  /** ISO timestamp */
  recordedAt: string;
  source: { releases?: string[]; file?: string; note?: string; evidenceUrl?: string };
  narrative?: string | null;
}

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
