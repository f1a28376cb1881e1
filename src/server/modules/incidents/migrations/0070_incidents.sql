-- Missing migrants: event-level records of deaths and disappearances during migration
-- (IOM's Missing Migrants Project model), the source of SDG 10.7.3 and GCM objective 8.
-- Not an aggregate cube: one row per incident, every change kept as a revision.

-- IOM's route families; an editable list (the secretariat adds a route when IOM does).
create table inc_route (
  name text primary key,
  label jsonb not null default '{}'::jsonb,
  position integer not null default 0
);

create table inc_incident (
  id uuid primary key default gen_random_uuid(),
  -- IOM's "Main ID" when the record came from an IOM export: a newer export updates by it.
  main_id text unique,
  -- The key of a record that came from a file without IDs (the shipped tidy copy: file + row).
  source_key text unique,
  incident_date date not null,
  date_precision text not null default 'day' check (date_precision in ('day', 'month')),
  country_code char(3),
  region text,
  place text,
  lat double precision check (lat between -90 and 90),
  lon double precision check (lon between -180 and 180),
  route text references inc_route(name) on update cascade,
  -- Dead and missing apart when the source splits them; otherwise only their sum, and
  -- `split` says which (SDG 10.7.3 counts the sum either way).
  dead integer check (dead >= 0),
  missing integer check (missing >= 0),
  dead_and_missing integer not null check (dead_and_missing >= 0),
  split boolean not null,
  survivors integer check (survivors >= 0),
  females integer check (females >= 0),
  males integer check (males >= 0),
  children integer check (children >= 0),
  -- [{code: ISO3 or "UNK", count: integer | null}]; the older IOM layout names only a region
  origins jsonb not null default '[]'::jsonb,
  origin_codes text[] not null default '{}',
  origin_region text,
  cause text,
  incident_type text not null default 'incident' check (incident_type in ('incident', 'split', 'cumulative')),
  info_source text,
  source_quality smallint check (source_quality between 1 and 5),
  url text,
  -- reported (visible to signed-in members and its author) → verified (public)
  status text not null default 'reported' check (status in ('reported', 'verified', 'withdrawn')),
  recorded_by uuid,
  recorded_by_label text not null default '',
  recorder_country char(3),
  recorder_organisation uuid,
  verified_by uuid,
  verified_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index inc_incident_date on inc_incident (incident_date);
create index inc_incident_country on inc_incident (country_code, incident_date);
create index inc_incident_origin on inc_incident using gin (origin_codes);
create index inc_incident_status on inc_incident (status);

-- Every version of a record, the first included: who changed what, when, and why.
create table inc_incident_revision (
  incident_id uuid not null references inc_incident(id) on delete cascade,
  version integer not null,
  at timestamptz not null default now(),
  actor_label text not null,
  change text not null,
  data jsonb not null,
  primary key (incident_id, version)
);

-- A validated file waiting for confirmation: what it will add and change, applied in one
-- transaction when confirmed (the same "validate whole, show, confirm, apply" as the flows).
create table inc_import (
  id uuid primary key default gen_random_uuid(),
  user_id uuid,
  file_name text not null,
  layout text not null,
  status text not null check (status in ('validated', 'refused', 'applied')),
  rows jsonb not null default '[]'::jsonb,
  report jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  applied_at timestamptz
);
