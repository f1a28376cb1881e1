import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { get, type Locale, type Objective } from '../../api/client.ts';
import { useLang, useOrganisationLabel } from '../../app/hooks.ts';

/** Shapes of the practices API (src/server/modules/practices) as the web app reads them. */
export type Localized = Partial<Record<'es' | 'en' | 'pt' | 'fr', string>>;
export type Validation = 'state' | 'stakeholder';
export type Workflow = 'draft' | 'submitted' | 'changes_requested' | 'published' | 'rejected';

export interface PracticeListItem {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  kind: string;
  status: string | null;
  validation: Validation;
  countries: string[];
  organisations: string[];
  objectives: number[];
  publishedAt: string | null;
  /** Texts shown here that are the platform's translation, not the source's (marked on the page). */
  platformTranslated?: ('title' | 'summary')[];
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  correctedQuery?: string;
  /** The query as typed. */
  query?: string;
  /** No practice holds every word: the results hold some of them. */
  partialMatch?: boolean;
  items: PracticeListItem[];
  facets: Record<string, FacetValue[]>;
}

export interface Attachment {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
}

export interface PracticeDetail extends PracticeListItem {
  titles: Localized;
  summaries: Localized;
  description: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  source: string | null;
  leadInstitution: string | null;
  partners: string | null;
  targetGroups: string[];
  links: { url: string; label: string | null }[];
  benefit: string | null;
  impact: string | null;
  evaluated: boolean | null;
  evaluationUrl: string | null;
  contact: string | null;
  version: number;
  attachments: Attachment[];
  similar: { id: string; slug: string; title: string; countries: string[]; sharedObjectives: number[]; sharedTargetGroups: string[] }[];
  partnerCountries: { country: string; objectives: number[]; practices: number }[];
}

export interface Coverage {
  cells: { country: string; objective: number; count: number }[];
  objectives: { objective: number; practices: number }[];
  emptyObjectives: number[];
}

export interface HistoryEntry {
  version: number;
  workflow: Workflow;
  by: string | null;
  at: string;
  note: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
}

/** The record as written (the same shape as PracticeInput in src/shared/practice-schema.ts). */
export interface PracticeRecord {
  title: Localized;
  summary: Localized;
  description: string | null;
  originalLanguage: string;
  kind: string;
  countries: string[];
  organisations: string[];
  objectives: number[];
  primaryObjective: number | null;
  principles: string[];
  targetGroups: string[];
  status: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  leadInstitution: string | null;
  partners: string | null;
  links: { url: string; label: string | null }[];
  benefit: Localized;
  impact: Localized;
  evaluated: boolean | null;
  evaluationUrl: string | null;
  contact: string | null;
  source: string | null;
}

export interface EditableRecord {
  id: string;
  slug: string;
  workflow: Workflow;
  validation: Validation;
  version: number;
  reviewComment: string | null;
  practice: PracticeRecord;
  attachments: Attachment[];
}

export interface WorkspaceItem {
  id: string;
  slug: string;
  title: Localized;
  workflow: Workflow;
  validation: Validation;
  version: number;
  reviewComment: string | null;
  updatedAt: string;
}

export interface Principle {
  code: string;
  position: number;
  title: string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The text of a translated value in the reader's language, else any language it has. */
export function pickText(v: Localized | null | undefined, lang: Locale): string {
  if (!v) return '';
  return v[lang] ?? v.es ?? v.en ?? Object.values(v).find(Boolean) ?? '';
}

export function useObjectives() {
  const lang = useLang();
  return useQuery({
    queryKey: ['objectives', lang],
    queryFn: () => get<{ items: Objective[] }>('/api/v1/reference/gcm/objectives').then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function usePrinciples() {
  const lang = useLang();
  return useQuery({
    queryKey: ['principles', lang],
    queryFn: () => get<{ items: Principle[] }>('/api/v1/reference/gcm/principles').then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

/** Objective number → short title. */
export function useObjectiveTitle(): (n: number, long?: boolean) => string {
  const { data } = useObjectives();
  return useMemo(() => {
    const map = new Map((data ?? []).map((o) => [o.number, o]));
    return (n, long) => {
      const o = map.get(n);
      return o ? (long ? o.title : o.shortTitle) : '';
    };
  }, [data]);
}

/** Organisation code → name in the reader's language. */
export function useOrganisationName(): (code: string) => string {
  return useOrganisationLabel();
}

export function usePrincipleTitle(): (code: string) => string {
  const { data } = usePrinciples();
  return useMemo(() => {
    const map = new Map((data ?? []).map((p) => [p.code, p.title]));
    return (code) => map.get(code) ?? code;
  }, [data]);
}
