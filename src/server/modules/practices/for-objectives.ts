import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import { expandQuery } from './search.ts';

/**
 * Published practices on any of the given GCM objectives, for the cooperation hub's
 * matching. Only practices that share an objective are ever returned (nothing across
 * unrelated objectives); among them, more shared objectives first, then the text rank of
 * the need's words (Spanish and English stemming, the search's bilingual vocabulary) in
 * either language, so a need written in Spanish still ranks a practice described in English.
 */
export interface PracticeForObjectives {
  id: string;
  slug: string;
  title: Localized;
  countries: string[];
  sharedObjectives: number[];
  textRank: number;
}

/**
 * The need's words as one OR query: a practice that holds some of them ranks. Each word once:
 * every vocabulary variant repeats the whole need, and the same words eight times over made
 * ranking the practices on the objectives more than twice as slow (43 → 18 ms for 900).
 */
function orQueryText(text: string): string {
  return [...new Set(expandQuery(text.slice(0, 2000)).flatMap((v) => v.split(/\s+/)))].join(' ');
}

export async function practicesForObjectives(db: Executor, opts: { objectives: number[]; text: string; limit: number; excludeCountry?: string | null }): Promise<PracticeForObjectives[]> {
  if (opts.objectives.length === 0) return [];
  const words = orQueryText(opts.text);
  const rows = await sql<{ id: string; slug: string; title: Localized; country_codes: string[]; shared: number[]; text_rank: number }>`
    with q as (
      select nullif(replace(plainto_tsquery('obs_es', ${words})::text, ' & ', ' | '), '')::tsquery as es,
             nullif(replace(plainto_tsquery('obs_en', ${words})::text, ' & ', ' | '), '')::tsquery as en
    )
    select p.id, p.slug, p.title, p.country_codes,
      array(select unnest(p.objective_numbers) intersect select unnest(${opts.objectives}::int[]) order by 1) as shared,
      (coalesce(ts_rank(p.search_es, q.es), 0) + coalesce(ts_rank(p.search_en, q.en), 0))::float8 as text_rank
    from practice p, q
    where p.workflow = 'published' and p.objective_numbers && ${opts.objectives}::int[]
    order by cardinality(array(select unnest(p.objective_numbers) intersect select unnest(${opts.objectives}::int[]))) desc,
      text_rank desc, p.published_at desc nulls last, p.id
    limit ${opts.limit}`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, countries: r.country_codes, sharedObjectives: r.shared, textRank: Number(r.text_rank) }));
}

/** Countries with published practices on the given objectives: how many, and on which of them. */
export async function practiceCountriesForObjectives(db: Executor, objectives: number[]): Promise<{ country: string; objectives: number[]; practices: number }[]> {
  if (objectives.length === 0) return [];
  const rows = await sql<{ country: string; objectives: number[]; practices: number }>`
    select c as country, array_agg(distinct o order by o) as objectives, count(distinct p.id)::int as practices
    from practice p, unnest(p.country_codes) c, unnest(p.objective_numbers) o
    where p.workflow = 'published' and p.objective_numbers && ${objectives}::int[] and o = any(${objectives}::int[])
    group by c`.execute(db);
  return rows.rows;
}
