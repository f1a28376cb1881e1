import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { applyAndRelease } from '../observatory/testing/attack.ts';
import { flowFigures, pickYear } from './figures.ts';
import type { HomeAnswer } from './service.ts';

/**
 * The home page's answer on a real database: Guatemala's and Honduras's returns released to
 * the public (2023 whole for both, 2024 only three months of Guatemala), a public and a
 * members-only roadmap. Every figure is checked against the rows put in.
 */
let t: TestApp;
let sec: Client;
let publicRoadmap = '';

const home = async (lang = 'es', who?: Client): Promise<HomeAnswer> => {
  const r = who ? await who.request({ method: 'GET', url: `/api/v1/home?lang=${lang}` }) : await t.app.inject({ method: 'GET', url: `/api/v1/home?lang=${lang}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<HomeAnswer>();
};

const months = (year: number, n: number) => Array.from({ length: n }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'home.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'home.sec@example.org');
  const rows: Record<string, string | number>[] = [];
  for (const m of months(2023, 12)) {
    rows.push({ REF_AREA: 'GTM', FLOW: 'RETURN_RECEIVED', TIME_PERIOD: m, OBS_VALUE: 1000 });
    rows.push({ REF_AREA: 'HND', FLOW: 'RETURN_RECEIVED', TIME_PERIOD: m, OBS_VALUE: 500 });
  }
  for (const m of months(2024, 3)) rows.push({ REF_AREA: 'GTM', FLOW: 'RETURN_RECEIVED', TIME_PERIOD: m, OBS_VALUE: 2000 });
  await applyAndRelease(sec, rows, ['GTM', 'HND']);

  const r = await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Retorno digno', en: 'Dignified return' }, objectives: [21], leadCountries: ['GTM'], countries: ['HND'], isPublic: true } });
  expect(r.statusCode, r.body).toBe(201);
  publicRoadmap = r.json<{ id: string }>().id;
  const hidden = await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Hoja interna', en: 'Internal roadmap' }, objectives: [21], countries: ['MEX'], isPublic: false } });
  expect(hidden.statusCode, hidden.body).toBe(201);
}, 120_000);
afterAll(async () => t?.close());

describe('GET /api/v1/home', () => {
  it("shows the latest whole year of the region's returns with its coverage, not the partial one", async () => {
    const a = await home();
    expect(a.members).toBe(23);
    const returns = a.figures.find((f) => f.flow === 'RETURN_RECEIVED');
    expect(returns).toBeDefined();
    // 2024 holds three months of one country: not a year to show as the region's.
    expect(returns).toMatchObject({ year: '2023', value: 12 * 1000 + 12 * 500, countries: 2, reporting: 2 });
    expect(returns!.years).toEqual([{ year: '2023', value: 18000, countries: 2 }]);
    expect(returns!.name).toMatch(/retorn/i);
    expect((await home('en')).figures.find((f) => f.flow === 'RETURN_RECEIVED')!.name).toMatch(/return/i);
  });

  it('lists the newest releases, one line per country', async () => {
    const a = await home();
    expect(a.releases.map((r) => r.country).sort()).toEqual(['GTM', 'HND']);
    expect(a.releases[0]!.releasedAt >= a.releases[1]!.releasedAt).toBe(true);
    expect(a.countryNames.GTM).toBe('Guatemala');
    expect(a.countryNames.HND).toBe('Honduras');
    expect(a.objectives.map((o) => o.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });

  it('lists the newest published practices and only public commitments, the same for everyone', async () => {
    const a = await home();
    expect(a.practices.length).toBeGreaterThan(0);
    expect(a.practices.length).toBeLessThanOrEqual(4);
    expect(a.roadmaps.map((r) => r.id)).toContain(publicRoadmap);
    expect(a.roadmaps.map((r) => r.title)).not.toContain('Hoja interna');
    expect(a.roadmaps.find((r) => r.id === publicRoadmap)!.countries.sort()).toEqual(['GTM', 'HND']);
    // A secretary sees the public home too (no members-only roadmap, no counters).
    const s = await home('es', sec);
    expect(s.roadmaps.map((r) => r.title)).not.toContain('Hoja interna');
    expect(Object.keys(s).sort()).toEqual(['countryNames', 'figures', 'members', 'objectives', 'pledges', 'practices', 'releases', 'roadmaps']);
  });

  it('may be kept by any cache for a minute', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/home' });
    expect(r.headers['cache-control']).toBe('public, max-age=60');
  });
});

describe('figures', () => {
  const obs = (country: string, period: string, value: number | null) => ({ FLOW: 'REG_ENTRY', REF_AREA: country, TIME_PERIOD: period, OBS_VALUE: value });

  it('counts annual periods and whole quarters as whole years, and drops a year with a withheld cell', () => {
    const f = flowFigures(
      [
        obs('CRI', '2022', 10),
        ...['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4'].map((q) => obs('PAN', q, 5)),
        ...months(2022, 12).map((m, i) => obs('MEX', m, i === 3 ? null : 7)),
        obs('ESP', '2022', 99), // not a member: not the region's
      ],
      ['CRI', 'PAN', 'MEX'],
    );
    expect(f).toEqual([{ flow: 'REG_ENTRY', year: '2022', value: 30, countries: 2, reporting: 3, years: [{ year: '2022', value: 30, countries: 2 }] }]);
  });

  it('shows the latest year holding at least half the best coverage', () => {
    const y = (year: string, countries: number) => ({ year, value: 1, countries });
    expect(pickYear([y('2021', 8), y('2022', 9), y('2023', 5), y('2024', 1)])?.year).toBe('2023');
    expect(pickYear([y('2021', 8), y('2022', 3)])?.year).toBe('2021');
    expect(pickYear([])).toBeNull();
  });
});
