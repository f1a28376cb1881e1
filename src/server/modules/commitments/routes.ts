import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answers, countryParams, meetingParams, outcomesQuery, ref } from '../../../shared/contracts/commitments.ts';
import type { CommitmentsService } from './service.ts';
import type { CommitmentsDashboard } from './dashboard.ts';

/** Reading: meetings, outcomes, roadmaps, pledges, the dashboard, timelines, country pages. */
export function commitmentsRoutes(service: CommitmentsService, dashboard: CommitmentsDashboard): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/meetings', { schema: { tags: ['commitments'], summary: 'Meetings (plenaries, forums…) with counts of countries, organisations and outcomes', response: { 200: answers.meetings } } }, async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return { items: await service.meetings(req.locale) };
    });
    app.get(
      '/meetings/:key',
      { schema: { tags: ['commitments'], summary: 'A meeting with its participating countries, organisations and outcomes', params: meetingParams, response: { 200: answers.meeting } } },
      async (req, reply) => {
        // Members see participants' names: such answers must not be cached as public ones.
        if (req.actor.kind === 'user') reply.header('cache-control', 'private, no-store');
        return service.meeting(req.params.key, req.locale, req.actor.kind === 'user');
      },
    );
    app.get(
      '/outcomes',
      {
        schema: {
          tags: ['commitments'],
          summary: 'Agreements, recommendations and cooperation ideas',
          querystring: outcomesQuery,
          response: { 200: answers.outcomes },
        },
      },
      async (req) => ({ items: await service.outcomes(req.query, req.locale) }),
    );
    app.get(
      '/outcomes/:id/timeline',
      { schema: { tags: ['commitments'], summary: 'meeting → outcome → roadmaps → actions → updates and evidence → practices (id or key)', params: ref, response: { 200: answers.timeline } } },
      async (req) => service.timeline(req.actor, req.params.id, req.locale),
    );
    app.get('/roadmaps', { schema: { tags: ['commitments'], summary: 'Roadmaps (public ones for anonymous callers, all for members)', response: { 200: answers.roadmaps } } }, async (req) => ({
      items: await service.roadmaps(req.actor, req.locale),
    }));
    app.get('/roadmaps/:id', { schema: { tags: ['commitments'], summary: 'A roadmap with its actions, progress updates and linked practices', params: ref, response: { 200: answers.roadmap } } }, async (req) =>
      service.roadmap(req.actor, req.params.id, req.locale),
    );
    app.get('/pledges', { schema: { tags: ['commitments'], summary: 'Pledges (public ones for anonymous callers, all for members)', response: { 200: answers.pledges } } }, async (req) => ({
      items: await service.pledges(req.actor, req.locale),
    }));
    app.get('/pledges/:id', { schema: { tags: ['commitments'], summary: 'A pledge with its progress reports', params: ref, response: { 200: answers.pledge } } }, async (req) => service.pledge(req.actor, req.params.id, req.locale));
    app.get('/commitments/dashboard', { schema: { tags: ['commitments'], summary: 'Actions by status, overdue, stale (90 days), unowned: overall, per roadmap, country, objective, meeting', response: { 200: answers.dashboard } } }, async (req) =>
      dashboard.dashboard(req.actor, req.locale),
    );
    app.get(
      '/commitments/countries/:code',
      { schema: { tags: ['commitments'], summary: 'A country’s commitments: roadmaps it leads and joins, its actions, overdue, pledges, meetings', params: countryParams, response: { 200: answers.country } } },
      async (req) => dashboard.country(req.actor, req.params.code, req.locale),
    );
  };
}
