import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import { closestKnownWord, conditions, rankExpr, type PracticeFilters, type Sort, type TextQuery } from './search.ts';

/** The only code touching the practices tables. */
export interface PracticeListRow {
  id: string;
  slug: string;
  kind: string;
  title: Localized;
  summary: Localized;
  status: string | null;
  validation: 'state' | 'stakeholder';
  published_at: Date | null;
  countries: string[];
  organisations: string[];
  objectives: number[];
  /** 'title:en'…: texts that are the platform's translation (migration 0033). */
  platform_translations: string[];
  rank: number;
  total: number;
}

export async function search(db: Executor, f: PracticeFilters, tq: TextQuery | null, sort: Sort, limit: number, offset: number) {
  const where = sql.join(conditions(f, tq), sql` and `);
  const order =
    sort === 'title'
      ? sql`p.title_plain asc`
      : sort === 'newest'
        ? sql`p.published_at desc nulls last, p.title_plain`
        : sql`rank desc, p.published_at desc nulls last, p.title_plain`;
  // Rank and page first, then fetch the related codes for the page's rows only.
  const r = await sql<PracticeListRow>`
    with page as (
      select p.id, ${rankExpr(tq)} as rank, count(*) over ()::int as total
      from practice p
      where ${where}
      order by ${order}
      limit ${limit} offset ${offset}
    )
    select p.id, p.slug, p.kind, p.title, p.summary, p.status, p.validation, p.published_at, page.rank, page.total,
      p.country_codes as countries, ${organisationCodes} as organisations, p.objective_numbers as objectives
    from page join practice p on p.id = page.id
    order by ${order}`.execute(db);
  return r.rows;
}

/** The codes of `p`'s organisations, sorted (the practice row keeps their ids). */
const organisationCodes = sql<string[]>`array(select o.code from organisation o where o.id = any(p.organisation_ids) order by 1)`;

/**
 * The page, the total and the facet counts in one statement. The full-text match is
 * evaluated once (materialised) and everything else reads from it: the page, the total, and
 * the facet counts in one aggregation over the matched practices' precomputed
 * "facet:value" keys (`practice.facet_keys`, migration 0032; the years of their periods are
 * counted beside it, as an open period runs to the current year). No link table is joined:
 * countries, organisations and objectives of the page come from the practice's own arrays.
 *
 * Facet semantics: every count is over the practices matching the whole query, the facet's
 * own filter included.
 */
export async function searchWithFacets(db: Executor, f: PracticeFilters, tq: TextQuery | null, sort: Sort, limit: number, offset: number, checkWords: string[] = []) {
  const r = await searchWithFacetsQuery(f, tq, sort, limit, offset, checkWords).execute(db);
  const row = r.rows[0];
  return { total: row?.total ?? 0, items: row?.items ?? [], facets: row?.facets ?? [], unknownWords: new Map(Object.entries(row?.unknown_words ?? {})) };
}

/** The order facets come back in (the response lists them in this order). */
const FACET_ORDER = ['objective', 'country', 'organisation', 'principle', 'kind', 'status', 'validation', 'targetGroup', 'language', 'year'];

/**
 * The statement itself, also compiled by the benchmark to time it as raw SQL. `checkWords`:
 * words of the query to look up in the lexicon in the same statement; those it does not hold
 * come back in `unknown_words`, each with its closest known word (the caller then corrects
 * them as `correctTypos` would and, when that changes the query, asks again).
 */
