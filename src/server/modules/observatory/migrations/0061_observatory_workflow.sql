-- Submission workflow (docs/adr/0007): validated → submitted by the country's focal point →
-- applied when the secretariat approves (at once when the country chose automatic approval)
-- or returned to the country with a comment.
alter table obs_submission drop constraint obs_submission_status_check;
alter table obs_submission add constraint obs_submission_status_check
  check (status in ('validating', 'validated', 'submitted', 'applied', 'rejected', 'returned', 'failed'));
alter table obs_submission
  add column submitted_at timestamptz,
  add column submitted_by uuid references app_user(id),
  add column reviewed_at timestamptz,
  add column reviewed_by uuid references app_user(id),
  add column review_comment text;
create index obs_submission_status on obs_submission (status, created_at desc);

-- What each country chose, per dataflow: who may see its released figures, and whether its
-- focal point's submissions need the secretariat's approval. No row = public, approval needed.
create table obs_country_policy (
  dataflow_id text not null references obs_dataflow(id),
  country_code text not null,
  visibility text not null default 'public' check (visibility in ('country', 'members', 'public')),
  auto_approve boolean not null default false,
  updated_by uuid references app_user(id),
  updated_at timestamptz not null default now(),
  primary key (dataflow_id, country_code)
);

-- The release calendar: announced moments at which a country's approved figures are
-- released (the embargo). A scheduled job turns each due entry into an obs_release whose
-- cutoff is the announced moment, or marks it skipped (with the reason) when there is nothing to release.
create table obs_release_calendar (
  id uuid primary key default gen_random_uuid(),
  dataflow_id text not null references obs_dataflow(id),
  country_code text not null,
  release_at timestamptz not null,
  level text not null check (level in ('members', 'public')),
  note text,
  status text not null default 'scheduled' check (status in ('scheduled', 'released', 'cancelled', 'skipped')),
  reason text,
  release_id uuid references obs_release(id),
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  done_at timestamptz
);
create index obs_release_calendar_due on obs_release_calendar (release_at) where status = 'scheduled';
create index obs_release_calendar_country on obs_release_calendar (dataflow_id, country_code, release_at desc);
