import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import { conditions, rankExpr, type PracticeFilters, type Sort, type TextQuery } from './search.ts';

/** The only code touching the practices tables. */
export interface PracticeListRow {
  id: string;
  slug: string;
  kind: string;
  title: Localized;
  summary: Localized;
  status: string | null;
  validation: string;
  published_at: Date | null;
  countries: string[];
  organisations: string[];
  objectives: number[];
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
      array(select country_code from practice_country x where x.practice_id = p.id order by 1) as countries,
      array(select o.code from practice_organisation x join organisation o on o.id = x.organisation_id where x.practice_id = p.id order by 1) as organisations,
      array(select objective from practice_objective x where x.practice_id = p.id order by 1) as objectives
    from page join practice p on p.id = page.id
    order by ${order}`.execute(db);
  return r.rows;
}

/**
 * The page, the total and the facet counts in one statement: the full-text match is
 * evaluated once (materialised) and both the page and the facets read from it.
 */
export async function searchWithFacets(db: Executor, f: PracticeFilters, tq: TextQuery | null, sort: Sort, limit: number, offset: number) {
  const r = await searchWithFacetsQuery(f, tq, sort, limit, offset).execute(db);
  const row = r.rows[0];
  return { total: row?.total ?? 0, items: row?.items ?? [], facets: row?.facets ?? [] };
}

/** The statement itself, also compiled by the benchmark to time it as raw SQL. */
export function searchWithFacetsQuery(f: PracticeFilters, tq: TextQuery | null, sort: Sort, limit: number, offset: number) {
  const where = sql.join(conditions(f, tq), sql` and `);
  const order =
    sort === 'title' ? sql`m.title_plain asc` : sort === 'newest' ? sql`m.published_at desc nulls last, m.title_plain` : sql`m.rank desc, m.published_at desc nulls last, m.title_plain`;
  return sql<{ total: number; items: Omit<PracticeListRow, 'total'>[] | null; facets: FacetRow[] | null }>`
    with m as materialized (
      select p.id, p.kind, p.status, p.validation, p.published_at, p.title_plain, p.target_groups, p.original_language,
        p.period_start, p.period_end, ${rankExpr(tq)} as rank
      from practice p where ${where}
    ),
    page as (select m.id, m.rank, row_number() over (order by ${order}) as n from m order by ${order} limit ${limit} offset ${offset}),
    facets as (
      select 'objective' as facet, x.objective::text as value, count(*)::int as count from m join practice_objective x on x.practice_id = m.id group by 2
      union all select 'country', x.country_code, count(*)::int from m join practice_country x on x.practice_id = m.id group by 2
      union all select 'organisation', o.code, count(*)::int from m join practice_organisation x on x.practice_id = m.id join organisation o on o.id = x.organisation_id group by 2
      union all select 'principle', x.principle, count(*)::int from m join practice_principle x on x.practice_id = m.id group by 2
      union all select 'kind', m.kind, count(*)::int from m group by 2
      union all select 'status', m.status, count(*)::int from m where m.status is not null group by 2
      union all select 'validation', m.validation, count(*)::int from m group by 2
      union all select 'targetGroup', g, count(*)::int from m, unnest(m.target_groups) g group by 2
      union all select 'language', m.original_language, count(*)::int from m group by 2
      union all select 'year', y::text, count(*)::int from m,
        generate_series(extract(year from m.period_start)::int, extract(year from coalesce(m.period_end, current_date))::int) y
        where m.period_start is not null group by 2
    )
    select (select count(*)::int from m) as total,
      (select json_agg(json_build_object(
          'id', p.id, 'slug', p.slug, 'kind', p.kind, 'title', p.title, 'summary', p.summary, 'status', p.status,
          'validation', p.validation, 'published_at', p.published_at, 'rank', page.rank,
          'countries', array(select country_code from practice_country x where x.practice_id = p.id order by 1),
          'organisations', array(select o.code from practice_organisation x join organisation o on o.id = x.organisation_id where x.practice_id = p.id order by 1),
          'objectives', array(select objective from practice_objective x where x.practice_id = p.id order by 1)
        ) order by page.n) from page join practice p on p.id = page.id) as items,
      (select json_agg(facets) from facets) as facets`;
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
      p.period_start, p.period_end, p.published_at,
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
