import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import type { WorkspaceOverview } from '../../../shared/contracts/home.ts';
import { applyAndRelease } from '../observatory/testing/attack.ts';
import { nextSteps, pendingOf } from './workspace.ts';

/**
 * The workspace overview (issue 21, item 2) on a real database: Guatemala's 2023 returns
 * released to the public by the secretariat; then its focal point leaves one file validated,
 * sends one the secretariat approves (applied, not released) and one that waits; an announced
 * moment that was skipped; a contributor of IOM with a draft practice.
 */
let t: TestApp;
let sec: Client;
let gtm: Client;
let iom: Client;
let gtmId = '';

const overview = async (who: Client, lang = 'es'): Promise<WorkspaceOverview> => {
  const r = await who.request({ method: 'GET', url: `/api/v1/workspace/overview?lang=${lang}` });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['cache-control']).toBe('private, no-cache');
  return r.json<WorkspaceOverview>();
};
const returns = (month: string, value: number) => [{ REF_AREA: 'GTM', FLOW: 'RETURN_RECEIVED', TIME_PERIOD: month, OBS_VALUE: value }];
const submit = async (month: string): Promise<string> => {
  const r = await gtm.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows: returns(month, 700) } });
  expect(r.statusCode, r.body).toBe(201);
  expect(r.json().status).toBe('validated');
  return r.json<{ id: string }>().id;
};
const send = async (id: string) => expect((await gtm.request({ method: 'POST', url: `/api/v1/submissions/${id}/apply` })).json().status).toBe('submitted');

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'ws.sec@example.org', role: 'secretariat' });
  gtmId = await createUser(t, { email: 'ws.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'ws.iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  [sec, gtm, iom] = await Promise.all([signIn(t, 'ws.sec@example.org'), signIn(t, 'ws.gtm@example.org'), signIn(t, 'ws.iom@example.org')]);
  await applyAndRelease(
    sec,
    Array.from({ length: 12 }, (_, i) => returns(`2023-${String(i + 1).padStart(2, '0')}`, 1000)).flat(),
    ['GTM'],
  );
}, 120_000);
afterAll(async () => t?.close());

describe('GET /api/v1/workspace/overview', () => {
  it('is for signed-in people only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/workspace/overview' })).statusCode).toBe(401);
  });

  it("shows a focal point what the public sees of their country, the last release and, with nothing waiting, to announce the next one", async () => {
    const a = await overview(gtm);
    expect(a.role).toBe('focal_point');
    expect(a.country).toEqual({ code: 'GTM', name: 'Guatemala' });
    expect(a.data).toHaveLength(1);
    const d = a.data[0]!;
    expect(d.dataflow).toBe('MIG_FLOWS');
    expect(d.published).toEqual([expect.objectContaining({ flow: 'RETURN_RECEIVED', first: '2023-01', last: '2023-12', periods: 12 })]);
    expect(d.lastRelease?.level).toBe('public');
    expect(d.nextRelease).toBeNull();
    expect(d.pending).toEqual({ toConfirm: 0, awaitingApproval: 0, returned: 0, unreleased: 0 });
    expect(d.next).toEqual(['announceRelease', 'sendData']);
    // the secretariat's import of the country is the last one
    expect(d.lastImport?.status).toBe('applied');
  });

  it('counts what waits on whom and puts the most urgent step first', async () => {
    const approved = await submit('2024-01');
    await send(approved);
    expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${approved}/approve`, payload: {} })).statusCode).toBe(200);
    await send(await submit('2024-02'));
    const left = await submit('2024-03');
    const d = (await overview(gtm)).data[0]!;
    expect(d.pending).toEqual({ toConfirm: 1, awaitingApproval: 1, returned: 0, unreleased: 1 });
    expect(d.next).toEqual(['confirmValidated', 'releaseApplied', 'sendData']);
    expect(d.lastImport).toEqual(expect.objectContaining({ id: left, status: 'validated' }));
    // nothing new is public until a release
    expect(d.published[0]!.last).toBe('2023-12');
  });

  it('shows the next announced release and the announced moments that passed without one, with the reason in the reader’s language', async () => {
    const at = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const r = await gtm.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { dataflow: 'MIG_FLOWS', country: 'GTM', releaseAt: at, level: 'public' } });
    expect(r.statusCode, r.body).toBe(201);
    // a moment the scheduled job skipped last month (the job's own outcome, written as it writes it)
    const past = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    await t.db.db
      .insertInto('obs_release_calendar')
      .values({ dataflow_id: 'MIG_FLOWS', country_code: 'GTM', release_at: past, level: 'public', note: null, created_by: gtmId, status: 'skipped', reason: 'nothingNew', done_at: past })
      .execute();
    const [es, en] = [(await overview(gtm, 'es')).data[0]!, (await overview(gtm, 'en')).data[0]!];
    expect(es.nextRelease).toEqual({ at, level: 'public' });
    expect(es.overdue).toEqual([{ at: past.toISOString(), status: 'skipped', reason: expect.any(String) }]);
    expect(es.overdue[0]!.reason).not.toBe(en.overdue[0]!.reason);
    expect(en.overdue[0]!.reason).toMatch(/[a-z]/);
  });

  it("shows a contributor their organisation's practices by state, with no data status", async () => {
    const draft = { title: { es: 'Guía de retorno', en: 'Return guide' }, summary: { es: 'Prueba.' }, kind: 'tool', countries: ['MEX'], organisations: ['IOM'], objectives: [21] };
    expect((await iom.request({ method: 'POST', url: '/api/v1/practices', payload: draft })).statusCode).toBe(201);
    const a = await overview(iom);
    expect(a.role).toBe('contributor');
    expect(a.country).toBeNull();
    expect(a.data).toEqual([]);
    expect(a.practices.counts).toEqual({ draft: 1 });
    expect(a.practices.open).toEqual([expect.objectContaining({ workflow: 'draft', title: expect.objectContaining({ es: 'Guía de retorno' }) })]);
    // the focal point of another country does not see it
    expect((await overview(gtm)).practices.counts.draft ?? 0).toBe(0);
  });
});

describe('pending and next steps', () => {
  it('counts applied imports after the last cutoff only, and always offers to send data', () => {
    const p = pendingOf(
      [
        { status: 'applied', appliedAt: '2024-02-01T00:00:00.000Z' },
        { status: 'applied', appliedAt: '2023-12-01T00:00:00.000Z' },
        { status: 'returned', appliedAt: null },
      ],
      '2024-01-01T00:00:00.000Z',
    );
    expect(p).toEqual({ toConfirm: 0, awaitingApproval: 0, returned: 1, unreleased: 1 });
    expect(nextSteps(p, true)).toEqual(['fixReturned', 'releaseApplied', 'sendData']);
    expect(nextSteps({ toConfirm: 0, awaitingApproval: 2, returned: 0, unreleased: 0 }, true)).toEqual(['sendData']);
  });
});
