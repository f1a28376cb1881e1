-- Import pipeline (ADR 0004): a submission is validated once, in a background job when it
-- is large, into an unlogged staging table of its own; the person sees its progress and the
-- diff against the current revisions; apply writes the staged rows in one transaction if
-- nothing it was validated against has changed since.

alter table obs_submission drop constraint obs_submission_status_check;
alter table obs_submission add constraint obs_submission_status_check
  check (status in ('validating', 'validated', 'applied', 'rejected', 'failed'));

alter table obs_submission
  -- merge: the file's rows are added or corrected; replace: for every country × flow × month
  -- in the file, current figures the file does not repeat are removed (closed as revisions)
  add column mode text not null default 'merge' check (mode in ('merge', 'replace')),
  -- progress, for a page to poll: queued → reading → checking → done (or failed)
  add column phase text not null default 'done' check (phase in ('queued', 'reading', 'checking', 'done', 'failed')),
  add column bytes_total bigint not null default 0,
  add column bytes_read bigint not null default 0,
  add column rows_valid int not null default 0,
  -- the staging table holding the validated rows, and how many it holds
  add column stage_table text,
  add column stage_rows int,
  -- what the validation was made against: apply refuses when either has changed
  add column structure_hash text,
  add column state_checksum text,
  -- added / changed / removed against the current revisions (counts and examples)
  add column diff jsonb,
  add column failure text,
  add column updated_at timestamptz not null default now();

-- A version per country and dataflow, raised by every apply: the state a validation saw.
create table obs_series_state (
  dataflow_id text not null references obs_dataflow(id),
  ref_area text not null,
  version bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (dataflow_id, ref_area)
);
