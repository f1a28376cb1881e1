import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put, upload } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';

/** Shapes of the incidents API: its contract (src/shared/contracts/incidents.ts). */
import type { ImportReport, IncidentDetail, IncidentFeature, IncidentPage, Route, Summary } from '../../../shared/contracts/incidents.ts';
export type { ImportReport, Incident, IncidentDetail, IncidentFeature, IncidentPage, Route, Summary, SummaryRow } from '../../../shared/contracts/incidents.ts';

/** IOM's causes of death, as the API accepts them; their names are translated by position: `incidents.cause.cN`. */
export { CAUSES } from '../../../shared/incident-causes.ts';

const BASE = '/api/v1/incidents';

/** Who may import files, as the server decides it (import-service.ts `IMPORTERS`). */
export const IMPORTERS = new Set<string>(['admin', 'secretariat', 'contributor']);

/** A page of incidents for the selection (the query string comes from state.ts, in a stable order). */
export function useIncidentList(query: string, page: number, pageSize = 20) {
  const lang = useLang();
  const q = `${query}${query ? '&' : ''}page=${page}&pageSize=${pageSize}`;
  return useQuery({ queryKey: ['inc-list', q, lang], queryFn: () => get<IncidentPage>(`${BASE}?${q}`), staleTime: 60_000 });
}

/** SDG 10.7.3 for the selection, per year or per month. */
export function useSummary(query: string, interval: 'year' | 'month') {
  const lang = useLang();
  const q = `${query}${query ? '&' : ''}interval=${interval}`;
  return useQuery({ queryKey: ['inc-summary', q, lang], queryFn: () => get<Summary>(`${BASE}/summary?${q}`), staleTime: 60_000 });
}

/** Every located incident of the selection, for the map (asked only in the browser: it is large). */
export function useIncidentPoints(query: string, enabled: boolean) {
  return useQuery({
    queryKey: ['inc-geo', query],
    queryFn: () => get<{ features: IncidentFeature[] }>(`${BASE}?${query}${query ? '&' : ''}format=geojson`).then((r) => r.features),
    staleTime: 60_000,
    enabled,
  });
}

export function useRoutes() {
  return useQuery({ queryKey: ['inc-routes'], queryFn: () => get<{ items: Route[] }>(`${BASE}/routes`).then((r) => r.items), staleTime: 10 * 60_000 });
}

export function useIncident(id: string) {
  const lang = useLang();
  return useQuery({ queryKey: ['inc-one', id, lang], queryFn: () => get<IncidentDetail>(`${BASE}/${encodeURIComponent(id)}`) });
}

export function useVerify(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => post<IncidentDetail>(`${BASE}/${encodeURIComponent(id)}/verify`),
    onSuccess: async () => {
      // Verified records are public: every list, sum and map point may change.
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('inc-') });
    },
  });
}

export function useRecord() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => post<IncidentDetail>(BASE, body),
    onSuccess: async () => {
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('inc-') });
    },
  });
}

/** Download addresses: the API's own CSV and GeoJSON with the page's filters. */
export function downloadHref(query: string, format: 'csv' | 'geojson', lang: string): string {
  return `${BASE}?${query}${query ? '&' : ''}format=${format}&lang=${lang}`;
}

/** Uploads a file (`multipart`, field `file`): the API reads and checks it whole; nothing is stored until applied. */
export function useImportUpload() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<ImportReport>(`${BASE}/imports`, form);
    },
  });
}

/** One import, polled every second while it is being read (a large file, read in the background). */
export function useImport(id: string | null) {
  const lang = useLang();
  return useQuery({
    queryKey: ['inc-import', id, lang],
    queryFn: () => get<ImportReport>(`${BASE}/imports/${encodeURIComponent(id!)}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'validating' ? 1000 : false),
  });
}

/** The person's pending imports (being read, or validated and not applied), to reopen one. */
export function usePendingImports(enabled: boolean) {
  const lang = useLang();
  return useQuery({
    queryKey: ['inc-imports-pending', lang],
    queryFn: () => get<{ items: ImportReport[] }>(`${BASE}/imports`).then((r) => r.items),
    enabled,
  });
}

export function useApplyImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<ImportReport>(`${BASE}/imports/${encodeURIComponent(id)}/apply`),
    onSuccess: async () => {
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('inc-') });
    },
  });
}

/** A correction (`PUT` with the version read: a 409 when someone saved in between). */
export function useCorrect(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => put<IncidentDetail>(`${BASE}/${encodeURIComponent(id)}`, body),
    onSuccess: async () => {
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('inc-') });
    },
  });
}
