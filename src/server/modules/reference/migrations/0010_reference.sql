-- Reference vocabularies, owned by the reference module and edited by the secretariat.
create table ref_country (
  code char(3) primary key check (code ~ '^[A-Z]{3}$'),   -- ISO 3166-1 alpha-3
  alpha2 char(2) not null unique,
  numeric_code char(3) not null,
  name jsonb not null,                                   -- {"es": "...", "en": "..."}
  memberships text[] not null default '{}' check (memberships <@ array['CRM','CSM']),
  updated_at timestamptz not null default now()
);
create index ref_country_membership_idx on ref_country using gin (memberships);

create table ref_gcm_objective (
  number int primary key check (number between 1 and 23),
  title jsonb not null,
  short_title jsonb not null,
  updated_at timestamptz not null default now()
);

create table ref_gcm_principle (
  code text primary key,                                 -- 'a'..'j' as in A/RES/73/195 para 15
  position int not null unique,
  title jsonb not null,
  description jsonb,
  updated_at timestamptz not null default now()
);
