import { z } from 'zod';

/**
 * The site's own pages and its search box (issue 21 items 3 and 4; ADR 0027):
 * `GET|PUT /api/v1/site-pages/:slug`, `GET /api/v1/site-pages/:slug/history`, `GET /api/v1/search`.
 */

/** About, methodology and contact: the secretariat edits them, everyone reads them. */
export const SITE_PAGES = ['about', 'methodology', 'contact'] as const;
export type SitePageSlug = (typeof SITE_PAGES)[number];

export const sitePageParams = z.object({ slug: z.string().max(40) });
const bothLanguages = (max: number) => z.object({ es: z.string().max(max), en: z.string().max(max) });
export const sitePage = z.object({ slug: z.enum(SITE_PAGES), version: z.number().int(), title: bothLanguages(200), body: bothLanguages(50000), editedAt: z.string() }).describe('A site page, current version');
export type SitePage = z.infer<typeof sitePage>;
export const sitePageVersion = sitePage.extend({ note: z.string().nullable(), editedBy: z.string().nullable() }).describe('One version of a site page');
export const sitePageHistory = z.array(sitePageVersion).describe('Every version of a site page, newest first');
export type SitePageVersion = z.infer<typeof sitePageVersion>;
export const sitePageInput = z.object({
  title: z.object({ es: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
  body: bothLanguages(50000),
  note: z.string().max(500).nullish(),
  baseVersion: z.number().int().min(0),
});
export type SitePageInput = z.input<typeof sitePageInput>;

/** The kinds of things the search box finds, in the order the results page groups them. */
export const SEARCH_KINDS = ['practices', 'objectives', 'countries', 'flows', 'meetings', 'outcomes', 'roadmaps', 'indicators'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const searchQuery = z.object({ q: z.string().max(200).default('') });
const searchHit = z.object({ title: z.string(), url: z.string(), detail: z.string().nullable() });
export const searchAnswer = z.object({
  q: z.string(),
  groups: z.array(z.object({ kind: z.enum(SEARCH_KINDS), total: z.number().int(), items: z.array(searchHit), more: z.string().nullable() })),
}).describe('Search results grouped by kind');
export type SearchAnswer = z.infer<typeof searchAnswer>;
