import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../platform/http/errors.ts';
import { metaOf } from '../../platform/http/context.ts';
import { t } from '../../platform/i18n/index.ts';
import { csvCell } from '../../platform/csv.ts';
import { MAX_FILE_BYTES } from './import.ts';
import type { IncidentImports } from './import-service.ts';
import type { IncidentAnswerCache } from './answer-cache.ts';
import { dto, type IncidentQueries } from './queries.ts';
import type { IncidentRecords } from './records.ts';
import { fileAnswer } from '../../../shared/contracts/common.ts';
import { importReport, importsOut, incidentBody, incidentCollection, incidentDetail, incidentPage, listQuery, routesOut, summaryOut, summaryQuery } from '../../../shared/contracts/incidents.ts';

/** HTTP only: schemas, and a call to the use case. */
const idParams = z.object({ id: z.string().uuid() });

const CSV_COLUMNS = ['id', 'mainId', 'date', 'precision', 'countryCode', 'place', 'lat', 'lon', 'route', 'dead', 'missing', 'deadAndMissing', 'split', 'survivors', 'females', 'males', 'children', 'origins', 'cause', 'type', 'infoSource', 'sourceQuality', 'url', 'status'] as const;


export function incidentsRoutes(deps: { queries: IncidentQueries; records: IncidentRecords; imports: IncidentImports; cache: IncidentAnswerCache }): FastifyPluginAsyncZod {
  const { queries, records, imports, cache } = deps;
  // Anonymous readers share one answer per question (answer-cache.ts); signed-in ones may see more.
  const shared = <T>(anonymous: boolean, key: string, make: () => Promise<T>) => (anonymous ? cache.get(key, make) : make());
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 } });

    app.get(
      '/incidents',
      {
        schema: {
          tags: ['incidents'],
          summary: 'Missing-migrant incidents: a page (JSON), every point (GeoJSON, format=geojson) or a CSV download',
          querystring: listQuery,
          // GeoJSON and CSV are written as text and sent as they are; the JSON page is serialised
          response: { 200: z.union([incidentPage, incidentCollection.describe('format=geojson (application/geo+json)'), fileAnswer('text/csv')]) },
        },
      },
      async (req, reply) => {
        const { page, pageSize, format, ...filters } = req.query;
        reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
        if (format === 'geojson') {
          reply.header('content-type', 'application/geo+json; charset=utf-8');
          if (req.headers.accept?.includes('application/geo+json') !== true) reply.header('content-disposition', 'inline; filename="incidentes.geojson"');
          return shared(req.actor.kind !== 'user', `geojson:${req.locale}:${JSON.stringify(filters)}`, () => queries.geojson(req.actor, filters));
        }
        if (format === 'csv') {
          const rows = await queries.rows(req.actor, filters);
          reply.header('content-type', 'text/csv; charset=utf-8');
          reply.header('content-disposition', `attachment; filename="${t(req.locale, 'incidents.download.fileName')}.csv"`);
          const lines = [`# ${t(req.locale, 'incidents.download.source')}`, CSV_COLUMNS.join(',')];
          for (const r of rows) {
            const d = dto(r) as Record<string, unknown>;
            // Origins are a list: one cell of JSON.
            const cells = CSV_COLUMNS.map((c) => {
              const v = d[c];
              return csvCell(v !== null && typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean | null | undefined));
            });
            lines.push(cells.join(','));
          }
          return `\uFEFF${lines.join('\r\n')}\r\n`;
        }
        return { ...(await queries.list(req.actor, filters, page, pageSize)), page, pageSize, source: t(req.locale, 'incidents.download.source') };
      },
    );

    app.get('/incidents/summary', { schema: { tags: ['incidents'], summary: 'SDG 10.7.3: people dead or missing during migration, per year or per month (`interval=month`: total, by country of incident or by route)', querystring: summaryQuery, response: { 200: summaryOut } } }, async (req, reply) => {
      const { by, interval, ...filters } = req.query;
      reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
      return shared(req.actor.kind !== 'user', `summary:${req.locale}:${by}:${interval}:${JSON.stringify(filters)}`, async () =>
        ({
          indicator: 'SDG 10.7.3' as const,
          title: t(req.locale, 'incidents.sdg1073'),
          by,
          interval,
          filters,
          rows: await queries.sdg1073(req.actor, filters, by, interval),
          source: t(req.locale, 'incidents.download.source'),
        }),
      );
    });

    app.get('/incidents/routes', { schema: { tags: ['incidents'], summary: "IOM's migration route families (editable list)", response: { 200: routesOut } } }, async () => ({ items: await queries.routes() }));

    app.get('/incidents/:id', { schema: { tags: ['incidents'], summary: 'One incident with its revisions', params: idParams, response: { 200: incidentDetail } } }, async (req) => queries.get(req.actor, req.params.id));

    app.post('/incidents', { schema: { tags: ['incidents'], summary: 'Record an incident (reported until verified by the secretariat or IOM)', body: incidentBody, response: { 201: incidentDetail } } }, async (req, reply) => {
      const row = await records.create(req.actor, metaOf(req), req.body);
      cache.invalidate();
      return reply.status(201).send(await queries.get(req.actor, row.id));
    });

    app.put('/incidents/:id', { schema: { tags: ['incidents'], summary: 'Correct an incident (a new revision)', params: idParams, body: incidentBody, response: { 200: incidentDetail } } }, async (req) => {
      const row = await records.update(req.actor, metaOf(req), req.params.id, req.body);
      cache.invalidate();
      return queries.get(req.actor, row.id);
    });

    app.post('/incidents/:id/verify', { schema: { tags: ['incidents'], summary: 'Verify a reported incident (secretariat or IOM): it becomes public', params: idParams, response: { 200: incidentDetail } } }, async (req) => {
      const row = await records.verify(req.actor, metaOf(req), req.params.id);
      cache.invalidate();
      return queries.get(req.actor, row.id);
    });

    app.post('/incidents/imports', { schema: { tags: ['incidents'], summary: "Validate an incidents file (IOM's older or current export, or the GDI tidy copy): the whole-file report (201); a file over 1 MB is read in the background (202, status validating: poll GET …/imports/{id} for progress); nothing stored until applied", response: { 201: importReport, 202: importReport } } }, async (req, reply) => {
      if (!req.isMultipart()) throw new Invalid([{ path: 'file', key: 'errors.fileMissing' }]);
      const file = await req.file();
      if (!file) throw new Invalid([{ path: 'file', key: 'errors.fileMissing' }]);
      const buf = await file.toBuffer().catch(() => {
        throw new Invalid([{ path: 'file', key: 'incidents.import.tooLarge', params: { mb: MAX_FILE_BYTES / 1024 / 1024 } }]);
      });
      const view = await imports.validate(req.actor, file.filename || 'incidentes.csv', buf, req.locale);
      // a large file is still being read: 202, and GET …/imports/{id} gives its progress
      return reply.status(view.status === 'validating' ? 202 : 201).send(view);
    });

    app.get('/incidents/imports', { schema: { tags: ['incidents'], summary: "The caller's pending incidents imports (being read, or validated and not applied), newest first: to reopen one later", response: { 200: importsOut } } }, async (req) => ({
      items: await imports.pending(req.actor, req.locale),
    }));

    app.get('/incidents/imports/:id', { schema: { tags: ['incidents'], summary: 'An incidents import and its report', params: idParams, response: { 200: importReport } } }, async (req) => imports.get(req.actor, req.params.id, req.locale));

    app.post('/incidents/imports/:id/apply', { schema: { tags: ['incidents'], summary: 'Apply a validated incidents import in one transaction', params: idParams, response: { 200: importReport } } }, async (req) => {
      const done = await imports.apply(req.actor, metaOf(req), req.params.id, req.locale);
      cache.invalidate();
      return done;
    });
  };
}
