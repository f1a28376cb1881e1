import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { applyAndRelease } from '../observatory/testing/attack.ts';
import { IndicatorValues } from '../indicators/index.ts';
import { GCM_MEMBER_COUNTRIES } from './index.ts';

/**
 * The objective pages' API on a real database: the seeded practices and meetings' outcomes,
 * a public and a members-only roadmap and pledge made here, Guatemala's returns released to
 * the public, a verified incident. Counts are checked against the other modules' own APIs.
 */
let t: TestApp;
let sec: Client;
let viewer: Client;
let publicRoadmap = '';

const get = (url: string, lang = 'es') => t.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'obj.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'obj.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'obj.viewer@example.org', role: 'member_viewer' });
  sec = await signIn(t, 'obj.sec@example.org');
  const gtm = await signIn(t, 'obj.gtm@example.org');
  viewer = await signIn(t, 'obj.viewer@example.org');

  const roadmap = await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Búsqueda de migrantes desaparecidos', en: 'Search for missing migrants' }, objectives: [8], leadCountries: ['GTM'], countries: ['HND'], isPublic: true } });
  expect(roadmap.statusCode, roadmap.body).toBe(201);
  publicRoadmap = roadmap.json<{ id: string }>().id;
  for (const status of ['in_progress', 'done', 'not_started']) {
    const a = await sec.request({ method: 'POST', url: `/api/v1/roadmaps/${publicRoadmap}/actions`, payload: { title: { es: `Acción ${status}`, en: `Action ${status}` }, responsibleCountry: 'GTM', status } });
    expect(a.statusCode, a.body).toBe(201);
  }
  const hidden = await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Hoja interna', en: 'Internal roadmap' }, objectives: [8], countries: ['MEX'], isPublic: false } });
  expect(hidden.statusCode, hidden.body).toBe(201);
  const pledge = await sec.request({ method: 'POST', url: '/api/v1/pledges', payload: { title: { es: 'Protocolo de identificación', en: 'Identification protocol' }, kind: 'technical', countries: ['SLV'], objectives: [8, 21], status: 'in_progress', isPublic: true } });
  expect(pledge.statusCode, pledge.body).toBe(201);

  // Guatemala's returns (objective 21), released to the public; nothing of trafficking victims.
  const rows: Record<string, string | number>[] = [];
  for (const m of ['2024-01', '2024-02', '2024-03']) for (const s of ['F', 'M']) rows.push({ REF_AREA: 'GTM', FLOW: 'RETURN_RECEIVED', TIME_PERIOD: m, SEX: s, OBS_VALUE: s === 'F' ? 120 : 880 });
  await applyAndRelease(sec, rows, ['GTM']);

  const inc = await gtm.request({ method: 'POST', url: '/api/v1/incidents', payload: { date: '2024-03-01', countryCode: 'GTM', place: 'Tecún Umán', lat: 14.68, lon: -92.14, deadAndMissing: 4, cause: 'Drowning' } });
  expect(inc.statusCode, inc.body).toBe(201);
  expect((await sec.request({ method: 'POST', url: `/api/v1/incidents/${inc.json<{ id: string }>().id}/verify` })).statusCode).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

interface Objective {
  number: number;
  title: string;
  practices: { total: number; countries: { country: string; practices: number }[]; newest: { slug: string }[]; searchUrl: string };
  commitments: {
    outcomes: { total: number };
    roadmaps: { id: string }[];
    actions: { total: number; byStatus: Record<string, number> };
    pledges: { total: number; byStatus: Record<string, number> };
  };
  figures: ({ kind: 'incidents'; series: { year: number; value: number }[]; link: string } | { kind: 'flow'; flow: string; countries: { country: string; year: string; value: number | null; months: number }[]; years: { year: string; value: number | null }[] })[];
  countries: { active: { country: string; practices: number; roadmaps: number; pledges: number; figures: number; indicators: number }[]; gap: { country: string; name: string }[] };
  indicators: { available: boolean };
}

