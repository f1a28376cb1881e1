import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import type { ReviewService } from './service.ts';

/** HTTP only: schemas, and a call to the use case. */
const id = z.object({ id: z.string().max(64) });
const sectionKey = z.string().regex(/^(summary|annex|objective-([1-9]|1[0-9]|2[0-3]))$/);
const year = z.number().int().min(1990).max(2100);
const createBody = z
  .object({
    title: z.string().trim().max(300).optional(),
    language: z.enum(['es', 'en']),
    objectives: z.union([z.literal('all'), z.array(z.number().int().min(1).max(23)).min(1).max(23)]),
    countryScope: z.enum(['all', 'CRM', 'CSM', 'some']),
    countries: z
      .array(z.string().regex(/^[A-Za-z]{3}$/))
      .max(300)
      .optional(),
    from: year,
    to: year,
    asOf: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'to < from' });
const reportOut = z.object({
  id: z.string(),
  title: z.string(),
  language: z.enum(['es', 'en']),
  objectives: z.array(z.number()),
  countryScope: z.enum(['all', 'CRM', 'CSM', 'some']),
  countries: z.array(z.string()),
  from: z.number(),
  to: z.number(),
  asOf: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
const textOut = z.object({ section: z.string(), version: z.number(), status: z.enum(['draft', 'final']), body: z.string(), author: z.string(), createdAt: z.string() });
const detailOut = reportOut.extend({
  sections: z.array(z.object({ key: z.string(), title: z.string() })),
  summary: z.array(z.object({ label: z.string(), value: z.string() })),
  texts: z.array(textOut),
});
const docQuery = z.object({ preview: z.enum(['0', '1']).default('0') });

export function reviewRoutes(service: ReviewService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/review/reports',
      {
        schema: {
          tags: ['review'],
          summary: 'Secretariat: save a regional review report (objectives, countries — all, CRM, CSM or some —, period, language, as-of date); its document is built now from the data as of that date and kept',
          body: createBody,
          response: { 201: reportOut },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(req.actor, metaOf(req), req.body)),
    );
    app.get(
      '/review/reports',
      { schema: { tags: ['review'], summary: 'Saved review reports (signed-in members)', response: { 200: z.object({ items: z.array(reportOut) }) } } },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-store');
        return service.list(req.actor);
      },
    );
    app.get(
      '/review/reports/:id',
      { schema: { tags: ['review'], summary: "A saved report: its choice, sections, summary figures and the secretariat's texts (drafts to the secretariat only)", params: id, response: { 200: detailOut } } },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-store');
        return service.get(req.actor, req.params.id);
      },
    );
    app.post(
      '/review/reports/:id/sections/:section/texts',
      {
        schema: {
          tags: ['review'],
          summary: "Secretariat: a new version of a section's own text (summary, annex or objective-N), draft or final; versions are kept and audited",
          params: id.extend({ section: sectionKey }),
          body: z.object({ body: z.string().max(20_000), status: z.enum(['draft', 'final']) }),
          response: { 201: z.object({ section: z.string(), version: z.number(), status: z.enum(['draft', 'final']), createdAt: z.string() }) },
        },
      },
      async (req, reply) => reply.status(201).send(await service.saveText(req.actor, metaOf(req), req.params.id, req.params.section, req.body)),
    );
    app.get(
      '/review/reports/:id/report.html',
      { schema: { tags: ['review'], summary: "The report as a printable HTML page (print CSS, A4); `preview=1` shows the secretariat's drafts", params: id, querystring: docQuery } },
      async (req, reply) => {
        const doc = await service.document(req.actor, req.params.id, 'html', req.query.preview === '1');
        reply.header('cache-control', 'private, no-store');
        reply.header('content-disposition', `inline; filename="${doc.fileName}.html"`);
        return reply.type('text/html; charset=utf-8').send(doc.body);
      },
    );
    app.get(
      '/review/reports/:id/report.pdf',
      { schema: { tags: ['review'], summary: 'The report as PDF, drawn on the server (embedded fonts, vector charts); the same report and texts give the same bytes', params: id, querystring: docQuery } },
      async (req, reply) => {
        const doc = await service.document(req.actor, req.params.id, 'pdf', req.query.preview === '1');
        reply.header('cache-control', 'private, no-store');
        reply.header('content-disposition', `attachment; filename="${doc.fileName}.pdf"`);
        return reply.type('application/pdf').send(doc.body);
      },
    );
  };
}
