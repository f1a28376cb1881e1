-- Writing practices: the full record, ownership, review workflow, versions, attachments,
-- endorsement by states.
alter table practice
  add column lead_institution text,
  add column partners text,
  add column target_groups text[] not null default '{}',
  add column links jsonb not null default '[]',            -- [{url, label}]
  add column benefit jsonb not null default '{}',          -- {es, en}
  add column impact jsonb not null default '{}',
  add column evaluated boolean,
  add column evaluation_url text,
  add column contact text,                                  -- visible only to signed-in members
  add column owner_country char(3) references ref_country(code),
  add column owner_organisation uuid references organisation(id),
  add column review_comment text,
  add column endorsed_by uuid,
  add column endorsed_at timestamptz;

-- Every saved change of a practice is a version; any version can be restored.
create table practice_version (
  practice_id uuid not null references practice(id) on delete cascade,
  version int not null,
  snapshot jsonb not null,
  workflow text not null,
  changed_by uuid,
  changed_by_label text not null,
  changed_at timestamptz not null default now(),
  note text,
  primary key (practice_id, version)
);

-- Attachments are stored content-addressed (sha256) under DATA_DIR/files.
create table practice_attachment (
  id uuid primary key default gen_random_uuid(),
  practice_id uuid not null references practice(id) on delete cascade,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  filename text not null,
  media_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  created_by uuid,
  created_at timestamptz not null default now()
);
create index practice_attachment_practice_idx on practice_attachment (practice_id);
