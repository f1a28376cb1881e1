import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { Invalid } from '../../platform/http/errors.ts';
import { t } from '../../platform/i18n/index.ts';
import { csvCell, tempFile, type ObservatoryService } from './service.ts';
import { DIMENSION_IDS, TOTAL, type DimensionId } from './structure.ts';
import { monthBound, type DataQuery } from './query.ts';
import type { ColumnMapping } from './validate.ts';

export const MAX_SUBMISSION_BYTES = 200 * 1024 * 1024;
const JSON_BODY_LIMIT = 20 * 1024 * 1024;

const code = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/);
const mappingSchema = z.object({
  columns: z.record(z.string().max(200), z.string().max(40)).optional(),
  constants: z.record(z.string().max(40), code).optional(),
  codes: z.record(z.string().max(40), z.record(z.string().max(60), code)).optional(),
});
const codes = z
  .string()
  .max(4000)
  .regex(/^[A-Za-z0-9_,-]+$/)
  .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean))
  .optional();
const period = z.string().refine((p) => monthBound(p, false) !== null, { params: { key: 'errors.periodInvalid' } });

export const dataQuerystring = z.object({
  ...Object.fromEntries(DIMENSION_IDS.map((d) => [d, codes])),
  startPeriod: period.optional(),
  endPeriod: period.optional(),
  groupBy: z
    .string()
    .max(300)
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean) : []))
    .pipe(z.array(z.enum([...DIMENSION_IDS, 'TIME_PERIOD'] as unknown as [string, ...string[]])).max(10)),
  timeAggregation: z.enum(['month', 'quarter', 'year']).default('month'),
  asOf: z.iso.datetime({ offset: true }).optional(),
  release: z.string().uuid().optional(),
  format: z.enum(['json', 'csv', 'sdmx-csv']).default('json'),
  lang: z.enum(['es', 'en']).optional(),
}) as unknown as z.ZodType<Record<DimensionId, string[] | undefined> & {
  startPeriod?: string;
  endPeriod?: string;
  groupBy: (DimensionId | 'TIME_PERIOD')[];
  timeAggregation: 'month' | 'quarter' | 'year';
  asOf?: string;
  release?: string;
  format: 'json' | 'csv' | 'sdmx-csv';
}>;

const jsonSubmission = z.object({
  dataflow: z.string().max(60).default('MIG_FLOWS'),
  fileName: z.string().max(255).default('rows.json'),
  rows: z.array(z.record(z.string().max(200), z.union([z.string().max(1000), z.number(), z.null()]))).min(1).max(200_000),
  mapping: mappingSchema.default({}),
});

