-- The cooperation hub: countries' requests for support, countries' and organisations' offers,
-- and the cooperations that link a request to the party that helps (issue 22).
-- Objectives, kinds and target groups are arrays on the row (GIN-indexed): matching is an
-- overlap test on them, and the service checks objective numbers against ref_gcm_objective.

create table coop_request (
  id uuid primary key default gen_random_uuid(),
  country_code char(3) not null references ref_country(code),
  title jsonb not null,
  description jsonb not null default '{}',
  objectives int[] not null check (cardinality(objectives) between 1 and 23),
  target_groups text[] not null default '{}',
  kinds text[] not null check (cardinality(kinds) >= 1 and kinds <@ array['technical_assistance','training','exchange','data_tools','funding']),
  timeframe text check (length(timeframe) <= 300),
  contact text check (length(contact) <= 300),
  visibility text not null default 'members' check (visibility in ('members','public')),
  status text not null default 'draft' check (status in ('draft','published','closed')),
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz
);
create index coop_request_objectives_idx on coop_request using gin (objectives);
create index coop_request_country_idx on coop_request (country_code, status);

create table coop_offer (
  id uuid primary key default gen_random_uuid(),
  -- Offered by a country or by an organisation: exactly one.
  country_code char(3) references ref_country(code),
  organisation_id uuid references organisation(id),
  title jsonb not null,
  description jsonb not null default '{}',
  conditions jsonb not null default '{}',
  objectives int[] not null check (cardinality(objectives) between 1 and 23),
  target_groups text[] not null default '{}',
  kinds text[] not null check (cardinality(kinds) >= 1 and kinds <@ array['technical_assistance','training','exchange','data_tools','funding']),
  contact text check (length(contact) <= 300),
  visibility text not null default 'public' check (visibility in ('members','public')),
  status text not null default 'draft' check (status in ('draft','published','closed')),
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  check ((country_code is null) <> (organisation_id is null))
);
create index coop_offer_objectives_idx on coop_offer using gin (objectives) where status = 'published';
create index coop_offer_kinds_idx on coop_offer using gin (kinds) where status = 'published';
create index coop_offer_owner_idx on coop_offer (organisation_id, country_code);

-- A request, the party that helps (a country or an organisation), optionally the offer it
-- answers with, and how far it went. One per request and party.
create table cooperation (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references coop_request(id) on delete cascade,
  offer_id uuid references coop_offer(id),
  partner_country char(3) references ref_country(code),
  partner_organisation uuid references organisation(id),
  status text not null default 'proposed' check (status in ('proposed','agreed','in_progress','completed','dropped')),
  requester_interest_at timestamptz,
  partner_interest_at timestamptz,
  roadmap_action_id uuid references roadmap_action(id) on delete set null,
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((partner_country is null) <> (partner_organisation is null))
);
create unique index cooperation_party_idx on cooperation (request_id, coalesce(partner_country::text, partner_organisation::text));
create index cooperation_partner_country_idx on cooperation (partner_country);
create index cooperation_partner_org_idx on cooperation (partner_organisation);

-- The history of requests, offers and cooperations: every status change and note, by whom.
create table coop_history (
  id bigserial primary key,
  entity_type text not null check (entity_type in ('request','offer','cooperation')),
  entity_id uuid not null,
  status text not null,
  note text check (length(note) <= 2000),
  actor_user_id uuid references app_user(id),
  actor_label text not null,
  at timestamptz not null default now()
);
create index coop_history_entity_idx on coop_history (entity_id, at);
