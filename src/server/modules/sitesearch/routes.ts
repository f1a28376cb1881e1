import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchAnswer, searchQuery } from '../../../shared/contracts/site.ts';
import type { SiteSearch } from './service.ts';

/** The header's search box (issue 21, item 3). */
export function siteSearchRoutes(search: SiteSearch): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      { schema: { tags: ['site'], summary: 'Search practices, objectives, countries, flows, meetings, outcomes, roadmaps and GCM indicators at once (first 5 of each kind)', querystring: searchQuery, response: { 200: searchAnswer } } },
      async (req) => search.search(req.actor, req.query.q, req.locale),
    );
  };
}
