-- The regional review report (issue 18 item 6): a saved report keeps the secretariat's choice
-- (objectives, countries, period, language), its as-of date and the document model built from
-- the other modules' answers at that date, so it is drawn again byte for byte (docs/adr/0013).
create table review_report (
  id uuid primary key default gen_random_uuid(),
  title text not null check (length(title) between 1 and 300),
  language text not null check (language in ('es', 'en')),
  objectives int[] not null check (cardinality(objectives) between 1 and 23 and objectives <@ array[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23]),
  country_scope text not null check (country_scope in ('all', 'CRM', 'CSM', 'some')),
  countries char(3)[] not null,            -- the countries the scope named at creation (resolved)
  period_from int not null check (period_from between 1990 and 2100),
  period_to int not null check (period_to between 1990 and 2100 and period_to >= period_from),
  as_of timestamptz not null,
  -- The plain-data document (model.ts) both renderers draw; written once, never changed.
  model jsonb not null,
  created_by uuid references app_user(id),
  created_by_label text not null,
  created_at timestamptz not null default now()
);
create index review_report_created_idx on review_report (created_at desc);
