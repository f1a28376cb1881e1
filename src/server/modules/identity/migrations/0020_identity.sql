-- Accounts, organisations, sessions and tokens.
create table organisation (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'),
  kind text not null check (kind in ('state_institution','observer','civil_society','secretariat')),
  name jsonb not null,
  acronym text,
  country_code char(3) references ref_country(code),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'state_institution' or country_code is not null)
);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  display_name text not null default '',
  password_hash text,                 -- argon2id PHC string; null for SSO-only or not yet set
  role text not null check (role in ('admin','secretariat','focal_point','contributor','member_viewer')),
  country_code char(3) references ref_country(code),
  organisation_id uuid references organisation(id),
  locale text not null default 'es' check (locale in ('es','en','pt','fr')),
  status text not null default 'active' check (status in ('active','disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  check (role <> 'focal_point' or country_code is not null),
  check (role <> 'contributor' or organisation_id is not null)
);
create unique index app_user_email_idx on app_user (lower(email));

create table user_session (
  token_hash text primary key,        -- sha256 of the cookie value; the value itself is never stored
  user_id uuid not null references app_user(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index user_session_user_idx on user_session (user_id);
create index user_session_expires_idx on user_session (expires_at);

-- Single-use links: the first administrator's set-up link, invitations, password resets.
create table one_time_token (
  id uuid not null unique default gen_random_uuid(),
  token_hash text primary key,
  purpose text not null check (purpose in ('setup','invitation','password_reset')),
  email text,
  user_id uuid references app_user(id) on delete cascade,
  role text,
  country_code char(3) references ref_country(code),
  organisation_id uuid references organisation(id),
  locale text not null default 'es',
  created_by uuid references app_user(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table api_token (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id) on delete cascade,
  name text not null,
  prefix text not null,               -- first characters, shown so people can tell tokens apart
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_token_user_idx on api_token (user_id);

create table sign_in_attempt (
  id bigserial primary key,
  email text not null,
  ip text,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index sign_in_attempt_email_idx on sign_in_attempt (lower(email), at);

create table oidc_identity (
  issuer text not null,
  subject text not null,
  user_id uuid not null references app_user(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (issuer, subject)
);
