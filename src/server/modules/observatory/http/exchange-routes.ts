import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../platform/db/database.ts';
import { metaOf } from '../../../platform/http/context.ts';
import { t } from '../../../platform/i18n/index.ts';
import type { ObservatoryService } from '../service.ts';
import type { MappingStore } from '../import/index.ts';
import { buildTemplate } from '../structure/index.ts';
import { checkFilterCodes } from '../structure/index.ts';
import { compliance } from '../release/index.ts';
import { inspectRoutes } from './inspect-routes.ts';
import { sourceRoutes } from './source-routes.ts';
import { fileAnswer } from '../../../../shared/contracts/common.ts';
import { columnMapping, complianceOut, dataflowId, savedMapping } from '../../../../shared/contracts/observatory.ts';

/**
 * Helping countries send data: the XLSX template of a dataflow, saved column mappings, and
 * the compliance view of the regional minimum disaggregation.
 */
const country = z
  .string()
  .regex(/^([A-Za-z]{3}|\*)$/)
  .transform((s) => s.toUpperCase());

const savedOut = savedMapping;

export function exchangeRoutes(service: ObservatoryService, mappings: MappingStore, db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    // the columns of a file before it is sent (its own context: it reads multipart)
    await app.register(inspectRoutes(service));
    await app.register(sourceRoutes(service));

    app.get(
      '/dataflows/:id/template.xlsx',
      {
        schema: {
          tags: ['observatory'],
          summary: "XLSX template of a dataflow: instructions in the caller's language, a data sheet with the dimension headers and drop-down lists, one sheet per code list. A filled template is read without a column mapping.",
          params: z.object({ id: dataflowId }),
          querystring: z.object({ lang: z.enum(['es', 'en']).optional() }),
          response: { 200: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') },
        },
      },
      async (req, reply) => {
        const s = await service.structure(req.params.id);
        const body = await buildTemplate(s, req.locale);
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', `attachment; filename="${t(req.locale, 'observatory.template.fileName')}-${s.id}.xlsx"`);
        reply.header('cache-control', 'public, max-age=300');
        return reply.send(body);
      },
    );

    app.get(
      '/dataflows/:id/compliance',
      {
        schema: {
          tags: ['observatory'],
          summary: 'Compliance with the regional minimum disaggregation (sex, age, nationality, disability, ethnicity) per country and flow: which ones each country reports, for which months. From the figures the caller may see.',
          params: z.object({ id: dataflowId }),
          querystring: z.object({ country: z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase()).optional(), flow: z.string().regex(/^[A-Z0-9_]{1,40}$/).optional(), lang: z.enum(['es', 'en']).optional() }),
          response: { 200: complianceOut },
        },
      },
      async (req, reply) => {
        const s = await service.structure(req.params.id);
        const { country, flow } = req.query;
        checkFilterCodes(s, { ...(country ? { REF_AREA: [country] } : {}), ...(flow ? { FLOW: [flow] } : {}) }, { REF_AREA: 'country', FLOW: 'flow' });
        reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
        return compliance(db, s, service.accessOf(req.actor), new Date(), { country: req.query.country, flow: req.query.flow }, req.locale);
      },
    );

    app.get(
      '/dataflows/:id/mappings',
      {
        schema: {
          tags: ['observatory'],
          summary: "Saved column mappings the caller may use: their country's and the regional ones (`*`). Secretariat: `country` to list one country's.",
          params: z.object({ id: dataflowId }),
          querystring: z.object({ country: z.string().regex(/^[A-Za-z]{3}$/).optional() }),
          response: { 200: z.object({ items: z.array(savedOut) }).describe('Saved column mappings') },
        },
      },
      async (req) => mappings.list(req.actor, req.params.id, req.query.country),
    );

    app.put(
      '/dataflows/:id/mappings/:name',
      {
        schema: {
          tags: ['observatory'],
          summary: "Save (or replace) a named column mapping for the caller's country; the secretariat names the country or `*` (regional). Use it with `mappingName` on a submission.",
          params: z.object({ id: dataflowId, name: z.string().min(1).max(80) }),
          body: z.object({ mapping: columnMapping, country: country.optional() }),
          response: { 200: savedOut },
        },
      },
      async (req) => mappings.save(req.actor, metaOf(req), { dataflowId: req.params.id, name: req.params.name, mapping: req.body.mapping, country: req.body.country ?? null }),
    );
  };
}
