-- Released figures, pre-aggregated per release (ADR 0005): for each public grouping (a set of
-- breakdown dimensions, '' for none) the totals per flow × month with every other dimension
-- resolved to its total, and the disclosure pattern decided once for all queries.
create table obs_cube (
  release_id uuid not null references obs_release(id) on delete cascade,
  grouping text not null,
  ref_area text not null,
  flow text not null,
  time_period text not null,
  -- null when the dimension is not in the grouping
  citizenship text,
  counterpart_area text,
  sex text,
  age text,
  disability text,
  ethnicity text,
  location text,
  obs_value bigint not null,
  suppressed boolean not null default false,
  -- protection group (release-local) and its size: an answer holding part of a group is suppressed
  grp int,
  grp_size int
);
create index obs_cube_read on obs_cube (release_id, grouping, time_period, flow);

-- When the release's cube was built (null: built on first read, for releases made before it existed).
alter table obs_release add column cube_built_at timestamptz;
