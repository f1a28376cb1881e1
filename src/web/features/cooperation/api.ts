import { useQuery } from '@tanstack/react-query';
import { get, qs, type Objective } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';

/** Shapes of the cooperation hub's API (src/server/modules/cooperation) as the web app reads them. */
export const SUPPORT_KINDS = ['technical_assistance', 'training', 'exchange', 'data_tools', 'funding'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];
export const COOPERATION_STATUSES = ['proposed', 'agreed', 'in_progress', 'completed', 'dropped'] as const;
export type CooperationStatus = (typeof COOPERATION_STATUSES)[number];
export interface Party {
  kind: 'country' | 'organisation';
  code: string;
  name: string;
}
interface Entry {
  id: string;
  title: string;
  description: string | null;
  objectives: number[];
  targetGroups: string[];
  kinds: SupportKind[];
  contact: string | null;
  visibility: 'members' | 'public';
  status: 'draft' | 'published' | 'closed';
  createdAt: string;
  publishedAt: string | null;
  canEdit: boolean;
}
export interface HubRequest extends Entry {
  country: Party;
  timeframe: string | null;
}
export interface HubOffer extends Entry {
  by: Party;
  conditions: string | null;
}
export interface Cooperation {
  id: string;
  request: { id: string; title: string; country: Party };
  offer: { id: string; title: string } | null;
  partner: Party;
  status: CooperationStatus;
  requesterInterest: boolean;
  partnerInterest: boolean;
  roadmapAction: { id: string; roadmapId: string } | null;
  canChange: boolean;
  updatedAt: string;
}
export interface Facet {
  value: string;
  label: string;
  count: number;
}
export interface Matches {
  practices: { id: string; slug: string; title: string; countries: string[]; score: number; sharedObjectives: number[]; wordsInCommon: boolean; why: string }[];
  countries: { code: string; name: string; practices: number; doneActions: number; sharedObjectives: number[]; score: number; why: string }[];
  offers: { id: string; title: string; by: Party; kinds: SupportKind[]; sharedObjectives: number[]; sharedKinds: SupportKind[]; score: number; why: string }[];
}
export type Filters = { objective?: string; kind?: string; country?: string; organisation?: string };

export function useRequests(f: Filters, enabled = true) {
  const lang = useLang();
  return useQuery({
    enabled,
    queryKey: ['coop-requests', lang, f],
    queryFn: () => get<{ total: number; items: HubRequest[]; facets: Record<'objective' | 'kind' | 'country', Facet[]> }>(`/api/v1/cooperation/requests${qs(f)}`),
  });
}
export function useOffers(f: Filters) {
  const lang = useLang();
  return useQuery({
    queryKey: ['coop-offers', lang, f],
    queryFn: () => get<{ total: number; items: HubOffer[]; facets: Record<'objective' | 'kind' | 'country' | 'organisation', Facet[]> }>(`/api/v1/cooperation/offers${qs(f)}`),
  });
}
export function useGaps() {
  const lang = useLang();
  return useQuery({
    queryKey: ['coop-gaps', lang],
    queryFn: () => get<{ objectives: { number: number; title: string; requests: number; offers: number; countries: string[]; gap: boolean }[] }>('/api/v1/cooperation/gaps'),
  });
}
export function useRequest(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['coop-request', lang, id],
    queryFn: () => get<HubRequest & { history: { status: string; note: string | null; actor: string | null; at: string }[]; cooperations: Cooperation[] }>(`/api/v1/cooperation/requests/${id}`),
  });
}
export function useMatches(id: string, enabled: boolean) {
  const lang = useLang();
  return useQuery({ queryKey: ['coop-matches', lang, id], queryFn: () => get<Matches>(`/api/v1/cooperation/requests/${id}/matches`), enabled });
}
export function useCooperations(party: { country?: string; organisation?: string }, enabled: boolean) {
  const lang = useLang();
  return useQuery({ queryKey: ['coop-list', lang, party], queryFn: () => get<{ items: Cooperation[] }>(`/api/v1/cooperation/cooperations${qs(party)}`), enabled });
}
export function useObjectiveList() {
  const lang = useLang();
  return useQuery({ queryKey: ['objectives', lang], queryFn: () => get<{ items: Objective[] }>('/api/v1/reference/gcm/objectives').then((r) => r.items), staleTime: 5 * 60_000 });
}
