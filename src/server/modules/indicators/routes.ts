import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { t } from '../../platform/i18n/index.ts';
import { valuesCsv, valuesXlsx, XLSX_TYPE } from './download.ts';
import { createInput, updateInput, type IndicatorEditing } from './editing.ts';
import type { IndicatorsReader } from './reader.ts';
import { fileAnswer, noContent } from '../../../shared/contracts/common.ts';
import { catalogueOut, indicatorDetail as detail, indicatorType, progressOut, valuesOut, versionsOut } from '../../../shared/contracts/indicators.ts';
import type { ValueStatus } from './types.ts';
import { entityTag, holds, publicCache, tagOf } from './http-cache.ts';

/** HTTP only: schemas (request and response), and a call to the reader or the editing service. */
const codeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/) });
const country = z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase());
const year = z.string().regex(/^\d{4}$/);
const asOf = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

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
          querystring: z.object({ objective: z.coerce.number().int().min(1).max(23).optional(), official: booleanParam.optional(), type: indicatorType.optional() }),
          response: { 200: catalogueOut },
        },
        onSend: entityTag,
      },
      async (req, reply) => {
        publicCache(req, reply);
        return { items: await reader.catalogue({ objective: req.query.objective, official: req.query.official, type: req.query.type }) };
      },
    );
    app.get(
      '/indicators/:code',
      { schema: { tags: ['indicators'], summary: 'One indicator: definition, provenance, how its values arrive', params: codeParams, response: { 200: detail } }, onSend: entityTag },
      async (req, reply) => {
        const out = await reader.indicator(req.params.code);
        publicCache(req, reply);
        return out;
      },
    );
    app.get(
      '/indicators/:code/versions',
      { schema: { tags: ['indicators'], summary: "The catalogue entry's versions", params: codeParams, response: { 200: versionsOut } } },
      async (req, reply) => {
        // who saved each version is an account's address: not for the public
        const signedIn = req.actor.kind === 'user';
        reply.header('cache-control', 'private, no-store');
        return { items: (await editing.versions(req.params.code)).map((v) => (signedIn ? v : { ...v, actor: null })) };
      },
    );
    app.get(
      '/indicators/:code/values',
      {
        schema: {
          tags: ['indicators'],
          summary: "An indicator's values by country (ISO3, REG = the region) and year, as of a moment; format=csv or xlsx for a download (the same columns; source, licence and citation in `#` lines or on a sheet)",
          params: codeParams,
          querystring: z.object({ country: country.optional(), from: year.optional(), to: year.optional(), asOf: asOf.optional(), disaggregated: booleanParam.optional(), format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
          // csv and xlsx are sent as they are (a string, a Buffer); the schema types only the JSON
          response: { 200: z.union([valuesOut, fileAnswer('text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')]), 304: noContent },
        },
      },
      async (req, reply) => {
        const q = req.query;
        const signedIn = req.actor.kind === 'user';
        publicCache(req, reply);
        const at = q.asOf ?? new Date();
        const ind = await reader.indicator(req.params.code);
        const items = await reader.series(req.params.code, { country: q.country, from: q.from, to: q.to, asOf: q.asOf, disaggregated: q.disaggregated, statuses: statusesFor(signedIn) });
        if (!signedIn) {
          // drawn from the question, the entry's version (the files' headings) and the values,
          // not from the body: its `asOf` is the moment asked
          const tag = tagOf([ind.code, ind.version, q, req.locale, items]);
          reply.header('etag', tag);
          if (holds(req, tag)) return reply.code(304).send(null);
        }
        if (q.format !== 'json') {
          reply.header('content-disposition', `attachment; filename="${ind.code}.${q.format}"`);
          // a Buffer is sent as it is (never serialised)
          if (q.format === 'xlsx') return reply.type(XLSX_TYPE).send(await valuesXlsx(ind, items, req.locale, at));
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
          response: { 200: progressOut },
        },
        onSend: entityTag,
      },
      async (req, reply) => {
        await reader.indicator(req.params.code);
        publicCache(req, reply);
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
