import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { expandQuery, fold, vocabularyTerms } from './search-words.ts';
import { queryUnits, themeTerms, type QueryUnit } from './search-themes.ts';

export { expandQuery, fold } from './search-words.ts';

/**
 * Practice search: accent- and case-insensitive, Spanish and English stemming, a small
 * bilingual domain vocabulary, typo correction against the words the repository holds,
 * and title matches ranked above body matches. All in PostgreSQL (no second index).
 */
export interface PracticeFilters {
  q?: string;
  objectives: number[];
  countries: string[];
  organisations: string[];
  kinds: string[];
  principles: string[];
  statuses: string[];
  validations: string[];
  targetGroups?: string[];
  languages?: string[];
  /** Years: a practice matches when its period covers the year (an open end means ongoing). */
  years?: number[];
}

export type Sort = 'relevance' | 'newest' | 'title';

/** The words of a query as the lexicon keeps them (folded), at most 20. */
export function queryWords(q: string): string[] {
  return fold(q).split(/[^a-z0-9ñ]+/).filter(Boolean).slice(0, 20);
}

/**
 * The words typo correction might replace: only words of four letters or more are ever
 * replaced (see below), and only when the lexicon does not hold them.
 */
export function correctableWords(q: string): string[] {
  return queryWords(q).filter((w) => w.length >= 4);
}

/** Replaces words that appear nowhere in the repository by their closest known word. */
export async function correctTypos(db: Executor, q: string): Promise<string> {
  const words = queryWords(q);
  if (words.length === 0) return '';
  // One round trip for all words: each word with its closest known word (if any).
  // Known words are found by equality; only unknown ones go to the trigram index.
  const r = await sql<{ w: string; best: string | null }>`
    select u.w, case when exists (select 1 from practice_lexicon l where l.word = u.w) then u.w
      else ${closestKnownWord(sql`u.w`)} end as best
    from unnest(${words}::text[]) with ordinality as u(w, n) order by u.n`.execute(db);
  const best = new Map(r.rows.map((x) => [x.w, x.best]));
  return applyCorrections(words, best);
}

