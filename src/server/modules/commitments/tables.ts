import type { ColumnType, Generated } from 'kysely';
import type { Json, Localized, Stamp, UploadedFileColumns } from '../../platform/db/schema.ts';

// The commitments module's tables (migrations 0040+), added to the platform's `DB` at the end (why: platform/db/schema.ts).
export type CmActionStatus = 'not_started' | 'in_progress' | 'done' | 'blocked' | 'cancelled';
export interface MeetingTable {
  id: Generated<string>;
  key: string;
  kind: 'plenary' | 'forum' | 'troika' | 'thematic_table' | 'other';
  title: Json<Localized>;
  start_date: string | null;
  end_date: string | null;
  host_country: string | null;
  place: string | null;
  source_document: string | null;
  source_quote: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export interface MeetingCountryTable {
  meeting_id: string;
  country_code: string;
}
export interface MeetingOrganisationTable {
  meeting_id: string;
  organisation_id: string;
}
export interface OutcomeTable {
  id: Generated<string>;
  key: string | null;
  meeting_id: string;
  kind: 'agreement' | 'recommendation' | 'cooperation_idea';
  text: Json<Localized>;
  table_label: string | null;
  section: string | null;
  source_document: string | null;
  source_quote: string | null;
  position: Generated<number>;
  created_at: Stamp;
}
export interface OutcomeObjectiveTable {
  outcome_id: string;
  objective: number;
}
export interface RoadmapTable {
  id: Generated<string>;
  title: Json<Localized>;
  purpose: ColumnType<Localized, string | undefined, string>;
  period_start: string | null;
  period_end: string | null;
  is_public: Generated<boolean>;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export interface RoadmapObjectiveTable {
  roadmap_id: string;
  objective: number;
}
export interface RoadmapOutcomeTable {
  roadmap_id: string;
  outcome_id: string;
}
export interface RoadmapCountryTable {
  roadmap_id: string;
  country_code: string;
  role: 'lead' | 'participant';
}
export interface RoadmapOrganisationTable {
  roadmap_id: string;
  organisation_id: string;
}
export interface RoadmapActionTable {
  id: Generated<string>;
  roadmap_id: string;
  title: Json<Localized>;
  responsible_country: string | null;
  responsible_organisation: string | null;
  due_date: string | null;
  status: Generated<CmActionStatus>;
  position: Generated<number>;
  created_at: Stamp;
  updated_at: Stamp;
}
export interface ActionPracticeTable {
  action_id: string;
  practice_id: string;
}
export interface ActionUpdateTable {
  id: Generated<string>;
  action_id: string;
  update_date: string;
  text: string;
  evidence_url: string | null;
  status_after: CmActionStatus | null;
  author_user_id: string | null;
  author_label: string;
  created_at: Stamp;
}
export interface ActionEvidenceFileTable extends UploadedFileColumns {
  id: Generated<string>;
  action_id: string;
  update_id: string | null;
}
export interface MeetingDocumentTable {
  id: Generated<string>;
  meeting_id: string;
  kind: 'communique' | 'report' | 'agenda' | 'other';
  language: string;
  title: string;
  sha256: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  uploaded_by: string | null;
  uploaded_at: Stamp;
}
export interface MeetingParticipantTable {
  id: Generated<string>;
  meeting_id: string;
  position: number;
  section: string | null;
  represents: string;
  name: string;
  job_title: string | null;
  institution: string | null;
}
export interface PledgeTable {
  id: Generated<string>;
  title: Json<Localized>;
  description: ColumnType<Localized, string | undefined, string>;
  kind: 'financial' | 'technical' | 'policy' | 'process';
  jointly: Generated<boolean>;
  matches_pledge_id: string | null;
  meeting_id: string | null;
  target: string | null;
  status: Generated<CmActionStatus>;
  is_public: Generated<boolean>;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export interface PledgeCountryTable {
  pledge_id: string;
  country_code: string;
}
export interface PledgeOrganisationTable {
  pledge_id: string;
  organisation_id: string;
}
export interface PledgeObjectiveTable {
  pledge_id: string;
  objective: number;
}
export interface PledgeProgressTable {
  id: Generated<string>;
  pledge_id: string;
  report_date: string;
  text: string;
  evidence_url: string | null;
  author_user_id: string | null;
  author_label: string;
  created_at: Stamp;
}
export interface ActionReminderTable {
  action_id: string;
  user_id: string;
  sent_on: string;
  sent_at: Stamp;
}
export interface CommitmentsSeedGapTable {
  source: string;
  item_key: string;
  field: string;
  value: string;
  reason: string;
  recorded_at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    meeting: MeetingTable;
    meeting_country: MeetingCountryTable;
    meeting_organisation: MeetingOrganisationTable;
    outcome: OutcomeTable;
    outcome_objective: OutcomeObjectiveTable;
    roadmap: RoadmapTable;
    roadmap_objective: RoadmapObjectiveTable;
    roadmap_outcome: RoadmapOutcomeTable;
    roadmap_country: RoadmapCountryTable;
    roadmap_organisation: RoadmapOrganisationTable;
    roadmap_action: RoadmapActionTable;
    action_practice: ActionPracticeTable;
    action_update: ActionUpdateTable;
    action_evidence_file: ActionEvidenceFileTable;
    meeting_document: MeetingDocumentTable;
    meeting_participant: MeetingParticipantTable;
    pledge: PledgeTable;
    pledge_country: PledgeCountryTable;
    pledge_organisation: PledgeOrganisationTable;
    pledge_objective: PledgeObjectiveTable;
    pledge_progress: PledgeProgressTable;
    action_reminder: ActionReminderTable;
    commitments_seed_gap: CommitmentsSeedGapTable;
  }
}
