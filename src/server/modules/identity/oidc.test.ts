import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { browse, CookieJar, freePort, readForm, startOidcProvider, type Hop, type TestOidcProvider } from '../../../../test/helpers/oidc.ts';

/**
 * Single sign-on against a real OpenID provider (oidc-provider with its development
 * login and consent forms), with the app listening on a real port, driven by fetch.
 */
let t: TestApp;
let idp: TestOidcProvider;
let publicUrl: string;

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({
    redirectUri: `${publicUrl}/api/v1/auth/oidc/callback`,
    accounts: {
      'sub-fp-gtm': { email: 'fp.gtm@example.org' },
      'sub-stranger': { email: 'stranger@example.org' },
      'sub-unverified': { email: 'admin@example.org', emailVerified: false },
    },
  });
  t = await testApp({
    env: {
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_LABEL: 'Clave Única',
    },
  });
  await t.app.listen({ port, host: '127.0.0.1' });
  await createUser(t, { email: 'admin@example.org', role: 'admin' });
  await createUser(t, { email: 'FP.GTM@example.org', role: 'focal_point', countryCode: 'GTM' });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

/**
 * Starts at our /auth/oidc/start, signs in at the provider as `login` and gives consent,
 * and stops at the first redirect our callback sends to a page of the web app.
 */
async function ssoSignIn(login: string): Promise<{ final: Hop; hops: Hop[]; jar: CookieJar }> {
  const jar = new CookieJar();
  const hops: Hop[] = [];
  let hop = await browse(jar, `${publicUrl}/api/v1/auth/oidc/start`);
  hops.push(hop);
  for (let i = 0; i < 30; i++) {
    if (hop.status >= 300 && hop.status < 400 && hop.location) {
      const next = new URL(hop.location);
      if (next.origin === publicUrl && !next.pathname.startsWith('/api/')) return { final: hop, hops, jar };
      hop = await browse(jar, hop.location);
    } else if (hop.status === 200 && hop.url.startsWith(idp.issuer)) {
      const form = readForm(hop.body, hop.url);
      const fields = { ...form.fields };
      if (fields.prompt === 'login') Object.assign(fields, { login, password: 'anything' });
      hop = await browse(jar, form.action, { form: fields });
    } else {
      throw new Error(`unexpected ${hop.status} at ${hop.url}: ${hop.body.slice(0, 300)}`);
    }
    hops.push(hop);
  }
  throw new Error('the sign-in flow did not end');
}

async function sessionOf(jar: CookieJar) {
  const cookie = jar.get(new URL(publicUrl).host, 'obs_session');
  const res = await fetch(`${publicUrl}/api/v1/auth/session`, { headers: cookie ? { cookie: `obs_session=${cookie}` } : {} });
  return res.json() as Promise<{ user: { email: string; role: string; countryCode: string | null } | null; sso: { enabled: boolean; label: string } }>;
}

