import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, TEST_PASSWORD, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'admin@example.org', role: 'admin' });
  await createUser(t, { email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
});
afterAll(async () => t.close());

describe('password sign-in and sessions', () => {
  it('signs in, stores the session in PostgreSQL and sets an httpOnly SameSite cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ADMIN@example.org', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'obs_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const sessions = await t.db.db.selectFrom('user_session').selectAll().execute();
    expect(sessions.length).toBeGreaterThan(0);
    // Only the hash is stored.
    expect(sessions.map((s) => s.token_hash)).not.toContain(cookie?.value);
  });

  it('rotates the session at sign-in: the previous cookie stops working', async () => {
    const first = await signIn(t, 'admin@example.org');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { cookie: first.cookie },
      payload: { email: 'admin@example.org', password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    const old = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: first.cookie } });
    expect(old.json().user).toBeNull();
  });

  it('rejects a cookie-authenticated write without the CSRF header, in the caller language', async () => {
    const c = await signIn(t, 'admin@example.org');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/account',
      headers: { cookie: c.cookie, 'accept-language': 'en' },
      payload: { displayName: 'X' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/Reload the page/);
    const ok = await c.request({ method: 'PATCH', url: '/api/v1/account', payload: { displayName: 'Ana' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().displayName).toBe('Ana');
  });

  it('answers a wrong password in Spanish by default and rate-limits the fifth failure', async () => {
    const attempt = () =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'fp.gtm@example.org', password: 'wrong password!' } });
    const first = await attempt();
    expect(first.statusCode).toBe(401);
    expect(first.json().error.message).toBe('Correo electrónico o contraseña incorrectos.');
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const fifth = await attempt();
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.message).toMatch(/Demasiados intentos/);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password is refused while limited.
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'fp.gtm@example.org', password: TEST_PASSWORD } });
    expect(right.statusCode).toBe(429);
  });

  it('stores argon2id hashes, never the password', async () => {
    const row = await t.db.db.selectFrom('app_user').select('password_hash').where('email', '=', 'admin@example.org').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('records sign-in in the audit trail', async () => {
    const n = await t.db.db.selectFrom('audit_event').select('action').where('action', '=', 'auth.sign_in').execute();
    expect(n.length).toBeGreaterThan(0);
  });
});

describe('first administrator set-up link', () => {
  it('is issued only when no administrator exists, and creates the admin once', async () => {
    const t2 = await testApp();
    try {
      const link = await t2.services.auth.ensureSetupLink();
      if (!link || link.issuedElsewhere) throw new Error('expected a new set-up link');
      const token = link.url.split('/link/')[1]!;
      const info = await t2.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
      expect(info.json().purpose).toBe('setup');
      const done = await t2.app.inject({
        method: 'POST',
        url: `/api/v1/auth/links/${token}`,
        payload: { email: 'first@example.org', password: 'a strong passphrase' },
      });
      expect(done.statusCode).toBe(200);
      expect(done.json().user.role).toBe('admin');
      const reuse = await t2.app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}`, payload: { email: 'x@example.org', password: 'a strong passphrase' } });
      expect(reuse.statusCode).toBe(409);
      expect(await t2.services.auth.ensureSetupLink()).toBeNull();
    } finally {
      await t2.close();
    }
  });

  it('is issued once when instances start together: the others leave the first link alive', async () => {
    const t2 = await testApp();
    try {
      // Two "instances" on one database ask at the same moment.
      const answers = await Promise.all([t2.services.auth.ensureSetupLink(), t2.services.auth.ensureSetupLink(), t2.services.auth.ensureSetupLink()]);
      const issued = answers.filter((a) => a && !a.issuedElsewhere);
      expect(issued).toHaveLength(1);
      expect(answers.filter((a) => a?.issuedElsewhere)).toHaveLength(2);
      const open = await t2.db.db.selectFrom('one_time_token').select('id').where('purpose', '=', 'setup').where('used_at', 'is', null).execute();
      expect(open).toHaveLength(1);
      const only = issued[0];
      if (!only || only.issuedElsewhere) throw new Error('unreachable');
      const info = await t2.app.inject({ method: 'GET', url: `/api/v1/auth/links/${only.url.split('/link/')[1]!}` });
      expect(info.statusCode).toBe(200);
      // A restart after the quiet window issues a new link and revokes the old one.
      await t2.db.db.updateTable('one_time_token').set({ created_at: new Date(Date.now() - 10 * 60_000) }).where('purpose', '=', 'setup').execute();
      const later = await t2.services.auth.ensureSetupLink();
      expect(later?.issuedElsewhere).toBe(false);
      const stale = await t2.app.inject({ method: 'GET', url: `/api/v1/auth/links/${only.url.split('/link/')[1]!}` });
      expect(stale.statusCode).not.toBe(200);
    } finally {
      await t2.close();
    }
  });
});
