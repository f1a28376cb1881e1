import type { Locale } from '../../platform/i18n/index.ts';

/**
 * A country profile as plain data: what the profile page shows first (the latest released
 * month of each flow, the monthly trend, the top nationalities, the regional minimum
 * disaggregation), read from the data API's public answer and drawn by pdf.ts. Every figure
 * comes from a released figure, with its confidential cells kept confidential.
 */
export type Cell = { value: number | null; suppressed: boolean } | null;

export interface FlowPart {
  code: string;
  name: string;
  latest: Cell;
  /** One cell per period of `ProfileModel.months`. */
  months: Cell[];
  /** The ten largest nationalities over the twelve months, largest first. */
  nationalities: { code: string; name: string; cell: Cell }[];
  /** The regional minimum disaggregation: reported, only "unknown", or not reported. */
  minimum: { dimension: string; status: 'reported' | 'unknownOnly' | 'notReported' }[];
}

export interface ProfileModel {
  language: Locale;
  code: string;
  countryName: string;
  /** null when the country has released nothing yet: the document says so. */
  latest: string | null;
  window: { start: string; end: string } | null;
  months: string[];
  flows: FlowPart[];
  releases: { id: string; releasedAt: string }[];
  /** The latest release's date: the document's own date (same data, same bytes). */
  asOf: Date;
  unit: string;
  suppressionThreshold: number;
}
