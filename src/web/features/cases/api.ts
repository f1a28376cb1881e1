import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import { useLang } from '../../app/hooks.ts';

/**
 * Shapes of the missing-persons exchange's API (src/server/modules/cases, docs/adr/0014) as the
 * web app reads them. Nothing here is cached beyond the page: the server answers no-store, and
 * the personal fields live only in the component that asked for them with a reason.
 */
export type Capacity = 'search_authority' | 'forensic_service';
export type Kind = 'report' | 'remains';
export type View = 'full' | 'comparison' | 'candidate' | 'withdrawn';
export type Mark = 'examining' | 'excluded' | 'confirmed';
export const REPORT_STATUSES = ['open', 'located_alive', 'identified', 'closed'] as const;
export const REMAINS_STATUSES = ['unidentified', 'identified', 'closed'] as const;

export interface CasesStatus {
  enabled: boolean;
  reason: string | null;
  country: string | null;
  capacities: Capacity[];
}
export interface Code {
  code: string;
  label: string;
}
export interface Comparison {
  sex: 'F' | 'M' | 'U';
  ageMin: number;
  ageMax: number;
  heightMin: number | null;
  heightMax: number | null;
  date: string;
  lat: number | null;
  lon: number | null;
  routePoints: { lat: number; lon: number }[];
  destinationCountry: string | null;
  pmiMinDays: number | null;
  pmiMaxDays: number | null;
  incidentId: string | null;
  markCodes: string[];
  belongingCodes: string[];
  dnaSample: boolean;
}
export interface Personal {
  givenNames?: string;
  familyNames?: string;
  dateOfBirth?: string;
  nationality?: string;
  marksText?: string;
  clothing?: string;
  belongingsText?: string;
  dentalMedical?: string;
  place?: string;
  route?: string;
  documents?: string;
  dna?: { lab: string; reference: string } | null;
}
export interface Family {
  name: string;
  relationship?: string;
  phone?: string;
  email?: string;
  address?: string;
}
export interface CaseRecord {
  id: string;
  kind: Kind;
  countryCode: string;
  status: string;
  statusAt: string;
  createdAt: string;
  withdrawn: boolean;
  erased: boolean;
  view: View;
  version?: number;
  caseRef?: string;
  sharing?: { countries: string[]; consentDate: string | null };
  comparison?: Comparison;
  personal?: Personal;
  family?: Family;
}
export interface CasePage extends CaseRecord {
  history?: { at: string; action: string; countryCode: string | null; user: string | null; detail: Record<string, unknown> }[];
  reads?: { at: string; countryCode: string; user: string | null; view: string; reason: string }[];
}
export interface Reason {
  code: string;
  value?: number | string | string[];
}
export interface Candidate {
  reportId: string;
  remainsId: string;
  other: CaseRecord;
  score: number;
  distanceKm: number | null;
  daysAfterLastContact: number | null;
  reasons: Reason[];
  withdrawn: boolean;
  mark: Mark | null;
  markedCountry: string | null;
  markedAt: string | null;
  openedByReportSide: boolean;
  openedByRemainsSide: boolean;
}
export interface Grant {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  countryCode: string;
  capacity: Capacity;
  proposedAt: string;
  confirmedAt: string | null;
  revokedAt: string | null;
  state: 'proposed' | 'active' | 'revoked';
}

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
