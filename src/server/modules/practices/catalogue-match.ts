import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import { queryUnits } from './search-themes.ts';

/**
 * What a catalogue's rows are compared with, in a few statements for the whole file:
 * objective suggestions (the published practices that resemble the row vote with their
 * objectives, the objectives' own wording counts, and the row's theme words name objectives
 * through search-themes.json) and likely duplicates (title trigram similarity with an
 * existing practice, in either of its languages).
 */
export interface Suggestion {
  objective: number;
  score: number;
}
export interface DuplicateOf {
  id: string;
  slug: string;
  title: Localized;
  similarity: number;
}

/** A title this similar (trigrams, 0–1) to an existing one is flagged as a likely duplicate. */
export const DUPLICATE_SIMILARITY = 0.6;
/** Weight of one theme concept naming an objective, next to full-text votes (ranks are ~0.1–1). */
const THEME_WEIGHT = 0.6;

const queryWords = (text: string) =>
  [
    ...new Set(
      text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .split(/[^a-z0-9ñ]+/)
        .filter((w) => w.length >= 4),
    ),
  ]
    .slice(0, 40)
    .join(' | ');

export async function suggestMany(db: Executor, texts: string[], themes: string[], limit = 3): Promise<Suggestion[][]> {
  const out: Suggestion[][] = texts.map(() => []);
  const scores = texts.map(() => new Map<number, number>());
  const queries = texts.map(queryWords);
  const asked = queries.map((q, i) => ({ q, i })).filter((x) => x.q);
  if (asked.length) {
    const r = await sql<{ i: number; objective: number; score: number }>`
      with q as (
        select x.i::int as i, to_tsquery('obs_es', x.t) as es, to_tsquery('obs_en', x.t) as en
        from unnest(${asked.map((a) => a.q)}::text[], ${asked.map((a) => a.i)}::int[]) as x(t, i)
      ),
      nb as (
        select q.i, n.id, n.r from q cross join lateral (
          select p.id, ts_rank(p.search_es, q.es) + ts_rank(p.search_en, q.en) as r
          from practice p where p.workflow = 'published' and (p.search_es @@ q.es or p.search_en @@ q.en)
          order by r desc limit 15) n
      ),
      votes as (select nb.i, o.objective, sum(nb.r) as s from nb join practice_objective o on o.practice_id = nb.id group by 1, 2),
      titles as (
        select q.i, g.number as objective,
          ts_rank(to_tsvector('obs_es', coalesce(g.title->>'es', '')), q.es) + ts_rank(to_tsvector('obs_en', coalesce(g.title->>'en', '')), q.en) as s
        from q cross join ref_gcm_objective g
      )
      select coalesce(v.i, t.i) as i, coalesce(v.objective, t.objective) as objective, (coalesce(v.s, 0) + 0.5 * coalesce(t.s, 0))::float as score
      from votes v full join titles t on t.i = v.i and t.objective = v.objective
      where coalesce(v.s, 0) + coalesce(t.s, 0) > 0`.execute(db);
    for (const row of r.rows) scores[row.i]!.set(row.objective, row.score);
  }
  // The row's own themes (and title) as the search reads them: "trata de personas" names objective 10.
  texts.forEach((_, i) => {
    for (const u of queryUnits(`${themes[i] ?? ''} ${texts[i] ?? ''}`.slice(0, 2000)))
      for (const o of u.objectives) scores[i]!.set(o, (scores[i]!.get(o) ?? 0) + THEME_WEIGHT / u.objectives.length);
  });
  scores.forEach((m, i) => {
    out[i] = [...m.entries()]
      .map(([objective, score]) => ({ objective, score: Math.round(score * 1000) / 1000 }))
      .sort((a, b) => b.score - a.score || a.objective - b.objective)
      .slice(0, limit);
  });
  return out;
}

/** The objectives a row gets when its file names none: the top suggestion and those close to it. */
export function chosenObjectives(s: Suggestion[]): number[] {
  const top = s[0]?.score ?? 0;
  return s.filter((x) => x.score >= top * 0.5).map((x) => x.objective);
}

export async function duplicatesOf(db: Executor, titles: string[]): Promise<(DuplicateOf | null)[]> {
  const out: (DuplicateOf | null)[] = titles.map(() => null);
  const asked = titles.map((t, i) => ({ t, i })).filter((x) => x.t.trim().length > 0);
  if (!asked.length) return out;
  // `%` (trigram similarity ≥ 0.3, GIN index on title_plain) picks the candidates; the score is
  // then taken against each language's title alone (title_plain holds both, which would halve it).
  const r = await sql<{ i: number; id: string; slug: string; title: Localized; sim: number }>`
    select x.i::int as i, d.id, d.slug, d.title, d.sim::float as sim
    from unnest(${asked.map((a) => a.t)}::text[], ${asked.map((a) => a.i)}::int[]) as x(t, i)
    cross join lateral (
      select p.id, p.slug, p.title,
        greatest(similarity(lower(obs_unaccent(coalesce(p.title->>'es', ''))), lower(obs_unaccent(x.t))),
                 similarity(lower(obs_unaccent(coalesce(p.title->>'en', ''))), lower(obs_unaccent(x.t)))) as sim
      from practice p
      where p.title_plain % lower(obs_unaccent(x.t)) and p.workflow <> 'rejected'
      order by sim desc, p.id limit 1
    ) d
    where d.sim >= ${DUPLICATE_SIMILARITY}`.execute(db);
  for (const row of r.rows) out[row.i] = { id: row.id, slug: row.slug, title: row.title, similarity: Math.round(row.sim * 100) / 100 };
  return out;
}