describe('GET /api/v1/objectives/{n}', () => {
  it('answers objective 8 with the practices, commitments and figures the other modules hold, and names the gap', async () => {
    const res = await get('/api/v1/objectives/8');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const o = res.json<Objective>();
    expect(o.title).toMatch(/migrantes desaparecidos/i);

    // practices: the same total and countries as the practices search filtered by the objective
    const search = (await get('/api/v1/practices?objective=8&pageSize=1')).json<{ total: number; facets: Record<string, { value: string; count: number }[]> }>();
    expect(o.practices.total).toBe(search.total);
    expect(o.practices.total).toBeGreaterThan(0);
    expect(o.practices.searchUrl).toBe('/practices?objective=8');
    const coverage = (await get('/api/v1/practices/coverage')).json<{ cells: { country: string; objective: number; count: number }[] }>();
    expect(o.practices.countries.map((c) => [c.country, c.practices]).sort()).toEqual(coverage.cells.filter((c) => c.objective === 8).map((c) => [c.country, c.count]).sort());

    // commitments as the public sees them: the public roadmap (3 actions) and pledge, not the internal one
    expect(o.commitments.roadmaps.map((r) => r.id)).toEqual([publicRoadmap]);
    expect(o.commitments.actions).toEqual({ total: 3, byStatus: { in_progress: 1, done: 1, not_started: 1 } });
    expect(o.commitments.pledges).toMatchObject({ total: 1, byStatus: { in_progress: 1 } });
    const outcomes = (await get('/api/v1/outcomes?objective=8')).json<{ items: unknown[] }>().items;
    expect(o.commitments.outcomes.total).toBe(outcomes.length);

    // SDG 10.7.3: the verified incident, as the incidents API sums it
    const sdg = o.figures.find((f) => f.kind === 'incidents');
    expect(sdg?.kind).toBe('incidents');
    const summary = (await get('/api/v1/incidents/summary?region=americas')).json<{ rows: { year: number; value: number }[] }>().rows;
    if (sdg?.kind === 'incidents') {
      expect(sdg.series.map((r) => [r.year, r.value])).toEqual(summary.map((r) => [r.year, r.value]));
      expect(sdg.series.find((r) => r.year === 2024)?.value).toBe(4);
      expect(sdg.link).toBe('/observatory/missing-migrants');
    }
    // MISSING and DEAD come from the same incidents (observatory/read/incident-flows.ts): not drawn twice as flows
    for (const flow of ['MISSING', 'DEAD']) expect(o.figures.find((f) => f.kind === 'flow' && f.flow === flow)).toBeUndefined();

    // active and gap: every CRM/CSM member is in exactly one of them
    const active = new Map(o.countries.active.map((c) => [c.country, c]));
    expect(active.get('GTM')).toMatchObject({ roadmaps: 1 });
    expect(active.get('HND')).toMatchObject({ roadmaps: 1 });
    expect(active.get('SLV')).toMatchObject({ pledges: 1 });
    expect(active.has('MEX') && active.get('MEX')!.roadmaps).toBeFalsy(); // the internal roadmap is not public
    const gap = o.countries.gap.map((g) => g.country);
    for (const c of GCM_MEMBER_COUNTRIES) expect(active.has(c) !== gap.includes(c), c).toBe(true);
    const practiceCountries = new Set(o.practices.countries.map((c) => c.country));
    for (const c of gap) expect(practiceCountries.has(c)).toBe(false);
    expect(o.countries.gap.every((g) => g.name && g.name !== g.country)).toBe(true);
  });

  it('shows members the internal roadmap too, and does not let any cache keep it', async () => {
    const res = await viewer.request({ method: 'GET', url: '/api/v1/objectives/8' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.json<Objective>().commitments.roadmaps).toHaveLength(2);
  });

  it("answers objective 21 with Guatemala's released returns, and 10 with no trafficking figures yet", async () => {
    const o = (await get('/api/v1/objectives/21', 'en')).json<Objective>();
    const returns = o.figures.find((f) => f.kind === 'flow' && f.flow === 'RETURN_RECEIVED');
    expect(returns).toMatchObject({ countries: [{ country: 'GTM', year: '2024', value: 3000, months: 3 }], years: [{ year: '2024', value: 3000 }] });
    expect(o.countries.active.find((c) => c.country === 'GTM')).toMatchObject({ figures: 1 });
    expect(o.commitments.pledges.total).toBe(1);
    const ten = (await get('/api/v1/objectives/10')).json<Objective>();
    expect(ten.figures).toEqual([expect.objectContaining({ kind: 'flow', flow: 'TRAFFICKING_VICTIM', countries: [], years: [] })]);
    const one = (await get('/api/v1/objectives/1')).json<Objective>();
    expect(one.figures).toEqual([]);
  });

  it('answers a number outside 1–23 with a 404 that says why, in the reader’s language', async () => {
    for (const n of ['0', '24', '999']) {
      const es = await get(`/api/v1/objectives/${n}`);
      expect(es.statusCode).toBe(404);
      expect(es.json<{ error: { message: string } }>().error.message).toBe(`No existe el objetivo ${n}: el Pacto Mundial para la Migración tiene 23 objetivos, numerados del 1 al 23.`);
      const en = await get(`/api/v1/objectives/${n}`, 'en');
      expect(en.json<{ error: { message: string } }>().error.message).toBe(`There is no objective ${n}: the Global Compact for Migration has 23 objectives, numbered 1 to 23.`);
    }
    expect((await get('/api/v1/objectives/ocho')).statusCode).toBe(400);
  });
});

describe('indicators on the objective and country pages', () => {
  it("shows an objective's indicators with the validated values and their status, and counts the country as active", async () => {
    const before = (await get('/api/v1/objectives/8')).json<Objective & { indicators: { items: { code: string }[] } }>();
    expect(before.indicators.available).toBe(true);
    const codes = before.indicators.items.map((i) => i.code);
    expect(codes).toContain('SDG.10.7.3');
    expect(before.countries.active.find((c) => c.country === 'PAN')?.roadmaps ?? 0).toBe(0);
    const values = new IndicatorValues(t.db.db);
    await t.db.db.transaction().execute(async (tx) => {
      await values.record(tx, { code: 'SDG.10.7.3', country: 'PAN', period: '2023', value: 10, origin: 'imported', status: 'validated', source: { note: 'objectives test' }, recordedBy: null });
      // a provisional value is not public: it neither shows nor makes a country active
      await values.record(tx, { code: 'SDG.10.7.3', country: 'CRI', period: '2023', value: 7, origin: 'reported', status: 'provisional', source: { note: 'objectives test' }, recordedBy: null });
    });
    const after = (await get('/api/v1/objectives/8')).json<{ indicators: { items: { code: string; countries: { country: string; status: string; latest: { period: string; value: number } | null }[] }[] }; countries: Objective['countries'] }>();
    const sdg = after.indicators.items.find((i) => i.code === 'SDG.10.7.3')!;
    expect(sdg.countries).toEqual([expect.objectContaining({ country: 'PAN', status: 'insufficient_data', latest: expect.objectContaining({ period: '2023', value: 10 }) })]);
    expect(after.countries.active.find((c) => c.country === 'PAN')).toMatchObject({ indicators: 1 });
    expect(after.countries.gap.map((g) => g.country)).not.toContain('PAN');
    expect(after.countries.active.find((c) => c.country === 'CRI')?.indicators ?? 0).toBe(0);

    const pan = (await get('/api/v1/countries/PAN/gcm')).json<{ indicators: { items: { code: string; latest: { value: number } | null }[] }; objectivesWithNothing: number[] }>();
    // every indicator of the catalogue, with or without a value for the country (48 seeded)
    expect(pan.indicators.items.length).toBeGreaterThanOrEqual(40);
    expect(pan.indicators.items.find((i) => i.code === 'SDG.10.7.3')?.latest?.value).toBe(10);
    expect(pan.objectivesWithNothing).not.toContain(8);
  });
});

describe('GET /api/v1/objectives', () => {
  it('lists the 23 with counts that match their pages', async () => {
    const res = await get('/api/v1/objectives');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { number: number; practices: number; roadmaps: number; actions: number; pledges: number; figures: number; outcomes: number }[] }>().items;
    expect(items.map((i) => i.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const eight = items.find((i) => i.number === 8)!;
    const page = (await get('/api/v1/objectives/8')).json<Objective>();
    expect(eight).toMatchObject({ practices: page.practices.total, roadmaps: 1, actions: 3, pledges: 1, figures: 1, outcomes: page.commitments.outcomes.total });
    expect(items.find((i) => i.number === 21)).toMatchObject({ pledges: 1, figures: 2 });
  });
});

describe('GET /api/v1/countries/{iso3}/gcm', () => {
  it("gives Guatemala's practices, commitments and data coverage", async () => {
    const res = await get('/api/v1/countries/gtm/gcm');
    expect(res.statusCode, res.body).toBe(200);
    const g = res.json<{
      country: { code: string };
      practices: { total: number };
      commitments: { leads: number; actions: { total: number; byStatus: Record<string, number> } };
      coverage: { flows: { flow: string; first: string; last: string; periods: number }[] };
      objectives: { number: number; roadmaps: number; figures: boolean }[];
      objectivesWithNothing: number[];
    }>();
    expect(g.country.code).toBe('GTM');
    const search = (await get('/api/v1/practices?country=GTM&pageSize=1')).json<{ total: number }>();
    expect(g.practices.total).toBe(search.total);
    expect(g.commitments.leads).toBe(1);
    expect(g.commitments.actions).toMatchObject({ total: 3 });
    expect(g.coverage.flows).toEqual([{ flow: 'RETURN_RECEIVED', name: expect.any(String), first: '2024-01', last: '2024-03', periods: 3 }]);
    expect(g.objectives.find((o) => o.number === 8)).toMatchObject({ roadmaps: 1 });
    expect(g.objectives.find((o) => o.number === 21)).toMatchObject({ figures: true });
    expect(g.objectivesWithNothing).not.toContain(8);
    expect(g.objectivesWithNothing).not.toContain(21);
    expect((await get('/api/v1/countries/XXX/gcm')).statusCode).toBe(404);
  });
});
