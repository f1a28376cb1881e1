import type { Locale } from '../../platform/i18n/index.ts';

/**
 * The regional review report as plain data. It is built once from the other modules' answers
 * (build.ts) and drawn twice, as HTML (html.ts) and as PDF (pdf.ts): both renderers read only
 * this, so the two documents always say the same thing. Every word that depends on the data is
 * already in the report's language here; the renderers add only fixed headings (t()).
 * Stored as JSON with the saved report: a change here needs a new MODEL_VERSION and a renderer
 * that still draws the older shape.
 */
export const MODEL_VERSION = 1;

export type CountryScope = 'all' | 'CRM' | 'CSM' | 'some';

export interface ReportParams {
  title: string;
  language: Locale;
  objectives: number[];
  countryScope: CountryScope;
  /** only for countryScope 'some' */
  countries?: string[];
  from: number;
  to: number;
}

/** A progress status, as the indicators module names it (ADR 0012), or none when the period holds no value. */
export type RowStatus =
  | 'significant_progress'
  | 'moderate_progress'
  | 'moderate_away'
  | 'significant_away'
  | 'insufficient_data'
  | 'no_direction'
  | 'policy_yes'
  | 'policy_partial'
  | 'policy_no'
  | 'no_data';

export interface Figure {
  /** the number or answer as printed (formatted in the report's language) */
  text: string;
  period: string;
  /** number of the citation in the annex */
  cite: number;
}

export interface IndicatorRow {
  country: string;
  countryName: string;
  baseline: Figure | null;
  latest: Figure | null;
  status: RowStatus;
  statusLabel: string;
  /** the annual rate the status rests on, printed ('+1,2 %'), when quantitative */
  cagr: string | null;
}

export interface IndicatorBlock {
  code: string;
  name: string;
  /** the name is a draft translation (the catalogue says so) */
  nameDraft: boolean;
  unit: string;
  directionLabel: string;
  provenance: string;
  rows: IndicatorRow[];
}

export interface ChartBar {
  label: string;
  segments: { status: RowStatus; count: number }[];
}

/** The per-objective chart: for each indicator, how many countries fall in each status. */
export interface StatusChart {
  title: string;
  bars: ChartBar[];
  /** the statuses present, in legend order, with their words */
  legend: { status: RowStatus; label: string }[];
}

export interface PracticeItem {
  title: string;
  countries: string;
  kind: string;
  published: string | null;
}

export interface CommitmentsPart {
  roadmaps: { title: string; actions: number; byStatus: { status: string; label: string; count: number }[] }[];
  actionsByStatus: { status: string; label: string; count: number }[];
  pledges: { title: string; countries: string; status: string; statusLabel: string }[];
}

export interface ObjectiveSection {
  key: string; // 'objective-N'
  number: number;
  title: string;
  indicators: IndicatorBlock[];
  chart: StatusChart;
  practices: { total: number; countries: string; highlighted: PracticeItem[] };
  commitments: CommitmentsPart;
  gaps: string[];
}

export interface Citation {
  n: number;
  /** what the figure is: indicator code · country · period */
  what: string;
  /** the value's revision: its number and the day it was recorded */
  revision: string;
  /** computed, reported or imported, in words */
  origin: string;
  /** releases, file, note or evidence link; '—' when none is stated */
  source: string;
}

export interface ReportModel {
  version: number;
  language: Locale;
  title: string;
  subtitle: string;
  /** ISO timestamp: the data as they stood then */
  asOf: string;
  asOfText: string;
  scopeText: string;
  periodText: string;
  countries: { code: string; name: string }[];
  summary: { label: string; value: string }[];
  sections: ObjectiveSection[];
  annex: { sources: string[]; method: string[]; suppression: string };
  /** the sentence above the citations: what they cite, as of when, and what the origins mean */
  citationsIntro: string;
  citations: Citation[];
}

/** The secretariat's text for a section, as the document shows it. */
export interface SectionText {
  section: string;
  body: string;
  status: 'draft' | 'final';
  version: number;
}

/** The fixed order of the document's parts, for the contents of both renderers. */
export function contents(model: ReportModel): { key: string; title: string }[] {
  return [
    { key: 'summary', title: '' },
    ...model.sections.map((s) => ({ key: s.key, title: `${s.number}. ${s.title}` })),
    { key: 'annex', title: '' },
    { key: 'citations', title: '' },
  ];
}
