import { useQuery } from '@tanstack/react-query';
import { get, qs, type Objective } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';
import type { CooperationsList, Gaps, Matches, OfferList, RequestDetail, RequestList } from '../../../shared/contracts/cooperation.ts';

/** The cooperation hub's API (src/server/modules/cooperation); its shapes are the contract's (ADR 0027). */
export { SUPPORT_KINDS, COOPERATION_STATUSES, type SupportKind, type CooperationStatus } from '../../../shared/cooperation.ts';
export type { Party, HubRequest, HubOffer, Cooperation, Facet, Matches } from '../../../shared/contracts/cooperation.ts';
export type Filters = { objective?: string; kind?: string; country?: string; organisation?: string };

export function useRequests(f: Filters, enabled = true) {
  const lang = useLang();
  return useQuery({
    enabled,
    queryKey: ['coop-requests', lang, f],
    queryFn: () => get<RequestList>(`/api/v1/cooperation/requests${qs(f)}`),
  });
}
export function useOffers(f: Filters) {
  const lang = useLang();
  return useQuery({
    queryKey: ['coop-offers', lang, f],
    queryFn: () => get<OfferList>(`/api/v1/cooperation/offers${qs(f)}`),
  });
}
export function useGaps() {
  const lang = useLang();
  return useQuery({
    queryKey: ['coop-gaps', lang],
    queryFn: () => get<Gaps>('/api/v1/cooperation/gaps'),
  });
}
export function useRequest(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['coop-request', lang, id],
    queryFn: () => get<RequestDetail>(`/api/v1/cooperation/requests/${id}`),
  });
}
export function useMatches(id: string, enabled: boolean) {
  const lang = useLang();
  return useQuery({ queryKey: ['coop-matches', lang, id], queryFn: () => get<Matches>(`/api/v1/cooperation/requests/${id}/matches`), enabled });
}
export function useCooperations(party: { country?: string; organisation?: string }, enabled: boolean) {
  const lang = useLang();
  return useQuery({ queryKey: ['coop-list', lang, party], queryFn: () => get<CooperationsList>(`/api/v1/cooperation/cooperations${qs(party)}`), enabled });
}
export function useObjectiveList() {
  const lang = useLang();
  return useQuery({ queryKey: ['objectives', lang], queryFn: () => get<{ items: Objective[] }>('/api/v1/reference/gcm/objectives').then((r) => r.items), staleTime: 5 * 60_000 });
}
