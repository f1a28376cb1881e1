-- The audit trail, owned by the platform so that every module can write to it
-- without depending on another module.
-- Written in the same transaction as the change it describes.
create table audit_event (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,                 -- no foreign key: the trail outlives the accounts it names
  actor_label text not null,          -- e-mail or 'system', kept even if the user is deleted
  action text not null,               -- e.g. 'user.create', 'organisation.update'
  entity_type text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip text
);
create index audit_event_at_idx on audit_event (at desc);
create index audit_event_entity_idx on audit_event (entity_type, entity_id);
create index audit_event_actor_idx on audit_event (actor_user_id, at desc);
