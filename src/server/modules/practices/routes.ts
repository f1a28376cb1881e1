import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PracticesService } from './service.ts';
import type { PracticeFilters } from './search.ts';
import { answers, refParams, searchQuerystring, type SearchQuery } from '../../../shared/contracts/practices.ts';

export { searchQuerystring };

export function toFilters(q: SearchQuery): PracticeFilters {
  return {
    q: q.q,
    objectives: q.objective,
    countries: q.country,
    organisations: q.organisation,
    kinds: q.kind,
    principles: q.principle,
    statuses: q.status,
    validations: q.validation,
    targetGroups: q.targetGroup,
    languages: q.language,
    years: q.year,
  };
}

export function practicesRoutes(service: PracticesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/practices',
      {
        schema: {
          tags: ['practices'],
          summary: 'Search published practices with facets',
          querystring: searchQuerystring,
          response: { 200: answers.search },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        const q = req.query;
        return service.search({ ...toFilters(q), sort: q.sort, page: q.page, pageSize: q.pageSize }, req.locale);
      },
    );
    app.get('/practices/coverage', { schema: { tags: ['practices'], summary: 'Countries × GCM objectives: counts of published practices', response: { 200: answers.coverage } } }, async () =>
      service.coverage(),
    );
    app.get(
      '/practices/:id',
      { schema: { tags: ['practices'], params: refParams, response: { 200: answers.detail } } },
      async (req) => service.get(req.params.id, req.locale, req.actor.kind === 'user'),
    );
  };
}