describe('single sign-on (OpenID Connect)', () => {
  it('advertises single sign-on on the session endpoint', async () => {
    const res = await fetch(`${publicUrl}/api/v1/auth/session`);
    expect((await res.json()).sso).toEqual({ enabled: true, label: 'Clave Única' });
  });

  it('redirects to the provider with PKCE (S256), state and nonce', async () => {
    const jar = new CookieJar();
    const hop = await browse(jar, `${publicUrl}/api/v1/auth/oidc/start`);
    expect(hop.status).toBe(302);
    const to = new URL(hop.location!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('client_id')).toBe(idp.clientId);
    expect(to.searchParams.get('redirect_uri')).toBe(`${publicUrl}/api/v1/auth/oidc/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
  });

  it('links an existing account with the same verified e-mail and signs it in', async () => {
    const { final, jar } = await ssoSignIn('sub-fp-gtm');
    expect(final.url).toMatch(new RegExp(`^${publicUrl}/api/v1/auth/oidc/callback\\?`));
    expect(final.status).toBe(302);
    expect(final.location).toBe(`${publicUrl}/`);
    expect(jar.get(new URL(publicUrl).host, 'obs_session')).toBeTruthy();

    const s = await sessionOf(jar);
    expect(s.user).toMatchObject({ email: 'FP.GTM@example.org', role: 'focal_point', countryCode: 'GTM' });

    const user = await t.db.db.selectFrom('app_user').select('id').where('email', '=', 'FP.GTM@example.org').executeTakeFirstOrThrow();
    const links = await t.db.db.selectFrom('oidc_identity').selectAll().execute();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ issuer: idp.issuer, subject: 'sub-fp-gtm', user_id: user.id });
    const audit = await t.db.db.selectFrom('audit_event').select(['action', 'entity_id']).where('action', 'in', ['user.sso_linked', 'auth.sign_in_sso']).execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'user.sso_linked', entity_id: user.id }, { action: 'auth.sign_in_sso', entity_id: user.id }]));
  });

  it('uses the link at the next sign-in, even after the e-mail changed', async () => {
    await t.db.db.updateTable('app_user').set({ email: 'fp.guatemala@example.org' }).where('email', '=', 'FP.GTM@example.org').execute();
    const { final, jar } = await ssoSignIn('sub-fp-gtm');
    expect(final.location).toBe(`${publicUrl}/`);
    const s = await sessionOf(jar);
    expect(s.user).toMatchObject({ email: 'fp.guatemala@example.org', role: 'focal_point' });
    expect(await t.db.db.selectFrom('oidc_identity').selectAll().execute()).toHaveLength(1);
    const linked = await t.db.db.selectFrom('audit_event').select('id').where('action', '=', 'user.sso_linked').execute();
    expect(linked).toHaveLength(1);
  });

  it('refuses a person without an account: no_account, and no session', async () => {
    const before = await t.db.db.selectFrom('user_session').select('token_hash').execute();
    const { final, jar } = await ssoSignIn('sub-stranger');
    expect(final.location).toBe(`${publicUrl}/sign-in?sso_error=no_account`);
    expect(jar.get(new URL(publicUrl).host, 'obs_session')).toBeUndefined();
    expect((await sessionOf(jar)).user).toBeNull();
    expect(await t.db.db.selectFrom('user_session').select('token_hash').execute()).toHaveLength(before.length);
    expect(await t.db.db.selectFrom('app_user').select('id').where('email', '=', 'stranger@example.org').executeTakeFirst()).toBeUndefined();
  });

  it('does not link on an unverified e-mail', async () => {
    const { final, jar } = await ssoSignIn('sub-unverified');
    expect(final.location).toBe(`${publicUrl}/sign-in?sso_error=no_verified_email`);
    expect((await sessionOf(jar)).user).toBeNull();
    expect(await t.db.db.selectFrom('oidc_identity').select('subject').where('subject', '=', 'sub-unverified').execute()).toHaveLength(0);
  });

  it('refuses a disabled account', async () => {
    await t.db.db.updateTable('app_user').set({ status: 'disabled' }).where('email', '=', 'fp.guatemala@example.org').execute();
    try {
      const { final, jar } = await ssoSignIn('sub-fp-gtm');
      expect(final.location).toBe(`${publicUrl}/sign-in?sso_error=disabled`);
      expect((await sessionOf(jar)).user).toBeNull();
    } finally {
      await t.db.db.updateTable('app_user').set({ status: 'active' }).where('email', '=', 'fp.guatemala@example.org').execute();
    }
  });

  it('rejects a callback without the flow cookie (no session)', async () => {
    const jar = new CookieJar();
    const hop = await browse(jar, `${publicUrl}/api/v1/auth/oidc/callback?code=abc&state=def`);
    expect(hop.status).toBe(302);
    expect(hop.location).toBe(`${publicUrl}/sign-in?sso_error=expired`);
    expect(jar.get(new URL(publicUrl).host, 'obs_session')).toBeUndefined();
  });
});
