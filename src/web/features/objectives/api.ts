import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';

/** Shapes of the objectives API: its contract (src/shared/contracts/objectives.ts). */
import type { CountryGcmData, ObjectiveList, ObjectivePageData } from '../../../shared/contracts/objectives.ts';
export type { ProgressStatus } from '../../../shared/contracts/indicators.ts';
export type {
  CountryIndicator,
  Figure,
  FlowFigure,
  IncidentsFigure,
  ObjectiveIndicator,
  ObjectivePageData,
  Point,
} from '../../../shared/contracts/objectives.ts';
export type ObjectiveListItem = ObjectiveList['items'][number];
export type CountryGcm = CountryGcmData;
export type ByStatus = Record<string, number>;

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
