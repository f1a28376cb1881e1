import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';
import type { CandidateOut, CasesStatus, Code, RecordOut, RecordPage } from '../../../shared/contracts/cases.ts';

/**
 * The missing-persons exchange's API (src/server/modules/cases, docs/adr/0014). Its shapes are
 * the server's contract (src/shared/contracts/cases.ts, types only). Nothing here is cached
 * beyond the page: the server answers no-store, and the personal fields live only in the
 * component that asked for them with a reason.
 */
export type { Account, Capacity, CasesStatus, Code, Comparison, FullRecord, Grant, Mark, Pair, Personal, Reason, View } from '../../../shared/contracts/cases.ts';
export type Kind = RecordOut['kind'];
export type CaseRecord = RecordOut;
export type CasePage = RecordPage;
export type Candidate = CandidateOut;
/** What the author's side reads: the record, its history and the reads of it. */
export type FullPage = Extract<RecordPage, { view: 'full' }>;
export const REPORT_STATUSES = ['open', 'located_alive', 'identified', 'closed'] as const;
export const REMAINS_STATUSES = ['unidentified', 'identified', 'closed'] as const;

export function useCasesStatus(enabled = true) {
  const lang = useLang();
  return useQuery({ queryKey: ['cases', 'status', lang], queryFn: () => get<CasesStatus>('/api/v1/cases/status'), enabled });
}

export function useCodes() {
  const lang = useLang();
  return useQuery({ queryKey: ['cases', 'codes', lang], queryFn: () => get<{ marks: Code[]; belongings: Code[] }>('/api/v1/cases/codes'), staleTime: 5 * 60_000 });
}

/** Code → label (the code itself while the list loads). */
export function useCodeLabel(): (code: string) => string {
  const codes = useCodes().data;
  const labels = new Map([...(codes?.marks ?? []), ...(codes?.belongings ?? [])].map((c) => [c.code, c.label]));
  return (code) => labels.get(code) ?? code;
}
