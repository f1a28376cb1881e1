import type { Generated } from 'kysely';
import type { Json, Localized, Role, Stamp, Timestamp } from '../../platform/db/schema.ts';

// The identity module's tables (migration 0020), added to the platform's `DB` at the end (why: platform/db/schema.ts).
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
  replaced_at: Timestamp | null;
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

declare module '../../platform/db/schema.ts' {
  interface DB {
    organisation: OrganisationTable;
    app_user: AppUserTable;
    user_session: UserSessionTable;
    one_time_token: OneTimeTokenTable;
    api_token: ApiTokenTable;
    sign_in_attempt: SignInAttemptTable;
    oidc_identity: OidcIdentityTable;
  }
}
