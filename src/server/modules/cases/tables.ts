import type { Generated } from 'kysely';
import type { Json, Stamp } from '../../platform/db/schema.ts';

// The cases module's tables (migration 0100), added to the platform's `DB` (why: platform/db/schema.ts).
export type Capacity = 'search_authority' | 'forensic_service';
export type RecordKind = 'report' | 'remains';
export type ReportStatus = 'open' | 'located_alive' | 'identified' | 'closed';
export type RemainsStatus = 'unidentified' | 'identified' | 'closed';
export type CandidateMark = 'examining' | 'excluded' | 'confirmed';

export interface CaseGrantTable {
  id: Generated<string>;
  user_id: string;
  country_code: string;
  capacity: Capacity;
  proposed_by: string | null;
  proposed_at: Stamp;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export interface CaseRecordTable {
  id: Generated<string>;
  kind: RecordKind;
  country_code: string;
  author_user_id: string | null;
  case_ref: string;
  status: ReportStatus | RemainsStatus;
  status_at: Stamp;
  sex: 'F' | 'M' | 'U';
  age_min: number;
  age_max: number;
  height_min: number | null;
  height_max: number | null;
  event_date: string;
  lat: number | null;
  lon: number | null;
  route_points: Json<[number, number][]>;
  destination_country: string | null;
  pmi_min_days: number | null;
  pmi_max_days: number | null;
  incident_id: string | null;
  mark_codes: string[];
  belonging_codes: string[];
  dna_sample: boolean;
  share_countries: string[];
  consent_date: string | null;
  personal_ct: Buffer | null;
  family_ct: Buffer | null;
  key_id: string | null;
  withdrawn_at: Date | null;
  erased_at: Date | null;
  /** migration 0101: bumped by every correction (optimistic concurrency) */
  version: Generated<number>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface CaseEventTable {
  id: Generated<number>;
  record_id: string;
  at: Stamp;
  user_id: string | null;
  country_code: string | null;
  action: string;
  detail: Json<Record<string, unknown>>;
}

export interface CaseAccessTable {
  id: Generated<number>;
  record_id: string;
  user_id: string | null;
  country_code: string;
  at: Stamp;
  view: 'full' | 'comparison' | 'candidate';
  reason_ct: Buffer;
  key_id: string;
}

export interface CaseCandidateTable {
  report_id: string;
  remains_id: string;
  report_opened_at: Date | null;
  report_opened_by: string | null;
  remains_opened_at: Date | null;
  remains_opened_by: string | null;
  mark: CandidateMark | null;
  marked_at: Date | null;
  marked_by: string | null;
  marked_country: string | null;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    case_grant: CaseGrantTable;
    case_record: CaseRecordTable;
    case_event: CaseEventTable;
    case_access: CaseAccessTable;
    case_candidate: CaseCandidateTable;
  }
}
