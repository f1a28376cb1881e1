import type { Generated } from 'kysely';
import type { Json, Localized, Stamp, Timestamp } from '../../platform/db/schema.ts';

// The observatory module's tables (migrations 0050+), added to the platform's `DB` at the end (why: platform/db/schema.ts).
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
  /** the pg-boss job validating a queued submission (migration 0063) */
  job_id: string | null;
  /** the key of the message a failure is shown with; null: errors.submissionFailed */
  failure_key: string | null;
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
  params: Json<Record<string, string | number | Record<string, string>>>;
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

export interface ObsPopulationTable {
  ref_area: string;
  year: number;
  /** numeric: read as text by node-postgres */
  population_thousands: string;
  net_migration_thousands: string | null;
  source: string;
  loaded_at: Stamp;
}

export interface ObsSourceTable {
  dataflow_id: string;
  country_code: string;
  flow: string;
  producer: Json<Localized> | null;
  producer_country: string;
  compiler: Json<Localized> | null;
  publication_ref: string | null;
  compilation_ref: string | null;
  licence: string | null;
  definition: Json<Localized> | null;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
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
    obs_population: ObsPopulationTable;
    obs_source: ObsSourceTable;
  }
}
