import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HomeService } from './service.ts';

/** HTTP only: the schema, the cache header, a call to the service. */
const year = z.object({ year: z.string(), value: z.number(), countries: z.number().int() });
const homeOut = z.object({
  members: z.number().int(),
  figures: z.array(z.object({ flow: z.string(), name: z.string(), year: z.string(), value: z.number(), countries: z.number().int(), reporting: z.number().int(), years: z.array(year) })),
  releases: z.array(z.object({ id: z.string(), country: z.string(), releasedAt: z.string() })),
  practices: z.array(z.object({ slug: z.string(), title: z.string(), countries: z.array(z.string()), publishedAt: z.string().nullable() })),
  roadmaps: z.array(z.object({ id: z.string(), title: z.string(), countries: z.array(z.string()), updatedAt: z.string() })),
  pledges: z.array(z.object({ id: z.string(), title: z.string(), countries: z.array(z.string()), status: z.string() })),
  objectives: z.array(z.object({ number: z.number().int(), title: z.string() })),
  countryNames: z.record(z.string(), z.string()),
});

export function homeRoutes(service: HomeService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/home',
      {
        schema: {
          tags: ['site'],
          summary: "The home page: the region's latest released figures per flow (year, sum, member countries covered), the newest releases, practices, roadmaps and pledges — public content only, the same for every reader",
          response: { 200: homeOut },
        },
      },
      async (req, reply) => {
        // Public content only, whoever asks: every reader may keep it for a minute.
        reply.header('cache-control', 'public, max-age=60');
        return service.home(req.locale);
      },
    );
  };
}
