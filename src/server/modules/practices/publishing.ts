import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { pick, t, type Locale, dynamicKey } from '../../platform/i18n/index.ts';
import * as repo from './repository.ts';
import { buildTextQuery, type PracticeFilters } from './search.ts';
import { searchQuerystring, toFilters } from './routes.ts';
import { answers, suggestInput } from '../../../shared/contracts/practices.ts';

/**
 * Practices leaving the platform: CSV/XLSX exports of a search (headers in the reader's
 * language, formula injection neutralised), the Atom feed of new publications, and
 * objective suggestions for a new entry.
 */
const EXPORT_LIMIT = 10_000;

/** A cell starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(v: string): string {
  const s = neutralise(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

export class PracticePublishing {
  constructor(
    private readonly db: Database,
    private readonly publicUrl: string,
  ) {}

  private async rows(f: PracticeFilters) {
    const { tq } = await buildTextQuery(this.db, f.q);
    return repo.search(this.db, f, tq, tq ? 'relevance' : 'title', EXPORT_LIMIT, 0);
  }

  private table(rows: Awaited<ReturnType<PracticePublishing['rows']>>, locale: Locale) {
    const header = (['title', 'kind', 'countries', 'organisations', 'objectives', 'status', 'validation', 'summary', 'url'] as const).map((k) => t(locale, `export.practices.${k}`));
    const body = rows.map((r) => [
      pick(r.title, locale),
      t(locale, dynamicKey(`practiceKind.${r.kind}`)),
      r.countries.join(', '),
      r.organisations.join(', '),
      r.objectives.join(', '),
      r.status ? t(locale, dynamicKey(`practiceStatus.${r.status}`)) : '',
      t(locale, dynamicKey(`practiceValidation.${r.validation}`)),
      pick(r.summary, locale),
      `${this.publicUrl}/practices/${r.slug}`,
    ]);
    return { header, body };
  }

  async csv(f: PracticeFilters, locale: Locale): Promise<string> {
    const { header, body } = this.table(await this.rows(f), locale);
    // BOM so that spreadsheet programs read UTF-8 accents correctly.
    return '\uFEFF' + [header, ...body].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }

  async xlsx(f: PracticeFilters, locale: Locale): Promise<Buffer> {
    const { header, body } = this.table(await this.rows(f), locale);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(t(locale, 'export.practices.sheet'));
    ws.addRow(header).font = { bold: true };
    for (const r of body) ws.addRow(r.map(neutralise));
    ws.columns.forEach((c) => (c.width = 30));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async atom(locale: Locale): Promise<string> {
    const r = await sql<{ slug: string; title: Record<string, string>; summary: Record<string, string>; published_at: Date; updated_at: Date }>`
      select slug, title, summary, published_at, updated_at from practice
      where workflow = 'published' order by published_at desc nulls last, updated_at desc limit 50`.execute(this.db);
    const updated = r.rows[0] ? new Date(r.rows[0].updated_at).toISOString() : new Date(0).toISOString();
    const entries = r.rows
      .map((p) => {
        const url = `${this.publicUrl}/practices/${p.slug}`;
        const summary = pick(p.summary, locale);
        return `  <entry>
    <id>${xmlEscape(url)}</id>
    <title>${xmlEscape(pick(p.title, locale))}</title>
    <link rel="alternate" href="${xmlEscape(url)}"/>
    <published>${new Date(p.published_at).toISOString()}</published>
    <updated>${new Date(p.updated_at).toISOString()}</updated>
${summary ? `    <summary>${xmlEscape(summary)}</summary>\n` : ''}  </entry>`;
      })
      .join('\n');
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
  <id>${xmlEscape(this.publicUrl)}/api/v1/practices/feed.atom</id>
  <title>${xmlEscape(t(locale, 'export.practices.feedTitle'))}</title>
  <link rel="self" href="${xmlEscape(this.publicUrl)}/api/v1/practices/feed.atom?lang=${locale}"/>
  <updated>${updated}</updated>
${entries}
</feed>
`;
  }

  /**
   * Suggests GCM objectives for a text: votes of the most similar published practices
   * (weighted by their rank) plus the match with the objectives' own titles.
   */
  async suggestObjectives(text: string, limit = 5, excludeId?: string): Promise<{ objective: number; score: number }[]> {
    const words = [...new Set(text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9ñ]+/).filter((w) => w.length >= 4))].slice(0, 40);
    if (words.length === 0) return [];
    const orQuery = words.join(' | ');
    const r = await sql<{ objective: number; score: number }>`
      with q as (select to_tsquery('obs_es', ${orQuery}) as es, to_tsquery('obs_en', ${orQuery}) as en),
      neighbours as (
        select p.id, ts_rank(p.search_es, q.es) + ts_rank(p.search_en, q.en) as r
        from practice p, q
        where p.workflow = 'published' and (p.search_es @@ q.es or p.search_en @@ q.en)
          ${excludeId ? sql`and p.id <> ${excludeId}::uuid` : sql``}
        order by r desc limit 15
      ),
      votes as (select o.objective, sum(n.r) as s from neighbours n join practice_objective o on o.practice_id = n.id group by 1),
      titles as (
        select g.number as objective,
          ts_rank(to_tsvector('obs_es', coalesce(g.title->>'es','')), q.es) + ts_rank(to_tsvector('obs_en', coalesce(g.title->>'en','')), q.en) as s
        from ref_gcm_objective g, q
      )
      select g.number as objective, (coalesce(v.s, 0) + 0.5 * coalesce(t.s, 0))::float as score
      from ref_gcm_objective g left join votes v on v.objective = g.number left join titles t on t.objective = g.number
      where coalesce(v.s, 0) + coalesce(t.s, 0) > 0
      order by score desc, g.number limit ${limit}`.execute(this.db);
    return r.rows;
  }
}

export function publishingRoutes(p: PracticePublishing): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/practices/export.csv', { schema: { tags: ['practices'], summary: 'The search result as CSV', querystring: searchQuerystring, response: { 200: answers.csv } } }, async (req, reply) => {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${t(req.locale, 'export.practices.file')}.csv"`);
      return p.csv(toFilters(req.query), req.locale);
    });
    app.get('/practices/export.xlsx', { schema: { tags: ['practices'], summary: 'The search result as XLSX', querystring: searchQuerystring, response: { 200: answers.xlsx } } }, async (req, reply) => {
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${t(req.locale, 'export.practices.file')}.xlsx"`);
      return p.xlsx(toFilters(req.query), req.locale);
    });
    app.get('/practices/feed.atom', { schema: { tags: ['practices'], summary: 'Atom feed of newly published practices', response: { 200: answers.atom } } }, async (req, reply) => {
      reply.header('content-type', 'application/atom+xml; charset=utf-8');
      reply.header('cache-control', 'public, max-age=300');
      return p.atom(req.locale);
    });
    app.post(
      '/practices/suggest-objectives',
      {
        schema: {
          tags: ['practices'],
          summary: 'Suggested GCM objectives for the text of a new practice',
          body: suggestInput,
          response: { 200: answers.suggestions },
        },
      },
      async (req) => ({ items: await p.suggestObjectives(`${req.body.title} ${req.body.title} ${req.body.summary} ${req.body.description}`) }),
    );
  };
}
