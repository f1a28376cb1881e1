/** Public surface of the profiles module: a country's migration profile as a document (PDF). */
export { profileRoutes } from './routes.ts';
export { buildProfile } from './build.ts';
export { renderProfilePdf } from './pdf.ts';
export type { ProfileModel } from './model.ts';
