import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../platform/db/database.ts';
import { pick, t, type Locale } from '../../../platform/i18n/index.ts';
import { dataQueryFrom, dataQuerystring } from './data-query.ts';
import { csvCell } from '../../../platform/csv.ts';
import type { ObservatoryService } from '../service.ts';
import { BREAKDOWN_IDS, TOTAL, type DimensionId, type Structure } from '../structure/index.ts';
import type { DataQuery } from '../read/index.ts';
import { fileMetadata, type RenderInput } from '../read/index.ts';
import { downloadName } from '../read/index.ts';
import { publishersOf } from '../../identity/index.ts';
import type { Localized, Role } from '../../../platform/db/schema.ts';
import { fileAnswer } from '../../../../shared/contracts/common.ts';
import { dataflowId, recentReleases } from '../../../../shared/contracts/observatory.ts';

/**
 * What the exploration pages (src/web/features/explore) need beyond the data API:
 * - a download of exactly what a chart shows, for people: headers and code names in the
 *   reader's language, and the total of the breakdown as its own row — the total comes
 *   from the same data service (the API's own figure), never from adding up the visible
 *   rows, which would miss the suppressed ones;
 * - the recent releases with the organisation (or role) that published them.
 */
const RECENT_LIMIT = 20;

// The data API's parameters plus the file type (`format` stays the data API's own parameter).
const downloadQuerystring = dataQuerystring.extend({ file: z.enum(['csv', 'xlsx']).default('csv') });

type Row = Record<string, unknown> & { OBS_VALUE: number | null; CONF_STATUS: string };

export function exploreRoutes(service: ObservatoryService, db: Database, opts: { publicUrl: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/observatory/download/:dataflow',
      {
        schema: {
          tags: ['observatory'],
          summary:
            "A data question (same parameters as /data/{dataflow}) as a table for people: headers and code names in the caller's language, the breakdown's total as a row; file=csv or xlsx",
          params: z.object({ dataflow: dataflowId }),
          querystring: downloadQuerystring,
          response: { 200: fileAnswer('text/csv or XLSX, by file') },
        },
      },
      async (req, reply) => {
        const q = req.query;
        const format = q.file;
        // the table for people has no column for a rate: the count only
        const base: DataQuery = { ...dataQueryFrom(q), perCapita: undefined };
        const { body, structure } = await service.data(req.actor, req.params.dataflow, base, req.locale);
        const breakdowns = q.groupBy.filter((d): d is DimensionId => (BREAKDOWN_IDS as string[]).includes(d));
        let rows: Row[] = body.observations;
        if (breakdowns.length > 0) {
          const rest = q.groupBy.filter((d) => !breakdowns.includes(d as DimensionId));
          const totals = await service.data(req.actor, req.params.dataflow, { ...base, groupBy: rest });
          rows = mergeTotals(rows, totals.body.observations, rest, breakdowns);
        }
        const table = humanTable(structure, q.groupBy, rows, req.locale);
        // the download says what it holds: in its name (flow, countries, period) and inside
        // (flow, unit, filters, sources, licence, citation), as the data API's files do
        const name = (ext: string) => downloadName(req.params.dataflow, base, body.observations, ext);
        const about: RenderInput = { body, structure, query: base, locale: req.locale, url: `${opts.publicUrl}${req.url}`, now: new Date() };
        const metadata = fileMetadata(about);
        // MISSING and DEAD: what these figures are (the incidents registry's note), as the JSON answer says
        const incidentNote = 'incidents' in body ? (body as { incidents: { note: string } }).incidents.note : undefined;
        reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
        if (format === 'xlsx') {
          const { default: ExcelJS } = await import('exceljs');
          const wb = new ExcelJS.Workbook();
          const ws = wb.addWorksheet(t(req.locale, 'explore.download.sheet'));
          ws.addRow(table.header);
          for (const r of table.rows) ws.addRow(r);
          ws.getRow(1).font = { bold: true };
          const notes = wb.addWorksheet(t(req.locale, 'explore.download.sourceSheet'));
          notes.addRow([t(req.locale, 'explore.download.dataflow'), body.dataflow]);
          for (const [label, value] of metadata) notes.addRow([label || t(req.locale, 'observatory.source.label.source'), value]);
          for (const r of body.releases) notes.addRow([t(req.locale, 'explore.download.release'), r.country, r.releasedAt, r.id]);
          notes.addRow([t(req.locale, 'explore.download.suppressedNote')]);
          if (incidentNote) notes.addRow([incidentNote]);
          reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
          reply.header('content-disposition', `attachment; filename="${name('xlsx')}"`);
          return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${name('csv')}"`);
        // `#` lines first: spreadsheet programs show them as text rows above the table, readers skip them
        const head = [...metadata, ...(incidentNote ? [['', incidentNote] as const] : [])].map(([label, value]) => `# ${label ? `${label}: ` : ''}${value.replace(/[\r\n]+/g, ' ')}`);
        return '\uFEFF' + [...head, ...[table.header, ...table.rows].map((r) => r.map((c) => csvCell(c)).join(','))].join('\r\n') + '\r\n';
      },
    );

    app.get(
      '/observatory/releases/recent',
      { schema: { tags: ['observatory'], summary: 'The latest releases already published, with the organisation (or role) that released them', querystring: z.object({ dataflow: dataflowId.default('MIG_FLOWS') }), response: { 200: recentReleases } } },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        const rows = await db
          .selectFrom('obs_release as r')
          .select(['r.id', 'r.country_code', 'r.level', 'r.release_at', 'r.cutoff', 'r.note', 'r.created_by'])
          .where('r.dataflow_id', '=', req.query.dataflow)
          .where('r.release_at', '<=', new Date())
          .orderBy('r.release_at', 'desc')
          .limit(RECENT_LIMIT)
          .execute();
        const publishers = await publishersOf(db, rows.flatMap((r) => (r.created_by ? [r.created_by] : [])));
        return {
          items: rows.map((r) => ({
            id: r.id,
            country: r.country_code,
            level: r.level,
            releaseAt: r.release_at.toISOString(),
            cutoff: r.cutoff.toISOString(),
            note: r.note,
            publishedBy: publisherLabel(r.created_by ? publishers.get(r.created_by) : undefined, req.locale),
          })),
        };
      },
    );
  };
}

