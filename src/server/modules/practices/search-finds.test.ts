import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { SEED_DIR } from '../../platform/paths.ts';
import { fold } from './search.ts';
import { queryUnits } from './search-themes.ts';
import { readSeedPractices } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());

interface Answer {
  total: number;
  query?: string;
  correctedQuery?: string;
  partialMatch: boolean;
  items: { slug: string; title: string; summary: string | null; objectives: number[]; platformTranslated: string[] }[];
}
const search = async (q: string, lang = 'es', extra = '') => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/practices?q=${encodeURIComponent(q)}&pageSize=50${extra}`, headers: { 'accept-language': lang } });
  expect(res.statusCode).toBe(200);
  return res.json<Answer>();
};
const onObjective = (n: number) => readSeedPractices().filter((p) => p.objectives.includes(n)).map((p) => p.key);

describe('a search that finds', () => {
  it('answers with the practices holding most of the words when none holds them all, and says so', async () => {
    // No practice holds "brigadas", "regularización" and "colombianos" together; two hold two of them.
    const r = await search('brigadas regularización colombianos');
    expect(r.partialMatch).toBe(true);
    expect(r.total).toBeGreaterThan(2);
    expect(r.items.slice(0, 2).map((i) => i.slug).sort()).toEqual(['chl-brigadas-moviles-regularizacion', 'chl-regularizacion-ciudadanos-colombianos']);
    expect(r.query).toBe('brigadas regularización colombianos');
    // When every word is held, the answer is not a partial one.
    const all = await search('brigadas regularización');
    expect(all.partialMatch).toBe(false);
    expect(all.items[0]!.slug).toBe('chl-brigadas-moviles-regularizacion');
    // A single word found nowhere: nothing to fall back to.
    const none = await search('zzyzx');
    expect(none).toMatchObject({ total: 0, partialMatch: false });
  });

  it('"retorno" finds the practices on objective 21 (return and reintegration), the one naming it first', async () => {
    const expected = onObjective(21);
    expect(expected.length).toBe(8);
    for (const [q, lang] of [['retorno', 'es'], ['return', 'en'], ['reintegración', 'es'], ['readmisión', 'es']] as const) {
      const r = await search(q, lang);
      expect(r.items.map((i) => i.slug), q).toEqual(expect.arrayContaining(expected));
      expect(r.partialMatch).toBe(false);
    }
    expect((await search('retorno')).items[0]!.slug).toBe('mex-mesa-familias-mexicanas-retorno');
  });

  it('"trata" finds the trafficking practices first, then the rest of objective 10', async () => {
    for (const [q, lang] of [['trata', 'es'], ['trata de personas', 'es'], ['human trafficking', 'en'], ['trafficking', 'en']] as const) {
      const r = await search(q, lang);
      const slugs = r.items.map((i) => i.slug);
      expect(slugs.slice(0, 2).sort(), q).toEqual(['cri-fonatt', 'cri-politica-nacional-trata-2020-2023']);
      expect(slugs, q).toEqual(expect.arrayContaining(onObjective(10)));
    }
  });

  it('echoes the query as typed, never folded or "corrected" into another language', async () => {
    const r = await search('human trafficking', 'en');
    expect(r.query).toBe('human trafficking');
    expect(r.correctedQuery).toBeUndefined();
    const mixed = await search('Human Trafficking');
    expect(mixed.correctedQuery).toBeUndefined();
    expect(mixed.query).toBe('Human Trafficking');
    // A real typo is corrected, and only that word changes in what the page shows.
    const typo = await search('Regularisacion de Menores');
    expect(typo.correctedQuery).toBe('regularizacion de Menores');
    expect(typo.items.some((i) => i.slug === 'cri-protocolo-regularizacion-menores-pani')).toBe(true);
  });

  it('keeps a vocabulary phrase as one concept and drops small and generic words', () => {
    expect(queryUnits('human trafficking women').map((u) => u.text)).toEqual(['human trafficking', 'women']);
    expect(queryUnits('regularización migratoria').map((u) => [u.text, u.objectives])).toEqual([['regularizacion', [5]]]);
    expect(queryUnits('retorno de los migrantes').map((u) => u.objectives)).toEqual([[21]]);
  });

  it('builds the theme vocabulary from the objectives\' official wording: every term said to come from it is there', () => {
    const taxonomy = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'reference', 'gcm-taxonomy.json'), 'utf8')) as { objectives: Record<string, unknown>[] };
    const themes = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'reference', 'search-themes.json'), 'utf8')) as { objectives: { objective: number; terms: { from: string; terms: string[] }[] }[] };
    expect(themes.objectives.map((o) => o.objective)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    for (const o of themes.objectives) {
      const official = taxonomy.objectives.find((x) => x.number === o.objective)!;
      for (const g of o.terms) {
        if (g.from.startsWith('synonym')) {
          expect(g.from.length, `objective ${o.objective}: a synonym says why`).toBeGreaterThan(12);
          continue;
        }
        // derived:FIELD — a phrase made of the wording's words: each word is there.
        const derived = g.from.startsWith('derived:');
        const wording = fold(String(official[derived ? g.from.slice('derived:'.length) : g.from]));
        expect(wording, `objective ${o.objective}: ${g.from} is a field of the taxonomy`).not.toBe('undefined');
        for (const term of g.terms) {
          if (derived) for (const w of fold(term).split(' ')) expect(wording.split(/[^a-z]+/), `objective ${o.objective} ${g.from}: ${term}`).toContain(w);
          else expect(wording, `objective ${o.objective} ${g.from}`).toContain(fold(term));
        }
      }
    }
  });
});

describe('English for the seeded content: the platform\'s translation, marked', () => {
  it('shows translated titles in English with the mark, the Spanish original without it', async () => {
    const en = await search('Grupo Beta', 'en');
    const beta = en.items.find((i) => i.slug === 'mex-grupo-beta')!;
    expect(beta.title).toBe('Grupo Beta for the protection of migrants');
    expect(beta.platformTranslated).toEqual(['title', 'summary']);
    expect(beta.summary).toMatch(/^According to the report/);
    const es = await search('Grupo Beta', 'es');
    const original = es.items.find((i) => i.slug === 'mex-grupo-beta')!;
    expect(original.title).toBe('Grupo Beta de protección a migrantes');
    expect(original.platformTranslated).toEqual([]);
    // The source's own English title stays the source's (no mark); its summary is translated.
    const usar = await t.app.inject({ method: 'GET', url: '/api/v1/practices/pan-equipo-usar', headers: { 'accept-language': 'en' } });
    expect(usar.json()).toMatchObject({ title: 'USAR (Urban Search and Rescue)', platformTranslated: ['summary'] });
    // Every seeded practice has an English title.
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/practices?pageSize=100', headers: { 'accept-language': 'en' } });
    const items = all.json<Answer>().items;
    expect(items).toHaveLength(65);
    for (const i of items) if (i.slug !== 'pan-equipo-usar') expect(i.platformTranslated, i.slug).toContain('title');
  });

  it('drops the mark when someone writes the English text, and the seed never overwrites it', async () => {
    const db = t.db.db;
    await sql`update practice set title = title || '{"en": "Sembrando Vida (sowing life) programme"}'::jsonb where slug = 'mex-programa-sembrando-vida'`.execute(db);
    const row = await db.selectFrom('practice').select(['title', 'platform_translations']).where('slug', '=', 'mex-programa-sembrando-vida').executeTakeFirstOrThrow();
    expect(row.platform_translations).toEqual([]);
    const { applySeedTranslations } = await import('./seed.ts');
    await applySeedTranslations(db);
    const again = await db.selectFrom('practice').select(['title', 'platform_translations']).where('slug', '=', 'mex-programa-sembrando-vida').executeTakeFirstOrThrow();
    expect(again.title.en).toBe('Sembrando Vida (sowing life) programme');
    expect(again.platform_translations).toEqual([]);
    // Applying the translations again changes nothing.
    expect(await applySeedTranslations(db)).toBe(0);
  });
});
