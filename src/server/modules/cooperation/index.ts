import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the cooperation hub module. */
export { CooperationService } from './service.ts';
export { Cooperations } from './cooperations.ts';
export { cooperationRoutes } from './routes.ts';
export { matchRequest } from './matching.ts';
export const cooperationMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const cooperationAuditLabels: Record<string, AuditLabelSource> = {
  coop_request: columnLabel('coop_request', 'title'),
  coop_offer: columnLabel('coop_offer', 'title'),
};
