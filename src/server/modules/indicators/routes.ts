import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { t } from '../../platform/i18n/index.ts';
import { valuesCsv, valuesXlsx, XLSX_TYPE } from './download.ts';
import { createInput, updateInput, type IndicatorEditing } from './editing.ts';
import type { IndicatorsReader } from './reader.ts';
import { DIRECTIONS, INDICATOR_TYPES, POLICY_ANSWERS, VALUE_ORIGINS, VALUE_STATUSES, type ValueStatus } from './types.ts';

/** HTTP only: schemas (request and response), and a call to the reader or the editing service. */
const codeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/) });
const country = z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase());
const year = z.string().regex(/^\d{4}$/);
const asOf = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const summary = z.object({
  code: z.string(),
  name: z.object({ es: z.string().nullable(), en: z.string() }),
  nameEsDraft: z.boolean(),
  objectives: z.array(z.number()),
  sdg: z.string().nullable(),
  type: z.enum(INDICATOR_TYPES as [string, ...string[]]),
  unit: z.string(),
  direction: z.enum(DIRECTIONS as [string, ...string[]]),
  official: z.boolean(),
  inA79590: z.string().nullable(),
  custodian: z.string().nullable(),
  computable: z.boolean(),
  retired: z.boolean(),
});
const detail = summary.extend({
  nameEsStatus: z.string().nullable(),
  sdgSeries: z.array(z.string()),
  directionBasis: z.string().nullable(),
  disaggregations: z.array(z.string()),
  definition: z.object({ en: z.string(), es: z.string().nullable() }),
  typicalSource: z.string().nullable(),
  arrival: z.array(z.enum(VALUE_ORIGINS as [string, ...string[]])),
  officialStatus: z.string().nullable(),
  confidence: z.string().nullable(),
  sources: z.array(z.string()),
  mappingBasis: z.string().nullable(),
  notes: z.string().nullable(),
  migFlows: z.object({ computable: z.enum(['yes', 'partial', 'no']), how: z.string().nullable(), gaps: z.string().nullable() }),
  computation: z.unknown(),
  version: z.number(),
  updatedAt: z.string(),
});
const point = z.object({
  country: z.string(),
  period: z.string(),
  disaggregation: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  answer: z.enum(POLICY_ANSWERS as [string, ...string[]]).nullable(),
  origin: z.enum(VALUE_ORIGINS as [string, ...string[]]),
  status: z.enum(VALUE_STATUSES as [string, ...string[]]),
  revisionId: z.number(),
  recordedAt: z.string(),
  source: z.object({ releases: z.array(z.string()).optional(), file: z.string().optional(), note: z.string().optional(), evidenceUrl: z.string().optional() }),
  narrative: z.string().nullable().optional(),
});
const progress = z.object({
  code: z.string(),
  country: z.string(),
  baseline: point.nullable(),
  latest: point.nullable(),
  status: z.string(),
  cagr: z.number().nullable(),
  points: z.number(),
  previousAnswer: z.string().nullable().optional(),
  change: z.string().nullable().optional(),
  explanation: z.string(),
});
const booleanParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export function indicatorsRoutes(deps: { reader: IndicatorsReader; editing: IndicatorEditing }): FastifyPluginAsyncZod {
  const { reader, editing } = deps;
  // members (signed in) also see provisional values, marked as such; the public only validated ones
  const statusesFor = (signedIn: boolean): ValueStatus[] => (signedIn ? ['validated', 'provisional'] : ['validated']);
  return async (app) => {
    app.get(
      '/indicators',
      {
        schema: {
          tags: ['indicators'],
          summary: 'The GCM indicator catalogue (official and regional proposals, with provenance)',
          querystring: z.object({ objective: z.coerce.number().int().min(1).max(23).optional(), official: booleanParam.optional(), type: z.enum(INDICATOR_TYPES as [string, ...string[]]).optional() }),
          response: { 200: z.object({ items: z.array(summary) }) },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
        return { items: await reader.catalogue({ objective: req.query.objective, official: req.query.official, type: req.query.type }) };
      },
    );
    app.get(
      '/indicators/:code',
      { schema: { tags: ['indicators'], summary: 'One indicator: definition, provenance, how its values arrive', params: codeParams, response: { 200: detail } } },
      async (req) => reader.indicator(req.params.code),
    );
    app.get(
      '/indicators/:code/versions',
      { schema: { tags: ['indicators'], summary: "The catalogue entry's versions", params: codeParams, response: { 200: z.object({ items: z.array(z.object({ version: z.number(), change: z.string(), actor: z.string(), at: z.string() })) }) } } },
      async (req) => ({ items: await editing.versions(req.params.code) }),
    );
    app.get(
      '/indicators/:code/values',
      {
        schema: {
          tags: ['indicators'],
          summary: "An indicator's values by country (ISO3, REG = the region) and year, as of a moment; format=csv or xlsx for a download (the same columns; source, licence and citation in `#` lines or on a sheet)",
          params: codeParams,
          querystring: z.object({ country: country.optional(), from: year.optional(), to: year.optional(), asOf: asOf.optional(), disaggregated: booleanParam.optional(), format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
          response: { 200: z.union([z.object({ code: z.string(), asOf: z.string(), items: z.array(point) }), z.string()]) },
        },
      },
      async (req, reply) => {
        const q = req.query;
        const signedIn = req.actor.kind === 'user';
        reply.header('cache-control', signedIn ? 'private, no-store' : 'public, max-age=60');
        const at = q.asOf ?? new Date();
        const items = await reader.series(req.params.code, { country: q.country, from: q.from, to: q.to, asOf: q.asOf, disaggregated: q.disaggregated, statuses: statusesFor(signedIn) });
        if (q.format !== 'json') {
          const ind = await reader.indicator(req.params.code);
          reply.header('content-disposition', `attachment; filename="${ind.code}.${q.format}"`);
          // a Buffer is sent as it is (never serialised); the response schema only types JSON and text
          if (q.format === 'xlsx') return reply.type(XLSX_TYPE).send((await valuesXlsx(ind, items, req.locale, at)) as unknown as string);
          reply.header('content-type', 'text/csv; charset=utf-8');
          return valuesCsv(ind, items, req.locale, at);
        }
        return { code: req.params.code, asOf: at.toISOString(), items };
      },
    );
    app.get(
      '/indicators/:code/progress',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Progress since 2018 by country (docs/adr/0012: Eurostat growth-rate rule; policy presence: the latest answer)',
          params: codeParams,
          querystring: z.object({ country: country.optional(), asOf: asOf.optional() }),
          response: { 200: z.object({ code: z.string(), items: z.array(progress) }) },
        },
      },
      async (req) => {
        await reader.indicator(req.params.code);
        const items = await reader.progress({ codes: [req.params.code], countries: req.query.country ? [req.query.country] : undefined, asOf: req.query.asOf });
        return {
          code: req.params.code,
          items: items.map((p) => ({
            ...p,
            explanation: t(req.locale, `indicators.progress.${p.status}`, {
              cagr: p.cagr === null ? '' : `${(p.cagr * 100).toFixed(2)} %`,
              from: p.baseline?.period ?? '',
              to: p.latest?.period ?? '',
              points: p.points,
            }),
          })),
        };
      },
    );

    // --- the secretariat's catalogue ---
    app.post(
      '/indicators',
      { schema: { tags: ['indicators'], summary: 'Add an indicator to the catalogue (secretariat)', body: createInput, response: { 201: detail } } },
      async (req, reply) => reply.status(201).send(await editing.create(req.actor, metaOf(req), req.body)),
    );
    app.put(
      '/indicators/:code',
      { schema: { tags: ['indicators'], summary: 'Edit an indicator (secretariat; a new version, with the one edited as `version`)', params: codeParams, body: updateInput, response: { 200: detail } } },
      async (req) => editing.update(req.actor, metaOf(req), req.params.code, req.body),
    );
    app.post(
      '/indicators/:code/retire',
      { schema: { tags: ['indicators'], summary: 'Retire (retired=true) or restore an indicator (secretariat); values are kept', params: codeParams, body: z.object({ retired: z.boolean().default(true) }).default({ retired: true }), response: { 200: detail } } },
      async (req) => editing.setRetired(req.actor, metaOf(req), req.params.code, req.body.retired),
    );
  };
}
