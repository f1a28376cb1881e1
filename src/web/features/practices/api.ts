import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { get, type Locale, type Objective } from '../../api/client.ts';
import { useLang, useOrganisationLabel } from '../../app/hooks.ts';
import type { Principle } from '../../../shared/contracts/reference.ts';

/** Shapes of the practices API: src/shared/contracts/practices.ts. */
export type Localized = Partial<Record<'es' | 'en' | 'pt' | 'fr', string>>;
export type {
  Attachment,
  Coverage,
  EditableRecord,
  FacetValue,
  HistoryEntry,
  ObjectiveSuggestions,
  PracticeCreated,
  PracticeMoved,
  PracticeSaved,
  PracticeDetail,
  PracticeListItem,
  PracticeRecord,
  SearchResult,
  Validation,
  WorkspaceItem,
  Workflow,
} from '../../../shared/contracts/practices.ts';
export type { Principle } from '../../../shared/contracts/reference.ts';

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
