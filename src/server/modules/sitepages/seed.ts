import fs from 'node:fs';
import path from 'node:path';
import type { Executor } from '../../platform/db/database.ts';
import { SEED_DIR } from '../../platform/paths.ts';
import { SITE_PAGES } from './service.ts';

export const SITE_PAGES_SEED_DIR = path.join(SEED_DIR, 'site-pages');

/** A seed file: its first line `# Title`, then the Markdown body. */
export function readSeedPage(slug: string, lang: 'es' | 'en'): { title: string; body: string } {
  const text = fs.readFileSync(path.join(SITE_PAGES_SEED_DIR, `${slug}.${lang}.md`), 'utf8').replace(/\r\n/g, '\n');
  const m = /^# (.+)\n+/.exec(text);
  if (!m) throw new Error(`seed/site-pages/${slug}.${lang}.md must start with "# Title"`);
  return { title: m[1]!.trim(), body: text.slice(m[0].length).trimEnd() + '\n' };
}

/**
 * First start: version 1 of each page from seed/site-pages (written from what the platform
 * does; the secretariat edits them afterwards). A page that has any version is left alone.
 */
export async function seedSitePages(tx: Executor): Promise<void> {
  for (const slug of SITE_PAGES) {
    const any = await tx.selectFrom('site_page_version').select('version').where('slug', '=', slug).limit(1).executeTakeFirst();
    if (any) continue;
    const es = readSeedPage(slug, 'es');
    const en = readSeedPage(slug, 'en');
    await tx
      .insertInto('site_page_version')
      .values({ slug, version: 1, title_es: es.title, title_en: en.title, body_es: es.body, body_en: en.body, note: null, edited_by: null, edited_by_name: null })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
