import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { get, type Objective } from '../../api/client.ts';
import { useLang, useOrganisationLabel } from '../../app/hooks.ts';

import type { CountryCommitments, Dashboard, Meeting, MeetingDetail, Outcome, Pledge, PledgeDetail, Roadmap, RoadmapDetail, Timeline } from '../../../shared/contracts/commitments.ts';

/** Shapes of the commitments API: src/shared/contracts/commitments.ts. */
export type {
  Action,
  ActionWithProgress,
  CountryCommitments,
  Counts,
  Dashboard,
  EvidenceFile,
  ImportApplied,
  ImportChange,
  ImportError,
  ImportPreview,
  Meeting,
  MeetingDetail,
  MeetingDocument,
  MeetingParticipant,
  Outcome,
  Pledge,
  PledgeDetail,
  ProgressUpdate,
  Roadmap,
  RoadmapDetail,
  Timeline,
} from '../../../shared/contracts/commitments.ts';

/** One query per read, keyed by language (the server translates the texts). */
function useRead<T>(key: unknown[], path: string, enabled = true) {
  const lang = useLang();
  return useQuery({ queryKey: ['commitments', ...key, lang], queryFn: () => get<T>(path), enabled });
}

const enc = encodeURIComponent;
export const useMeetings = () => useRead<{ items: Meeting[] }>(['meetings'], '/api/v1/meetings');
export const useMeeting = (key: string) => useRead<MeetingDetail>(['meeting', key], `/api/v1/meetings/${enc(key)}`, !!key);
export const useOutcomes = () => useRead<{ items: Outcome[] }>(['outcomes'], '/api/v1/outcomes');
export const useTimeline = (id: string) => useRead<Timeline>(['timeline', id], `/api/v1/outcomes/${enc(id)}/timeline`, !!id);
export const useRoadmaps = () => useRead<{ items: Roadmap[] }>(['roadmaps'], '/api/v1/roadmaps');
export const useRoadmap = (id: string) => useRead<RoadmapDetail>(['roadmap', id], `/api/v1/roadmaps/${enc(id)}`, !!id);
export const usePledges = () => useRead<{ items: Pledge[] }>(['pledges'], '/api/v1/pledges');
export const usePledge = (id: string) => useRead<PledgeDetail>(['pledge', id], `/api/v1/pledges/${enc(id)}`, !!id);
export const useDashboard = () => useRead<Dashboard>(['dashboard'], '/api/v1/commitments/dashboard');
export const useCountryCommitments = (code: string) => useRead<CountryCommitments>(['country', code], `/api/v1/commitments/countries/${enc(code)}`, !!code);

export function useObjectives() {
  const lang = useLang();
  return useQuery({
    queryKey: ['objectives', lang],
    queryFn: () => get<{ items: Objective[] }>('/api/v1/reference/gcm/objectives').then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

/** Objective number → short title. */
export function useObjectiveTitle(): (n: number) => string {
  const { data } = useObjectives();
  return useMemo(() => {
    const map = new Map((data ?? []).map((o) => [o.number, o.shortTitle]));
    return (n) => map.get(n) ?? '';
  }, [data]);
}

/** Organisation code → name (and acronym) in the reader's language. */
export function useOrganisationName(): (code: string | null | undefined) => string {
  return useOrganisationLabel();
}