export function observatoryRoutes(service: ObservatoryService): FastifyPluginAsyncZod {
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_SUBMISSION_BYTES, files: 1, fields: 10 } });

    app.get('/dataflows', { schema: { tags: ['observatory'], summary: 'Data structures (dataflows)' } }, async (req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return service.dataflows(req.locale);
    });
    app.get(
      '/dataflows/:id',
      { schema: { tags: ['observatory'], summary: 'A dataflow: dimensions and code lists (names es/en)', params: z.object({ id: z.string().regex(/^[A-Z0-9_]{1,60}$/) }) } },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return service.dataflow(req.params.id, req.locale);
      },
    );

    app.get(
      '/data/:dataflow',
      {
        schema: {
          tags: ['observatory'],
          summary: 'Observations (see the MIG_FLOWS standard): filters per dimension, period range, groupBy, timeAggregation, asOf, release, format',
          params: z.object({ dataflow: z.string().regex(/^[A-Z0-9_]{1,60}$/) }),
          querystring: dataQuerystring,
        },
      },
      async (req, reply) => {
        const q = req.query;
        const filters: DataQuery['filters'] = {};
        for (const d of DIMENSION_IDS) if (q[d]?.length) filters[d] = q[d];
        const query: DataQuery = {
          filters,
          startPeriod: q.startPeriod,
          endPeriod: q.endPeriod,
          groupBy: q.groupBy,
          timeAggregation: q.timeAggregation,
          asOf: q.asOf ? new Date(q.asOf) : undefined,
          releaseId: q.release,
        };
        const { body, structure } = await service.data(req.actor, req.params.dataflow, query);
        reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
        if (q.format === 'json') return body;
        const kept = q.groupBy;
        let lines: string[];
        if (q.format === 'csv') {
          lines = [[...kept, 'OBS_VALUE', 'CONF_STATUS'].join(',')];
          for (const o of body.observations) lines.push([...kept.map((k) => (o as Record<string, unknown>)[k] as string), o.OBS_VALUE, o.CONF_STATUS].map(csvCell).join(','));
        } else {
          const dims = [...DIMENSION_IDS, 'TIME_PERIOD'] as const;
          const fixed = (d: string) => (d === 'TIME_PERIOD' ? `${q.startPeriod ?? ''}/${q.endPeriod ?? ''}` : filters[d as DimensionId]?.length === 1 ? filters[d as DimensionId]![0]! : TOTAL);
          lines = [['STRUCTURE', 'STRUCTURE_ID', 'ACTION', ...dims, 'OBS_VALUE', 'CONF_STATUS'].join(',')];
          for (const o of body.observations) {
            const rec = o as Record<string, unknown>;
            lines.push(['dataflow', structure.urn, 'I', ...dims.map((d) => (kept.includes(d) ? (rec[d] as string) : fixed(d))), o.OBS_VALUE, o.CONF_STATUS].map(csvCell).join(','));
          }
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${req.params.dataflow}.csv"`);
        return '\uFEFF' + lines.join('\r\n') + '\r\n';
      },
    );

    app.post(
      '/submissions',
      {
        bodyLimit: JSON_BODY_LIMIT,
        schema: {
          tags: ['observatory'],
          summary: 'Validate a submission: multipart (field "file": CSV or XLSX; fields "dataflow", "mapping" as JSON) or JSON {dataflow, rows, mapping}. Honours Idempotency-Key.',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        },
      },
      async (req, reply) => {
        const idempotencyKey = req.headers['idempotency-key'] ?? null;
        let input: { dataflowId: string; fileName: string; tmpPath: string; mapping: ColumnMapping };
        if (req.isMultipart()) {
          const fields: Record<string, string> = {};
          let tmpPath: string | null = null;
          let fileName = 'upload';
          let truncated = false;
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              if (tmpPath) continue;
              tmpPath = tempFile('');
              fileName = part.filename || fileName;
              await pipeline(part.file, fs.createWriteStream(tmpPath));
              truncated = part.file.truncated;
            } else fields[part.fieldname] = String(part.value);
          }
          if (!tmpPath) throw new Invalid([{ path: 'file', key: 'errors.fileMissing' }]);
          if (truncated) {
            fs.rmSync(tmpPath, { force: true });
            throw new Invalid([{ path: 'file', key: 'errors.fileTooLarge', params: { mb: MAX_SUBMISSION_BYTES / 1024 / 1024 } }]);
          }
          let mapping: ColumnMapping = {};
          if (fields.mapping) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(fields.mapping);
            } catch {
              parsed = null;
            }
            const m = mappingSchema.safeParse(parsed);
            if (!m.success) {
              fs.rmSync(tmpPath, { force: true });
              throw new Invalid([{ path: 'mapping', key: 'errors.mappingInvalid' }]);
            }
            mapping = m.data;
          }
          input = { dataflowId: fields.dataflow || 'MIG_FLOWS', fileName, tmpPath, mapping };
        } else {
          const parsed = jsonSubmission.safeParse(req.body);
          if (!parsed.success) throw new Invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', key: 'errors.submissionBody', params: { path: i.path.join('.') || '-' } })));
          const b = parsed.data;
          input = { dataflowId: b.dataflow, fileName: b.fileName, tmpPath: tempFile(JSON.stringify(b.rows)), mapping: b.mapping };
        }
        const report = await service.submit(req.actor, metaOf(req), { ...input, idempotencyKey }, req.locale);
        return reply.status('replayed' in report ? 200 : 201).send(report);
      },
    );
    app.get(
      '/submissions/:id',
      { schema: { tags: ['observatory'], summary: 'The validation report of a submission', params: z.object({ id: z.string().uuid() }) } },
      async (req) => service.report(req.actor, req.params.id, req.locale),
    );
    app.post(
      '/submissions/:id/apply',
      { schema: { tags: ['observatory'], summary: 'Apply a validated submission (one transaction; earlier figures kept as revisions)', params: z.object({ id: z.string().uuid() }) } },
      async (req) => service.apply(req.actor, metaOf(req), req.params.id, req.locale),
    );
    app.get(
      '/submissions/:id/report.csv',
      { schema: { tags: ['observatory'], summary: "The submitted rows with an added column of messages (in the caller's language)", params: z.object({ id: z.string().uuid() }) } },
      async (req, reply) => {
        const lines = await service.reportCsv(req.actor, req.params.id, req.locale);
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${t(req.locale, 'observatory.report.fileName')}-${req.params.id.slice(0, 8)}.csv"`);
        const { Readable } = await import('node:stream');
        return reply.send(Readable.from(lines));
      },
    );

    app.get(
      '/releases',
      { schema: { tags: ['observatory'], summary: 'Release calendar (dates, countries, levels; no figures)', querystring: z.object({ dataflow: z.string().regex(/^[A-Z0-9_]{1,60}$/).default('MIG_FLOWS') }) } },
      async (req) => service.releases(req.query.dataflow),
    );
    app.post(
      '/releases',
      {
        schema: {
          tags: ['observatory'],
          summary: "Release a country's figures as they stand now, from releaseAt (embargo), to member states or the public",
          body: z.object({
            dataflow: z.string().regex(/^[A-Z0-9_]{1,60}$/).default('MIG_FLOWS'),
            country: z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase()),
            level: z.enum(['members', 'public']),
            releaseAt: z.iso.datetime({ offset: true }).optional(),
            note: z.string().max(1000).optional(),
          }),
        },
      },
      async (req, reply) => {
        const b = req.body;
        const r = await service.createRelease(req.actor, metaOf(req), { dataflowId: b.dataflow, country: b.country, level: b.level, releaseAt: b.releaseAt ? new Date(b.releaseAt) : undefined, note: b.note });
        return reply.status(201).send(r);
      },
    );
  };
}
