-- The candidate search for a report (matching.ts remainsFilterSql, bench/cases.ts): the remains
-- still to identify, by estimated sex, date found, age range and coarse point. The earlier
-- (kind, sex, event_date) index left about a quarter of all remains to read from the table for
-- one report; with the age range and the point in the index, the planner ORs one index scan per
-- search box and reads only the rows inside them (EXPLAIN on 100,000 remains: 23,000 rows read
-- and filtered before, about 900 after). Only comparison fields, which are in clear anyway.
create index case_record_remains_match_idx on case_record (sex, event_date, age_min, age_max, lat, lon)
  where kind = 'remains' and status = 'unidentified' and withdrawn_at is null and erased_at is null;
