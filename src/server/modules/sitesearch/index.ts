/** Public surface of the site search (one box in the header; issue 21, item 3). It owns no tables. */
export { SiteSearch, type SearchAnswer } from './service.ts';
export { siteSearchRoutes } from './routes.ts';