export function searchWithFacetsQuery(f: PracticeFilters, tq: TextQuery | null, sort: Sort, limit: number, offset: number, checkWords: string[] = []) {
  const where = sql.join(conditions(f, tq), sql` and `);
  const order =
    sort === 'title' ? sql`m.title_plain asc` : sort === 'newest' ? sql`m.published_at desc nulls last, m.title_plain` : sql`m.rank desc, m.published_at desc nulls last, m.title_plain`;
  return sql<{ total: number; items: Omit<PracticeListRow, 'total'>[] | null; facets: FacetRow[] | null; unknown_words: Record<string, string | null> | null }>`
    with m as materialized (
      select p.id, p.published_at, p.title_plain, p.facet_keys, p.period_start, p.period_end, ${rankExpr(tq)} as rank
      from practice p where ${where}
    ),
    -- The page's rows first (a bounded sort keeping only them), then numbered in that order.
    page as (
      select m.id, m.rank, row_number() over (order by ${order}) as n
      from (select m.id, m.rank, m.published_at, m.title_plain from m order by ${order} limit ${limit} offset ${offset}) m
    ),
    counted as (
      select k.key, count(*)::int as count from (select unnest(m.facet_keys) as key from m) k group by k.key
    ),
    facets as (
      -- Organisations are keyed by id: their codes, for the response.
      select x.facet, coalesce(o.code, x.value) as value, x.count
      from (select split_part(c.key, ':', 1) as facet, substr(c.key, strpos(c.key, ':') + 1) as value, c.count from counted c) x
      left join organisation o on x.facet = 'organisation' and o.id::text = x.value
      union all
      select 'year', y.year::text, count(*)::int
      from (select practice_period_years(m.period_start, m.period_end) as year from m where m.period_start is not null) y
      group by y.year
    )
    select (select count(*)::int from m) as total,
      (select json_agg(json_build_object(
          'id', p.id, 'slug', p.slug, 'kind', p.kind, 'title', p.title, 'summary', p.summary, 'status', p.status,
          'validation', p.validation, 'published_at', p.published_at, 'rank', page.rank, 'platform_translations', p.platform_translations,
          'countries', p.country_codes, 'organisations', ${organisationCodes}, 'objectives', p.objective_numbers
        ) order by page.n) from page join practice p on p.id = page.id) as items,
      (select json_agg(facets order by array_position(${FACET_ORDER}::text[], facets.facet)) from facets) as facets,
      ${checkWords.length ? sql`(select json_object_agg(w, ${closestKnownWord(sql`w`)}) from unnest(${checkWords}::text[]) w where not exists (select 1 from practice_lexicon l where l.word = w))` : sql`null::json`} as unknown_words`;
}

export interface FacetRow {
  facet: string;
  value: string;
  count: number;
}

export async function findBySlugOrId(db: Executor, idOrSlug: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const r = await sql<
    PracticeListRow & {
      description: string | null;
      source: string | null;
      period_start: string | null;
      period_end: string | null;
      workflow: string;
      lead_institution: string | null;
      partners: string | null;
      target_groups: string[];
      links: { url: string; label: string | null }[];
      benefit: Localized;
      impact: Localized;
      evaluated: boolean | null;
      evaluation_url: string | null;
      contact: string | null;
      version: number;
    }
  >`
    select p.id, p.slug, p.kind, p.title, p.summary, p.description, p.source, p.status, p.validation, p.workflow,
      p.lead_institution, p.partners, p.target_groups, p.links, p.benefit, p.impact, p.evaluated, p.evaluation_url, p.contact, p.version,
      p.period_start, p.period_end, p.published_at, p.platform_translations,
      array(select country_code from practice_country x where x.practice_id = p.id order by 1) as countries,
      array(select o.code from practice_organisation x join organisation o on o.id = x.organisation_id where x.practice_id = p.id order by 1) as organisations,
      array(select objective from practice_objective x where x.practice_id = p.id order by 1) as objectives,
      0 as rank, 1 as total
    from practice p where ${isUuid ? sql`p.id = ${idOrSlug}::uuid` : sql`p.slug = ${idOrSlug}`}`.execute(db);
  return r.rows[0];
}

