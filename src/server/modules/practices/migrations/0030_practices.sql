-- The practices repository: practices, policies, tools… tied to countries, organisations,
-- GCM objectives and principles, with accent- and language-aware search.

-- unaccent() is only STABLE; an immutable wrapper (fixed dictionary) lets it be used in
-- generated columns and indexes.
create or replace function obs_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Spanish and English stemming that ignore accents ("regularizacion" = "Regularización").
do $$ begin
  if not exists (select 1 from pg_ts_config where cfgname = 'obs_es') then
    create text search configuration obs_es (copy = pg_catalog.spanish);
    alter text search configuration obs_es alter mapping for hword, hword_part, word with public.unaccent, spanish_stem;
  end if;
  if not exists (select 1 from pg_ts_config where cfgname = 'obs_en') then
    create text search configuration obs_en (copy = pg_catalog.english);
    alter text search configuration obs_en alter mapping for hword, hword_part, word with public.unaccent, english_stem;
  end if;
end $$;

create table practice (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,120}$'),
  kind text not null check (kind in ('good_practice','policy','tool','programme','protocol','campaign','study')),
  title jsonb not null,                 -- {"es": "...", "en": "..."}; at least one language
  summary jsonb not null default '{}',
  description text,                     -- Markdown, sanitised on save and on render
  original_language text not null default 'es' check (original_language in ('es','en','pt','fr')),
  status text check (status in ('planned','ongoing','completed')),
  period_start date,
  period_end date,
  source text,
  workflow text not null default 'draft' check (workflow in ('draft','submitted','changes_requested','published','rejected')),
  validation text not null default 'state' check (validation in ('state','stakeholder')),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  version int not null default 1,
  -- Title words weigh more than summary and description words (ranking A > B > C).
  search_es tsvector generated always as (
    setweight(to_tsvector('obs_es', coalesce(title->>'es','') || ' ' || coalesce(title->>'en','')), 'A') ||
    setweight(to_tsvector('obs_es', coalesce(summary->>'es','')), 'B') ||
    setweight(to_tsvector('obs_es', coalesce(description,'')), 'C')
  ) stored,
  search_en tsvector generated always as (
    setweight(to_tsvector('obs_en', coalesce(title->>'en','') || ' ' || coalesce(title->>'es','')), 'A') ||
    setweight(to_tsvector('obs_en', coalesce(summary->>'en','')), 'B') ||
    setweight(to_tsvector('obs_en', coalesce(description,'')), 'C')
  ) stored,
  title_plain text generated always as (lower(obs_unaccent(coalesce(title->>'es','') || ' ' || coalesce(title->>'en','')))) stored,
  check (period_end is null or period_start is null or period_end >= period_start)
);
create index practice_search_es_idx on practice using gin (search_es);
create index practice_search_en_idx on practice using gin (search_en);
create index practice_title_trgm_idx on practice using gin (title_plain gin_trgm_ops);
create index practice_workflow_idx on practice (workflow, published_at desc);

create table practice_country (
  practice_id uuid not null references practice(id) on delete cascade,
  country_code char(3) not null references ref_country(code),
  primary key (practice_id, country_code)
);
create index practice_country_code_idx on practice_country (country_code);

create table practice_organisation (
  practice_id uuid not null references practice(id) on delete cascade,
  organisation_id uuid not null references organisation(id),
  role text not null default 'implementer' check (role in ('lead','implementer','partner')),
  primary key (practice_id, organisation_id)
);

create table practice_objective (
  practice_id uuid not null references practice(id) on delete cascade,
  objective int not null references ref_gcm_objective(number),
  is_primary boolean not null default false,
  primary key (practice_id, objective)
);
create index practice_objective_idx on practice_objective (objective);

create table practice_principle (
  practice_id uuid not null references practice(id) on delete cascade,
  principle text not null references ref_gcm_principle(code),
  primary key (practice_id, principle)
);

-- Words of the trigram vocabulary, for typo tolerance ("regularizasion" → "regularizacion").
create table practice_lexicon (
  word text primary key
);
create index practice_lexicon_trgm_idx on practice_lexicon using gin (word gin_trgm_ops);
