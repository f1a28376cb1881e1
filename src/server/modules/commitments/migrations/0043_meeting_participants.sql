-- People who took part in a meeting, as its participants' list prints them. Names are
-- personal data: the API returns them to signed-in members only (anonymous callers get the
-- count). `section` keeps the list's own headings ("OBSERVADORES Y EXPERTOS"…); `represents`
-- is the country or organisation as written in the list.
create table meeting_participant (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meeting(id) on delete cascade,
  position integer not null check (position > 0),
  section text check (section is null or length(section) between 1 and 200),
  represents text not null check (length(represents) between 1 and 200),
  name text not null check (length(name) between 1 and 200),
  job_title text check (job_title is null or length(job_title) <= 300),
  institution text check (institution is null or length(institution) <= 300),
  unique (meeting_id, position)
);
