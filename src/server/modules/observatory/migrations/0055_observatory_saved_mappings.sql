-- Saved column mappings: which column of a country's file is which dimension (plus fixed
-- codes and national-code mappings), kept under a name per country and dataflow so the next
-- upload of the same kind of file needs no mapping step. country_code '*' is a regional
-- mapping kept by the secretariat (the system import of shared data uses these).
create table obs_column_mapping (
  dataflow_id text not null references obs_dataflow(id),
  country_code text not null,
  name text not null check (char_length(name) between 1 and 80),
  -- { columns?: {file column: target}, constants?: {dimension: code}, codes?: {dimension: {national: regional}} }
  mapping jsonb not null,
  created_by uuid references app_user(id),
  updated_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (dataflow_id, country_code, name)
);
