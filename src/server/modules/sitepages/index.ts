import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the site pages module (about, methodology, contact). */
export { SitePages, SITE_PAGES, type SitePage, type SitePageSlug } from './service.ts';
export { sitePagesRoutes } from './routes.ts';
export { seedSitePages } from './seed.ts';
export const sitePagesMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** The audit trail names a site page by its slug (it is its own name). */
export const sitePagesAuditLabels: Record<string, AuditLabelSource> = {
  site_page: async (_db, ids) => new Map(ids.map((id) => [id, id])),
};
