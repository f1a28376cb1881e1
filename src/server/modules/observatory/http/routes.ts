import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../../platform/http/context.ts';
import { Invalid } from '../../../platform/http/errors.ts';
import { t } from '../../../platform/i18n/index.ts';
import type { ObservatoryService } from '../service.ts';
import { tempFile } from '../import/index.ts';
import { EXTENSIONS, MEDIA_TYPES, releasesHeader, render } from '../read/index.ts';
import { codes, dataQueryFrom, dataQuerystring } from './data-query.ts';
import { downloadName } from '../read/index.ts';
import { fileAnswer, noContent } from '../../../../shared/contracts/common.ts';
import { dataAnswer, dataflowId, dataflowList, dataflowStructure, populationAnswer, releaseBody, releaseList, releaseOut, submissionReport } from '../../../../shared/contracts/observatory.ts';
import type { ColumnMapping } from '../import/index.ts';
import { columnMappingSchema, savedMappingFields, useSavedMapping, type MappingStore, type SavedMappingRequest } from '../import/index.ts';

const DATA_DESCRIPTION = [
  'Filters: `<DIMENSION>=code1,code2`; `startPeriod`/`endPeriod` (2024, 2024-Q3, 2024-08); `groupBy` the dimensions to keep (every other one is answered at its total); `timeAggregation` month|quarter|year|fiscalYear (with `fiscalYearStart` 1–12, the month the fiscal year starts: 10 for the U.S.; rows named `2022-10/2023-09`). Periods are never split: annual and quarterly figures stay whole (a year in a quarterly answer is its own row `2024`), and a figure is in a startPeriod/endPeriod range only when all its months are. With TIME_PERIOD kept above the month, an observation whose figures do not cover its whole period (a partial period: months not reported yet, or cut by the range) carries `TIME_COVERAGE`, the months they cover (`2025-01/2025-04`); csv adds the column when one is partial; `asOf` or `release` for the figures as public then.',
  'Formats: `json` (default), `csv` (codes; leading `#` lines name the releases and the citation), `xlsx` (headers and code names in the caller language, a sheet with the releases and the citation), `sdmx-csv` (SDMX-CSV 2.0), `sdmx-json` (SDMX-JSON 2.0 data message).',
  'Every answer names the releases its figures come from (`releases` / `X-Releases`). Public answers are read from the release cubes: the breakdowns available together are listed in the module README (one breakdown dimension, citizenship × sex, sex × age); small counts (under the dataflow threshold, 5) and the cells that would reveal them are null with CONF_STATUS C, the same pattern in every query.',
  '`perCapita=1000` (or `100000`): each observation also carries `PER_CAPITA` = OBS_VALUE ÷ population × 1000 and `POPULATION_YEAR`, the year of the population used: the cell\'s own year, else the latest earlier one (UN DESA World Population Prospects 2024 estimates, to 2023; the answer\'s `perCapita.source`); null when the cell is suppressed or the country has no population. Each cell needs one country (REF_AREA kept or a single REF_AREA filter) and one year (TIME_PERIOD kept, or startPeriod and endPeriod in the same year); json and csv only. Population itself: GET /population.',
  'Anonymous answers carry a strong ETag (releases in scope + question + format + language) and `Cache-Control: public`; `If-None-Match` gives 304. Signed-in answers are `private, no-store`.',
].join('\n\n');

export const MAX_SUBMISSION_BYTES = 200 * 1024 * 1024;
const JSON_BODY_LIMIT = 20 * 1024 * 1024;

// the same schema as saved mappings (mappings.ts): a submission's mapping may be saved as it is
const mappingSchema = columnMappingSchema;
/** merge: add and correct figures; replace: also remove, within each country × flow × month of the file, figures it no longer holds */
const submissionMode = z.enum(['merge', 'replace']);

const jsonSubmission = z.object({
  dataflow: z.string().max(60).default('MIG_FLOWS'),
  fileName: z.string().max(255).default('rows.json'),
  rows: z.array(z.record(z.string().max(200), z.union([z.string().max(1000), z.number(), z.null()]))).min(1).max(200_000),
  mapping: mappingSchema.default({}),
  mode: z.enum(['merge', 'replace']).default('merge'),
  ...savedMappingFields,
});

