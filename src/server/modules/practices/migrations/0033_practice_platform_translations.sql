-- Which texts of the practice are the platform's own translation, not the source's (the seeded
-- practices' English, seed/content/translations-en.json), as 'field:language' marks:
-- 'title:en', 'summary:en'. Pages in that language show the text with a visible mark; the
-- original language stays the source.
alter table practice add column platform_translations text[] not null default '{}';

-- When someone writes a text the platform had translated, that text is theirs from then on: its
-- mark goes, whatever code wrote it (editing, restore, imports), unless the same statement
-- sets the marks itself (the seed applying a translation).
create function practice_translation_edited() returns trigger
  language plpgsql
  as $$
  declare
    mark text;
    field text;
    lang text;
  begin
    if new.platform_translations is not distinct from old.platform_translations then
      foreach mark in array old.platform_translations loop
        field := split_part(mark, ':', 1);
        lang := split_part(mark, ':', 2);
        if (field = 'title' and new.title->>lang is distinct from old.title->>lang)
          or (field = 'summary' and new.summary->>lang is distinct from old.summary->>lang) then
          new.platform_translations := array_remove(new.platform_translations, mark);
        end if;
      end loop;
    end if;
    return new;
  end $$;

create trigger practice_translation_edited before update of title, summary on practice
  for each row when (cardinality(old.platform_translations) > 0)
  execute function practice_translation_edited();
