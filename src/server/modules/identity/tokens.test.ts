import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from './crypto.ts';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let admin: Client;
let fp: Client;
let fpId: string;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'admin@example.org', role: 'admin' });
  fpId = await createUser(t, { email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  admin = await signIn(t, 'admin@example.org');
  fp = await signIn(t, 'fp.gtm@example.org');
});
afterAll(async () => t?.close());

const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

async function createToken(c: Client, name: string) {
  const res = await c.request({ method: 'POST', url: '/api/v1/account/tokens', payload: { name } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; name: string; prefix: string; token: string; lastUsedAt: string | null; revokedAt: string | null }>();
}

describe('personal API tokens', () => {
  it('is shown once, stored only as its sha256, and usable as a Bearer token without CSRF', async () => {
    const created = await createToken(fp, 'script de carga');
    expect(created.token).toMatch(/^obs_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 10));
    expect(created.lastUsedAt).toBeNull();

    const row = await t.db.db.selectFrom('api_token').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.prefix).toBe(created.prefix);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer(created.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });

    // A write with the token needs no CSRF header (no cookie, nothing a browser sends by itself).
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers: bearer(created.token), payload: { displayName: 'Vía token' } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().displayName).toBe('Vía token');

    const used = await t.db.db.selectFrom('api_token').select('last_used_at').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
  });

  it('lists tokens without ever returning the secret', async () => {
    const created = await createToken(fp, 'listado');
    const res = await fp.request({ method: 'GET', url: '/api/v1/account/tokens' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    const mine = items.find((i) => i.id === created.id);
    expect(mine).toMatchObject({ name: 'listado', prefix: created.prefix, revokedAt: null });
    expect(res.body).not.toContain(created.token);
    for (const i of items) {
      expect(Object.keys(i).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt']);
    }
    // Someone else's list does not show it.
    const other = await admin.request({ method: 'GET', url: '/api/v1/account/tokens' });
    expect(other.json().items.map((i: { id: string }) => i.id)).not.toContain(created.id);
  });

  it('stops working once revoked: 401 with a translated message', async () => {
    const created = await createToken(fp, 'a revocar');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer(created.token) })).statusCode).toBe(200);

    // Another person cannot revoke it.
    expect((await admin.request({ method: 'DELETE', url: `/api/v1/account/tokens/${created.id}` })).statusCode).toBe(404);

    const del = await fp.request({ method: 'DELETE', url: `/api/v1/account/tokens/${created.id}` });
    expect(del.statusCode).toBe(204);

    const es = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer(created.token) });
    expect(es.statusCode).toBe(401);
    expect(es.json().error).toMatchObject({ code: 'unauthenticated', message: 'El token de API no es válido o fue revocado.' });
    const en = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer(created.token, { 'accept-language': 'en' }) });
    expect(en.statusCode).toBe(401);
    expect(en.json().error.message).toBe('The API token is not valid or was revoked.');
    // Even on a public route a bad token is an error, not a silent anonymous request.
    const pub = await t.app.inject({ method: 'GET', url: '/api/v1/reference/gcm/principles', headers: bearer(created.token) });
    expect(pub.statusCode).toBe(401);

    const list = await fp.request({ method: 'GET', url: '/api/v1/account/tokens' });
    expect(list.json().items.find((i: { id: string }) => i.id === created.id).revokedAt).not.toBeNull();
  });

  it('rejects a made-up token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer('obs_not-a-real-token') });
    expect(res.statusCode).toBe(401);
  });

  it("carries only its owner's rights: a focal point's token cannot do admin things", async () => {
    const created = await createToken(fp, 'derechos');
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(created.token) });
    expect(users.statusCode).toBe(403);
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      headers: bearer(created.token),
      payload: { email: 'new@example.org', role: 'admin' },
    });
    expect(invite.statusCode).toBe(403);
    const country = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/reference/countries/GTM',
      headers: bearer(created.token),
      payload: { name: { es: 'Guate', en: 'Guate' } },
    });
    expect(country.statusCode).toBe(403);
    // An administrator's token can.
    const adminToken = await createToken(admin, 'admin');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(adminToken.token) })).statusCode).toBe(200);
  });

  it("stops working when its owner's account is disabled", async () => {
    const created = await createToken(fp, 'cuenta desactivada');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer(created.token) })).statusCode).toBe(200);
    const off = await admin.request({ method: 'PATCH', url: `/api/v1/admin/users/${fpId}`, payload: { status: 'disabled' } });
    expect(off.statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer(created.token) });
    expect(res.statusCode).toBe(401);
    // Re-enabled, the token (never revoked) works again.
    expect((await admin.request({ method: 'PATCH', url: `/api/v1/admin/users/${fpId}`, payload: { status: 'active' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer(created.token) })).statusCode).toBe(200);
  });

  it('needs a signed-in person to create one', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/account/tokens', payload: { name: 'x' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Inicie sesión para continuar.');
  });
});
