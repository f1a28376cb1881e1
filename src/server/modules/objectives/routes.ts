import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countryGcmOut, objectiveListOut, objectiveOut } from '../../../shared/contracts/objectives.ts';
import type { ObjectivesService } from './service.ts';

/** HTTP only: schemas (request and response), cache headers, a call to the service. */

/**
 * What an anonymous reader gets is the same for every anonymous reader (public releases,
 * public roadmaps and pledges): kept a minute by any cache, and by the drawn pages (ADR 0008).
 * A member may see more: never kept.
 */
function cacheFor(req: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
}

export function objectivesRoutes(service: ObjectivesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/objectives',
      { schema: { tags: ['objectives'], summary: 'The 23 GCM objectives, each with its counts of practices, commitments, indicators and observatory figures', response: { 200: objectiveListOut } } },
      async (req, reply) => {
        cacheFor(req, reply);
        return service.list(req.actor, req.locale);
      },
    );
    app.get(
      '/objectives/:number',
      {
        schema: {
          tags: ['objectives'],
          summary: "One GCM objective: official text, indicators and progress, practices, commitments, the observatory's figures, active countries and the gap (404 outside 1–23)",
          // any digits reach the service, which answers a number outside 1–23 with a 404 that says why
          params: z.object({ number: z.string().regex(/^\d{1,6}$/).transform(Number) }),
          response: { 200: objectiveOut },
        },
      },
      async (req, reply) => {
        const out = await service.objective(req.actor, req.params.number, req.locale);
        cacheFor(req, reply);
        return out;
      },
    );
    app.get(
      '/countries/:code/gcm',
      {
        schema: {
          tags: ['objectives'],
          summary: "A country's GCM picture: every indicator's latest value and status, its practices, its commitments, its data coverage",
          params: z.object({ code: z.string().regex(/^[A-Za-z]{3}$/).transform((c) => c.toUpperCase()) }),
          response: { 200: countryGcmOut },
        },
      },
      async (req, reply) => {
        const out = await service.country(req.actor, req.params.code, req.locale);
        cacheFor(req, reply);
        return out;
      },
    );
  };
}
