import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { SEED_DIR } from '../../platform/paths.ts';

/**
 * The forum report's practices (seed/content/practices-forum-2023.json, extracted by hand
 * with the quoted source of each) become published practices of a fresh installation.
 * Only what the report says is stored; an empty summary stays empty and the page says so.
 */
interface SeedPractice {
  key: string;
  title: { es: string | null; en: string | null };
  kind: string | null;
  countries: string[];
  organisations: string[];
  objectives: number[];
  summary: { es: string | null; en?: string | null } | null;
  source: string;
}

const KINDS = new Set(['good_practice', 'policy', 'tool', 'programme', 'protocol', 'campaign', 'study']);

export function readSeedPractices(): SeedPractice[] {
  const file = path.join(SEED_DIR, 'content', 'practices-forum-2023.json');
  if (!fs.existsSync(file)) return [];
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SeedPractice[];
}

export async function seedPractices(db: Executor): Promise<number> {
  const list = readSeedPractices();
  let inserted = 0;
  for (const p of list) {
    const title: Record<string, string> = {};
    if (p.title.es) title.es = p.title.es;
    if (p.title.en) title.en = p.title.en;
    const summary: Record<string, string> = {};
    if (p.summary?.es) summary.es = p.summary.es;
    if (p.summary?.en) summary.en = p.summary.en;
    // A heading the report does not give as a kind: a "good practice" is what the forum
    // presented everything as, so it is the neutral choice (and stays editable).
    const kind = p.kind && KINDS.has(p.kind) ? p.kind : 'good_practice';
    const row = await db
      .insertInto('practice')
      .values({
        slug: p.key,
        kind,
        title: JSON.stringify(title),
        summary: JSON.stringify(summary),
        description: null,
        original_language: 'es',
        source: p.source,
        workflow: 'published',
        // Presented by a state at the forum → the state's own account; by an organisation → stakeholder.
        validation: p.countries.length > 0 ? 'state' : 'stakeholder',
        published_at: new Date('2023-09-30T00:00:00Z'),
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    inserted++;
    if (p.countries.length) {
      await db.insertInto('practice_country').values(p.countries.map((c) => ({ practice_id: row.id, country_code: c }))).execute();
    }
    if (p.organisations.length) {
      await sql`insert into practice_organisation (practice_id, organisation_id)
        select ${row.id}::uuid, id from organisation where code = any(${p.organisations}::text[])
        on conflict do nothing`.execute(db);
    }
    if (p.objectives.length) {
      await db.insertInto('practice_objective').values(p.objectives.map((o) => ({ practice_id: row.id, objective: o, is_primary: false }))).execute();
    }
  }
  const translated = await applySeedTranslations(db);
  if (inserted > 0 || translated > 0) await rebuildLexicon(db);
  return inserted;
}

interface SeedTranslation {
  es: string;
  title?: string;
  summary?: string;
}

export function readSeedTranslations(): Record<string, SeedTranslation> {
  const file = path.join(SEED_DIR, 'content', 'translations-en.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { practices: Record<string, SeedTranslation> }).practices;
}

/**
 * The platform's English for the seeded practices (seed/content/translations-en.json), marked
 * as its translation (`platform_translations`: 'title:en', 'summary:en'). Applied on every start, only where it still
 * fits: the Spanish title is the one translated, and the English is missing or is still the
 * platform's own (an English text someone wrote, or the source's, is never replaced).
 * Returns how many practices changed.
 */
export async function applySeedTranslations(db: Executor): Promise<number> {
  let changed = 0;
  for (const [slug, tr] of Object.entries(readSeedTranslations())) {
    for (const field of ['title', 'summary'] as const) {
      const text = tr[field];
      if (!text) continue;
      const mark = `${field}:en`;
      const column = sql.ref(`p.${field}`);
      // Written when the English is missing or still the platform's, and differs (or is unmarked).
      const r = await sql`
        update practice p set
          ${sql.ref(field)} = ${column} || jsonb_build_object('en', ${text}::text),
          platform_translations = array(select distinct m from unnest(p.platform_translations || array[${mark}]::text[]) m order by m)
        where p.slug = ${slug} and p.title->>'es' = ${tr.es}
          and (not ${column} ? 'en' or ${mark} = any(p.platform_translations))
          and (${column}->>'en' is distinct from ${text}::text or not ${mark} = any(p.platform_translations))`.execute(db);
      changed += Number(r.numAffectedRows ?? 0);
    }
  }
  return changed;
}

/** The words of all practice titles and summaries, unaccented, for typo correction. */
export async function rebuildLexicon(db: Executor): Promise<void> {
  await sql`delete from practice_lexicon`.execute(db);
  await sql`insert into practice_lexicon (word)
    select distinct w from practice,
      regexp_split_to_table(lower(obs_unaccent(coalesce(title->>'es','') || ' ' || coalesce(title->>'en','') || ' ' ||
        coalesce(summary->>'es','') || ' ' || coalesce(summary->>'en',''))), '[^a-z0-9ñ]+') as w
    where length(w) >= 4 and w !~ '^[0-9]+$'
    on conflict do nothing`.execute(db);
}
