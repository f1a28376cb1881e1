import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sitePage, sitePageHistory, sitePageInput, sitePageParams } from '../../../shared/contracts/site.ts';
import { metaOf } from '../../platform/http/context.ts';
import { pageSlug, type SitePages } from './service.ts';

/** About, methodology and contact (issue 21): read by anyone, written by the secretariat. */
export function sitePagesRoutes(pages: SitePages): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/site-pages/:slug', { schema: { tags: ['site'], summary: 'The current version of a site page (Markdown, es and en)', params: sitePageParams, response: { 200: sitePage } } }, async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return pages.current(pageSlug(req.params.slug));
    });
    app.get(
      '/site-pages/:slug/history',
      { schema: { tags: ['site'], summary: 'Secretariat: every version of a site page, newest first', params: sitePageParams, response: { 200: sitePageHistory } } },
      async (req) => pages.history(req.actor, pageSlug(req.params.slug)),
    );
    app.put('/site-pages/:slug', { schema: { tags: ['site'], summary: 'Secretariat: save a new version of a site page', params: sitePageParams, body: sitePageInput, response: { 200: sitePage } } }, async (req) =>
      pages.save(req.actor, metaOf(req), pageSlug(req.params.slug), req.body),
    );
  };
}
