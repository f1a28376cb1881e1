-- Periods of any length (issue 17 item 2, docs/adr/0017): what an aggregated answer row's figures
-- cover. `periods`: the distinct stored periods of the row (2024, 2024-Q3, 2024-08); `months`: the
-- months of the row's own period (12 a year or fiscal year, 3 a quarter). Null when whole, else the
-- first and last month covered ('2025-01/2025-04'): a period whose months are not all reported is
-- partial. A row holding a year or quarter of its own is whole (never split into months).
create or replace function obs_period_coverage(periods text[], months int) returns text
language sql immutable parallel safe as $$
  select case when sum(case when length(x) = 4 then 12 when substr(x, 6, 1) = 'Q' then 3 else 1 end) < months
      and min(length(x)) = 7
    then min(case when substr(x, 6, 1) = 'Q' then substr(x, 1, 5) || lpad(((substr(x, 7, 1)::int - 1) * 3 + 1)::text, 2, '0') else x end)
      || '/' || max(case when substr(x, 6, 1) = 'Q' then substr(x, 1, 5) || lpad((substr(x, 7, 1)::int * 3)::text, 2, '0') else x end)
  end
  from (select distinct x from unnest(periods) as u(x)) d
$$;
