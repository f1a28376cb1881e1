-- Documents of a meeting (communiqué, report, agenda…) as attachments. The bytes live in
-- the content-addressed file store (DATA_DIR/files), named by their SHA-256; a row is the
-- document's description. The seed's documents (seed/content/documents) get rows at seed
-- time; their bytes are put in the store at their first download (see documents.ts).
create table meeting_document (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meeting(id) on delete cascade,
  kind text not null check (kind in ('communique', 'report', 'agenda', 'other')),
  language text not null check (language ~ '^[a-z]{2}$'),
  title text not null check (length(title) between 1 and 300),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  filename text not null check (length(filename) between 1 and 200),
  media_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  uploaded_by uuid references app_user(id),
  uploaded_at timestamptz not null default now(),
  -- The same file once per meeting (also what makes the seed idempotent).
  unique (meeting_id, sha256)
);
create index meeting_document_meeting_idx on meeting_document (meeting_id);
