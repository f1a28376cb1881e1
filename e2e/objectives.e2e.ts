import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { IndicatorValues } from '../src/server/modules/indicators/index.ts';
import { startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

/**
 * A page per GCM objective (issue 18 item 4): a reader opens objective 8 from the home page's
 * list and sees its indicators, practices, commitments and the observatory's figures, with the
 * countries active on it and those with nothing yet; in Spanish and English; on a 390 px phone
 * without sideways scrolling; axe clean. A public roadmap with actions, a pledge, a verified
 * incident and a validated indicator value are made first (the 65 seeded practices and the
 * forums' outcomes are there already).
 */
const SECRETARIAT = { email: 'secretaria.obj@example.org', password: 'secretariat password 2024' };

let env: E2eEnv;
const a11y: Record<string, string[]> = {};

async function apiAs(who: { email: string; password: string }) {
  const signIn = await env.running.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: who });
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
  return (method: 'POST' | 'GET', url: string, payload?: unknown) => env.running.app.inject({ method, url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } });
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

beforeAll(async () => {
  env = await startEnv('objectives');
  const db = env.running.database.db;
  await db.insertInto('app_user').values({ email: SECRETARIAT.email, display_name: 'Sara Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) }).execute();
  const sec = await apiAs(SECRETARIAT);
  const roadmap = await sec('POST', '/api/v1/roadmaps', { title: { es: 'Búsqueda regional de personas migrantes desaparecidas', en: 'Regional search for missing migrants' }, objectives: [8], leadCountries: ['GTM'], countries: ['MEX'], isPublic: true });
  expect(roadmap.statusCode, roadmap.body).toBe(201);
  const id = roadmap.json<{ id: string }>().id;
  for (const [es, en, status] of [['Protocolo común de búsqueda', 'Common search protocol', 'in_progress'], ['Banco forense regional', 'Regional forensic database', 'not_started']]) {
    expect((await sec('POST', `/api/v1/roadmaps/${id}/actions`, { title: { es, en }, responsibleCountry: 'GTM', status })).statusCode).toBe(201);
  }
  expect((await sec('POST', '/api/v1/pledges', { title: { es: 'Mecanismo de identificación', en: 'Identification mechanism' }, kind: 'technical', countries: ['SLV'], objectives: [8], status: 'in_progress', isPublic: true })).statusCode).toBe(201);
  const inc = await sec('POST', '/api/v1/incidents', { date: '2024-03-10', countryCode: 'MEX', place: 'Río Bravo, Matamoros', lat: 25.87, lon: -97.5, deadAndMissing: 4, cause: 'Drowning' });
  expect(inc.statusCode, inc.body).toBe(201);
  expect((await sec('POST', `/api/v1/incidents/${inc.json<{ id: string }>().id}/verify`)).statusCode).toBe(200);
  const values = new IndicatorValues(db);
  await db.transaction().execute(async (tx) => {
    for (const [country, value] of [['PAN', 10], ['CRI', 6]] as const) await values.record(tx, { code: 'SDG.10.7.3', country, period: '2023', value, origin: 'imported', status: 'validated', source: { note: 'journey' }, recordedBy: null });
  });
}, 400_000);
afterAll(async () => {
  await env?.close();
});

describe('journey: a GCM objective page', () => {
  it('a reader opens objective 8 from the home page and sees indicators, practices, commitments and data (es)', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: /Objetivo 8/ }).first().click();
    await page.waitForURL(/\/objectives\/8$/);
    await page.getByRole('heading', { level: 1, name: /migrantes desaparecidos/i }).waitFor();
    await settle(page);
    // indicators: SDG 10.7.3 with the two validated values, and the map
    const ind = page.locator('[data-testid="objective-indicator"][data-code="SDG.10.7.3"]');
    await ind.waitFor();
    expect(await page.getByTestId('indicator-table-SDG.10.7.3').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('objective-map').locator('svg').waitFor();
    // practices: as many as the practices search finds
    const search = await env.running.app.inject({ method: 'GET', url: '/api/v1/practices?objective=8&pageSize=1' });
    const total = search.json<{ total: number }>().total;
    expect(await page.getByTestId('objective-practices-link').textContent()).toBe(`Buscar las prácticas de este objetivo (${total})`);
    // commitments: the roadmap and its actions by status, the pledge
    const commitments = page.getByTestId('objective-commitments');
    await commitments.getByRole('link', { name: 'Búsqueda regional de personas migrantes desaparecidas' }).waitFor();
    expect(await commitments.textContent()).toContain('2 acciones en 1 hoja de ruta');
    await commitments.getByRole('link', { name: 'Mecanismo de identificación' }).waitFor();
    // data: SDG 10.7.3 from the incidents, the map's link (MISSING/DEAD come from the same incidents: not drawn twice)
    const figures = page.getByTestId('objective-figures');
    await figures.getByTestId('figure-incidents').waitFor();
    expect(await figures.getByTestId('figure-MISSING-none').count()).toBe(0);
    // countries: active (GTM leads the roadmap) and the gap, named
    expect(await page.getByTestId('objective-active').textContent()).toContain('Guatemala');
    expect(await page.getByTestId('objective-gap').locator('li').count()).toBeGreaterThan(0);
    await env.shot(page, '1-objective-8');
    a11y['objective 8 (es)'] = await axeViolations(page);
    // and back: the roadmap page links to the objective
    await commitments.getByRole('link', { name: 'Búsqueda regional de personas migrantes desaparecidas' }).click();
    const back = page.locator('a[href="/objectives/8"]').first();
    await back.waitFor();
    await back.click();
    await page.waitForURL(/\/objectives\/8$/);
    expect(problems).toEqual([]);
  });

  it('is drawn on the server, answers 404 for an objective that does not exist, and reads on a 390 px phone in English', async () => {
    const html = await (await fetch(`${env.url}/objectives/8`)).text();
    expect(html).toContain('data-testid="objective-practices"');
    expect((await fetch(`${env.url}/objectives/24`)).status).toBe(404);

    const { page, problems } = await env.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/objectives/8');
    await page.getByTestId('objective-figures').waitFor();
    await settle(page);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await env.shot(page, '2-phone');

    const en = await env.newPage({ locale: 'en-GB' });
    await en.context.addInitScript(() => window.localStorage.setItem('observatorio.lang', 'en'));
    await en.page.setViewportSize({ width: 390, height: 844 });
    await en.page.goto('/');
    await en.page.getByRole('link', { name: /Objective 8/ }).first().click();
    await en.page.getByRole('heading', { level: 2, name: 'Indicators and progress' }).waitFor();
    await en.page.getByRole('heading', { level: 2, name: 'Practices' }).waitFor();
    await en.page.getByRole('heading', { level: 2, name: 'Commitments' }).waitFor();
    await en.page.getByRole('heading', { level: 2, name: 'Observatory figures' }).waitFor();
    await settle(en.page);
    expect(await scrollWidth(en.page)).toBeLessThanOrEqual(390);
    await env.shot(en.page, '3-objective-8-en');
    a11y['objective 8 (en, phone)'] = await axeViolations(en.page);
    await en.page.goto('/objectives');
    await en.page.getByTestId('objective-list').waitFor();
    a11y['objectives (en)'] = await axeViolations(en.page);
    await en.page.goto('/observatory/countries/GTM');
    await en.page.getByTestId('country-gcm').getByRole('heading', { level: 2, name: 'The country and the Global Compact' }).waitFor();
    await settle(en.page);
    expect(await scrollWidth(en.page)).toBeLessThanOrEqual(390);
    a11y['country profile GCM (en, phone)'] = await axeViolations(en.page);
    expect([...problems, ...en.problems]).toEqual([]);
  });

  it('has no accessibility finding (axe-core, any impact) on any page', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(4);
  });
});
