import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import {
  countriesQuery,
  countryEditParams,
  countryList,
  countryParams,
  countryPatch,
  country,
  countryRow,
  objectiveList,
  objectiveParams,
  objectivePatch,
  objectiveRow,
  principleList,
} from '../../../shared/contracts/reference.ts';
import type { ReferenceService } from './service.ts';

export function referenceRoutes(service: ReferenceService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicCache = { 'cache-control': 'public, max-age=300' };
    app.get(
      '/reference/countries',
      {
        schema: {
          tags: ['reference'],
          summary: 'ISO 3166-1 countries with names and CRM/CSM membership',
          querystring: countriesQuery,
          response: { 200: countryList },
        },
      },
      async (req, reply) => {
        reply.headers(publicCache);
        return { items: await service.countries(req.locale, req.query.membership) };
      },
    );
    app.get(
      '/reference/countries/:code',
      { schema: { tags: ['reference'], params: countryParams, response: { 200: country } } },
      async (req) => service.country(req.params.code, req.locale),
    );
    app.patch(
      '/reference/countries/:code',
      {
        schema: {
          tags: ['reference'],
          summary: 'Edit a country (secretariat)',
          params: countryEditParams,
          body: countryPatch,
          response: { 200: countryRow },
        },
      },
      async (req) => service.updateCountry(req.actor, metaOf(req), req.params.code, req.body),
    );
    app.get('/reference/gcm/objectives', { schema: { tags: ['reference'], summary: 'The 23 GCM objectives', response: { 200: objectiveList } } }, async (req, reply) => {
      reply.headers(publicCache);
      return { items: await service.objectives(req.locale) };
    });
    app.patch(
      '/reference/gcm/objectives/:number',
      {
        schema: {
          tags: ['reference'],
          params: objectiveParams,
          body: objectivePatch,
          response: { 200: objectiveRow },
        },
      },
      async (req) => service.updateObjective(req.actor, metaOf(req), req.params.number, req.body),
    );
    app.get('/reference/gcm/principles', { schema: { tags: ['reference'], summary: 'The 10 GCM guiding principles', response: { 200: principleList } } }, async (req, reply) => {
      reply.headers(publicCache);
      return { items: await service.principles(req.locale) };
    });
  };
}