export function observatoryRoutes(service: ObservatoryService, mappings: MappingStore | undefined, opts: { publicUrl: string }): FastifyPluginAsyncZod {
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_SUBMISSION_BYTES, files: 1, fields: 10 } });

    app.get('/dataflows', { schema: { tags: ['observatory'], summary: 'Data structures (dataflows)', response: { 200: dataflowList } } }, async (req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return service.dataflows(req.locale);
    });
    app.get(
      '/dataflows/:id',
      { schema: { tags: ['observatory'], summary: 'A dataflow: dimensions and code lists (names es/en)', params: z.object({ id: dataflowId }), response: { 200: dataflowStructure } } },
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
          description: DATA_DESCRIPTION,
          params: z.object({ dataflow: dataflowId }),
          querystring: dataQuerystring,
          // sent as a stream in every format (formats.ts): the schemas document the answer
          response: { 200: z.union([dataAnswer, fileAnswer('text/csv, XLSX, SDMX-CSV or SDMX-JSON, by format')]).describe('The observations: JSON, or a file by format'), 304: noContent },
        },
      },
      async (req, reply) => {
        const q = req.query;
        const query = dataQueryFrom(q);
        // the SDMX and spreadsheet forms have no place for a rate beside the count
        if (q.perCapita && q.format !== 'json' && q.format !== 'csv') throw new Invalid([{ path: 'perCapita', key: 'errors.perCapitaFormat' }]);
        const anonymous = req.actor.kind !== 'user';
        const answer = await service.dataAnswer(req.actor, req.params.dataflow, query, { variant: `${q.format}/${req.locale}`, ifNoneMatch: req.headers['if-none-match'], locale: req.locale });
        // Released figures are the same for everyone: shared caches may keep them. Anything a
        // signed-in person sees may include unreleased figures or their own country's cells.
        reply.header('cache-control', anonymous ? 'public, max-age=60' : 'private, no-store');
        reply.header('vary', 'Accept-Language, Authorization, Cookie');
        if (answer.etag) reply.header('etag', answer.etag);
        if (answer.notModified) return reply.status(304).send(null);
        reply.header('x-releases', releasesHeader(answer.body));
        reply.header('content-type', MEDIA_TYPES[q.format]);
        // named after what it holds: flow, countries, period (source-lines.ts)
        if (q.format !== 'json') reply.header('content-disposition', `attachment; filename="${downloadName(req.params.dataflow, query, answer.body.observations, EXTENSIONS[q.format])}"`);
        // The citation names the installation's public address, never the request's Host or
        // X-Forwarded-Host: public answers are cached and shared, so a forged header would
        // be served to every later reader.
        const url = `${opts.publicUrl}${req.url}`;
        return reply.send(render(q.format, { body: answer.body, structure: answer.structure, query, locale: req.locale, url, now: new Date() }));
      },
    );

    app.get(
      '/population',
      {
        schema: {
          tags: ['observatory'],
          summary: 'Population by country and year (thousands, mid-year; UN DESA World Population Prospects 2024, 2000–2023): the denominator of perCapita on /data/{dataflow}',
          querystring: z.object({ REF_AREA: codes, startYear: z.coerce.number().int().min(1900).max(2200).optional(), endYear: z.coerce.number().int().min(1900).max(2200).optional() }),
          response: { 200: populationAnswer },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return service.population({ countries: req.query.REF_AREA, startYear: req.query.startYear, endYear: req.query.endYear });
      },
    );

    app.post(
      '/submissions',
      {
        bodyLimit: JSON_BODY_LIMIT,
        schema: {
          tags: ['observatory'],
          summary: 'Validate a submission: multipart (field "file": CSV or XLSX; fields "dataflow", "mapping" as JSON) or JSON {dataflow, rows, mapping}. Optional "mode": merge (default) or replace. Honours Idempotency-Key. Large files answer 202 and are validated in the background: poll GET /submissions/{id} (progress, then the report with the diff).',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
          // 200: an Idempotency-Key seen before; 201: validated; 202: being validated in the background
          response: { 200: submissionReport, 201: submissionReport, 202: submissionReport },
        },
      },
      async (req, reply) => {
        const idempotencyKey = req.headers['idempotency-key'] ?? null;
        let input: { dataflowId: string; fileName: string; tmpPath: string; mapping: ColumnMapping; mode?: 'merge' | 'replace' };
        let named: SavedMappingRequest;
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
          const mode = submissionMode.safeParse(fields.mode ?? 'merge');
          if (!mode.success) {
            fs.rmSync(tmpPath, { force: true });
            throw new Invalid([{ path: 'mode', key: 'errors.submissionBody', params: { path: 'mode' } }]);
          }
          input = { dataflowId: fields.dataflow || 'MIG_FLOWS', fileName, tmpPath, mapping, mode: mode.data };
          named = { mappingName: fields.mappingName, saveMappingAs: fields.saveMappingAs, country: fields.country };
        } else {
          const parsed = jsonSubmission.safeParse(req.body);
          if (!parsed.success) throw new Invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', key: 'errors.submissionBody', params: { path: i.path.join('.') || '-' } })));
          const b = parsed.data;
          input = { dataflowId: b.dataflow, fileName: b.fileName, tmpPath: tempFile(JSON.stringify(b.rows)), mapping: b.mapping, mode: b.mode };
          named = { mappingName: b.mappingName, saveMappingAs: b.saveMappingAs, country: b.country };
        }
        // a saved mapping by name, or the given one saved under a name (mappings.ts)
        if (mappings) input.mapping = await useSavedMapping(mappings, req.actor, metaOf(req), input, named);
        const report = await service.submit(req.actor, metaOf(req), { ...input, idempotencyKey }, req.locale);
        // 202: a large file is being validated in the background; poll GET /submissions/:id for progress
        return reply.status('replayed' in report ? 200 : report.status === 'validating' ? 202 : 201).send(report);
      },
    );
    app.get(
      '/submissions/:id',
      { schema: { tags: ['observatory'], summary: 'The validation report of a submission', params: z.object({ id: z.string().uuid() }), response: { 200: submissionReport } } },
      async (req) => service.report(req.actor, req.params.id, req.locale),
    );
    app.post(
      '/submissions/:id/apply',
      {
        schema: {
          tags: ['observatory'],
          summary:
            "Confirm a validated submission. The secretariat's (and those of a country whose policy is automatic approval) are applied at once (one transaction; earlier figures kept as revisions): status applied. A focal point's otherwise wait for the secretariat: status submitted (see /approve, /return).",
          params: z.object({ id: z.string().uuid() }),
          response: { 200: submissionReport },
        },
      },
      async (req) => service.confirm(req.actor, metaOf(req), req.params.id, req.locale),
    );
    app.get(
      '/submissions/:id/report.csv',
      { schema: { tags: ['observatory'], summary: "The submitted rows with an added column of messages (in the caller's language)", params: z.object({ id: z.string().uuid() }), response: { 200: fileAnswer('text/csv') } } },
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
      { schema: { tags: ['observatory'], summary: 'Release calendar (dates, countries, levels; no figures)', querystring: z.object({ dataflow: dataflowId.default('MIG_FLOWS') }), response: { 200: releaseList } } },
      async (req, reply) => {
        // the same for every reader (dates and levels, no figures): shared caches and the
        // server's drawn pages may keep it a minute (changes reach the drawn pages at once, ADR 0010)
        reply.header('cache-control', 'public, max-age=60');
        return service.releases(req.query.dataflow);
      },
    );
    app.post(
      '/releases',
      {
        schema: {
          tags: ['observatory'],
          summary: "Release a country's figures as they stand now, from releaseAt (embargo), to member states or the public",
          body: releaseBody,
          response: { 201: releaseOut },
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
