-- The shared file store (FILE_STORE=postgres, platform/files): uploads kept in the database so
-- that every app instance reads what any of them received, and a backup of the tables holds
-- them. Content-addressed like the folder store: one row per distinct content, its bytes in
-- chunks of at most 1 MiB (bytea values stay small enough to stream, never one huge value).
create table stored_file (
  sha256 char(64) primary key,
  size_bytes bigint not null check (size_bytes >= 0),
  chunks integer not null check (chunks >= 0),
  created_at timestamptz not null default now()
);

create table stored_file_chunk (
  sha256 char(64) not null references stored_file(sha256) on delete cascade,
  n integer not null check (n >= 0),
  data bytea not null,
  primary key (sha256, n)
);
