import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import type { CommitmentsEditing } from './editing-service.ts';
import {
  actionInput,
  actionParams,
  actionPatch,
  answers,
  pledgeInput,
  pledgePatch,
  progressInput,
  roadmapInput,
  roadmapPatch,
  updateInput,
  uuidParams as id,
} from '../../../shared/contracts/commitments.ts';

/** Writing roadmaps, actions, progress updates and pledges (permissions in the service). */
export function commitmentsEditingRoutes(editing: CommitmentsEditing): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/roadmaps', { schema: { tags: ['commitments'], summary: 'Secretariat: create a roadmap', body: roadmapInput, response: { 201: answers.created } } }, async (req, reply) =>
      reply.status(201).send(await editing.createRoadmap(req.actor, metaOf(req), req.body)),
    );
    app.patch('/roadmaps/:id', { schema: { tags: ['commitments'], summary: 'Secretariat: change a roadmap (lists given replace the old ones)', params: id, body: roadmapPatch, response: { 200: answers.changed } } }, async (req) =>
      editing.updateRoadmap(req.actor, metaOf(req), req.params.id, req.body),
    );
    app.post('/roadmaps/:id/actions', { schema: { tags: ['commitments'], summary: 'Secretariat: add an action', params: id, body: actionInput, response: { 201: answers.created } } }, async (req, reply) =>
      reply.status(201).send(await editing.createAction(req.actor, metaOf(req), req.params.id, req.body)),
    );
    app.patch(
      '/roadmaps/:id/actions/:actionId',
      {
        schema: {
          tags: ['commitments'],
          summary: 'Change an action: the secretariat any field; the responsible country’s focal points or organisation’s contributors its status',
          params: actionParams,
          body: actionPatch,
          response: { 200: answers.actionChanged },
        },
      },
      async (req) => editing.updateAction(req.actor, metaOf(req), req.params.id, req.params.actionId, req.body),
    );
    app.post(
      '/actions/:id/updates',
      { schema: { tags: ['commitments'], summary: 'Report progress on an action (text, optional evidence link and/or uploaded evidence file, optional new status)', params: id, body: updateInput, response: { 201: answers.updateAdded } } },
      async (req, reply) => reply.status(201).send(await editing.addUpdate(req.actor, metaOf(req), req.params.id, req.body)),
    );
    app.post('/pledges', { schema: { tags: ['commitments'], summary: 'Secretariat: record a pledge', body: pledgeInput, response: { 201: answers.created } } }, async (req, reply) =>
      reply.status(201).send(await editing.createPledge(req.actor, metaOf(req), req.body)),
    );
    app.patch('/pledges/:id', { schema: { tags: ['commitments'], summary: 'Secretariat: change a pledge', params: id, body: pledgePatch, response: { 200: answers.changed } } }, async (req) =>
      editing.updatePledge(req.actor, metaOf(req), req.params.id, req.body),
    );
    app.post(
      '/pledges/:id/progress',
      { schema: { tags: ['commitments'], summary: 'Report progress on a pledge (secretariat, or a focal point / contributor of a pledger)', params: id, body: progressInput, response: { 201: answers.progressAdded } } },
      async (req, reply) => reply.status(201).send(await editing.addProgress(req.actor, metaOf(req), req.params.id, req.body)),
    );
  };
}
