-- Search reads a practice's countries, organisations, GCM objectives and principles from
-- arrays on the practice row instead of joining the four link tables for every search (the
-- facet counts joined each link table against the matches: most of the search's cost), and
-- counts facets from one precomputed array of "facet:value" keys per practice.
-- The link tables stay the source of truth (foreign keys, primary objective); the arrays are
-- a copy kept by triggers on the link tables, in the same transaction as every write to
-- them, whatever code writes (editing, restore, seed, imports, cascaded deletes); the keys
-- are a generated column, recomputed by PostgreSQL whenever a column they come from changes.
-- Organisations are kept by id (codes are resolved at read time against `organisation`), so
-- nothing here depends on an organisation's code never changing.
alter table practice
  add column country_codes text[] not null default '{}',
  add column organisation_ids uuid[] not null default '{}',
  add column objective_numbers int[] not null default '{}',
  add column principle_codes text[] not null default '{}';

-- Recomputes the arrays (sorted, as the reading API lists them) of the given practices.
create function practice_refresh_relations(ids uuid[]) returns void
  language sql volatile
  as $$
    update practice p set
      country_codes = array(select x.country_code::text from practice_country x where x.practice_id = p.id order by x.country_code),
      organisation_ids = array(select x.organisation_id from practice_organisation x where x.practice_id = p.id order by x.organisation_id),
      objective_numbers = array(select x.objective from practice_objective x where x.practice_id = p.id order by x.objective),
      principle_codes = array(select x.principle from practice_principle x where x.practice_id = p.id order by x.principle)
    where p.id = any(ids)
  $$;

-- One refresh per statement (not per row): the practices a statement touched, from its
-- transition tables. PostgreSQL allows transition tables on single-event triggers only,
-- hence three triggers per table sharing this function.
create function practice_relations_changed() returns trigger
  language plpgsql
  as $$
  declare
    ids uuid[];
  begin
    if tg_op = 'INSERT' then
      select array_agg(distinct practice_id) into ids from new_rows;
    elsif tg_op = 'DELETE' then
      select array_agg(distinct practice_id) into ids from old_rows;
    else
      select array_agg(distinct practice_id) into ids from (select practice_id from new_rows union select practice_id from old_rows) u;
    end if;
    if ids is not null then
      perform practice_refresh_relations(ids);
    end if;
    return null;
  end $$;

do $$
declare
  t text;
begin
  foreach t in array array['practice_country', 'practice_organisation', 'practice_objective', 'practice_principle'] loop
    execute format('create trigger %I after insert on %I referencing new table as new_rows for each statement execute function practice_relations_changed()', t || '_sync_ins', t);
    execute format('create trigger %I after delete on %I referencing old table as old_rows for each statement execute function practice_relations_changed()', t || '_sync_del', t);
    execute format('create trigger %I after update on %I referencing old table as old_rows new table as new_rows for each statement execute function practice_relations_changed()', t || '_sync_upd', t);
  end loop;
end $$;

-- Existing practices.
select practice_refresh_relations(array(select id from practice));

-- The facet values of a practice as "facet:value" keys, the facet names of the search API
-- (a facet name has no colon, so the key splits at its first one). Years are not here: an
-- open period runs to the current year, which changes without any write.
create function practice_facet_keys(
  kind text, status text, validation text, original_language text, target_groups text[],
  country_codes text[], organisation_ids uuid[], objective_numbers int[], principle_codes text[]
) returns text[]
  language sql immutable parallel safe
  as $$
    select array['kind:' || kind, 'validation:' || validation, 'language:' || original_language]
      || case when status is null then '{}'::text[] else array['status:' || status] end
      || array(select 'objective:' || x from unnest(objective_numbers) x)
      || array(select 'country:' || x from unnest(country_codes) x)
      || array(select 'organisation:' || x from unnest(organisation_ids) x)
      || array(select 'principle:' || x from unnest(principle_codes) x)
      || array(select 'targetGroup:' || x from unnest(target_groups) x)
  $$;

alter table practice add column facet_keys text[] generated always as (
  practice_facet_keys(kind, status, validation, original_language, target_groups, country_codes, organisation_ids, objective_numbers, principle_codes)
) stored;

-- The years a practice's period covers (an open end runs to the current year). A function
-- so the planner expects a few rows per practice, not generate_series' default thousand
-- (which made large searches look expensive enough to be JIT-compiled).
create function practice_period_years(period_start date, period_end date) returns setof int
  language sql stable parallel safe rows 5
  as $$ select generate_series(extract(year from period_start)::int, extract(year from coalesce(period_end, current_date))::int) $$;

-- Filters on these use the arrays (&&) and their indexes.
create index practice_country_codes_idx on practice using gin (country_codes);
create index practice_organisation_ids_idx on practice using gin (organisation_ids);
create index practice_objective_numbers_idx on practice using gin (objective_numbers);
create index practice_principle_codes_idx on practice using gin (principle_codes);

-- The alternatives of a search (what was typed, its typo correction, the vocabulary's
-- equivalents) OR-ed into one query, minus the alternatives another one already covers: an
-- alternative that is a plain AND of words is dropped when another plain AND uses a subset
-- of its words ("migrant & missing" when "missing" is there; the first of equal ones stays),
-- and repeated ones are dropped. The result matches exactly the same documents as all the
-- alternatives OR-ed, but is cheaper to test on every row and, without the repeats, the
-- planner no longer overestimates how many rows it matches (which made it scan the whole
-- table instead of using the GIN indexes). Ranking still uses all the alternatives.
-- Immutable (websearch_to_tsquery with a given configuration is), so with constant
-- arguments it is computed once, when the statement is planned.
create function practice_tsquery_any(cfg regconfig, alternatives text[]) returns tsquery
  language plpgsql immutable parallel safe strict
  as $$
  declare
    qs tsquery[] := '{}';
    plain boolean[] := '{}';
    q tsquery;
    empty tsquery;
    result tsquery;
    t text;
    keep boolean;
  begin
    foreach t in array alternatives loop
      q := websearch_to_tsquery(cfg, t);
      if numnode(q) = 0 then
        empty := q;
        continue;
      end if;
      qs := qs || q;
      -- A plain AND of words: nothing but ' & ' between its quoted lexemes.
      plain := plain || (regexp_replace(q::text, '''(?:[^'']|'''')*''', '', 'g') ~ '^( & )*$');
    end loop;
    for i in 1 .. coalesce(array_length(qs, 1), 0) loop
      keep := true;
      for j in 1 .. array_length(qs, 1) loop
        continue when i = j;
        if plain[i] and plain[j] then
          -- qs[i] has every word of qs[j]: whatever qs[i] matches, qs[j] matches too.
          if qs[i] @> qs[j] and (j < i or not qs[j] @> qs[i]) then
            keep := false;
            exit;
          end if;
        elsif j < i and qs[j]::text = qs[i]::text then
          keep := false;
          exit;
        end if;
      end loop;
      if keep then
        result := case when result is null then qs[i] else result || qs[i] end;
      end if;
    end loop;
    return coalesce(result, empty);
  end $$;

-- A query that ranks exactly like the alternatives OR-ed, but costs less to rank with: with
-- two alternatives or more the OR-ed query has OR on top, and ts_rank then scores the set of
-- its distinct words only (duplicates removed, operators ignored), so the OR of the distinct
-- words gives the same rank. With a single alternative (AND on top, ranked differently),
-- or with weights or prefixes (":" outside the quoted words), the alternatives are returned
-- as they are.
create function practice_tsquery_rank(cfg regconfig, alternatives text[]) returns tsquery
  language plpgsql immutable parallel safe strict
  as $$
  declare
    q tsquery;
    every tsquery;
    n int := 0;
    t text;
    words text[];
  begin
    foreach t in array alternatives loop
      q := websearch_to_tsquery(cfg, t);
      continue when numnode(q) = 0;
      n := n + 1;
      every := case when every is null then q else every || q end;
    end loop;
    if n < 2 or regexp_replace(every::text, '''(?:[^'']|'''')*''', '', 'g') ~ ':' then
      return coalesce(every, q);
    end if;
    select array_agg(distinct w[1]) into words from regexp_matches(every::text, '(''(?:[^'']|'''')*'')', 'g') w;
    return array_to_string(words, ' | ')::tsquery;
  end $$;
