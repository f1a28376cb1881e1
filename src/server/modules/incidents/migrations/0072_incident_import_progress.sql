-- A large incidents file is read in the background (import-service.ts): the import exists
-- from the upload on, `validating` with the rows read so far, so the page shows progress and
-- the person can leave and reopen it later from the list of their pending imports.
alter table inc_import drop constraint if exists inc_import_status_check;
alter table inc_import add constraint inc_import_status_check check (status in ('validating', 'validated', 'refused', 'applied', 'failed'));
alter table inc_import add column rows_read integer not null default 0;
alter table inc_import add column rows_total integer;
-- why a background reading stopped: {key, params} of the message, translated when shown
alter table inc_import add column failure jsonb;
alter table inc_import add column updated_at timestamptz not null default now();
create index inc_import_user_status on inc_import (user_id, status, created_at desc);
