import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Public surface of the reference module: what other modules and the app may use. */
export { ReferenceService, type CountryDto } from './service.ts';
export { referenceRoutes } from './routes.ts';
export { seedReference, CRM_MEMBERS, CSM_MEMBERS } from './seed.ts';
export const referenceMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