/** Parts then their total (the breakdown codes set to _T), per group of the other kept dimensions. */
export function mergeTotals(parts: Row[], totals: Row[], rest: string[], breakdowns: string[]): Row[] {
  const keyOf = (r: Row) => rest.map((k) => String(r[k])).join('\u0000');
  const groups = new Map<string, Row[]>();
  for (const r of parts) {
    const k = keyOf(r);
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  const out: Row[] = [];
  for (const tot of totals) {
    const k = keyOf(tot);
    out.push(...(groups.get(k) ?? []));
    groups.delete(k);
    out.push({ ...tot, ...Object.fromEntries(breakdowns.map((b) => [b, TOTAL])) });
  }
  for (const list of groups.values()) out.push(...list);
  return out;
}

function humanTable(s: Structure, kept: string[], rows: Row[], locale: Locale) {
  const header: string[] = [];
  for (const k of kept) {
    if (k === 'TIME_PERIOD') header.push(t(locale, 'explore.download.period'));
    else {
      const name = pick(s.byId.get(k)?.name ?? { es: k }, locale);
      header.push(t(locale, 'explore.download.code', { name }), name);
    }
  }
  header.push(t(locale, 'explore.download.value'), t(locale, 'explore.download.status'));
  // MISSING and DEAD (read/incident-flows.ts): the persons of incidents whose source gives only
  // the sum, and the incidents counted, as the JSON answer has them; without them the file would
  // show the dead alone and read as the whole
  const incidents = rows.some((r) => 'DEAD_OR_MISSING' in r);
  if (incidents) header.push(t(locale, 'explore.download.deadOrMissing'), t(locale, 'explore.download.incidents'));
  const label = (d: string, code: string) => {
    if (code === TOTAL) return t(locale, 'explore.download.total');
    const c = s.byId.get(d)?.codes.get(code);
    return c ? pick(c.name, locale) : code;
  };
  const out = rows.map((r) => {
    const cells: (string | number | null)[] = [];
    for (const k of kept) {
      const v = typeof r[k] === 'string' ? r[k] : '';
      if (k === 'TIME_PERIOD') cells.push(v);
      else cells.push(v, label(k, v));
    }
    cells.push(r.OBS_VALUE, t(locale, r.CONF_STATUS === 'C' ? 'explore.download.suppressed' : 'explore.download.free'));
    if (incidents) cells.push(typeof r.DEAD_OR_MISSING === 'number' ? r.DEAD_OR_MISSING : null, typeof r.INCIDENTS === 'number' ? r.INCIDENTS : null);
    return cells;
  });
  return { header, rows: out };
}

/** People are not named publicly: the organisation speaks, or else the role. */
function publisherLabel(p: { role: Role; organisationName: Localized | null } | undefined, locale: Locale): string | null {
  if (!p) return null;
  return p.organisationName ? pick(p.organisationName, locale) : t(locale, `explore.publisher.${p.role}`);
}
