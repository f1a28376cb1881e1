-- Values that arrive from people and files (issue 18 item 2: reported, imported): evidence
-- files of reported values, the secretariat's decisions on them (every one kept, with its
-- reason), and the files applied (the template of a focal point, a custodian's SDG file),
-- kept in the platform's file store so every imported value can cite the file it came from.

create table ind_evidence_file (
  id uuid primary key default gen_random_uuid(),
  country text not null check (country ~ '^[A-Z]{3}$'),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  filename text not null,
  media_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  -- the reported value that cites it (once; until then only its uploader may fetch it)
  revision_id bigint references ind_value(id)
);
create index ind_evidence_file_revision on ind_evidence_file (revision_id);

create table ind_review (
  id bigserial primary key,
  revision_id bigint not null references ind_value(id),
  decision text not null check (decision in ('validated', 'rejected')),
  -- required for a rejection: the focal point sees why
  reason text check (decision = 'validated' or length(trim(reason)) > 0),
  decided_by uuid not null references app_user(id),
  decided_at timestamptz not null default now()
);
create index ind_review_revision on ind_review (revision_id, decided_at);

create table ind_input_file (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('template', 'sdg')),
  filename text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- the focal point's country for a template; null for a custodian's file
  country text check (country ~ '^[A-Z]{3}$'),
  -- counts of the preview it was applied from: new, changed, unchanged, skipped…
  summary jsonb not null default '{}'::jsonb,
  applied_by uuid not null references app_user(id),
  applied_at timestamptz not null default now()
);
