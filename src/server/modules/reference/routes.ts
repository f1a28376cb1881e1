import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import type { ReferenceService } from './service.ts';

const localized = z.object({ es: z.string().min(1).max(300), en: z.string().min(1).max(300) }).catchall(z.string().max(300));

export function referenceRoutes(service: ReferenceService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicCache = { 'cache-control': 'public, max-age=300' };
    app.get(
      '/reference/countries',
      {
        schema: {
          tags: ['reference'],
          summary: 'ISO 3166-1 countries with names and CRM/CSM membership',
          querystring: z.object({ membership: z.enum(['CRM', 'CSM']).optional() }),
        },
      },
      async (req, reply) => {
        reply.headers(publicCache);
        return { items: await service.countries(req.locale, req.query.membership) };
      },
    );
    app.get(
      '/reference/countries/:code',
      { schema: { tags: ['reference'], params: z.object({ code: z.string().regex(/^[A-Za-z]{3}$/) }) } },
      async (req) => service.country(req.params.code, req.locale),
    );
    app.patch(
      '/reference/countries/:code',
      {
        schema: {
          tags: ['reference'],
          summary: 'Edit a country (secretariat)',
          params: z.object({ code: z.string().regex(/^[A-Za-z]{3}$/).transform((c) => c.toUpperCase()) }),
          body: z.object({ name: localized.optional(), memberships: z.array(z.enum(['CRM', 'CSM'])).max(2).optional() }).strict(),
        },
      },
      async (req) => service.updateCountry(req.actor, metaOf(req), req.params.code, req.body),
    );
    app.get('/reference/gcm/objectives', { schema: { tags: ['reference'], summary: 'The 23 GCM objectives' } }, async (req, reply) => {
      reply.headers(publicCache);
      return { items: await service.objectives(req.locale) };
    });
    app.patch(
      '/reference/gcm/objectives/:number',
      {
        schema: {
          tags: ['reference'],
          params: z.object({ number: z.coerce.number().int().min(1).max(23) }),
          body: z.object({ title: localized.optional(), shortTitle: localized.optional() }).strict(),
        },
      },
      async (req) => service.updateObjective(req.actor, metaOf(req), req.params.number, req.body),
    );
    app.get('/reference/gcm/principles', { schema: { tags: ['reference'], summary: 'The 10 GCM guiding principles' } }, async (req, reply) => {
      reply.headers(publicCache);
      return { items: await service.principles(req.locale) };
    });
  };
}
