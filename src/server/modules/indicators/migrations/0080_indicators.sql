-- GCM indicators (issue 18): the catalogue (current row + every version) and the values,
-- each value a revision that is superseded, never overwritten, so any past answer can be
-- given again (as-of, like the data API).

create table ind_indicator (
  code text primary key check (code ~ '^[A-Z0-9][A-Za-z0-9._-]{1,59}$'),
  -- {"es": text | null, "en": text}: es null means "no official Spanish wording" (never invented)
  name jsonb not null,
  name_es_draft boolean not null default false,
  -- the provenance of the Spanish name as the source states it ("official UN title…", "draft translation…")
  name_es_status text,
  objectives smallint[] not null default '{}',
  sdg text,
  sdg_series text[] not null default '{}',
  type text not null check (type in ('count', 'rate', 'share', 'ratio', 'index', 'policy_presence')),
  unit text not null default '',
  direction text not null default 'none' check (direction in ('increase', 'decrease', 'none')),
  -- why that direction (the seed's basis, or the secretariat's note)
  direction_basis text,
  disaggregations text[] not null default '{}',
  -- {"en": text, "es": text | null}
  definition jsonb not null default '{}'::jsonb,
  custodian text,
  typical_source text,
  -- how values arrive: any of computed, reported, imported
  arrival text[] not null default '{}',
  official boolean not null,
  official_status text,
  in_a79590 text,
  confidence text,
  sources text[] not null default '{}',
  mapping_basis text,
  notes text,
  -- the catalogue's statement about MIG_FLOWS: {"computable": "yes"|"partial"|"no", "how", "gaps"}
  mig_flows jsonb not null default '{}'::jsonb,
  -- the computation as data (computed.ts) for indicators computed from released data; null otherwise
  computation jsonb,
  retired boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index ind_indicator_objectives on ind_indicator using gin (objectives);

-- Every version of a catalogue entry, the first included (the whole row as it was).
create table ind_indicator_version (
  code text not null references ind_indicator(code) on delete cascade,
  version integer not null,
  data jsonb not null,
  change text not null check (change in ('seed', 'create', 'edit', 'retire', 'restore')),
  actor_id uuid,
  actor_label text not null default 'system',
  at timestamptz not null default now(),
  primary key (code, version)
);

create table ind_value (
  id bigserial primary key,
  code text not null references ind_indicator(code),
  -- ISO 3166-1 alpha-3, or REG for the region as a whole
  country text not null check (country ~ '^[A-Z]{3}$'),
  period text not null check (period ~ '^[0-9]{4}$'),
  -- {} for the total; otherwise dimension → code, e.g. {"SEX": "F"}
  disaggregation jsonb not null default '{}'::jsonb check (jsonb_typeof(disaggregation) = 'object'),
  value numeric,
  answer text check (answer in ('yes', 'partial', 'no')),
  narrative text,
  evidence text,
  origin text not null check (origin in ('computed', 'reported', 'imported')),
  status text not null check (status in ('provisional', 'validated', 'rejected')),
  -- {releases?: [ids], file?, note?, evidenceUrl?}
  source jsonb not null default '{}'::jsonb,
  recorded_by uuid,
  recorded_at timestamptz not null default now(),
  superseded_at timestamptz,
  check (superseded_at is null or superseded_at >= recorded_at)
);
-- one current revision per indicator, country, period and disaggregation
create unique index ind_value_current on ind_value (code, country, period, disaggregation) where superseded_at is null;
create index ind_value_series on ind_value (code, country, period);
create index ind_value_recorded on ind_value (recorded_at);

-- A revision's status changes (validated, rejected) with their moment, so an as-of answer
-- uses the status the value had then; ind_value.status is the current one.
create table ind_value_status (
  revision_id bigint not null references ind_value(id) on delete cascade,
  status text not null check (status in ('provisional', 'validated', 'rejected')),
  at timestamptz not null default now(),
  by_user uuid,
  by_label text not null default 'system'
);
create index ind_value_status_revision on ind_value_status (revision_id, at);
