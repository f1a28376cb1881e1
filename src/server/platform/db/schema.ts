import type { ColumnType, Generated } from 'kysely';

/**
 * Table types for Kysely. Each module owns its tables (see its migrations folder);
 * this file only describes their shape so queries are checked at compile time.
 */
export type Localized = Record<string, string>;
type Json<T> = ColumnType<T, T | string, T | string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string | undefined>;

export interface RefCountryTable {
  code: string;
  alpha2: string;
  numeric_code: string;
  name: Json<Localized>;
  memberships: string[];
  updated_at: Stamp;
}
export interface RefGcmObjectiveTable {
  number: number;
  title: Json<Localized>;
  short_title: Json<Localized>;
  updated_at: Stamp;
}
export interface RefGcmPrincipleTable {
  code: string;
  position: number;
  title: Json<Localized>;
  description: Json<Localized | null>;
  updated_at: Stamp;
}
export interface OrganisationTable {
  id: Generated<string>;
  code: string;
  kind: 'state_institution' | 'observer' | 'civil_society' | 'secretariat';
  name: Json<Localized>;
  acronym: string | null;
  country_code: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export type Role = 'admin' | 'secretariat' | 'focal_point' | 'contributor' | 'member_viewer';
export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: Generated<string>;
  password_hash: string | null;
  role: Role;
  country_code: string | null;
  organisation_id: string | null;
  locale: Generated<string>;
  status: Generated<'active' | 'disabled'>;
  created_at: Stamp;
  updated_at: Stamp;
  last_sign_in_at: Timestamp | null;
}
export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Stamp;
  last_seen_at: Stamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}
export interface OneTimeTokenTable {
  id: Generated<string>;
  token_hash: string;
  purpose: 'setup' | 'invitation' | 'password_reset';
  email: string | null;
  user_id: string | null;
  role: Role | null;
  country_code: string | null;
  organisation_id: string | null;
  locale: Generated<string>;
  created_by: string | null;
  created_at: Stamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: Stamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
export interface SignInAttemptTable {
  id: Generated<number>;
  email: string;
  ip: string | null;
  succeeded: boolean;
  at: Stamp;
}
export interface OidcIdentityTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: Stamp;
}
export interface AuditEventTable {
  id: Generated<number>;
  at: Stamp;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  request_id: string | null;
  ip: string | null;
}
export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Stamp;
}

export interface PracticeTable {
  id: Generated<string>;
  slug: string;
  kind: string;
  title: Json<Localized>;
  summary: Json<Localized>;
  description: string | null;
  original_language: string;
  status: 'planned' | 'ongoing' | 'completed' | null;
  period_start: string | null;
  period_end: string | null;
  source: string | null;
  workflow: Generated<'draft' | 'submitted' | 'changes_requested' | 'published' | 'rejected'>;
  validation: Generated<'state' | 'stakeholder'>;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
  published_at: Timestamp | null;
  version: Generated<number>;
  search_es: ColumnType<string, never, never>;
  search_en: ColumnType<string, never, never>;
  title_plain: ColumnType<string, never, never>;
  lead_institution: string | null;
  partners: string | null;
  target_groups: Generated<string[]>;
  links: ColumnType<{ url: string; label: string | null }[], string | undefined, string>;
  benefit: ColumnType<Localized, string | undefined, string>;
  impact: ColumnType<Localized, string | undefined, string>;
  evaluated: boolean | null;
  evaluation_url: string | null;
  contact: string | null;
  owner_country: string | null;
  owner_organisation: string | null;
  review_comment: string | null;
  endorsed_by: string | null;
  endorsed_at: Timestamp | null;
  /** Copies of the link tables, kept by triggers (practices migration 0032): never written by code. */
  country_codes: ColumnType<string[], never, never>;
  organisation_ids: ColumnType<string[], never, never>;
  objective_numbers: ColumnType<number[], never, never>;
  principle_codes: ColumnType<string[], never, never>;
  facet_keys: ColumnType<string[], never, never>;
}
export interface PracticeVersionTable {
  practice_id: string;
  version: number;
  snapshot: Json<unknown>;
  workflow: string;
  changed_by: string | null;
  changed_by_label: string;
  changed_at: Stamp;
  note: string | null;
}
export interface PracticeAttachmentTable {
  id: Generated<string>;
  practice_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  created_by: string | null;
  created_at: Stamp;
}
export interface PracticeCountryTable {
  practice_id: string;
  country_code: string;
}
export interface PracticeOrganisationTable {
  practice_id: string;
  organisation_id: string;
  role: Generated<'lead' | 'implementer' | 'partner'>;
}
export interface PracticeObjectiveTable {
  practice_id: string;
  objective: number;
  is_primary: Generated<boolean>;
}
export interface PracticePrincipleTable {
  practice_id: string;
  principle: string;
}
export interface PracticeLexiconTable {
  word: string;
}

