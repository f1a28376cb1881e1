import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';
import type { CalendarEntry, DataAnswer, DataflowStructure, Observation, RecentRelease } from '../../../shared/contracts/observatory.ts';

/** Shapes of the observatory's data API: its contract (src/shared/contracts/observatory.ts, ADR 0027). */
export type { CalendarEntry, Code, DataAnswer, DataflowStructure, Dimension, Observation, RecentRelease, ReleaseRef } from '../../../shared/contracts/observatory.ts';

export const DATAFLOW = 'MIG_FLOWS';

export function dataPath(dataflow: string, query: string): string {
  return `/api/v1/data/${encodeURIComponent(dataflow)}?${query}`;
}

/** One data question; the query string is the cache key (it is built in a stable order). */
export function useData(dataflow: string, query: string, enabled = true) {
  const lang = useLang();
  return useQuery({
    queryKey: ['obs-data', dataflow, query, lang],
    queryFn: () => get<DataAnswer>(dataPath(dataflow, query)),
    // No placeholder from the previous question: its rows have other dimensions and would be drawn wrongly.
    staleTime: 60_000,
    enabled,
  });
}

export function useStructure(dataflow = DATAFLOW) {
  const lang = useLang();
  return useQuery({
    queryKey: ['obs-structure', dataflow, lang],
    queryFn: () => get<DataflowStructure>(`/api/v1/dataflows/${encodeURIComponent(dataflow)}`),
    staleTime: 10 * 60_000,
  });
}

export function useDataflows() {
  const lang = useLang();
  return useQuery({
    queryKey: ['obs-dataflows', lang],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/api/v1/dataflows').then((r) => r.items),
    staleTime: 10 * 60_000,
  });
}

export function useCalendar(dataflow = DATAFLOW) {
  return useQuery({
    queryKey: ['obs-calendar', dataflow],
    queryFn: () => get<{ items: CalendarEntry[] }>(`/api/v1/releases?dataflow=${encodeURIComponent(dataflow)}`).then((r) => r.items),
    staleTime: 60_000,
  });
}

export function useRecentReleases(dataflow = DATAFLOW) {
  const lang = useLang();
  return useQuery({
    queryKey: ['obs-recent', dataflow, lang],
    queryFn: () => get<{ items: RecentRelease[] }>(`/api/v1/observatory/releases/recent?dataflow=${encodeURIComponent(dataflow)}`).then((r) => r.items),
    staleTime: 60_000,
  });
}

export type CodeNamer = (dim: string, code: string) => string;

/** Code → name in the reader's language, from the dataflow's code lists. */
export function useCodeNames(dataflow = DATAFLOW): { name: CodeNamer; dimName: (dim: string) => string; structure: DataflowStructure | undefined } {
  const { data } = useStructure(dataflow);
  return useMemo(() => {
    const byDim = new Map<string, Map<string, string>>();
    const dims = new Map<string, string>();
    for (const d of data?.dimensions ?? []) {
      dims.set(d.id, d.name);
      byDim.set(d.id, new Map(d.codes.map((c) => [c.id, c.name])));
    }
    return {
      name: (dim, code) => byDim.get(dim)?.get(code) ?? code,
      dimName: (dim) => dims.get(dim) ?? dim,
      structure: data,
    };
  }, [data]);
}

/** The latest month with released figures, from a question grouped by TIME_PERIOD. */
export function latestPeriod(obs: Observation[]): string | null {
  let max: string | null = null;
  for (const o of obs) {
    const p = o.TIME_PERIOD;
    if (typeof p === 'string' && (max === null || p > max)) max = p;
  }
  return max;
}

/** SDG 10.7.3 for one country of incident, per year (the incidents API's summary; its `source` line in the reader's language). */
export interface IncidentSummary {
  rows: { year: number; key: string; value: number; incidents: number }[];
  source: string;
}

/** Asked with the page's first questions (so the server draws it in the same pass, ADR 0008). */
export function useCountryIncidents(code: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['cp-incidents', code, lang],
    queryFn: () => get<IncidentSummary>(`/api/v1/incidents/summary?by=country&country=${encodeURIComponent(code)}&interval=year`),
    staleTime: 60_000,
    enabled: /^[A-Z]{3}$/.test(code),
  });
}
