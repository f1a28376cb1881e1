import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import { fileAnswer } from '../../../shared/contracts/common.ts';
import { createBody, detailOut, docQuery, id, reportAnswer, reportList, textInput, textParams, textSaved } from '../../../shared/contracts/review.ts';
import type { ReviewService } from './service.ts';

/** HTTP only: schemas (src/shared/contracts/review.ts), and a call to the use case. */

export function reviewRoutes(service: ReviewService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/review/reports',
      {
        schema: {
          tags: ['review'],
          summary: 'Secretariat: save a regional review report (objectives, countries — all, CRM, CSM or some —, period, language, as-of date); its document is built now from the data as of that date and kept',
          body: createBody,
          response: { 201: reportAnswer },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(req.actor, metaOf(req), req.body)),
    );
    app.get(
      '/review/reports',
      { schema: { tags: ['review'], summary: 'Saved review reports (signed-in members)', response: { 200: reportList } } },
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
          params: textParams,
          body: textInput,
          response: { 201: textSaved },
        },
      },
      async (req, reply) => reply.status(201).send(await service.saveText(req.actor, metaOf(req), req.params.id, req.params.section, req.body)),
    );
    app.get(
      '/review/reports/:id/report.html',
      { schema: { tags: ['review'], summary: "The report as a printable HTML page (print CSS, A4); `preview=1` shows the secretariat's drafts", params: id, querystring: docQuery, response: { 200: fileAnswer('text/html') } } },
      async (req, reply) => {
        const doc = await service.document(req.actor, req.params.id, 'html', req.query.preview === '1');
        reply.header('cache-control', 'private, no-store');
        reply.header('content-disposition', `inline; filename="${doc.fileName}.html"`);
        return reply.type('text/html; charset=utf-8').send(doc.body);
      },
    );
    app.get(
      '/review/reports/:id/report.pdf',
      { schema: { tags: ['review'], summary: 'The report as PDF, drawn on the server (embedded fonts, vector charts); the same report and texts give the same bytes', params: id, querystring: docQuery, response: { 200: fileAnswer('application/pdf') } } },
      async (req, reply) => {
        const doc = await service.document(req.actor, req.params.id, 'pdf', req.query.preview === '1');
        reply.header('cache-control', 'private, no-store');
        reply.header('content-disposition', `attachment; filename="${doc.fileName}.pdf"`);
        return reply.type('application/pdf').send(doc.body);
      },
    );
  };
}
