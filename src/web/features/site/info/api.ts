import { useQuery } from '@tanstack/react-query';
import { get } from '../../../api/client.ts';

export const SITE_PAGES = ['about', 'methodology', 'contact'] as const;
export type SitePageSlug = (typeof SITE_PAGES)[number];
export const isSitePage = (s: string | undefined): s is SitePageSlug => (SITE_PAGES as readonly string[]).includes(s ?? '');

export type { SitePage, SitePageVersion } from '../../../../shared/contracts/site.ts';
import type { SitePage, SitePageVersion } from '../../../../shared/contracts/site.ts';
/** Text in both languages, both present (a site page's title and body). */
export interface Bilingual {
  es: string;
  en: string;
}
/** One country's source for one flow, as the observatory keeps it (GET /api/v1/dataflows/:id/sources). */
export interface FlowSource {
  country: string;
  flow: string;
  producer: Bilingual | null;
  compiler: Bilingual | null;
  licence: string | null;
  definition: Bilingual | null;
  publicationRef: string | null;
}

export function useSitePage(slug: SitePageSlug) {
  return useQuery({ queryKey: ['site-page', slug], queryFn: () => get<SitePage>(`/api/v1/site-pages/${slug}`) });
}

export function useSitePageHistory(slug: SitePageSlug) {
  return useQuery({ queryKey: ['site-page', slug, 'history'], queryFn: () => get<SitePageVersion[]>(`/api/v1/site-pages/${slug}/history`) });
}

export function useFlowSources(dataflow: string) {
  return useQuery({
    queryKey: ['flow-sources', dataflow],
    queryFn: () => get<{ items: FlowSource[] }>(`/api/v1/dataflows/${encodeURIComponent(dataflow)}/sources`).then((r) => r.items),
  });
}
