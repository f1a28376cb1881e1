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
  if (inserted > 0) await rebuildLexicon(db);
  return inserted;
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
