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
}