// --- observatory (module src/server/modules/observatory; migrations 0050+) ----------------
export interface ObsCodelistTable {
  id: string;
  name: Json<Localized>;
  updated_at: Stamp;
}
export interface ObsCodeTable {
  codelist_id: string;
  code: string;
  name: Json<Localized>;
  parent: string | null;
  is_aggregate: Generated<boolean>;
  position: Generated<number>;
}
export interface ObsDataflowTable {
  id: string;
  agency: string;
  version: string;
  name: Json<Localized>;
  frequency: 'M' | 'Q' | 'A';
  unit: string;
  suppression_threshold: Generated<number>;
  updated_at: Stamp;
}
export interface ObsDimensionTable {
  dataflow_id: string;
  id: string;
  position: number;
  name: Json<Localized>;
  codelist_id: string | null;
}
export interface ObsCodeMappingTable {
  dataflow_id: string;
  country_code: string;
  dimension_id: string;
  national_code: string;
  code: string;
  created_at: Stamp;
}
export interface ObsColumnMappingTable {
  dataflow_id: string;
  country_code: string;
  name: string;
  mapping: Json<{ columns?: Record<string, string>; constants?: Record<string, string>; codes?: Record<string, Record<string, string>> }>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export type ObsSubmissionStatus = 'validating' | 'validated' | 'submitted' | 'applied' | 'rejected' | 'returned' | 'failed';
export interface ObsSubmissionTable {
  id: Generated<string>;
  dataflow_id: string;
  country_code: string | null;
  user_id: string | null;
  user_label: string;
  file_name: string;
  file_sha256: string;
  file_kind: 'csv' | 'xlsx' | 'json';
  mapping: Json<unknown>;
  status: ObsSubmissionStatus;
  idempotency_key: string | null;
  rows_read: Generated<number>;
  error_count: Generated<number>;
  warning_count: Generated<number>;
  info_count: Generated<number>;
  preview: Json<unknown>;
  applied_counts: Json<unknown> | null;
  created_at: Stamp;
  applied_at: Timestamp | null;
  applied_by: string | null;
  mode: Generated<'merge' | 'replace'>;
  phase: Generated<'queued' | 'reading' | 'checking' | 'done' | 'failed'>;
  bytes_total: Generated<number>;
  bytes_read: Generated<number>;
  rows_valid: Generated<number>;
  stage_table: string | null;
  stage_rows: number | null;
  structure_hash: string | null;
  state_checksum: string | null;
  diff: Json<unknown> | null;
  failure: string | null;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_comment: string | null;
}
export interface ObsSeriesStateTable {
  dataflow_id: string;
  ref_area: string;
  version: Generated<number>;
  updated_at: Timestamp;
}
export interface ObsSubmissionMessageTable {
  submission_id: string;
  seq: number;
  severity: 'error' | 'warning' | 'info';
  row_number: number | null;
  column_name: string | null;
  value: string | null;
  key: string;
  params: Json<Record<string, string | number>>;
}
export interface ObsObservationTable {
  id: Generated<number>;
  dataflow_id: string;
  ref_area: string;
  flow: string;
  citizenship: string;
  counterpart_area: string;
  sex: string;
  age: string;
  disability: string;
  ethnicity: string;
  location: string;
  time_period: string;
  obs_value: number;
  obs_status: Generated<string>;
  comment: string | null;
  submission_id: string;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
}
export interface ObsRollupTable {
  dataflow_id: string;
  ref_area: string;
  flow: string;
  time_period: string;
  obs_value: number;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
}
export interface ObsReleaseTable {
  id: Generated<string>;
  dataflow_id: string;
  country_code: string;
  level: 'members' | 'public';
  cutoff: Timestamp;
  release_at: Timestamp;
  note: string | null;
  created_by: string | null;
  created_at: Stamp;
}
export type ObsVisibility = 'country' | 'members' | 'public';
export interface ObsCountryPolicyTable {
  dataflow_id: string;
  country_code: string;
  visibility: ObsVisibility;
  auto_approve: boolean;
  updated_by: string | null;
  updated_at: Stamp;
}
export interface ObsReleaseCalendarTable {
  id: Generated<string>;
  dataflow_id: string;
  country_code: string;
  release_at: Timestamp;
  level: 'members' | 'public';
  note: string | null;
  status: Generated<'scheduled' | 'released' | 'cancelled' | 'skipped'>;
  reason: string | null;
  release_id: string | null;
  created_by: string | null;
  created_at: Stamp;
  done_at: Timestamp | null;
}
// --- end observatory ---------------------------------------------------------------------

// --- commitments (module src/server/modules/commitments; migrations 0040+) --------------
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
export interface ActionEvidenceFileTable {
  id: Generated<string>;
  action_id: string;
  update_id: string | null;
  sha256: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  created_by: string | null;
  created_at: Stamp;
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
// --- end commitments ---------------------------------------------------------------------

export interface DB {
  practice: PracticeTable;
  practice_country: PracticeCountryTable;
  practice_organisation: PracticeOrganisationTable;
  practice_objective: PracticeObjectiveTable;
  practice_principle: PracticePrincipleTable;
  practice_lexicon: PracticeLexiconTable;
  practice_version: PracticeVersionTable;
  practice_attachment: PracticeAttachmentTable;
  ref_country: RefCountryTable;
  ref_gcm_objective: RefGcmObjectiveTable;
  ref_gcm_principle: RefGcmPrincipleTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  one_time_token: OneTimeTokenTable;
  api_token: ApiTokenTable;
  sign_in_attempt: SignInAttemptTable;
  oidc_identity: OidcIdentityTable;
  audit_event: AuditEventTable;
  schema_migration: SchemaMigrationTable;
  // observatory
  obs_codelist: ObsCodelistTable;
  obs_code: ObsCodeTable;
  obs_dataflow: ObsDataflowTable;
  obs_dimension: ObsDimensionTable;
  obs_code_mapping: ObsCodeMappingTable;
  obs_column_mapping: ObsColumnMappingTable;
  obs_submission: ObsSubmissionTable;
  obs_submission_message: ObsSubmissionMessageTable;
  obs_series_state: ObsSeriesStateTable;
  obs_observation: ObsObservationTable;
  obs_rollup: ObsRollupTable;
  obs_release: ObsReleaseTable;
  obs_country_policy: ObsCountryPolicyTable;
  obs_release_calendar: ObsReleaseCalendarTable;
  // commitments
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
