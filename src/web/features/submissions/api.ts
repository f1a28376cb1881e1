import { useQuery } from '@tanstack/react-query';
import { ApiError, get, qs, upload } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';
import type { ListFilters } from './logic.ts';
import { INSPECT_BYTES } from './logic.ts';
import type { CalendarItem, DataflowStructure, Inspection, Policy, SavedMapping, SubmissionItem, SubmissionReport } from '../../../shared/contracts/observatory.ts';
export type { DiffExample, SubmissionDiff } from '../../../shared/submission-diff.ts';
export type { Code, DataflowStructure, Dimension, Inspection, Policy, ReportMessage, SavedMapping, SubmissionItem, SubmissionReport } from '../../../shared/contracts/observatory.ts';
/** The secretariat's decision on a submitted file. */
export type Review = NonNullable<SubmissionReport['review']>;

/** The submission API's shapes come from its contract (src/shared/contracts/observatory.ts, ADR 0027). */
export const DATAFLOW = 'MIG_FLOWS';

export function useDataflowList() {
  const lang = useLang();
  return useQuery({
    queryKey: ['sub-dataflows', lang],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/api/v1/dataflows').then((r) => r.items),
    staleTime: 10 * 60_000,
  });
}

export function useDataflow(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['sub-dataflow', id, lang],
    queryFn: () => get<DataflowStructure>(`/api/v1/dataflows/${encodeURIComponent(id)}`),
    staleTime: 10 * 60_000,
    enabled: !!id,
  });
}

export function useMappings(dataflow: string) {
  return useQuery({
    queryKey: ['sub-mappings', dataflow],
    queryFn: () => get<{ items: SavedMapping[] }>(`/api/v1/dataflows/${encodeURIComponent(dataflow)}/mappings`).then((r) => r.items),
    enabled: !!dataflow,
  });
}

/** A submission's report; asked again every second while it is being validated. */
export function useSubmission(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['submission', id, lang],
    queryFn: () => get<SubmissionReport>(`/api/v1/submissions/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.status === 'validating' ? 1000 : false),
  });
}

export function useSubmissions(f: ListFilters, enabled = true) {
  const lang = useLang();
  return useQuery({
    queryKey: ['submissions', f, lang],
    queryFn: () => get<{ items: SubmissionItem[] }>(`/api/v1/submissions${qs({ status: f.status, country: f.country, dataflow: f.dataflow })}`).then((r) => r.items),
    enabled,
  });
}

/** The secretariat's review of a submission: from the report when it carries it, else from the list of returned or applied ones. */
export function useReview(r: SubmissionReport): Review | null {
  const reviewed = r.status === 'returned' || r.status === 'applied';
  const list = useSubmissions({ status: reviewed ? r.status : '', country: '', dataflow: r.dataflow }, reviewed && r.review === undefined);
  if (r.review !== undefined) return r.review;
  return list.data?.find((i) => i.id === r.id)?.review ?? null;
}

/**
 * The release calendar. Its answer may be kept by the browser for a minute (`Cache-Control:
 * public`), so after a change on this page `fresh` (the moment of the change) makes a new address.
 */
export function useReleaseCalendar(dataflow: string, country: string, fresh = 0) {
  const lang = useLang();
  return useQuery({
    queryKey: ['release-calendar', dataflow, country, lang, fresh],
    queryFn: () => get<{ items: CalendarItem[] }>(`/api/v1/release-calendar${qs({ dataflow, country, at: fresh || undefined })}`).then((r) => r.items),
    placeholderData: (previous) => previous,
  });
}

export function usePolicies(dataflow: string, enabled: boolean) {
  return useQuery({
    queryKey: ['obs-policies', dataflow],
    queryFn: () => get<{ items: Policy[] }>(`/api/v1/observatory/policies${qs({ dataflow })}`).then((r) => r.items),
    enabled,
  });
}

/** The file's columns (header past title rows, 5 rows, suggestions); a CSV is sent cut to its first megabyte. */
export async function inspectFile(file: File, dataflow: string): Promise<Inspection> {
  const form = new FormData();
  form.set('dataflow', dataflow);
  const isXlsx = file.name.toLowerCase().endsWith('.xlsx');
  form.set('file', isXlsx || file.size <= INSPECT_BYTES ? file : file.slice(0, INSPECT_BYTES), file.name);
  return upload<Inspection>('/api/v1/submissions/inspect', form);
}

/**
 * Sends the submission with XMLHttpRequest, whose upload events say how much of a large file
 * has left the browser (fetch cannot tell). Same headers as the API client: language, CSRF.
 */
export function sendSubmission(form: FormData, opts: { lang: string; csrf: string | null; onUpload: (sent: number, total: number) => void; fallback: string }): Promise<{ status: number; report: SubmissionReport }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/submissions');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', opts.lang);
    if (opts.csrf) xhr.setRequestHeader('x-csrf-token', opts.csrf);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onUpload(e.loaded, e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', opts.fallback));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        return reject(new ApiError(xhr.status, 'unexpected', opts.fallback));
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ status: xhr.status, report: json as SubmissionReport });
      const e = (json as { error?: { code?: string; message?: string; issues?: { path: string; message: string }[]; details?: Record<string, unknown> } }).error;
      reject(new ApiError(xhr.status, e?.code ?? 'unexpected', e?.message ?? opts.fallback, e?.issues ?? [], undefined, e?.details));
    };
    xhr.send(form);
  });
}

/** An error's whole text: the message and what the server said about each field. */
export function errorText(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof ApiError) return [err.message, ...err.issues.map((i) => i.message)].filter((m, i, all) => m && all.indexOf(m) === i).join(' ');
  return err instanceof Error ? err.message : null;
}
