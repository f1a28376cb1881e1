import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import { noContent } from '../../../shared/contracts/common.ts';
import { accountPatch, apiTokenList, meAnswer, newToken, passwordChange, tokenInput, uuidParams } from '../../../shared/contracts/identity.ts';
import type { AccountService } from './account-service.ts';

export function accountRoutes(account: AccountService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/account', { schema: { tags: ['account'], response: { 200: meAnswer } } }, async (req) => account.me(req.actor));
    app.patch('/account', { schema: { tags: ['account'], body: accountPatch, response: { 200: meAnswer } } }, async (req) => account.update(req.actor, metaOf(req), req.body));
    app.post('/account/password', { schema: { tags: ['account'], body: passwordChange, response: { 204: noContent } } }, async (req, reply) => {
      await account.changePassword(req.actor, metaOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    });
    app.get('/account/tokens', { schema: { tags: ['account'], response: { 200: apiTokenList } } }, async (req) => ({ items: await account.tokens(req.actor) }));
    app.post(
      '/account/tokens',
      { schema: { tags: ['account'], summary: 'Create a personal API token (shown once)', body: tokenInput, response: { 201: newToken } } },
      async (req, reply) => reply.status(201).send(await account.createToken(req.actor, metaOf(req), req.body.name)),
    );
    app.delete('/account/tokens/:id', { schema: { tags: ['account'], params: uuidParams, response: { 204: noContent } } }, async (req, reply) => {
      await account.revokeToken(req.actor, metaOf(req), req.params.id);
      return reply.status(204).send(null);
    });
  };
}
