import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { Invalid } from '../../platform/http/errors.ts';
import { multipartUpload } from '../../platform/uploads.ts';
import { MAX_EVIDENCE_BYTES, type ReportedValues } from './reported.ts';
import { defaultYears, type SdgImports, type TemplateIO } from './input-files.ts';
import { fileAnswer } from '../../../shared/contracts/common.ts';
import { applyBody, decisionOut, evidenceOut, fileBody, inputApplied as applied, inputPreview as preview, reportBody, reportedOne, reportedOut, sheetOut, valueStatus as status } from '../../../shared/contracts/indicators.ts';

/**
 * HTTP only: values reported by focal points (form, evidence files, the XLSX template), the
 * secretariat's validation queue, and the import of a custodian's SDG file.
 */
const TAGS = ['indicators'];
const yearsQuery = z.object({
  years: z
    .string()
    .regex(/^\d{4}(,\d{4}){0,9}$/)
    .optional()
    .describe('comma-separated years (at most 10); the last two complete years by default'),
});
const BODY_LIMIT = 8 * 1024 * 1024;

const revisionParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function parseYears(q: string | undefined): string[] {
  if (!q) return defaultYears();
  const ys = [...new Set(q.split(','))].sort();
  const now = new Date().getUTCFullYear();
  if (ys.some((y) => Number(y) > now || Number(y) < 1990)) throw new Invalid([{ path: 'years', key: 'indicatorsInput.check.yearsRange', params: { current: now } }]);
  return ys;
}

export function indicatorInputRoutes(deps: { reported: ReportedValues; template: TemplateIO; sdg: SdgImports }): FastifyPluginAsyncZod {
  const { reported, template, sdg } = deps;
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5 } });

    app.get(
      '/indicators/report/sheet',
      { schema: { tags: TAGS, summary: 'Focal point: the indicators your country reports, with the value stored for each year asked', querystring: yearsQuery, response: { 200: sheetOut } } },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-store');
        return reported.sheet(req.actor, parseYears(req.query.years), req.locale);
      },
    );
    app.post(
      '/indicators/report/values',
      { schema: { tags: TAGS, summary: 'Focal point: report a value for your country (provisional until the secretariat validates it)', body: reportBody, response: { 201: reportedOne } } },
      async (req, reply) => reply.status(201).send(await reported.report(req.actor, metaOf(req), req.body, req.locale)),
    );
    app.post(
      '/indicators/report/evidence',
      {
        schema: {
          tags: TAGS,
          summary: 'Focal point: upload an evidence file (multipart field "file"; PDF, DOCX, XLSX or image; ≤ 20 MB); cite it with evidenceFile when reporting',
          response: { 201: evidenceOut },
        },
      },
      async (req, reply) => {
        reported.reporter(req.actor);
        return reply.status(201).send(await reported.uploadEvidence(req.actor, metaOf(req), await multipartUpload(req)));
      },
    );
    app.get('/indicators/evidence/:id', { schema: { tags: TAGS, summary: 'An evidence file of a reported value', params: z.object({ id: z.string().uuid() }), response: { 200: fileAnswer('the evidence file, as uploaded') } } }, async (req, reply) => {
      const f = await reported.openEvidence(req.actor, req.params.id);
      reply.header('content-type', f.mediaType);
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
      return reply.send(f.stream);
    });
    app.get('/indicators/report/template.xlsx', { schema: { tags: TAGS, summary: 'Focal point: the XLSX template of your country’s indicators for the years asked, with the values stored', querystring: yearsQuery, response: { 200: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') } } }, async (req, reply) => {
      const f = await template.template(req.actor, parseYears(req.query.years), req.locale);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
      return reply.send(f.buffer);
    });
    app.post(
      '/indicators/report/template/preview',
      { bodyLimit: BODY_LIMIT, schema: { tags: TAGS, summary: 'Focal point: check a filled template and see what would change (nothing is written)', body: fileBody, response: { 200: preview } } },
      async (req) => template.preview(req.actor, req.body.content, req.locale),
    );
    app.post(
      '/indicators/report/template/apply',
      { bodyLimit: BODY_LIMIT, schema: { tags: TAGS, summary: 'Focal point: apply a previewed template in one transaction (409 when the file or the values changed since the preview)', body: applyBody, response: { 200: applied } } },
      async (req) => template.apply(req.actor, metaOf(req), req.body.content, req.body.filename, req.body.checksum, req.locale),
    );
    app.get(
      '/indicators/reported',
      {
        schema: {
          tags: TAGS,
          summary: 'Reported values: the secretariat’s validation queue (provisional by default), or a focal point’s own country',
          querystring: z.object({ status: status.optional(), country: z.string().regex(/^[A-Za-z]{3}$/).optional() }),
          response: { 200: reportedOut },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-store');
        return reported.list(req.actor, req.query, req.locale);
      },
    );
    const decision = decisionOut;
    app.post(
      '/indicators/reported/:id/validate',
      { schema: { tags: TAGS, summary: 'Secretariat: validate a provisional reported value', params: revisionParams, response: { 200: decision } } },
      async (req) => reported.decide(req.actor, metaOf(req), req.params.id, 'validated', null),
    );
    app.post(
      '/indicators/reported/:id/reject',
      { schema: { tags: TAGS, summary: 'Secretariat: reject a provisional reported value, with a reason', params: revisionParams, body: z.object({ reason: z.string().max(2000) }), response: { 200: decision } } },
      async (req) => reported.decide(req.actor, metaOf(req), req.params.id, 'rejected', req.body.reason),
    );
    app.post(
      '/indicators/imports/sdg/preview',
      { bodyLimit: BODY_LIMIT, schema: { tags: TAGS, summary: 'Secretariat: check a custodian’s file in the UN SDG Global Database CSV layout and see what would change', body: fileBody, response: { 200: preview } } },
      async (req) => sdg.preview(req.actor, req.body.content, req.locale),
    );
    app.post(
      '/indicators/imports/sdg/apply',
      { bodyLimit: BODY_LIMIT, schema: { tags: TAGS, summary: 'Secretariat: apply a previewed SDG file in one transaction, each value citing the file', body: applyBody, response: { 200: applied } } },
      async (req) => sdg.apply(req.actor, metaOf(req), req.body.content, req.body.filename, req.body.checksum, req.locale),
    );
  };
}
