import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { buildTextQuery } from './search.ts';
import { searchWithFacets } from './repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());

const search = async (qs: string, lang = 'es') => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/practices?${qs}`, headers: { 'accept-language': lang } });
  expect(res.statusCode).toBe(200);
  return res.json<{ total: number; items: { title: string; countries: string[]; objectives: number[]; slug: string }[]; facets: Record<string, { value: string; count: number }[]> }>();
};

describe('practices seeded from the 2023 forum report', () => {
  it('publishes every practice of the report', async () => {
    const all = await search('pageSize=100');
    expect(all.total).toBe(65);
    expect(all.items.some((i) => i.title.startsWith('Grupo Beta'))).toBe(true);
  });

  it('finds "Regularización" when typed without accent, and plural/singular forms', async () => {
    const r = await search('q=regularizacion');
    expect(r.total).toBeGreaterThan(0);
    expect(r.items[0]!.title.toLowerCase()).toContain('regulariz');
    const p = await search('q=protocolos');
    expect(p.items.some((i) => /protocolo/i.test(i.title))).toBe(true);
  });

  it('finds Spanish practices from English words through the domain vocabulary', async () => {
    const trafficking = await search('q=human%20trafficking', 'en');
    // English pages show the platform's English titles; the Spanish practices are found all the same.
    expect(trafficking.items.some((i) => i.slug === 'cri-politica-nacional-trata-2020-2023')).toBe(true);
    const missing = await search('q=missing%20migrants', 'es');
    expect(missing.items.some((i) => /desaparecid/i.test(i.title))).toBe(true);
    const ret = await search('q=return', 'es');
    expect(ret.items.some((i) => /retorno/i.test(i.title))).toBe(true);
  });

  it('ranks a title match above matches in the body', async () => {
    const r = await search('q=retorno');
    expect(r.items[0]!.title).toMatch(/retorno/i);
  });

  it('tolerates a small typo', async () => {
    const r = await search('q=regularisacion');
    expect(r.items.some((i) => /regularizaci/i.test(i.title))).toBe(true);
  });

  it('answers exactly as correcting typos first would, whether or not a word is a typo', async () => {
    // The search checks the lexicon inside its own statement and corrects only when a word is
    // unknown (service.ts); the reference corrects first, then searches (buildTextQuery).
    const filters = { objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [] };
    for (const q of ['regularisacion', 'regularizacion', 'human trafficking', 'protocolos', 'busqueda-rescate  de', 'migrantes desaparecisos', 'xyzzyq plomo', 'de la', 'regularisacion regularisacion retorno']) {
      const { tq, corrected } = await buildTextQuery(t.db.db, q);
      const expected = await searchWithFacets(t.db.db, { q, ...filters }, tq, 'relevance', 20, 0);
      const r = await search(`q=${encodeURIComponent(q)}`);
      // When no practice holds every word the API falls back to those holding some (service.ts).
      if ((r as { partialMatch?: boolean }).partialMatch) expect(expected.total, q).toBe(0);
      else {
        expect(r.total, q).toBe(expected.total);
        expect(r.items.map((i) => i.slug), q).toEqual(expected.items.map((i) => i.slug));
      }
      expect((r as { correctedQuery?: string }).correctedQuery ?? null, q).toBe(corrected);
    }
  });

  it('filters by objective and country with facet counts', async () => {
    const r = await search('objective=8&country=MEX');
    expect(r.total).toBeGreaterThan(0);
    for (const i of r.items) {
      expect(i.objectives).toContain(8);
      expect(i.countries).toContain('MEX');
    }
    const kindCounts = r.facets.kind!.reduce((s, f) => s + f.count, 0);
    expect(kindCounts).toBe(r.total);
  });

  it('offers target group, language and period facets, and filters by them', async () => {
    const all = await search('pageSize=1');
    expect(all.facets.language!.find((f) => f.value === 'es')!.count).toBe(65);
    const r = await search('language=en');
    expect(r.total).toBe(0);
  });

  it('shows the coverage matrix with objective 13 empty', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/practices/coverage' });
    const body = res.json<{ emptyObjectives: number[]; cells: { country: string; objective: number; count: number }[] }>();
    expect(body.emptyObjectives).toContain(13);
    expect(body.cells.length).toBeGreaterThan(0);
  });

  it('opens a practice with similar practices from other countries, and 404s in the caller language', async () => {
    const r = await search('q=grupo beta');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/practices/${r.items[0]!.slug}` });
    expect(res.statusCode).toBe(200);
    const p = res.json<{
      title: string;
      countries: string[];
      objectives: number[];
      similar: { countries: string[]; sharedObjectives: number[] }[];
      partnerCountries: { country: string; objectives: number[]; practices: number }[];
    }>();
    expect(p.title).toMatch(/^Grupo Beta/);
    expect(p.similar.length).toBeGreaterThan(0);
    for (const s of p.similar) expect(s.countries).not.toContain('MEX');
    // Grupo Beta (session 1) shares its objectives with other session-1 practices: the most
    // similar ones say which objectives they share.
    expect(p.similar[0]!.sharedObjectives.length).toBeGreaterThan(0);
    for (const s of p.similar) for (const o of s.sharedObjectives) expect(p.objectives).toContain(o);
    // Potential partners: other countries with published practices on the same objectives.
    expect(p.partnerCountries.length).toBeGreaterThan(0);
    for (const c of p.partnerCountries) {
      expect(p.countries).not.toContain(c.country);
      expect(c.practices).toBeGreaterThan(0);
      for (const o of c.objectives) expect(p.objectives).toContain(o);
    }
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/practices/no-such-practice', headers: { 'accept-language': 'en' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('That published practice was not found.');
  });
});

describe('practice pages', () => {
  it('answers 404 for the page of a practice that does not exist, 200 for a published one', async () => {
    const web = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-web-'));
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Observatorio</title>');
    const w = await testApp({ webDistDir: web });
    try {
      const res = await w.app.inject({ method: 'GET', url: '/api/v1/practices?q=grupo%20beta' });
      const slug = res.json<{ items: { slug: string }[] }>().items[0]!.slug;
      expect((await w.app.inject({ method: 'GET', url: `/practices/${slug}` })).statusCode).toBe(200);
      expect((await w.app.inject({ method: 'GET', url: `/practices/${slug}/history` })).statusCode).toBe(200);
      expect((await w.app.inject({ method: 'GET', url: '/practices/coverage' })).statusCode).toBe(200);
      const missing = await w.app.inject({ method: 'GET', url: '/practices/no-such-practice' });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/text\/html/);
    } finally {
      await w.close();
      fs.rmSync(web, { recursive: true, force: true });
    }
  });
});
