import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { practiceInput } from '../../../shared/practice-schema.ts';
import { answers, idParams, restoreInput, reviewInput, workspaceQuery } from '../../../shared/contracts/practices.ts';
import type { PracticeEditingService } from './editing-service.ts';

export function practiceEditingRoutes(editing: PracticeEditingService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/practices', { schema: { tags: ['practices'], summary: 'Create a draft practice', body: practiceInput, response: { 201: answers.created } } }, async (req, reply) =>
      reply.status(201).send(await editing.create(req.actor, metaOf(req), req.body)),
    );
    app.get('/practices/:id/edit', { schema: { tags: ['practices'], summary: 'The editable record (authors and secretariat)', params: idParams, response: { 200: answers.editable } } }, async (req) =>
      editing.forEdit(req.actor, req.params.id),
    );
    app.put(
      '/practices/:id',
      {
        schema: {
          tags: ['practices'],
          summary: 'Save a practice; `version` must be the one you loaded (409 with the other person’s version otherwise)',
          params: idParams,
          body: z.object({ version: z.number().int().min(1), practice: practiceInput }),
          response: { 200: answers.saved },
        },
      },
      async (req) => editing.update(req.actor, metaOf(req), req.params.id, req.body.practice, req.body.version),
    );
    app.delete('/practices/:id', { schema: { tags: ['practices'], summary: 'Delete a draft (its authors, the secretariat)', params: idParams, response: { 204: answers.deleted } } }, async (req, reply) => {
      await editing.deleteDraft(req.actor, metaOf(req), req.params.id);
      return reply.status(204).send(null);
    });
    app.post('/practices/:id/submit', { schema: { tags: ['practices'], params: idParams, response: { 200: answers.moved } } }, async (req) => editing.submit(req.actor, metaOf(req), req.params.id));
    app.post(
      '/practices/:id/review',
      {
        schema: {
          tags: ['practices'],
          summary: 'Secretariat: publish, request changes (with a comment the author sees) or reject',
          params: idParams,
          body: reviewInput,
          response: { 200: answers.moved },
        },
      },
      async (req) => editing.review(req.actor, metaOf(req), req.params.id, req.body.decision, req.body.comment),
    );
    app.post('/practices/:id/endorse', { schema: { tags: ['practices'], summary: 'A focal point validates a practice of its country', params: idParams, response: { 200: answers.moved } } }, async (req) =>
      editing.endorse(req.actor, metaOf(req), req.params.id),
    );
    app.get('/practices/:id/history', { schema: { tags: ['practices'], params: idParams, response: { 200: answers.history } } }, async (req) => ({ items: await editing.history(req.actor, req.params.id) }));
    app.post(
      '/practices/:id/restore',
      { schema: { tags: ['practices'], summary: 'Secretariat: restore a version', params: idParams, body: restoreInput, response: { 200: answers.saved } } },
      async (req) => editing.restore(req.actor, metaOf(req), req.params.id, req.body.version),
    );
    app.get(
      '/workspace/practices',
      {
        schema: {
          tags: ['practices'],
          summary: 'My drafts and submissions (the review queue for the secretariat)',
          querystring: workspaceQuery,
          response: { 200: answers.workspace },
        },
      },
      async (req) => ({ items: await editing.workspace(req.actor, req.query.workflow ? [req.query.workflow] : []) }),
    );
  };
}
