-- Population by country and year: the denominator of "per 1,000 inhabitants" (population.ts).
-- A reference table, not a dataflow: it is not a flow of persons and is never disclosure
-- controlled; every row names where it comes from.
create table obs_population (
  ref_area text not null,
  year int not null,
  -- mid-year population, thousands (WPP's person-years lived in the year)
  population_thousands numeric(14, 1) not null check (population_thousands > 0),
  net_migration_thousands numeric(14, 3),
  source text not null,
  loaded_at timestamptz not null default now(),
  primary key (ref_area, year)
);
