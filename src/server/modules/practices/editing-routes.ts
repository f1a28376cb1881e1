import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { practiceInput } from '../../../shared/practice-schema.ts';
import type { PracticeEditingService } from './editing-service.ts';

const idParams = z.object({ id: z.string().uuid() });

export function practiceEditingRoutes(editing: PracticeEditingService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/practices', { schema: { tags: ['practices'], summary: 'Create a draft practice', body: practiceInput } }, async (req, reply) =>
      reply.status(201).send(await editing.create(req.actor, metaOf(req), req.body)),
    );
    app.get('/practices/:id/edit', { schema: { tags: ['practices'], summary: 'The editable record (authors and secretariat)', params: idParams } }, async (req) =>
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
        },
      },
      async (req) => editing.update(req.actor, metaOf(req), req.params.id, req.body.practice, req.body.version),
    );
    app.delete('/practices/:id', { schema: { tags: ['practices'], summary: 'Delete a draft (its authors, the secretariat)', params: idParams } }, async (req, reply) => {
      await editing.deleteDraft(req.actor, metaOf(req), req.params.id);
      return reply.status(204).send();
    });
    app.post('/practices/:id/submit', { schema: { tags: ['practices'], params: idParams } }, async (req) => editing.submit(req.actor, metaOf(req), req.params.id));
    app.post(
      '/practices/:id/review',
      {
        schema: {
          tags: ['practices'],
          summary: 'Secretariat: publish, request changes (with a comment the author sees) or reject',
          params: idParams,
          body: z.object({ decision: z.enum(['publish', 'request_changes', 'reject']), comment: z.string().trim().max(2000).nullable().default(null) }),
        },
      },
      async (req) => editing.review(req.actor, metaOf(req), req.params.id, req.body.decision, req.body.comment),
    );
    app.post('/practices/:id/endorse', { schema: { tags: ['practices'], summary: 'A focal point validates a practice of its country', params: idParams } }, async (req) =>
      editing.endorse(req.actor, metaOf(req), req.params.id),
    );
    app.get('/practices/:id/history', { schema: { tags: ['practices'], params: idParams } }, async (req) => ({ items: await editing.history(req.actor, req.params.id) }));
    app.post(
      '/practices/:id/restore',
      { schema: { tags: ['practices'], summary: 'Secretariat: restore a version', params: idParams, body: z.object({ version: z.number().int().min(1) }) } },
      async (req) => editing.restore(req.actor, metaOf(req), req.params.id, req.body.version),
    );
    app.get(
      '/workspace/practices',
      {
        schema: {
          tags: ['practices'],
          summary: 'My drafts and submissions (the review queue for the secretariat)',
          querystring: z.object({ workflow: z.enum(['draft', 'submitted', 'changes_requested', 'published', 'rejected']).optional() }),
        },
      },
      async (req) => ({ items: await editing.workspace(req.actor, req.query.workflow ? [req.query.workflow] : []) }),
    );
  };
}
