import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { pageSlug, SITE_PAGES, type SitePages } from './service.ts';

const slug = z.object({ slug: z.string().max(40) });
const bilingual = (max: number) => z.object({ es: z.string().max(max), en: z.string().max(max) });
const page = z.object({ slug: z.enum(SITE_PAGES), version: z.number().int(), title: bilingual(200), body: bilingual(50000), editedAt: z.string() });
const version = page.extend({ note: z.string().nullable(), editedBy: z.string().nullable() });
const input = z.object({
  title: z.object({ es: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
  body: bilingual(50000),
  note: z.string().max(500).nullish(),
  baseVersion: z.number().int().min(0),
});

/** About, methodology and contact (issue 21): read by anyone, written by the secretariat. */
export function sitePagesRoutes(pages: SitePages): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/site-pages/:slug', { schema: { tags: ['site'], summary: 'The current version of a site page (Markdown, es and en)', params: slug, response: { 200: page } } }, async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return pages.current(pageSlug(req.params.slug));
    });
    app.get('/site-pages/:slug/history', { schema: { tags: ['site'], summary: 'Secretariat: every version of a site page, newest first', params: slug, response: { 200: z.array(version) } } }, async (req) =>
      pages.history(req.actor, pageSlug(req.params.slug)),
    );
    app.put('/site-pages/:slug', { schema: { tags: ['site'], summary: 'Secretariat: save a new version of a site page', params: slug, body: input, response: { 200: page } } }, async (req) =>
      pages.save(req.actor, metaOf(req), pageSlug(req.params.slug), req.body),
    );
  };
}
