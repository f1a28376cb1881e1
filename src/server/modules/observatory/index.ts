import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Public surface of the observatory module (flow statistics). */
export { ObservatoryService } from './service.ts';
export { observatoryRoutes } from './routes.ts';
export { seedObservatory } from './structure-seed.ts';
export { importAmericasFlows, AMERICAS_FLOWS_FILES } from './real-data.ts';
export { SUPPRESSION_THRESHOLD } from './disclosure.ts';
export const observatoryMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
