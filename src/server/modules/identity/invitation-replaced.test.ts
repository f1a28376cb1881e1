import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  // No SMTP: each invitation answers with its link, which is what this test needs.
  t = await testApp();
  await createUser(t, { email: 'replace.admin@example.org', role: 'admin' });
  admin = await signIn(t, 'replace.admin@example.org');
});
afterAll(async () => t?.close());

const invite = async (email: string) => {
  const res = await admin.request({ method: 'POST', url: '/api/v1/admin/invitations', payload: { email, role: 'secretariat', locale: 'es' } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; link: string }>();
};
const statuses = async () =>
  new Map((await admin.request({ method: 'GET', url: '/api/v1/admin/invitations' })).json<{ items: { id: string; status: string }[] }>().items.map((i) => [i.id, i.status]));
const tokenOf = (link: string) => link.split('/link/')[1]!;

describe('an invitation replaced by a newer one', () => {
  it('is listed as replaced (not used), its link says a newer one was sent, and the newer one works', async () => {
    const first = await invite('twice.invited@example.org');
    const second = await invite('twice.invited@example.org');
    let s = await statuses();
    expect(s.get(first.id)).toBe('replaced');
    expect(s.get(second.id)).toBe('open');

    const old = await t.app.inject({ method: 'GET', url: `/api/v1/auth/links/${tokenOf(first.link)}`, headers: { 'accept-language': 'en' } });
    expect(old.statusCode).toBe(409);
    expect(old.json<{ error: { message: string } }>().error.message).toBe('A newer link was sent to this address: use the one in the latest e-mail.');

    const used = await t.app.inject({ method: 'POST', url: `/api/v1/auth/links/${tokenOf(second.link)}`, payload: { password: 'a long enough passphrase' } });
    expect(used.statusCode).toBe(200);
    s = await statuses();
    expect(s.get(second.id)).toBe('used');
    expect(s.get(first.id)).toBe('replaced');
  });

  it('a revoked invitation is still listed as revoked', async () => {
    const inv = await invite('revoked.once@example.org');
    expect((await admin.request({ method: 'DELETE', url: `/api/v1/admin/invitations/${inv.id}` })).statusCode).toBe(204);
    expect((await statuses()).get(inv.id)).toBe('revoked');
  });
});
