-- A third level of validation message: information (a series never seen before), which
-- neither blocks nor asks for a check — the issue's "errors block, warnings inform" plus
-- "a series that never existed before (information)".
alter table obs_submission_message drop constraint obs_submission_message_severity_check;
alter table obs_submission_message add constraint obs_submission_message_severity_check check (severity in ('error', 'warning', 'info'));
alter table obs_submission add column info_count int not null default 0;
