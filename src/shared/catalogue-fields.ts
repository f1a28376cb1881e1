/**
 * The fields a partner's catalogue column can feed (issue 22, item 4), without zod: the
 * server's reader and contract (contracts/catalogue.ts) and the web's column mapping read the
 * same list.
 */
export const CATALOGUE_FIELDS = ['title', 'summary', 'year', 'countries', 'themes', 'links', 'goodPractice', 'objectives', 'kind', 'language'] as const;
export type CatalogueField = (typeof CATALOGUE_FIELDS)[number];
