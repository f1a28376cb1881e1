import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../../platform/http/context.ts';
import type { ObservatoryService } from '../service.ts';
import { dataflowId, sourceOut } from '../../../../shared/contracts/observatory.ts';

/**
 * Who produced each country's figures of each flow (sources.ts): public to read (every
 * answer of the data API shows it anyway), edited by the secretariat or the country's focal
 * point. A field left null is shown as "not stated", never filled in by the platform.
 */
const code3 = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .transform((s) => s.toUpperCase());
const bilingual = z.object({ es: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) });
const text = z.string().trim().min(1).max(1000);

export function sourceRoutes(service: ObservatoryService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dataflows/:id/sources',
      {
        schema: {
          tags: ['observatory'],
          summary: "Who produced each country's figures of each flow: producer (es/en) and its country, compiler, the producer's publication reference, licence, the national definition of the flow",
          params: z.object({ id: dataflowId }),
          querystring: z.object({ country: code3.optional(), flow: z.string().regex(/^[A-Z_]{1,40}$/).optional() }),
          response: { 200: z.object({ items: z.array(sourceOut) }).describe('The sources of the figures') },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return { items: await service.sources(req.params.id, req.query.country ? [req.query.country] : [], req.query.flow ? [req.query.flow] : []) };
      },
    );

    app.put(
      '/dataflows/:id/sources/:country/:flow',
      {
        schema: {
          tags: ['observatory'],
          summary: "Set who produced a country's figures of a flow (secretariat, or the country's focal point); audited, version + 1. Unknown fields are null, never guessed.",
          params: z.object({ id: dataflowId, country: code3, flow: z.string().regex(/^[A-Z_]{1,40}$/) }),
          body: z.object({
            producer: bilingual.nullable(),
            producerCountry: code3.optional(),
            compiler: bilingual.nullable().default(null),
            publicationRef: text.nullable().default(null),
            compilationRef: text.nullable().default(null),
            licence: text.nullable().default(null),
            definition: z.object({ es: z.string().trim().min(1).max(4000), en: z.string().trim().min(1).max(4000) }).nullable().default(null),
          }),
          response: { 200: sourceOut },
        },
      },
      async (req) => {
        const b = req.body;
        return service.setSource(req.actor, metaOf(req), req.params.id, req.params.country, req.params.flow, { ...b, producerCountry: b.producerCountry ?? req.params.country });
      },
    );
  };
}
