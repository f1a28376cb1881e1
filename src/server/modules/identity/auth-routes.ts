import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import { noContent } from '../../../shared/contracts/common.ts';
import { linkInfo, linkInput, resetAccepted, resetInput, session, signedIn as signedInAnswer, signInInput, tokenParams } from '../../../shared/contracts/identity.ts';
import type { AuthService, NewSession } from './auth-service.ts';
import type { AccountService } from './account-service.ts';
import { clearSessionCookie, sessionCookie, setSessionCookie, userAgent } from './http-auth.ts';

export interface AuthRouteOptions {
  cookieSecure: boolean;
  sso: { enabled: boolean; label: string };
}

export function authRoutes(auth: AuthService, account: AccountService, opts: AuthRouteOptions): FastifyPluginAsyncZod {
  return async (app) => {
    const signedIn = (s: NewSession) => ({ user: { id: s.user.id, email: s.user.email, role: s.user.role }, csrfToken: s.csrfToken });

    app.get('/auth/session', { schema: { tags: ['auth'], summary: 'Who is signed in, and the CSRF token to send on writes', response: { 200: session } } }, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const a = req.actor;
      return {
        user: a.kind === 'user' ? await account.me(a) : null,
        csrfToken: a.kind === 'user' ? (a.csrfToken ?? null) : null,
        sso: opts.sso,
      };
    });

    app.post(
      '/auth/sign-in',
      { schema: { tags: ['auth'], body: signInInput, response: { 200: signedInAnswer } } },
      async (req, reply) => {
        const s = await auth.signIn(req.body.email, req.body.password, metaOf(req), userAgent(req), sessionCookie(req));
        setSessionCookie(reply, s, opts.cookieSecure);
        return signedIn(s);
      },
    );

    app.post('/auth/sign-out', { schema: { tags: ['auth'], response: { 204: noContent } } }, async (req, reply) => {
      await auth.signOut(sessionCookie(req));
      clearSessionCookie(reply, opts.cookieSecure);
      return reply.status(204).send(null);
    });

    app.post(
      '/auth/password-reset',
      { schema: { tags: ['auth'], summary: 'Send a password-reset link by e-mail', body: resetInput, response: { 202: resetAccepted } } },
      async (req, reply) => {
        const { mailError } = await auth.requestPasswordReset(req.body.email, req.locale, metaOf(req));
        // An unknown address sends no mail: a failed send must not answer differently.
        if (mailError) req.log.error({ err: mailError }, 'password-reset e-mail not sent');
        return reply.status(202).send({ accepted: true as const });
      },
    );

    app.get('/auth/links/:token', { schema: { tags: ['auth'], params: tokenParams, response: { 200: linkInfo } } }, async (req) => auth.inspectLink(req.params.token));

    app.post(
      '/auth/links/:token',
      {
        schema: {
          tags: ['auth'],
          summary: 'Set a password through a set-up, invitation or reset link, and sign in',
          params: tokenParams,
          body: linkInput,
          response: { 200: signedInAnswer },
        },
      },
      async (req, reply) => {
        const s = await auth.completeLink(req.params.token, { ...req.body, locale: req.locale }, metaOf(req), userAgent(req));
        setSessionCookie(reply, s, opts.cookieSecure);
        return signedIn(s);
      },
    );
  };
}
