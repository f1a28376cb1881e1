import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { queryWords, score } from './match.ts';
import type { SearchAnswer } from './service.ts';

let t: TestApp;
let sec: Client;

const ask = async (q: string, lang = 'es', who?: Client): Promise<SearchAnswer> => {
  const url = `/api/v1/search?q=${encodeURIComponent(q)}&lang=${lang}`;
  const r = who ? await who.request({ method: 'GET', url, headers: { 'accept-language': lang } }) : await t.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<SearchAnswer>();
};
const group = (a: SearchAnswer, kind: string) => a.groups.find((g) => g.kind === kind);

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'search.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'search.sec@example.org');
});
afterAll(async () => t?.close());

describe('matching', () => {
  it('ignores accents and case, and needs every word at the start of a word', () => {
    expect(queryWords('  Panamá, y  ¿MIGRACIÓN? ')).toEqual(['panama', 'migracion']);
    expect(score(['panama'], 'Foro en Panamá')).toBeGreaterThan(0);
    expect(score(['migr'], 'personas migrantes')).toBeGreaterThan(0);
    expect(score(['grant'], 'personas migrantes')).toBe(0);
    expect(score(['panama', 'foro'], 'Foro en Panamá')).toBeGreaterThan(score(['panama', 'foro'], 'Reunión', 'Foro en Panamá'));
    expect(score(['panama', 'lima'], 'Foro en Panamá')).toBe(0);
  });
});

describe('site search', () => {
  it('finds a country, its meetings and practices in one answer, each linking to its page', async () => {
    const a = await ask('Panamá');
    const countries = group(a, 'countries')!;
    expect(countries.items[0]).toMatchObject({ title: 'Panamá', url: '/observatory/countries/PAN' });
    const meetings = group(a, 'meetings')!;
    expect(meetings.total).toBeGreaterThan(0);
    expect(meetings.items.every((m) => m.url.startsWith('/meetings/'))).toBe(true);
    expect(meetings.items.map((m) => m.url)).toContain('/meetings/crm-csm-iv-plenary-2023-panama');
    expect(group(a, 'practices')?.items.every((p) => p.url.startsWith('/practices/'))).toBe(true);
  });

  it('finds an objective and a flow by their words, in the reader’s language', async () => {
    const es = await ask('readmisión');
    expect(group(es, 'objectives')!.items.map((o) => o.url)).toContain('/objectives/21');
    const en = await ask('regular entries', 'en');
    expect(group(en, 'flows')!.items[0]).toMatchObject({ title: 'Regular entries', url: '/observatory/explorer?flow=REG_ENTRY' });
    const fr = await ask('entradas regulares', 'es');
    expect(group(fr, 'flows')!.items[0]!.url).toBe('/observatory/explorer?flow=REG_ENTRY');
  });

  it('finds GCM indicators by name (es/en) and by code, linking to their page', async () => {
    const es = group(await ask('desaparecieron'), 'indicators')!;
    expect(es.items[0]).toMatchObject({ url: '/indicators/SDG.10.7.3', detail: 'IOM' });
    expect(es.items[0]!.title).toMatch(/^SDG\.10\.7\.3 — N\S+ de personas que murieron/);
    const en = group(await ask('recruitment cost', 'en'), 'indicators')!;
    expect(en.items.map((i) => i.url)).toContain('/indicators/SDG.10.7.1');
    expect(en.items[0]!.title).toMatch(/^SDG\.10\.7\.1 — Recruitment cost/);
    expect(group(await ask('CRM.F07'), 'indicators')!.items[0]!.url).toBe('/indicators/CRM.F07');
  });

  it('shows a roadmap that is not public to the secretariat only', async () => {
    const r = await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Hoja de ruta reservada de prueba Zunil' }, isPublic: false } });
    expect(r.statusCode, r.body).toBe(201);
    expect(group(await ask('Zunil', 'es', sec), 'roadmaps')!.items).toHaveLength(1);
    expect(group(await ask('Zunil'), 'roadmaps')).toBeUndefined();
  });

  it('answers an empty or one-letter question with no groups, and a too long one with 400', async () => {
    expect((await ask('')).groups).toEqual([]);
    expect((await ask(' a ')).groups).toEqual([]);
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${'x'.repeat(201)}` });
    expect(r.statusCode).toBe(400);
  });
});
