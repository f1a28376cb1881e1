import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { get, type Objective } from '../../api/client.ts';
import { useLang, useOrganisationLabel } from '../../app/hooks.ts';
import type { ActionStatus, OutcomeKind } from './logic.ts';

/** Shapes of the commitments API (src/server/modules/commitments) as the web app reads them. */
export interface Meeting {
  id: string;
  key: string;
  kind: string;
  title: string;
  startDate: string | null;
  endDate: string | null;
  hostCountry: string | null;
  place: string | null;
  sourceDocument: string | null;
  counts: { countries: number; organisations: number; outcomes: number };
}

export interface Outcome {
  id: string;
  key: string | null;
  meeting: { key: string; title: string };
  kind: OutcomeKind;
  text: string;
  textLanguage: string | null;
  table: string | null;
  section: string | null;
  objectives: number[];
  roadmaps: number;
  source: { document: string | null; quote: string | null };
}

export interface MeetingDocument {
  id: string;
  kind: 'communique' | 'report' | 'agenda' | 'other';
  language: string;
  title: string;
  filename: string;
  mediaType: string;
  size: number;
  uploadedAt: string;
}

export interface MeetingDetail extends Meeting {
  countries: { code: string; name: string }[];
  organisations: { code: string; name: string; acronym: string | null; kind: string }[];
  outcomes: Outcome[];
  documents: MeetingDocument[];
  /** The attached copy of the source document, shown by its title (sourceDocument is only its file name). */
  sourceDocumentRef: { id: string; title: string; language: string } | null;
  participantCount: number;
  /** null for anonymous readers: names are personal data */
  participants: MeetingParticipant[] | null;
}

export interface MeetingParticipant {
  section: string | null;
  represents: string;
  name: string;
  jobTitle: string | null;
  institution: string | null;
}

export interface Roadmap {
  id: string;
  title: string;
  purpose: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  isPublic: boolean;
  leadCountries: string[];
  countries: string[];
  organisations: string[];
  objectives: number[];
  outcomes: string[];
  actions: { total: number; byStatus: Partial<Record<ActionStatus, number>> };
  updatedAt: string;
}

export interface Action {
  id: string;
  roadmapId: string;
  title: string;
  responsibleCountry: string | null;
  responsibleOrganisation: string | null;
  dueDate: string | null;
  status: ActionStatus;
  overdue: boolean;
  stale?: boolean;
  lastUpdate: string | null;
}

export interface ProgressUpdate {
  id: string;
  date: string;
  text: string;
  evidenceUrl: string | null;
  evidenceFile?: EvidenceFile | null;
  status: ActionStatus | null;
  author: string | null;
}

export interface EvidenceFile {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
}

export interface ActionWithProgress extends Action {
  practices: { id: string; slug: string; title: string; published: boolean }[];
  updates: ProgressUpdate[];
}

export interface RoadmapDetail extends Roadmap {
  translations: { title: Record<string, string>; purpose: Record<string, string> };
  sourceOutcomes: Outcome[];
  actionList: ActionWithProgress[];
}

export interface Timeline {
  meeting: Meeting;
  outcome: Outcome;
  roadmaps: (Roadmap & { actionList: ActionWithProgress[] })[];
}

export interface Pledge {
  id: string;
  title: string;
  description: string | null;
  kind: string;
  countries: string[];
  organisations: string[];
  jointly: boolean;
  matchesPledge: string | null;
  meeting: string | null;
  objectives: number[];
  target: string | null;
  status: ActionStatus;
  isPublic: boolean;
  reports: number;
  lastReport: string | null;
}

export interface PledgeDetail extends Pledge {
  translations: { title: Record<string, string>; description: Record<string, string> };
  progress: { id: string; date: string; text: string; evidenceUrl: string | null; author: string | null }[];
}

export interface Counts {
  total: number;
  byStatus: Partial<Record<ActionStatus, number>>;
  overdue: number;
  stale: number;
  noOwner: number;
}

export interface Dashboard {
  overall: Counts;
  byRoadmap: (Counts & { id: string; title: string })[];
  byCountry: (Counts & { code: string | null; name: string | null })[];
  byObjective: (Counts & { objective: number; title: string })[];
  byMeeting: (Counts & { key: string; title: string })[];
  overdueActions: (Action & { roadmapTitle: string })[];
  staleAfterDays: number;
}

export interface CountryCommitments {
  country: { code: string; name: string; memberships: string[] };
  leads: Roadmap[];
  participates: Roadmap[];
  actions: Action[];
  overdue: Action[];
  pledges: Pledge[];
  meetings: Meeting[];
}

export interface ImportChange {
  row: number;
  actionId: string;
  action: string;
  field: 'status' | 'dueDate' | 'update';
  before: string | null;
  after: string | null;
}

export interface ImportError {
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface ImportPreview {
  checksum: string;
  rows: number;
  canApply: boolean;
  changes: ImportChange[];
  errors: ImportError[];
}

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
