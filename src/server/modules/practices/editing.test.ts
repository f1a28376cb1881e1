import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let iom: Client;
let sec: Client;
let mex: Client;
let gtm: Client;

const draft = {
  title: { es: 'Protocolo de atención a niñez migrante no acompañada' },
  summary: { es: 'Atención coordinada en la frontera.' },
  kind: 'protocol',
  countries: ['MEX'],
  organisations: ['IOM'],
  objectives: [7, 8],
  primaryObjective: 7,
  targetGroups: ['unaccompanied_children'],
  links: [{ url: 'https://example.org/protocolo', label: 'Texto' }],
  contact: 'punto.focal@example.org',
};

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser(t, { email: 'sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'mex@example.org', role: 'focal_point', countryCode: 'MEX' });
  await createUser(t, { email: 'gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  iom = await signIn(t, 'iom@example.org');
  sec = await signIn(t, 'sec@example.org');
  mex = await signIn(t, 'mex@example.org');
  gtm = await signIn(t, 'gtm@example.org');
});
afterAll(async () => t.close());

describe('submission, review and publication', () => {
  it('a contributor from IOM submits, the secretariat requests changes, the contributor fixes, the secretariat publishes', async () => {
    const created = await iom.request({ method: 'POST', url: '/api/v1/practices', payload: draft });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    // Not public while a draft.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/practices/${id}` })).statusCode).toBe(404);

    expect((await iom.request({ method: 'POST', url: `/api/v1/practices/${id}/submit` })).json().workflow).toBe('submitted');
    const noComment = await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/review`, payload: { decision: 'request_changes' } });
    expect(noComment.statusCode).toBe(400);
    const asked = await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/review`, payload: { decision: 'request_changes', comment: 'Añada el periodo.' } });
    expect(asked.json().workflow).toBe('changes_requested');

    const edit = await iom.request({ method: 'GET', url: `/api/v1/practices/${id}/edit` });
    expect(edit.json().reviewComment).toBe('Añada el periodo.');
    const saved = await iom.request({
      method: 'PUT',
      url: `/api/v1/practices/${id}`,
      payload: { version: edit.json().version, practice: { ...draft, periodStart: '2023-01-01', status: 'ongoing' } },
    });
    expect(saved.statusCode).toBe(200);
    await iom.request({ method: 'POST', url: `/api/v1/practices/${id}/submit` });
    const published = await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/review`, payload: { decision: 'publish' } });
    expect(published.json().workflow).toBe('published');

    // An anonymous visitor finds it, marked as reported by a stakeholder; no contact shown.
    const found = await t.app.inject({ method: 'GET', url: '/api/v1/practices?q=ninez%20no%20acompanada' });
    const item = found.json().items.find((i: { id: string }) => i.id === id);
    const byGroupAndYear = await t.app.inject({ method: 'GET', url: '/api/v1/practices?targetGroup=unaccompanied_children&year=2024' });
    expect(byGroupAndYear.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(byGroupAndYear.json().facets.year.some((f: { value: string }) => f.value === '2024')).toBe(true);
    const beforeStart = await t.app.inject({ method: 'GET', url: '/api/v1/practices?targetGroup=unaccompanied_children&year=2022' });
    expect(beforeStart.json().total).toBe(0);
    expect(item.validation).toBe('stakeholder');
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/practices/${id}` });
    expect(JSON.stringify(page.json())).not.toContain('punto.focal@example.org');
    const asMember = await gtm.request({ method: 'GET', url: `/api/v1/practices/${id}` });
    expect(asMember.json().contact).toBe('punto.focal@example.org');

    // Mexico's focal point endorses it; Guatemala's cannot.
    expect((await gtm.request({ method: 'POST', url: `/api/v1/practices/${id}/endorse` })).statusCode).toBe(403);
    expect((await mex.request({ method: 'POST', url: `/api/v1/practices/${id}/endorse` })).json().validation).toBe('state');

    const history = await t.app.inject({ method: 'GET', url: `/api/v1/practices/${id}/history` });
    const items = history.json().items as { version: number; changes: { field: string }[]; by: string | null }[];
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.some((v) => v.changes.some((c) => c.field === 'periodStart'))).toBe(true);
    expect(items.every((v) => v.by === null)).toBe(true);
  });

  it('refuses bad input with clear messages and stores nothing', async () => {
    const before = await t.db.db.selectFrom('practice').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...draft, description: 'hola <script>alert(1)</script>' }, /HTML/],
      [{ ...draft, links: [{ url: 'javascript:alert(1)', label: null }] }, /http/],
      [{ ...draft, title: { es: 'x'.repeat(10_000) } }, /title/],
      [{ ...draft, objectives: [24], primaryObjective: null }, /24/],
      [{ ...draft, countries: ['ZZZ'] }, /ZZZ/],
      [{ ...draft, periodStart: '2024-01-01', periodEnd: '2023-01-01' }, /anterior/],
    ];
    for (const [body, pattern] of cases) {
      const r = await iom.request({ method: 'POST', url: '/api/v1/practices', payload: body });
      expect(r.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(r.json().error), JSON.stringify(r.json().error)).toMatch(pattern);
    }
    const after = await t.db.db.selectFrom('practice').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('gives the second of two concurrent editors a conflict with the other changes', async () => {
    const { id } = (await mex.request({ method: 'POST', url: '/api/v1/practices', payload: { ...draft, organisations: [] } })).json<{ id: string }>();
    const v = (await mex.request({ method: 'GET', url: `/api/v1/practices/${id}/edit` })).json().version as number;
    const first = await mex.request({ method: 'PUT', url: `/api/v1/practices/${id}`, payload: { version: v, practice: { ...draft, organisations: [], summary: { es: 'Primera' } } } });
    expect(first.statusCode).toBe(200);
    const second = await sec.request({ method: 'PUT', url: `/api/v1/practices/${id}`, headers: { 'accept-language': 'en' }, payload: { version: v, practice: { ...draft, organisations: [], summary: { es: 'Segunda' } } } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toMatch(/Someone else saved/);
    expect(second.json().error.details.current.summary.es).toBe('Primera');
  });

  it('lets focal points write only for their own country, and viewers not at all', async () => {
    const r = await gtm.request({ method: 'POST', url: '/api/v1/practices', payload: draft });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues[0].message).toMatch(/GTM/);
    await createUser(t, { email: 'viewer@example.org', role: 'member_viewer' });
    const viewer = await signIn(t, 'viewer@example.org');
    expect((await viewer.request({ method: 'POST', url: '/api/v1/practices', payload: draft })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/practices', payload: draft })).statusCode).toBe(401);
  });

  it('lets the secretariat restore an earlier version', async () => {
    const { id } = (await sec.request({ method: 'POST', url: '/api/v1/practices', payload: draft })).json<{ id: string }>();
    const v1 = (await sec.request({ method: 'GET', url: `/api/v1/practices/${id}/edit` })).json().version as number;
    await sec.request({ method: 'PUT', url: `/api/v1/practices/${id}`, payload: { version: v1, practice: { ...draft, title: { es: 'Título cambiado' } } } });
    const restored = await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/restore`, payload: { version: v1 } });
    expect(restored.statusCode).toBe(200);
    const now = (await sec.request({ method: 'GET', url: `/api/v1/practices/${id}/edit` })).json();
    expect(now.practice.title.es).toBe(draft.title.es);
    expect((await mex.request({ method: 'POST', url: `/api/v1/practices/${id}/restore`, payload: { version: v1 } })).statusCode).toBe(403);
  });
});
