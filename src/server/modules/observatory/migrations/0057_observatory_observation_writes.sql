-- Revisions are written a million at a time by apply (ADR 0004). The two foreign keys of
-- obs_observation cost an RI trigger per row per key — about 40 % of the time of inserting a
-- million revisions. Their guarantees are kept by the only writer instead: apply inserts the
-- dataflow of the structure it loaded and the id of the submission row it holds locked
-- (FOR UPDATE) in the same transaction; dataflows and submissions are never deleted.
alter table obs_observation drop constraint if exists obs_observation_dataflow_id_fkey;
alter table obs_observation drop constraint if exists obs_observation_submission_id_fkey;
