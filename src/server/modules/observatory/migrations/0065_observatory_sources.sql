-- Who produced a country's figures of a flow, and how they were published (issue 17, item 4;
-- sources.ts). One row per dataflow × reporting country × flow, because one country's flows
-- may come from different agencies (Guatemala: the national flows through IOM's amerdigest,
-- the returns from IGM through IOM's gdidata). Every column a person did not state stays null:
-- an unnamed producer is shown as the country alone, never guessed. Edited by the secretariat
-- or the country's focal point; each edit bumps `version` and is audited with before/after.
create table obs_source (
  dataflow_id text not null references obs_dataflow(id),
  country_code text not null,
  flow text not null,
  -- {es, en}: the producing agency's name; null when the source does not name it
  producer jsonb,
  -- ISO alpha-3 of the producer (the reporting country for national agencies)
  producer_country text not null,
  -- {es, en}: who compiled the national figures, when they were not taken from the producer
  compiler jsonb,
  -- the producer's own publication date or reference (report, URL)
  publication_ref text,
  -- the compilation's own reference (package, commit, date)
  compilation_ref text,
  licence text,
  -- {es, en}: the national definition of what the flow counts
  definition jsonb,
  version int not null default 1,
  updated_by uuid references app_user(id),
  updated_at timestamptz not null default now(),
  primary key (dataflow_id, country_code, flow)
);
