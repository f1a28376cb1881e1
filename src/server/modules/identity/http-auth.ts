import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS } from '../../platform/http/context.ts';
import { Forbidden } from '../../platform/http/errors.ts';
import type { AuthService, NewSession } from './auth-service.ts';

export const SESSION_COOKIE = 'obs_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// These act on credentials in the body, not on the authority of the current session
// (and start a new session), so a stale cookie must not block them.
const CSRF_EXEMPT = [/^\/api\/v1\/auth\/sign-in$/, /^\/api\/v1\/auth\/links\/[^/?]+$/, /^\/api\/v1\/auth\/password-reset$/];

/**
 * Resolves every request's actor (API token in `Authorization: Bearer`, or the session
 * cookie) and enforces CSRF on cookie-authenticated writes: the browser must echo the
 * session's token in a header, which a cross-site form cannot do.
 */
export function registerAuthentication(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('actor', null as unknown as typeof ANONYMOUS);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.actor = await auth.fromBearer(header.slice(7).trim());
      return;
    }
    req.actor = await auth.fromSessionCookie(req.cookies[SESSION_COOKIE]);
    if (req.actor.kind === 'user' && req.actor.via === 'session' && !SAFE_METHODS.has(req.method) && req.url.startsWith('/api/')) {
      const path = req.url.split('?')[0] ?? '';
      if (CSRF_EXEMPT.some((re) => re.test(path))) return;
      if (req.headers[CSRF_HEADER] !== req.actor.csrfToken) throw new Forbidden('errors.csrf');
    }
  });
}

export function setSessionCookie(reply: FastifyReply, s: NewSession, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: s.expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

export function sessionCookie(req: FastifyRequest): string | undefined {
  return req.cookies[SESSION_COOKIE];
}

export function userAgent(req: FastifyRequest): string | null {
  const ua = req.headers['user-agent'];
  return ua ? ua.slice(0, 300) : null;
}
