import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';

/** Shapes of the objectives API (src/server/modules/objectives) as these pages read them. */
export type ProgressStatus =
  | 'significant_progress'
  | 'moderate_progress'
  | 'moderate_away'
  | 'significant_away'
  | 'insufficient_data'
  | 'no_direction'
  | 'policy_yes'
  | 'policy_partial'
  | 'policy_no';
export interface Point {
  period: string;
  value: number | null;
  answer: 'yes' | 'partial' | 'no' | null;
  origin: string;
  revisionId: number;
}
interface IndicatorBase {
  code: string;
  name: { es: string | null; en: string };
  nameEsDraft: boolean;
  sdg: string | null;
  type: string;
  unit: string;
  direction: string;
  official: boolean;
  custodian: string | null;
  objectives: number[];
}
export interface ObjectiveIndicator extends IndicatorBase {
  region: { status: ProgressStatus; latest: Point | null; baseline: Point | null } | null;
  countries: { country: string; status: ProgressStatus; latest: Point | null; baseline: Point | null; points: number }[];
  series: { period: string; value: number | null }[];
}
export interface CountryIndicator extends IndicatorBase {
  status: ProgressStatus;
  latest: Point | null;
  baseline: Point | null;
  points: number;
}
export interface IncidentsFigure {
  kind: 'incidents';
  indicator: 'SDG 10.7.3';
  title: string;
  series: { year: number; value: number; incidents: number }[];
  latestYear: number | null;
  byCountry: { country: string; value: number; incidents: number }[];
  link: string;
  source: string;
}
export interface FlowFigure {
  kind: 'flow';
  flow: string;
  title: string;
  countries: { country: string; year: string; value: number | null; suppressed: boolean; months: number }[];
  years: { year: string; value: number | null; countries: number }[];
  link: string;
  producers: { country: string; producer: string | null }[];
  releases: { id: string; country: string; releasedAt: string }[];
}
export type Figure = IncidentsFigure | FlowFigure;
export type ByStatus = Record<string, number>;

export interface ObjectivePageData {
  number: number;
  title: string;
  shortTitle: string;
  titles: Record<string, string>;
  previous: number | null;
  next: number | null;
  indicators: { available: boolean; items: ObjectiveIndicator[] };
  practices: {
    total: number;
    countries: { country: string; name: string; practices: number }[];
    newest: { id: string; slug: string; title: string; kind: string; countries: string[]; publishedAt: string | null }[];
    searchUrl: string;
  };
  commitments: {
    outcomes: { total: number; items: { id: string; key: string | null; kind: string; text: string; textLanguage: string | null; meeting: { key: string; title: string } }[] };
    roadmaps: { id: string; title: string; countries: string[]; actions: { total: number; byStatus: ByStatus } }[];
    actions: { total: number; byStatus: ByStatus };
    pledges: { total: number; byStatus: ByStatus; items: { id: string; title: string; status: string; kind: string; countries: string[] }[] };
  };
  figures: Figure[];
  countries: {
    active: { country: string; name: string; member: boolean; practices: number; roadmaps: number; pledges: number; figures: number; indicators: number }[];
    gap: { country: string; name: string }[];
  };
  source: string;
}
export interface ObjectiveListItem {
  number: number;
  title: string;
  shortTitle: string;
  practices: number;
  practiceCountries: number;
  outcomes: number;
  roadmaps: number;
  actions: number;
  pledges: number;
  indicators: number | null;
  figures: number;
}
export interface CountryGcm {
  country: { code: string; name: string; memberships: string[] };
  indicators: { available: boolean; items: CountryIndicator[] };
  practices: { total: number; items: { id: string; slug: string; title: string; kind: string; objectives: number[]; publishedAt: string | null }[]; searchUrl: string };
  commitments: {
    leads: number;
    participates: number;
    roadmaps: { id: string; title: string; objectives: number[]; lead: boolean }[];
    actions: { total: number; overdue: number; byStatus: ByStatus };
    pledges: { id: string; title: string; status: string; objectives: number[] }[];
    url: string;
  };
  coverage: { flows: { flow: string; name: string; first: string; last: string; periods: number }[] };
  objectives: { number: number; shortTitle: string; practices: number; roadmaps: number; pledges: number; indicators: number; figures: boolean }[];
  objectivesWithNothing: number[];
}

export function useObjective(n: number) {
  const lang = useLang();
  return useQuery({
    queryKey: ['objective', n, lang],
    queryFn: () => get<ObjectivePageData>(`/api/v1/objectives/${n}`),
    staleTime: 60_000,
    enabled: Number.isInteger(n) && n >= 1 && n <= 23,
  });
}

export function useObjectiveList() {
  const lang = useLang();
  return useQuery({
    queryKey: ['objective-list', lang],
    queryFn: () => get<{ items: ObjectiveListItem[] }>('/api/v1/objectives').then((r) => r.items),
    staleTime: 60_000,
  });
}

/** A country's GCM picture (the country profile's section). */
export function useCountryGcm(code: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['country-gcm', code, lang],
    queryFn: () => get<CountryGcm>(`/api/v1/countries/${encodeURIComponent(code)}/gcm`),
    staleTime: 60_000,
    enabled: /^[A-Z]{3}$/.test(code),
  });
}

/** The indicator's name in the reader's language; a Spanish name still in draft falls back to English. */
export function indicatorName(i: { name: { es: string | null; en: string }; nameEsDraft: boolean }, lang: string): { text: string; draft: boolean } {
  if (lang === 'es' && i.name.es) return { text: i.name.es, draft: i.nameEsDraft };
  return { text: i.name.en, draft: false };
}
