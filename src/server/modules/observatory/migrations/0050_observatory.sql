-- Observatory data exchange (seed v2): structures (SDMX in spirit), submissions, observations kept
-- as revisions forever, releases per country, and a rollup of headline totals.

create table obs_codelist (
  id text primary key,
  name jsonb not null,
  updated_at timestamptz not null default now()
);

create table obs_code (
  codelist_id text not null references obs_codelist(id),
  code text not null,
  name jsonb not null,
  -- an aggregate code this one nests in besides _T (Y_LT5 → Y_LT18)
  parent text,
  -- aggregates (Y_LT18, Y_GE18) are totals of other codes, not parts of _T
  is_aggregate boolean not null default false,
  position int not null default 0,
  primary key (codelist_id, code)
);

create table obs_dataflow (
  id text primary key,
  agency text not null,
  version text not null,
  name jsonb not null,
  frequency text not null check (frequency in ('M', 'Q', 'A')),
  unit text not null,
  -- counts 1 .. threshold-1 are suppressed in every public output
  suppression_threshold int not null default 5 check (suppression_threshold >= 1),
  updated_at timestamptz not null default now()
);

create table obs_dimension (
  dataflow_id text not null references obs_dataflow(id),
  id text not null,
  position int not null,
  name jsonb not null,
  -- null: TIME_PERIOD, or a code list each country manages (LOCATION: prefixed by its alpha-3)
  codelist_id text references obs_codelist(id),
  primary key (dataflow_id, id)
);

-- National codes to regional ones (OOO → _U). country_code '*' applies to every country.
create table obs_code_mapping (
  dataflow_id text not null references obs_dataflow(id),
  country_code text not null,
  dimension_id text not null,
  national_code text not null,
  code text not null,
  created_at timestamptz not null default now(),
  primary key (dataflow_id, country_code, dimension_id, national_code)
);

create table obs_submission (
  id uuid primary key default gen_random_uuid(),
  dataflow_id text not null references obs_dataflow(id),
  country_code text,
  user_id uuid references app_user(id),
  user_label text not null,
  file_name text not null,
  file_sha256 text not null,
  file_kind text not null check (file_kind in ('csv', 'xlsx', 'json')),
  mapping jsonb not null,
  status text not null check (status in ('validated', 'applied', 'rejected')),
  idempotency_key text,
  rows_read int not null default 0,
  error_count int not null default 0,
  warning_count int not null default 0,
  preview jsonb not null default '[]',
  applied_counts jsonb,
  created_at timestamptz not null default now(),
  applied_at timestamptz,
  applied_by uuid references app_user(id)
);
create unique index obs_submission_idem on obs_submission (user_id, idempotency_key) where idempotency_key is not null;
create index obs_submission_country on obs_submission (country_code, created_at desc);

-- The messages of a validation (key + parameters, translated when read), capped per submission.
create table obs_submission_message (
  submission_id uuid not null references obs_submission(id) on delete cascade,
  seq int not null,
  severity text not null check (severity in ('error', 'warning')),
  row_number int,
  column_name text,
  value text,
  key text not null,
  params jsonb not null default '{}',
  primary key (submission_id, seq)
);
create index obs_submission_message_row on obs_submission_message (submission_id, row_number);

-- One row per revision of one observation. A figure is never updated or deleted: a
-- correction closes the current revision (valid_to) and inserts the new one.
create table obs_observation (
  id bigserial primary key,
  dataflow_id text not null references obs_dataflow(id),
  ref_area text not null,
  flow text not null,
  citizenship text not null,
  counterpart_area text not null,
  sex text not null,
  age text not null,
  disability text not null,
  ethnicity text not null,
  location text not null,
  time_period text not null,
  obs_value bigint not null check (obs_value >= 0),
  obs_status text not null default 'A',
  comment text,
  submission_id uuid not null references obs_submission(id),
  valid_from timestamptz not null,
  valid_to timestamptz
);
create unique index obs_observation_current on obs_observation
  (dataflow_id, ref_area, flow, time_period, citizenship, counterpart_area, sex, age, disability, ethnicity, location)
  where valid_to is null;
create index obs_observation_read on obs_observation (dataflow_id, ref_area, flow, time_period);

-- Headline totals per country × flow × month (every other dimension resolved to its
-- total), versioned like the observations, so regional dashboards never scan raw rows.
create table obs_rollup (
  dataflow_id text not null,
  ref_area text not null,
  flow text not null,
  time_period text not null,
  obs_value bigint not null,
  valid_from timestamptz not null,
  valid_to timestamptz
);
create unique index obs_rollup_current on obs_rollup (dataflow_id, ref_area, flow, time_period) where valid_to is null;
create index obs_rollup_read on obs_rollup (dataflow_id, ref_area, flow, time_period, valid_from);

-- A release publishes a country's figures as they stood at `cutoff`, from `release_at`
-- (the embargo), to member states or to the public.
create table obs_release (
  id uuid primary key default gen_random_uuid(),
  dataflow_id text not null references obs_dataflow(id),
  country_code text not null,
  level text not null check (level in ('members', 'public')),
  cutoff timestamptz not null,
  release_at timestamptz not null,
  note text,
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  check (release_at >= cutoff)
);
create index obs_release_country on obs_release (dataflow_id, country_code, release_at desc);
