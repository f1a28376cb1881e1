-- Forums, their outcomes, the roadmaps and pledges that follow from them, and the
-- progress of every action. Translated texts are {es, en, …} JSON values.

create table meeting (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9][a-z0-9-]{1,120}$'),
  kind text not null check (kind in ('plenary','forum','troika','thematic_table','other')),
  title jsonb not null,
  start_date date,
  end_date date,
  host_country char(3) references ref_country(code),
  place text,
  source_document text,
  source_quote text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (end_date is null or start_date is null or end_date >= start_date)
);

create table meeting_country (
  meeting_id uuid not null references meeting(id) on delete cascade,
  country_code char(3) not null references ref_country(code),
  primary key (meeting_id, country_code)
);
create index meeting_country_code_idx on meeting_country (country_code);

create table meeting_organisation (
  meeting_id uuid not null references meeting(id) on delete cascade,
  organisation_id uuid not null references organisation(id),
  primary key (meeting_id, organisation_id)
);

create table outcome (
  id uuid primary key default gen_random_uuid(),
  key text unique check (key ~ '^[a-z0-9][a-z0-9-]{1,120}$'),
  meeting_id uuid not null references meeting(id) on delete cascade,
  kind text not null check (kind in ('agreement','recommendation','cooperation_idea')),
  text jsonb not null,
  table_label text,                      -- thematic table / session the outcome comes from
  section text,
  source_document text,
  source_quote text,
  position int not null default 0,
  created_at timestamptz not null default now()
);
create index outcome_meeting_idx on outcome (meeting_id, position);

create table outcome_objective (
  outcome_id uuid not null references outcome(id) on delete cascade,
  objective int not null references ref_gcm_objective(number),
  primary key (outcome_id, objective)
);
create index outcome_objective_idx on outcome_objective (objective);

create table roadmap (
  id uuid primary key default gen_random_uuid(),
  title jsonb not null,
  purpose jsonb not null default '{}',
  period_start date,
  period_end date,
  is_public boolean not null default false,
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (period_end is null or period_start is null or period_end >= period_start)
);

create table roadmap_objective (
  roadmap_id uuid not null references roadmap(id) on delete cascade,
  objective int not null references ref_gcm_objective(number),
  primary key (roadmap_id, objective)
);
create index roadmap_objective_idx on roadmap_objective (objective);

create table roadmap_outcome (
  roadmap_id uuid not null references roadmap(id) on delete cascade,
  outcome_id uuid not null references outcome(id),
  primary key (roadmap_id, outcome_id)
);
create index roadmap_outcome_outcome_idx on roadmap_outcome (outcome_id);

-- Lead countries and participating countries of a roadmap.
create table roadmap_country (
  roadmap_id uuid not null references roadmap(id) on delete cascade,
  country_code char(3) not null references ref_country(code),
  role text not null check (role in ('lead','participant')),
  primary key (roadmap_id, country_code)
);
create index roadmap_country_code_idx on roadmap_country (country_code);

create table roadmap_organisation (
  roadmap_id uuid not null references roadmap(id) on delete cascade,
  organisation_id uuid not null references organisation(id),
  primary key (roadmap_id, organisation_id)
);

create table roadmap_action (
  id uuid primary key default gen_random_uuid(),
  roadmap_id uuid not null references roadmap(id) on delete cascade,
  title jsonb not null,
  -- One owner at most; none is allowed and shows as "no owner" on the dashboard.
  responsible_country char(3) references ref_country(code),
  responsible_organisation uuid references organisation(id),
  due_date date,
  status text not null default 'not_started' check (status in ('not_started','in_progress','done','blocked','cancelled')),
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (responsible_country is null or responsible_organisation is null)
);
create index roadmap_action_roadmap_idx on roadmap_action (roadmap_id, position);
create index roadmap_action_country_idx on roadmap_action (responsible_country);
create index roadmap_action_due_idx on roadmap_action (due_date) where status not in ('done','cancelled');

create table action_practice (
  action_id uuid not null references roadmap_action(id) on delete cascade,
  practice_id uuid not null references practice(id) on delete cascade,
  primary key (action_id, practice_id)
);

create table action_update (
  id uuid primary key default gen_random_uuid(),
  action_id uuid not null references roadmap_action(id) on delete cascade,
  update_date date not null,
  text text not null check (length(text) between 1 and 5000),
  evidence_url text check (evidence_url ~ '^https?://'),
  status_after text check (status_after in ('not_started','in_progress','done','blocked','cancelled')),
  author_user_id uuid references app_user(id),
  author_label text not null,
  created_at timestamptz not null default now()
);
create index action_update_action_idx on action_update (action_id, update_date desc, created_at desc);

create table pledge (
  id uuid primary key default gen_random_uuid(),
  title jsonb not null,
  description jsonb not null default '{}',
  kind text not null check (kind in ('financial','technical','policy','process')),
  jointly boolean not null default false,
  matches_pledge_id uuid references pledge(id),
  meeting_id uuid references meeting(id),
  target text,                           -- the measurable target, as pledged
  status text not null default 'not_started' check (status in ('not_started','in_progress','done','blocked','cancelled')),
  is_public boolean not null default false,
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (matches_pledge_id is null or matches_pledge_id <> id)
);

create table pledge_country (
  pledge_id uuid not null references pledge(id) on delete cascade,
  country_code char(3) not null references ref_country(code),
  primary key (pledge_id, country_code)
);
create index pledge_country_code_idx on pledge_country (country_code);

create table pledge_organisation (
  pledge_id uuid not null references pledge(id) on delete cascade,
  organisation_id uuid not null references organisation(id),
  primary key (pledge_id, organisation_id)
);

create table pledge_objective (
  pledge_id uuid not null references pledge(id) on delete cascade,
  objective int not null references ref_gcm_objective(number),
  primary key (pledge_id, objective)
);

create table pledge_progress (
  id uuid primary key default gen_random_uuid(),
  pledge_id uuid not null references pledge(id) on delete cascade,
  report_date date not null,
  text text not null check (length(text) between 1 and 5000),
  evidence_url text check (evidence_url ~ '^https?://'),
  author_user_id uuid references app_user(id),
  author_label text not null,
  created_at timestamptz not null default now()
);
create index pledge_progress_pledge_idx on pledge_progress (pledge_id, report_date desc);

-- One reminder per action, recipient and day, whatever the number of runs or instances.
create table action_reminder (
  action_id uuid not null references roadmap_action(id) on delete cascade,
  user_id uuid not null references app_user(id) on delete cascade,
  sent_on date not null,
  sent_at timestamptz not null default now(),
  primary key (action_id, user_id, sent_on)
);

-- What the seed could not load (unknown organisation or country codes…), for review
-- instead of an invented value.
create table commitments_seed_gap (
  source text not null,                  -- 'meeting' | 'outcome'
  item_key text not null,
  field text not null,
  value text not null,
  reason text not null,
  recorded_at timestamptz not null default now(),
  primary key (source, item_key, field, value)
);
