import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api/client.ts';

import type { NewReport, ReportDetail, SavedReport, TextSaved } from '../../../shared/contracts/review.ts';

/** Shapes of the review API: src/shared/contracts/review.ts. */
export type { NewReport, ReportDetail, SavedReport, SectionTextVersion } from '../../../shared/contracts/review.ts';

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
    mutationFn: (v: { section: string; body: string; status: 'draft' | 'final' }) => post<TextSaved>(`/api/v1/review/reports/${id}/sections/${v.section}/texts`, { body: v.body, status: v.status }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['review', 'report', id] }),
  });
}