/** Countries × objectives counts of published practices (the coverage matrix). */
export async function coverage(db: Executor) {
  const r = await sql<{ country_code: string; objective: number; count: number }>`
    select c.country_code, o.objective, count(*)::int as count
    from practice p
    join practice_country c on c.practice_id = p.id
    join practice_objective o on o.practice_id = p.id
    where p.workflow = 'published'
    group by 1, 2`.execute(db);
  const byObjective = await sql<{ objective: number; count: number }>`
    select o.objective, count(distinct p.id)::int as count
    from practice p join practice_objective o on o.practice_id = p.id
    where p.workflow = 'published' group by 1`.execute(db);
  return { cells: r.rows, byObjective: byObjective.rows };
}

/**
 * Published practices of other countries that resemble this one: text similarity (title
 * trigrams, or the share of common stemmed words of title, summary and description — the
 * larger of the two) plus shared GCM objectives and shared target groups. The shared
 * objectives and groups come back so the page can say why a practice is listed.
 */
export async function similar(db: Executor, id: string, limit: number) {
  const r = await sql<{ id: string; slug: string; title: Localized; countries: string[]; shared_objectives: number[]; shared_groups: string[]; score: number }>`
    with me as (select id, title_plain, target_groups, tsvector_to_array(search_es) as words from practice where id = ${id}::uuid),
    my_obj as (select objective from practice_objective where practice_id = ${id}::uuid),
    my_cty as (select country_code from practice_country where practice_id = ${id}::uuid),
    cand as (
      select p.id, p.slug, p.title,
        array(select country_code from practice_country x where x.practice_id = p.id order by 1) as countries,
        array(select x.objective from practice_objective x where x.practice_id = p.id and x.objective in (select objective from my_obj) order by 1) as shared_objectives,
        array(select g from unnest(p.target_groups) g where g = any(me.target_groups) order by 1) as shared_groups,
        greatest(
          similarity(p.title_plain, me.title_plain),
          coalesce((select count(*) from unnest(tsvector_to_array(p.search_es)) w where w = any(me.words))::float
            / nullif(cardinality(array(select distinct u from unnest(tsvector_to_array(p.search_es) || me.words) u)), 0), 0)
        ) as text_score
      from practice p, me
      where p.workflow = 'published' and p.id <> ${id}::uuid
        and not exists (select 1 from practice_country x where x.practice_id = p.id and x.country_code in (select country_code from my_cty))
    )
    select id, slug, title, countries, shared_objectives, shared_groups,
      text_score + cardinality(shared_objectives) * 0.2 + cardinality(shared_groups) * 0.1 as score
    from cand
    order by score desc, id
    limit ${limit}`.execute(db);
  return r.rows.filter((x) => x.score > 0);
}

/**
 * Countries (other than this practice's own) with published practices on the same GCM
 * objectives: potential partners. Ranked by how many of the objectives they share, then by
 * how many such practices they have.
 */
export async function partnerCountries(db: Executor, id: string, limit: number) {
  const r = await sql<{ country_code: string; objectives: number[]; practices: number }>`
    select pc.country_code, array_agg(distinct o.objective order by o.objective) as objectives, count(distinct p.id)::int as practices
    from practice p
    join practice_objective o on o.practice_id = p.id
    join practice_country pc on pc.practice_id = p.id
    where p.workflow = 'published' and p.id <> ${id}::uuid
      and o.objective in (select objective from practice_objective where practice_id = ${id}::uuid)
      and pc.country_code not in (select country_code from practice_country where practice_id = ${id}::uuid)
    group by pc.country_code
    order by count(distinct o.objective) desc, count(distinct p.id) desc, pc.country_code
    limit ${limit}`.execute(db);
  return r.rows;
}

/** Whether a published practice answers to this slug or id (the server's 404 for pages). */
export async function publishedExists(db: Executor, idOrSlug: string): Promise<boolean> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const r = await sql<{ one: number }>`
    select 1 as one from practice where workflow = 'published' and ${isUuid ? sql`(id = ${idOrSlug}::uuid or slug = ${idOrSlug})` : sql`slug = ${idOrSlug}`} limit 1`.execute(db);
  return r.rows.length > 0;
}
