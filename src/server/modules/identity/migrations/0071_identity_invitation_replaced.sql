-- A link closed because a newer one was issued for the same person (a second invitation, a new
-- password-reset request, a new set-up link) is neither used nor revoked: the listing says "replaced".
alter table one_time_token add column replaced_at timestamptz;
