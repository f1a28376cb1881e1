-- Extensions every module may rely on. Both exist in PostgreSQL's contrib, which the
-- embedded server and Debian's server ship.
create extension if not exists unaccent;
create extension if not exists pg_trgm;
