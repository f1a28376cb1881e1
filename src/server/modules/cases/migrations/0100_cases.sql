-- The restricted exchange of missing-person reports and unidentified remains (docs/adr/0014).
-- Personal fields live only as AES-256-GCM ciphertext (`*_ct`, with the id of the key that
-- wrote them); what is in clear is the coarse comparison the matching needs. No text index
-- on any of these tables: nothing here may be searchable by words.

-- Capacities granted to named accounts of a country: proposed by that country's focal point,
-- active once confirmed by the secretariat, until revoked.
create table case_grant (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id) on delete cascade,
  country_code char(3) not null references ref_country(code),
  capacity text not null check (capacity in ('search_authority', 'forensic_service')),
  proposed_by uuid references app_user(id) on delete set null,
  proposed_at timestamptz not null default now(),
  confirmed_by uuid references app_user(id) on delete set null,
  confirmed_at timestamptz,
  revoked_by uuid references app_user(id) on delete set null,
  revoked_at timestamptz
);
-- One live grant per account, country and capacity (a revoked one may be proposed again).
create unique index case_grant_live_idx on case_grant (user_id, country_code, capacity) where revoked_at is null;

create table case_record (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('report', 'remains')),
  country_code char(3) not null references ref_country(code),
  author_user_id uuid references app_user(id) on delete set null,
  -- The authority's own reference: a code (no spaces, so no name fits), shown to its country only.
  case_ref text not null check (case_ref ~ '^[A-Za-z0-9][A-Za-z0-9/_.-]{1,39}$'),
  status text not null,
  status_at timestamptz not null default now(),
  -- comparison fields (clear, coarse)
  sex char(1) not null check (sex in ('F', 'M', 'U')),
  age_min smallint not null check (age_min between 0 and 120),
  age_max smallint not null check (age_max between age_min and 120),
  height_min smallint check (height_min between 30 and 250),
  height_max smallint check (height_max between height_min and 250),
  -- report: last contact; remains: found
  event_date date not null,
  -- coarse: rounded to 0.1 degree (about 11 km) before it is stored
  lat double precision check (lat between -90 and 90),
  lon double precision check (lon between -180 and 180),
  -- report: the route's points (coarse), as [[lat, lon], …]
  route_points jsonb not null default '[]'::jsonb,
  destination_country char(3) references ref_country(code),
  pmi_min_days integer check (pmi_min_days >= 0),
  pmi_max_days integer check (pmi_max_days >= pmi_min_days),
  incident_id uuid references inc_incident(id) on delete set null,
  mark_codes text[] not null default '{}',
  belonging_codes text[] not null default '{}',
  dna_sample boolean not null default false,
  -- sharing: the family's consent (report) or the author's choice (remains)
  share_countries char(3)[] not null default '{}',
  consent_date date,
  -- personal fields: ciphertext only (iv ‖ tag ‖ data), null once erased
  personal_ct bytea,
  family_ct bytea,
  key_id text,
  withdrawn_at timestamptz,
  erased_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'report' and status in ('open', 'located_alive', 'identified', 'closed'))
      or (kind = 'remains' and status in ('unidentified', 'identified', 'closed'))),
  check (kind = 'report' or family_ct is null),
  check (key_id is not null or (personal_ct is null and family_ct is null))
);
create index case_record_country_idx on case_record (country_code, kind, created_at desc);
-- The candidate search's first cut: open remains by sex and date found.
create index case_record_match_idx on case_record (kind, sex, event_date) where withdrawn_at is null and erased_at is null;
create index case_record_share_idx on case_record using gin (share_countries);

-- Every status change, sharing change and withdrawal of a record (no personal field).
create table case_event (
  id bigserial primary key,
  record_id uuid not null references case_record(id) on delete cascade,
  at timestamptz not null default now(),
  user_id uuid references app_user(id) on delete set null,
  country_code char(3),
  action text not null,
  detail jsonb not null default '{}'::jsonb
);
create index case_event_record_idx on case_event (record_id, at);

-- Every read of a record, and every opening of a candidate, with the reason given (encrypted:
-- a reason may name someone).
create table case_access (
  id bigserial primary key,
  record_id uuid not null references case_record(id) on delete cascade,
  user_id uuid references app_user(id) on delete set null,
  country_code char(3) not null,
  at timestamptz not null default now(),
  view text not null check (view in ('full', 'comparison', 'candidate')),
  reason_ct bytea not null,
  key_id text not null
);
create index case_access_record_idx on case_access (record_id, at);

-- A candidate both sides act on: who opened it (with a reason, in case_access), and its mark.
create table case_candidate (
  report_id uuid not null references case_record(id) on delete cascade,
  remains_id uuid not null references case_record(id) on delete cascade,
  report_opened_at timestamptz,
  report_opened_by uuid references app_user(id) on delete set null,
  remains_opened_at timestamptz,
  remains_opened_by uuid references app_user(id) on delete set null,
  mark text check (mark in ('examining', 'excluded', 'confirmed')),
  marked_at timestamptz,
  marked_by uuid references app_user(id) on delete set null,
  marked_country char(3),
  primary key (report_id, remains_id)
);
create index case_candidate_remains_idx on case_candidate (remains_id);