/** SQL: the lexicon's word closest to `word` by trigram similarity, or null (none similar enough). */
export function closestKnownWord(word: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(select l.word from practice_lexicon l where l.word % ${word} order by similarity(l.word, ${word}) desc limit 1)`;
}

/**
 * The corrected query from each word's closest known word (`best`: a known word maps to
 * itself; a word absent from `best` counts as known). Shared by `correctTypos` and the search's
 * own check (service.ts), so that both correct alike.
 */
export function applyCorrections(words: string[], best: ReadonlyMap<string, string | null>): string {
  const known = knownTerms();
  return words
    .map((w) => {
      const b = best.has(w) ? best.get(w) : w;
      return w.length < 4 || !b || b === w || known.has(w) || hasStemMatch(b, w) ? w : b;
    })
    .join(' ');
}

// Words of the vocabulary and of the objectives' themes are never "typos": "human
// trafficking" must not become «humana trafico» because Spanish titles lack English words.
let known: Set<string> | undefined;
function knownTerms(): Set<string> {
  known ??= new Set([...vocabularyTerms(), ...themeTerms()].flatMap((t) => t.split(' ')));
  return known;
}

// A word that differs only by its ending ("protocolos" vs "protocolo"), or that begins a known
// word ("human" of "humana"), is left to the stemmer, which handles it better than a trigram guess.
function hasStemMatch(a: string, b: string): boolean {
  if (a.startsWith(b) || b.startsWith(a)) return true;
  const n = Math.min(a.length, b.length) - 2;
  return n >= 4 && a.slice(0, n) === b.slice(0, n);
}

/**
 * What the search looked for, in the person's own words: the text as typed with only the
 * corrected words replaced (accents, case and punctuation of the rest kept), or null when no
 * word was corrected. Never the folded, stemmed or expanded form.
 */
export function correctionShown(text: string, corrected: string): string | null {
  const typed = queryWords(text);
  const fixed = corrected.split(' ').filter(Boolean);
  if (typed.length !== fixed.length || typed.every((w, i) => w === fixed[i])) return null;
  let k = 0;
  return text.trim().replace(/[\p{L}\p{N}]+/gu, (token) => {
    // The typed token's folded words (a token such as "niñez" is one word; "n1ño" too).
    const parts = fold(token).split(/[^a-z0-9ñ]+/).filter(Boolean);
    if (parts.length !== 1 || k >= typed.length) {
      k += parts.length;
      return token;
    }
    const i = k++;
    return fixed[i] !== typed[i] ? fixed[i]! : token;
  });
}

/**
 * The whole query pipeline, used by search, exports and the benchmark alike: typo
 * correction, then vocabulary expansion of both what was typed and its correction (an
 * English word absent from Spanish titles must still reach its Spanish equivalent).
 */
export async function buildTextQuery(db: Executor, q: string | undefined): Promise<{ tq: TextQuery | null; corrected: string | null; alternatives: string[]; units: QueryUnit[] }> {
  const text = q?.trim();
  if (!text) return { tq: null, corrected: null, alternatives: [], units: [] };
  return textQueryFor(text, await correctTypos(db, text));
}

/** The text query for what was typed and its typo correction (vocabulary expansion of both). */
export function textQueryFor(text: string, corrected: string): { tq: TextQuery; corrected: string | null; alternatives: string[]; units: QueryUnit[] } {
  const alternatives = [...new Set([...expandQuery(text), ...expandQuery(corrected)])].slice(0, 16);
  const shown = correctionShown(text, corrected);
  const units = queryUnits(text, shown ? corrected : null);
  return { tq: textQuery(alternatives, units), corrected: shown, alternatives, units };
}

/**
 * The fallback when no practice holds every concept of the query: practices holding any of
 * them, those holding the most first (then by the usual rank). Null for a single concept
 * (nothing to fall back to).
 */
export function anyUnitsQuery(tq: TextQuery): TextQuery | null {
  if (!tq.units || tq.units.length < 2) return null;
  return { ...tq, mode: 'any' };
}

/**
 * The text query assuming no word needs correcting — what `buildTextQuery` returns when the
 * lexicon holds every correctable word (each word is then its own correction), without asking
 * the database first. The search checks that assumption in its own statement and, only when a
 * word is unknown, corrects and asks again (service.ts): one round trip for most searches.
 */
export function optimisticTextQuery(q: string | undefined): { tq: TextQuery | null; corrected: string | null; alternatives: string[]; units: QueryUnit[]; check: string[] } {
  const text = q?.trim();
  if (!text) return { tq: null, corrected: null, alternatives: [], units: [], check: [] };
  return { ...textQueryFor(text, queryWords(text).join(' ')), check: correctableWords(text) };
}

/**
 * The search's alternatives as SQL. Both forms are equivalent to the plain OR of
 * `websearch_to_tsquery` of every alternative (tested in search-arrays.test.ts), only cheaper
 * (functions of migration 0032, computed once when the statement is planned).
 */
export interface TextQuery {
  /**
   * What to match: the OR without the alternatives another one covers ("migrant & missing"
   * when "missing" is there): the same practices from a query cheaper to test on every row,
   * whose matches the planner estimates right (`practice_tsquery_any`).
   */
  matchEs: RawBuilder<unknown>;
  matchEn: RawBuilder<unknown>;
  /** What to rank with: the same rank as the OR of all alternatives (`practice_tsquery_rank`). */
  rankEs: RawBuilder<unknown>;
  rankEn: RawBuilder<unknown>;
  plain: string;
  /**
   * The query's concepts (search-themes.ts). In mode 'all' a practice matches the typed text
   * as above, or — when a concept names GCM objectives — holds every concept either in its
   * text or through its objectives. In mode 'any' (the fallback) it holds at least one concept,
   * and ranks by how many it holds.
   */
  units?: QueryUnit[];
  mode?: 'all' | 'any';
}

export function textQuery(alternatives: string[], units: QueryUnit[] = []): TextQuery {
  return {
    matchEs: sql`practice_tsquery_any('obs_es', ${alternatives}::text[])`,
    matchEn: sql`practice_tsquery_any('obs_en', ${alternatives}::text[])`,
    rankEs: sql`practice_tsquery_rank('obs_es', ${alternatives}::text[])`,
    rankEn: sql`practice_tsquery_rank('obs_en', ${alternatives}::text[])`,
    plain: alternatives[0] ?? '',
    units,
    mode: 'all',
  };
}

/** A concept held by `p`: in its text (any of the concept's equivalents) or through its objectives. */
function unitMatch(u: QueryUnit): RawBuilder<boolean> {
  const text = sql`p.search_es @@ practice_tsquery_any('obs_es', ${u.alternatives}::text[]) or p.search_en @@ practice_tsquery_any('obs_en', ${u.alternatives}::text[])`;
  return u.objectives.length ? sql<boolean>`(${text} or p.objective_numbers && ${u.objectives}::int[])` : sql<boolean>`(${text})`;
}

const themed = (tq: TextQuery) => (tq.units ?? []).some((u) => u.objectives.length > 0);

/** The full-text part of a search's WHERE clause. */
function textCondition(tq: TextQuery): RawBuilder<unknown> {
  const units = tq.units ?? [];
  if (tq.mode === 'any') return sql`(${sql.join(units.map(unitMatch), sql` or `)})`;
  const typed = sql`p.search_es @@ ${tq.matchEs} or p.search_en @@ ${tq.matchEn}`;
  // Theme words reach the practices filed under their objective even when the title does not
  // say them ("retorno" → the practices on objective 21); every concept must still be held.
  // One concept (most theme queries: "retorno", "trata de personas"): the typed text or the
  // objective, which the GIN indexes answer directly (the concept's own text match would repeat
  // the typed one and cost a scan).
  const only = units.length === 1 ? units[0]! : null;
  if (only && only.objectives.length) return sql`(${typed} or p.objective_numbers && ${only.objectives}::int[])`;
  if (themed(tq)) return sql`(${typed} or (${sql.join(units.map(unitMatch), sql` and `)}))`;
  return sql`(${typed})`;
}

/** The WHERE conditions of a search, on `p` = practice. */
export function conditions(f: PracticeFilters, tq: TextQuery | null): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [sql`p.workflow = 'published'`];
  if (tq) {
    // Typos are handled before this, by correcting words against the lexicon, so the
    // condition stays on the GIN indexes.
    c.push(textCondition(tq));
  }
  // Countries, organisations, objectives and principles are read from the practice's own
  // arrays (kept equal to the link tables by triggers, migration 0032), on GIN indexes.
  if (f.objectives.length) c.push(sql`p.objective_numbers && ${f.objectives}::int[]`);
  if (f.countries.length) c.push(sql`p.country_codes && ${f.countries}::text[]`);
  if (f.organisations.length) c.push(sql`p.organisation_ids && array(select o.id from organisation o where o.code = any(${f.organisations}::text[]))`);
  if (f.principles.length) c.push(sql`p.principle_codes && ${f.principles}::text[]`);
  if (f.kinds.length) c.push(sql`p.kind = any(${f.kinds}::text[])`);
  if (f.statuses.length) c.push(sql`p.status = any(${f.statuses}::text[])`);
  if (f.validations.length) c.push(sql`p.validation = any(${f.validations}::text[])`);
  if (f.targetGroups?.length) c.push(sql`p.target_groups && ${f.targetGroups}::text[]`);
  if (f.languages?.length) c.push(sql`p.original_language = any(${f.languages}::text[])`);
  if (f.years?.length) {
    c.push(sql`p.period_start is not null and exists (select 1 from unnest(${f.years}::int[]) y
      where y >= extract(year from p.period_start) and (p.period_end is null or y <= extract(year from p.period_end)))`);
  }
  return c;
}

export function rankExpr(tq: TextQuery | null): RawBuilder<number> {
  if (!tq) return sql<number>`0`;
  // Title words carry weight A (1.0) against 0.4/0.2 for summary/description.
  const text = sql<number>`(ts_rank('{0.1,0.2,0.4,1.0}', p.search_es, ${tq.rankEs}) + ts_rank('{0.1,0.2,0.4,1.0}', p.search_en, ${tq.rankEn}))`;
  const units = tq.units ?? [];
  // Fallback: the number of concepts held comes first (a rank is below 2, so /10 keeps it a tie-break).
  if (tq.mode === 'any') return sql<number>`(${sql.join(units.map((u) => sql`(${unitMatch(u)})::int`), sql` + `)} + ${text} / 10)`;
  if (!themed(tq)) return text;
  // A practice found only through its objective ranks after those whose text holds the words
  // (its text may hold one of them, "migrantes" of "missing migrants": a hundredth of that rank).
  const objectives = [...new Set(units.flatMap((u) => u.objectives))];
  return sql<number>`(case when p.search_es @@ ${tq.matchEs} or p.search_en @@ ${tq.matchEn} then ${text} else ${text} / 100 end
    + case when p.objective_numbers && ${objectives}::int[] then 0.01 else 0 end)`;
}
