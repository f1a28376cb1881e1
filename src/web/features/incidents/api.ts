import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put, upload } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';

/** Shapes of the incidents API (src/server/modules/incidents) as these pages read them. */
export interface Incident {
  id: string;
  mainId: string | null;
  date: string;
  precision: 'day' | 'month';
  countryCode: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  route: string | null;
  dead: number | null;
  missing: number | null;
  deadAndMissing: number;
  /** false: the source gives only the sum of dead and missing */
  split: boolean;
  survivors: number | null;
  females: number | null;
  males: number | null;
  children: number | null;
  origins: { code: string; count: number | null }[];
  cause: string | null;
  type: 'incident' | 'split' | 'cumulative';
  infoSource: string | null;
  sourceQuality: number | null;
  url: string | null;
  status: 'reported' | 'verified' | 'withdrawn';
  version: number;
  verifiedAt: string | null;
}
export interface IncidentDetail extends Incident {
  /** The reader may correct it: its author, or whoever may verify. */
  canCorrect: boolean;
  revisions: { version: number; at: string; by: string | null; change: string }[];
}
export interface IncidentPage {
  total: number;
  deadAndMissing: number;
  items: Incident[];
  page: number;
  pageSize: number;
  source: string;
}
export interface SummaryRow {
  year: number;
  /** `YYYY-MM`, with interval=month */
  month?: string;
  key: string;
  value: number;
  incidents: number;
}
export interface Summary {
  indicator: string;
  title: string;
  rows: SummaryRow[];
  source: string;
}
export interface IncidentFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { date: string; n: number; route: string | null; cause: string | null; country: string | null };
}
export interface Route {
  name: string;
  label: Record<string, string>;
}

/**
 * IOM's causes of death, as the API accepts them (`CAUSES` in the server's records.ts; the
 * web may not import server code). Their names are translated by position: `incidents.cause.cN`.
 */
export const CAUSES = [
  'Drowning',
  'Violence',
  'Harsh environmental conditions / lack of adequate shelter, food, water',
  'Vehicle accident / death linked to hazardous transport',
  'Sickness / lack of access to adequate healthcare',
  'Accidental death',
  'Mixed or unknown',
] as const;

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

/** The whole-file report of an incidents import (the server's `ImportView`), in the person's language. */
export interface ImportReport {
  id: string;
  /** `validating`: a large file still being read (progress); `failed`: it could not be read (failure) */
  status: 'validating' | 'validated' | 'refused' | 'applied' | 'failed';
  createdAt: string;
  progress: { read: number; total: number | null };
  failure: string | null;
  fileName: string;
  /** `mmp-current`, `mmp-old` or `gdi` (named in `incidents.import.layout.*`). */
  layout: string;
  rows: number;
  valid: number;
  added: number;
  changed: number;
  unchanged: number;
  errorCount: number;
  warningCount: number;
  errors: { row: number; message: string }[];
  warnings: { row: number; message: string }[];
  /** `fields` are the stored columns a re-import changes (`incident_date`, `dead`, …). */
  changes: { key: string; id: string; fields: string[] }[];
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
