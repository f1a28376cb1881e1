import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import type { AccountService } from './account-service.ts';

export function accountRoutes(account: AccountService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/account', { schema: { tags: ['account'] } }, async (req) => account.me(req.actor));
    app.patch(
      '/account',
      { schema: { tags: ['account'], body: z.object({ displayName: z.string().max(200).optional(), locale: z.enum(['es', 'en']).optional() }).strict() } },
      async (req) => account.update(req.actor, metaOf(req), req.body),
    );
    app.post(
      '/account/password',
      { schema: { tags: ['account'], body: z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }) } },
      async (req, reply) => {
        await account.changePassword(req.actor, metaOf(req), req.body.currentPassword, req.body.newPassword);
        return reply.status(204).send();
      },
    );
    app.get('/account/tokens', { schema: { tags: ['account'] } }, async (req) => ({ items: await account.tokens(req.actor) }));
    app.post(
      '/account/tokens',
      { schema: { tags: ['account'], summary: 'Create a personal API token (shown once)', body: z.object({ name: z.string().trim().min(1).max(100) }) } },
      async (req, reply) => reply.status(201).send(await account.createToken(req.actor, metaOf(req), req.body.name)),
    );
    app.delete('/account/tokens/:id', { schema: { tags: ['account'], params: z.object({ id: z.string().uuid() }) } }, async (req, reply) => {
      await account.revokeToken(req.actor, metaOf(req), req.params.id);
      return reply.status(204).send();
    });
  };
}
