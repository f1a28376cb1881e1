import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import type { Database } from '../../platform/db/database.ts';
import { metaOf } from '../../platform/http/context.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { AuthService } from './auth-service.ts';
import { sessionCookie, setSessionCookie, userAgent } from './http-auth.ts';
import * as repo from './repository.ts';
import { ssoRedirect } from '../../../shared/contracts/identity.ts';

/**
 * Single sign-on through a government's OpenID Connect provider (authorization code
 * flow with PKCE). SSO proves who a person is; it does not grant a role: the person
 * must already have an account (by invitation) with the same verified e-mail, and is
 * linked to the provider's subject at the first sign-in.
 */
export interface OidcOptions {
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined };
  publicUrl: string;
  cookieSecure: boolean;
  db: Database;
  auth: AuthService;
}

const FLOW_COOKIE = 'obs_oidc';

export async function registerOidc(api: FastifyInstance, opts: OidcOptions): Promise<void> {
  let configPromise: Promise<client.Configuration> | undefined;
  // Discovery happens at first use, so a provider that is down does not stop the platform.
  const configuration = () => {
    configPromise ??= (async () => {
      const url = new URL(opts.oidc.issuer);
      const execute = url.protocol === 'http:' ? [client.allowInsecureRequests] : [];
      return client.discovery(url, opts.oidc.clientId, opts.oidc.clientSecret, undefined, { execute });
    })().catch((err: unknown) => {
      configPromise = undefined;
      throw err;
    });
    return configPromise;
  };
  const redirectUri = `${opts.publicUrl}/api/v1/auth/oidc/callback`;
  const fail = (reason: string) => `/sign-in?sso_error=${encodeURIComponent(reason)}`;

  api.get('/auth/oidc/start', { schema: { tags: ['auth'], summary: 'Start single sign-on (redirects to the identity provider)', response: { 302: ssoRedirect } } }, async (req, reply) => {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (err) {
      req.log.warn({ err }, 'OIDC discovery failed');
      return reply.redirect(fail('unavailable'));
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    reply.setCookie(FLOW_COOKIE, JSON.stringify({ verifier, state, nonce }), {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.cookieSecure,
      path: '/api/v1/auth/oidc',
      maxAge: 600,
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return reply.redirect(url.href);
  });

  api.get('/auth/oidc/callback', { schema: { tags: ['auth'], hide: true } }, async (req, reply) => {
    const raw = req.cookies[FLOW_COOKIE];
    reply.clearCookie(FLOW_COOKIE, { path: '/api/v1/auth/oidc' });
    let flow: { verifier: string; state: string; nonce: string };
    try {
      flow = JSON.parse(raw ?? '') as typeof flow;
    } catch {
      return reply.redirect(fail('expired'));
    }
    let claims: client.IDToken | undefined;
    let config: client.Configuration;
    let accessToken: string;
    try {
      config = await configuration();
      const current = new URL(req.url, opts.publicUrl);
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      accessToken = tokens.access_token;
    } catch (err) {
      req.log.warn({ err }, 'OIDC callback rejected');
      return reply.redirect(fail('rejected'));
    }
    if (!claims) return reply.redirect(fail('rejected'));
    const issuer = String(claims.iss);
    const subject = String(claims.sub);
    let user = await repo.findOidcUser(opts.db, issuer, subject);
    if (!user) {
      let profile: { email?: unknown; email_verified?: unknown } = { email: claims.email, email_verified: claims.email_verified };
      // In the code flow a conforming provider may put the scope's claims (email) only in
      // UserInfo, not in the ID token: ask UserInfo when the ID token does not say.
      if (typeof profile.email !== 'string') {
        try {
          profile = await client.fetchUserInfo(config, accessToken, subject);
        } catch (err) {
          req.log.warn({ err }, 'OIDC userinfo rejected');
          return reply.redirect(fail('rejected'));
        }
      }
      const email = typeof profile.email === 'string' ? profile.email : undefined;
      if (!email || profile.email_verified !== true) return reply.redirect(fail('no_verified_email'));
      const byEmail = await repo.findUserByEmail(opts.db, email);
      if (!byEmail) return reply.redirect(fail('no_account'));
      await opts.db.transaction().execute(async (tx) => {
        await repo.linkOidc(tx, issuer, subject, byEmail.id);
        await recordAudit(tx, 'system', metaOf(req), { action: 'user.sso_linked', entityType: 'user', entityId: byEmail.id, after: { issuer, subject } });
      });
      user = byEmail;
    }
    if (user.status !== 'active') return reply.redirect(fail('disabled'));
    const s = await opts.auth.sessionFor(user.id, metaOf(req), userAgent(req), sessionCookie(req));
    setSessionCookie(reply, s, opts.cookieSecure);
    return reply.redirect('/');
  });
}
