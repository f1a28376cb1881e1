-- The site's own pages (about, methodology, contact): bilingual Markdown, every edit a new
-- version (never overwritten), so the page's history can be shown and any version restored.
CREATE TABLE site_page_version (
  slug        text        NOT NULL CHECK (slug IN ('about', 'methodology', 'contact')),
  version     integer     NOT NULL CHECK (version > 0),
  title_es    text        NOT NULL CHECK (length(title_es) BETWEEN 1 AND 200),
  title_en    text        NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  body_es     text        NOT NULL CHECK (length(body_es) <= 50000),
  body_en     text        NOT NULL CHECK (length(body_en) <= 50000),
  note        text        CHECK (length(note) <= 500),
  -- who edited: the account id and the name it had then (no foreign key: identity owns app_user)
  edited_by   uuid,
  edited_by_name text,
  edited_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (slug, version)
);
