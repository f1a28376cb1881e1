import { useQuery } from '@tanstack/react-query';
import { get } from '../../../api/client.ts';
import { useLang } from '../../../app/hooks.ts';
import type { WorkspaceOverview } from '../../../../shared/contracts/home.ts';

export type { DataflowStatus, NextStep, WorkspaceOverview } from '../../../../shared/contracts/home.ts';

/** `GET /api/v1/workspace/overview` (src/server/modules/home/workspace.ts). */
export function useWorkspaceOverview(enabled: boolean) {
  const lang = useLang();
  return useQuery({ queryKey: ['workspace-overview', lang], queryFn: () => get<WorkspaceOverview>('/api/v1/workspace/overview'), enabled });
}

/** The part of `GET /api/v1/dataflows/:id/compliance` this page reads: which minimum disaggregations the country reports. */
export interface Compliance {
  minimum: { id: string; name: string }[];
  countries: { country: string; dimensions: Record<string, { reported: boolean }> }[];
}
export function useCompliance(dataflow: string, country: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['compliance', dataflow, country, lang],
    queryFn: () => get<Compliance>(`/api/v1/dataflows/${encodeURIComponent(dataflow)}/compliance?country=${encodeURIComponent(country)}`),
  });
}

/** An organisation's offers on the cooperation hub, drafts included (`status=all` adds the caller's own). */
export interface OwnOffer {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'closed';
}
export function useOrganisationOffers(organisation: string | null) {
  const lang = useLang();
  return useQuery({
    queryKey: ['coop-offers', lang, 'own', organisation],
    queryFn: () => get<{ items: OwnOffer[] }>(`/api/v1/cooperation/offers?organisation=${encodeURIComponent(organisation ?? '')}&status=all`).then((r) => r.items),
    enabled: !!organisation,
  });
}
