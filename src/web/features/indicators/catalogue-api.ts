import { useQuery } from '@tanstack/react-query';
import { get, qs } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';
import type { ProgressStatus } from '../objectives/api.ts';

/** Shapes of the indicators API (src/server/modules/indicators/routes.ts) as the catalogue pages read them. */
export const INDICATOR_TYPES = ['count', 'rate', 'share', 'ratio', 'index', 'policy_presence'] as const;
export const DIRECTIONS = ['increase', 'decrease', 'none'] as const;
export const ORIGINS = ['computed', 'reported', 'imported'] as const;

export interface IndicatorSummary {
  code: string;
  name: { es: string | null; en: string };
  nameEsDraft: boolean;
  objectives: number[];
  sdg: string | null;
  type: string;
  unit: string;
  direction: string;
  official: boolean;
  inA79590: string | null;
  custodian: string | null;
  computable: boolean;
  retired: boolean;
}
export interface IndicatorDetail extends IndicatorSummary {
  nameEsStatus: string | null;
  sdgSeries: string[];
  directionBasis: string | null;
  disaggregations: string[];
  definition: { en: string; es: string | null };
  typicalSource: string | null;
  arrival: string[];
  officialStatus: string | null;
  confidence: string | null;
  sources: string[];
  mappingBasis: string | null;
  notes: string | null;
  migFlows: { computable: string; how: string | null; gaps: string | null };
  computation: unknown;
  version: number;
  updatedAt: string;
}
export interface ValuePoint {
  country: string;
  period: string;
  value: number | null;
  answer: 'yes' | 'partial' | 'no' | null;
  origin: string;
  status: string;
  revisionId: number;
  recordedAt: string;
  source: { releases?: string[]; file?: string; note?: string; evidenceUrl?: string };
}
export interface ProgressItem {
  code: string;
  country: string;
  status: ProgressStatus;
  latest: ValuePoint | null;
  baseline: ValuePoint | null;
  points: number;
  explanation: string;
}
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
  return useQuery({ queryKey: ['indicator-values', code, lang], queryFn: () => get<{ asOf: string; items: ValuePoint[] }>(`/api/v1/indicators/${enc(code)}/values`), staleTime: 60_000, enabled });
}
export function useIndicatorProgress(code: string, enabled = true) {
  const lang = useLang();
  return useQuery({ queryKey: ['indicator-progress', code, lang], queryFn: () => get<{ items: ProgressItem[] }>(`/api/v1/indicators/${enc(code)}/progress`).then((r) => r.items), staleTime: 60_000, enabled });
}
export function useIndicatorVersions(code: string) {
  const lang = useLang();
  return useQuery({ queryKey: ['indicator-versions', code, lang], queryFn: () => get<{ items: { version: number; change: string; actor: string; at: string }[] }>(`/api/v1/indicators/${enc(code)}/versions`).then((r) => r.items) });
}

/** Where an indicator's table is downloaded (the API answers the file; the reader's language picks its labels). */
export const downloadUrl = (code: string, format: 'csv' | 'xlsx', lang: string) => `/api/v1/indicators/${enc(code)}/values?format=${format}&lang=${lang}`;
