import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import { queryUnits } from './search-themes.ts';

/**
 * What a catalogue's rows are compared with, in a few statements for the whole file:
 * objective suggestions (the row's words vote with the objectives of the published practices
 * that hold them, the objectives' own wording counts, and the row's theme words name
 * objectives through search-themes.json) and likely duplicates (title trigram similarity with
 * an existing practice, in either of its languages).
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
/** Weight of one theme concept naming an objective, next to the word votes (0–1). */
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
    // One statement for the whole file. Each of the row's stems (Spanish and English stemming)
    // votes for the objectives of the published practices that hold it, in proportion (c/df),
    // weighted by how rare the stem is (ln N/df: "migrantes" says little, "trata" much); the
    // row's score is that over its stems' total weight, 0–1. Per-row nearest practices,
    // ranked by ts_rank, did the same job at ~20 ms a row (thousands of matches to rank).
    const r = await sql<{ i: number; objective: number; score: number }>`
      with x as materialized (
        select x.i::int as i, x.t, to_tsquery('obs_es', x.t) as es, to_tsquery('obs_en', x.t) as en
        from unnest(${asked.map((a) => a.q)}::text[], ${asked.map((a) => a.i)}::int[]) as x(t, i)
      ),
      rl as (
        select distinct x.i, l.w from x cross join lateral (
          select 'es:' || unnest(tsvector_to_array(to_tsvector('obs_es', replace(x.t, ' | ', ' ')))) as w
          union select 'en:' || unnest(tsvector_to_array(to_tsvector('obs_en', replace(x.t, ' | ', ' '))))) l
      ),
      pl as (
        select distinct p.id, l.w from practice p cross join lateral (
          select 'es:' || unnest(tsvector_to_array(p.search_es)) as w
          union select 'en:' || unnest(tsvector_to_array(p.search_en))) l
        where p.workflow = 'published' and l.w in (select w from rl)
      ),
      n as (select greatest(count(*), 1)::float8 as n from practice where workflow = 'published'),
      df as (select pl.w, count(*)::float8 as df, ln((select n from n) / count(*)) as idf from pl group by pl.w),
      lo as (select pl.w, o.objective, count(*)::float8 as c from pl join practice_objective o on o.practice_id = pl.id group by 1, 2),
      tot as (select rl.i, sum(df.idf) as idf from rl join df on df.w = rl.w group by rl.i),
      votes as (
        select rl.i, lo.objective, sum(df.idf * lo.c / df.df) / nullif(tot.idf, 0) as s
        from rl join df on df.w = rl.w join lo on lo.w = rl.w join tot on tot.i = rl.i
        group by rl.i, lo.objective, tot.idf
      ),
      gv as materialized (
        select g.number, to_tsvector('obs_es', coalesce(g.title->>'es', '')) as es, to_tsvector('obs_en', coalesce(g.title->>'en', '')) as en from ref_gcm_objective g
      ),
      titles as (
        -- the row's queries are parsed once (in x): per objective, they took seconds
        select x.i, gv.number as objective, ts_rank(gv.es, x.es) + ts_rank(gv.en, x.en) as s
        from x cross join gv
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

/**
 * pg_trgm's trigrams of a folded text: each word (letters and digits) padded with two spaces
 * before and one after, every three characters, as a set. `similarity()` on both sides.
 */
export function trigrams(folded: string): Set<string> {
  const out = new Set<string>();
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const w = `  ${word} `;
    for (let k = 0; k + 3 <= w.length; k++) out.add(w.slice(k, k + 3));
  }
  return out;
}

/**
 * Each row's most similar existing title (either language; rejected practices aside), when at
 * least DUPLICATE_SIMILARITY alike. pg_trgm's `similarity()` answered per row took 0.1–0.2 s
 * with 10,000 practices (hundreds of candidates above the index's 0.3 to recheck, their
 * titles folded again each time): 1,000 rows took minutes. Instead the titles are folded
 * once by the database (obs_unaccent, as title_plain is) and compared here through one
 * inverted index of trigrams, the same measure for the whole file at once.
 */
export async function duplicatesOf(db: Executor, titles: string[]): Promise<(DuplicateOf | null)[]> {
  const out: (DuplicateOf | null)[] = titles.map(() => null);
  const asked = titles.map((t, i) => ({ t, i })).filter((x) => x.t.trim().length > 0);
  if (!asked.length) return out;
  const [existing, folded] = await Promise.all([
    sql<{ id: string; slug: string; title: Localized; es: string; en: string }>`
      select p.id, p.slug, p.title, lower(obs_unaccent(coalesce(p.title->>'es', ''))) as es, lower(obs_unaccent(coalesce(p.title->>'en', ''))) as en
      from practice p where p.workflow <> 'rejected' order by p.id`.execute(db),
    sql<{ f: string }>`select lower(obs_unaccent(x.t)) as f from unnest(${asked.map((a) => a.t)}::text[]) with ordinality as x(t, n) order by x.n`.execute(db),
  ]);
  // One entry per existing title and language; postings (trigram id → entries holding it)
  // laid out flat, as the counting below walks tens of millions of them for a large file.
  const ids = new Map<string, number>();
  const owner: number[] = [];
  const size: number[] = [];
  const entryGrams: number[][] = [];
  existing.rows.forEach((p, pi) => {
    for (const text of p.es === p.en ? [p.es] : [p.es, p.en]) {
      const g = trigrams(text);
      if (g.size === 0) continue;
      owner.push(pi);
      size.push(g.size);
      entryGrams.push([...g].map((x) => ids.get(x) ?? (ids.set(x, ids.size), ids.size - 1)));
    }
  });
  const start = new Int32Array(ids.size + 1);
  for (const gs of entryGrams) for (const x of gs) start[x + 1]!++;
  for (let x = 0; x < ids.size; x++) start[x + 1]! += start[x]!;
  const fill = start.slice(0, ids.size);
  const postings = new Int32Array(start[ids.size]!);
  entryGrams.forEach((gs, e) => gs.forEach((x) => (postings[fill[x]!++] = e)));
  const shared = new Int32Array(owner.length);
  for (let k = 0; k < asked.length; k++) {
    const g = trigrams(folded.rows[k]!.f);
    if (g.size === 0) continue;
    const touched: number[] = [];
    for (const gram of g) {
      const x = ids.get(gram);
      if (x === undefined) continue;
      for (let q = start[x]!, end = start[x + 1]!; q < end; q++) {
        const e = postings[q]!;
        if (shared[e] === 0) touched.push(e);
        shared[e]!++;
      }
    }
    let best = -1;
    let bestSim = 0;
    for (const e of touched) {
      const c = shared[e]!;
      shared[e] = 0;
      const sim = c / (g.size + size[e]! - c);
      // ties go to the lower id, as the per-row query ordered them
      if (sim > bestSim || (sim === bestSim && best >= 0 && owner[e]! < owner[best]!)) {
        bestSim = sim;
        best = e;
      }
    }
    // pg_trgm computes in float4: compare as it would, so a title exactly at the bar counts.
    if (best >= 0 && Math.fround(bestSim) >= Math.fround(DUPLICATE_SIMILARITY)) {
      const p = existing.rows[owner[best]!]!;
      out[asked[k]!.i] = { id: p.id, slug: p.slug, title: p.title, similarity: Math.round(bestSim * 100) / 100 };
    }
  }
  return out;
}
