import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KINDS, type SiteSearch } from './service.ts';

const hit = z.object({ title: z.string(), url: z.string(), detail: z.string().nullable() });
const answer = z.object({
  q: z.string(),
  groups: z.array(z.object({ kind: z.enum(KINDS), total: z.number().int(), items: z.array(hit), more: z.string().nullable() })),
});

/** The header's search box (issue 21, item 3). */
export function siteSearchRoutes(search: SiteSearch): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      { schema: { tags: ['site'], summary: 'Search practices, objectives, countries, flows, meetings, outcomes, roadmaps and GCM indicators at once (first 5 of each kind)', querystring: z.object({ q: z.string().max(200).default('') }), response: { 200: answer } } },
      async (req) => search.search(req.actor, req.query.q, req.locale),
    );
  };
}
