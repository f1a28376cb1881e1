import { useQuery } from '@tanstack/react-query';
import { get, qs } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';
import type { IndicatorDetail, IndicatorSummary, IndicatorVersion, ProgressItem, ValuesOut } from '../../../shared/contracts/indicators.ts';

/** The indicators API's contract is src/shared/contracts/indicators.ts; these lists feed the catalogue's filters. */
export const INDICATOR_TYPES = ['count', 'rate', 'share', 'ratio', 'index', 'policy_presence'] as const;
export const DIRECTIONS = ['increase', 'decrease', 'none'] as const;
export const ORIGINS = ['computed', 'reported', 'imported'] as const;

export type { IndicatorDetail, IndicatorSummary, ProgressItem, ValuePoint } from '../../../shared/contracts/indicators.ts';
export interface CatalogueFilters {
  objective?: number;
  official?: boolean;
  type?: string;
}

export function useCatalogue(f: CatalogueFilters) {
  const lang = useLang();
  const query = qs({ objective: f.objective, official: f.official === undefined ? undefined : String(f.official), type: f.type });
  return useQuery({
    queryKey: ['indicator-catalogue', query, lang],
    queryFn: () => get<{ items: IndicatorSummary[] }>(`/api/v1/indicators${query}`).then((r) => r.items),
    staleTime: 60_000,
  });
}

const enc = (code: string) => encodeURIComponent(code);

export function useIndicator(code: string) {
  const lang = useLang();
  return useQuery({ queryKey: ['indicator', code, lang], queryFn: () => get<IndicatorDetail>(`/api/v1/indicators/${enc(code)}`), staleTime: 60_000, retry: false });
}
export function useIndicatorValues(code: string, enabled = true) {
  const lang = useLang();
  return useQuery({ queryKey: ['indicator-values', code, lang], queryFn: () => get<ValuesOut>(`/api/v1/indicators/${enc(code)}/values`), staleTime: 60_000, enabled });
}
export function useIndicatorProgress(code: string, enabled = true) {
  const lang = useLang();
  return useQuery({ queryKey: ['indicator-progress', code, lang], queryFn: () => get<{ items: ProgressItem[] }>(`/api/v1/indicators/${enc(code)}/progress`).then((r) => r.items), staleTime: 60_000, enabled });
}
export function useIndicatorVersions(code: string) {
  const lang = useLang();
  return useQuery({ queryKey: ['indicator-versions', code, lang], queryFn: () => get<{ items: IndicatorVersion[] }>(`/api/v1/indicators/${enc(code)}/versions`).then((r) => r.items) });
}

/** Where an indicator's table is downloaded (the API answers the file; the reader's language picks its labels). */
export const downloadUrl = (code: string, format: 'csv' | 'xlsx', lang: string) => `/api/v1/indicators/${enc(code)}/values?format=${format}&lang=${lang}`;
