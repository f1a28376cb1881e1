-- The secretariat's own text for a section of a saved report (the summary, an objective, the
-- annex): every save is a new version (never overwritten); a version is a draft or final.
-- The document shows the latest final version to every reader; the secretariat's preview
-- shows the latest version, draft or final.
create table review_section_text (
  report_id uuid not null references review_report(id) on delete cascade,
  section text not null check (section ~ '^(summary|annex|objective-([1-9]|1[0-9]|2[0-3]))$'),
  version int not null check (version >= 1),
  status text not null check (status in ('draft', 'final')),
  body text not null check (length(body) <= 20000),
  author_id uuid references app_user(id),
  author_label text not null,
  created_at timestamptz not null default now(),
  primary key (report_id, section, version)
);
