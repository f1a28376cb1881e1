import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api/client.ts';

/** Shapes of the review API (src/server/modules/review) as these pages read them. */
export interface SavedReport {
  id: string;
  title: string;
  language: 'es' | 'en';
  objectives: number[];
  countryScope: 'all' | 'CRM' | 'CSM' | 'some';
  countries: string[];
  from: number;
  to: number;
  asOf: string;
  createdBy: string;
  createdAt: string;
}
export interface SectionTextVersion {
  section: string;
  version: number;
  status: 'draft' | 'final';
  body: string;
  author: string;
  createdAt: string;
}
export interface ReportDetail extends SavedReport {
  sections: { key: string; title: string }[];
  summary: { label: string; value: string }[];
  texts: SectionTextVersion[];
}
export interface NewReport {
  title?: string;
  language: 'es' | 'en';
  objectives: number[] | 'all';
  countryScope: SavedReport['countryScope'];
  countries?: string[];
  from: number;
  to: number;
  asOf?: string;
}

export const REPORT_WRITERS = new Set(['admin', 'secretariat']);
export const reportUrl = (id: string, format: 'html' | 'pdf', preview: boolean) => `/api/v1/review/reports/${id}/report.${format}${preview ? '?preview=1' : ''}`;

export function useReports() {
  return useQuery({ queryKey: ['review', 'reports'], queryFn: () => get<{ items: SavedReport[] }>('/api/v1/review/reports').then((r) => r.items) });
}

export function useReport(id: string) {
  return useQuery({ queryKey: ['review', 'report', id], queryFn: () => get<ReportDetail>(`/api/v1/review/reports/${id}`) });
}

export function useCreateReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewReport) => post<SavedReport>('/api/v1/review/reports', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['review', 'reports'] }),
  });
}

export function useSaveText(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { section: string; body: string; status: 'draft' | 'final' }) => post<{ version: number }>(`/api/v1/review/reports/${id}/sections/${v.section}/texts`, { body: v.body, status: v.status }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['review', 'report', id] }),
  });
}
