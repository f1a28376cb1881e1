-- The desired direction of an indicator is a proposal until the secretariat confirms it
-- (issue 18): the seeded catalogue's directions were drafted, not agreed. Kept as a field of
-- its own so that an unrelated edit (a name, a source) neither confirms it nor hides the mark.
alter table ind_indicator add column direction_confirmed boolean not null default false;
