-- Evidence files of progress updates. A file is uploaded first (by someone who may report
-- on the action), then cited by the update that it proves; its bytes live in the
-- content-addressed file store (DATA_DIR/files), named by their SHA-256.
create table action_evidence_file (
  id uuid primary key default gen_random_uuid(),
  action_id uuid not null references roadmap_action(id) on delete cascade,
  update_id uuid references action_update(id) on delete cascade,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  filename text not null check (length(filename) between 1 and 200),
  media_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  created_by uuid references app_user(id),
  created_at timestamptz not null default now()
);
-- One file per update; unattached uploads are found by action.
create unique index action_evidence_file_update_uq on action_evidence_file (update_id) where update_id is not null;
create index action_evidence_file_action_idx on action_evidence_file (action_id);
