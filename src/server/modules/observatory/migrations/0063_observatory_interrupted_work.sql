-- Interrupted work recovers by itself (issue 20, item 6; recovery.ts).
-- A validation holds a PostgreSQL advisory lock on its submission for as long as it runs
-- (its connection's life: a killed process releases it at once); the sweeper takes that lock
-- before marking a submission whose validation died as failed. What is stored here is only
-- what the sweeper needs besides the lock:
--   job_id       the pg-boss job that validates a queued submission, so a submission still
--                waiting for its turn is told from one whose job is gone
--   failure_key  the message a failure is shown with (translated when read); null: the generic
--                errors.submissionFailed
alter table obs_submission
  add column job_id text,
  add column failure_key text;

-- The sweeper looks at the submissions still validating; they are few among many.
create index obs_submission_validating on obs_submission (updated_at) where status = 'validating';
