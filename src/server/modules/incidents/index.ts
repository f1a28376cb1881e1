import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Public surface of the incidents module (missing migrants, SDG 10.7.3). */
export { IncidentQueries } from './queries.ts';
export { IncidentRecords } from './records.ts';
export { IncidentImports } from './import-service.ts';
export { incidentsRoutes } from './routes.ts';
export { IncidentFlowReader, IncidentIndicatorSource, INCIDENT_FLOWS, type IncidentFlow, type IncidentYearValue } from './flows.ts';
export { IncidentAnswerCache } from './answer-cache.ts';
export { loadShippedIncidents, SHIPPED_PATH as SHIPPED_INCIDENTS_PATH } from './shipped.ts';
export { AMERICAS } from './geo.ts';
export const incidentsMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
