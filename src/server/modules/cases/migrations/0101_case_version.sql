-- Record correction (docs/adr/0021): every record carries a version; a correction names the
-- version it read and is refused (409) when someone else corrected it since. The history
-- (case_event 'corrected') names the fields changed, never their values.
alter table case_record add column version integer not null default 1 check (version >= 1);
