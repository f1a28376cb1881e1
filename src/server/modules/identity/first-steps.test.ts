import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import type { FirstStep } from './first-steps.ts';

/** The administrator's checklist on a real database: each tick follows what is really there. */
let t: TestApp;
let admin: Client;
let withMail: TestApp;

const steps = async (who: Client) => {
  const r = await who.request({ method: 'GET', url: '/api/v1/admin/first-steps' });
  expect(r.statusCode, r.body).toBe(200);
  return Object.fromEntries(r.json<{ items: FirstStep[] }>().items.map((s) => [s.key, s.state]));
};

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'steps.admin@example.org', role: 'admin' });
  admin = await signIn(t, 'steps.admin@example.org');
  withMail = await testApp({ env: { SMTP_URL: 'smtp://127.0.0.1:2525' } });
  await createUser(withMail, { email: 'steps.admin2@example.org', role: 'admin' });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await withMail?.close();
});

describe('GET /api/v1/admin/first-steps', () => {
  it('starts with everything to do on a fresh platform without mail', async () => {
    expect(await steps(admin)).toEqual({ secretariat: 'todo', mail: 'todo', organisations: 'todo', focalPoints: 'todo' });
  });

  it('ticks the secretariat when invited, then done when the account exists', async () => {
    const inv = await admin.request({ method: 'POST', url: '/api/v1/admin/invitations', payload: { email: 'steps.sec@example.org', role: 'secretariat', locale: 'es' } });
    expect(inv.statusCode, inv.body).toBe(201);
    expect((await steps(admin)).secretariat).toBe('invited');
    await createUser(t, { email: 'steps.sec2@example.org', role: 'secretariat' });
    expect((await steps(admin)).secretariat).toBe('done');
    expect((await steps(admin)).focalPoints).toBe('todo');
  });

  it('ticks the organisations once a person has edited one', async () => {
    const orgs = (await admin.request({ method: 'GET', url: '/api/v1/organisations' })).json<{ items: { id: string; code: string; acronym: string | null }[] }>().items;
    const org = orgs[0]!;
    const r = await admin.request({ method: 'PATCH', url: `/api/v1/organisations/${org.code}`, payload: { acronym: org.acronym } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await steps(admin)).organisations).toBe('done');
  });

  it('ticks mail when the server has an SMTP address', async () => {
    const a = await signIn(withMail, 'steps.admin2@example.org');
    expect((await steps(a)).mail).toBe('done');
  });
});
