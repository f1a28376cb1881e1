import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the reference module: what other modules and the app may use. */
export { ReferenceService, type CountryDto } from './service.ts';
export { referenceRoutes } from './routes.ts';
export { seedReference, CRM_MEMBERS, CSM_MEMBERS } from './seed.ts';
export const referenceMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const referenceAuditLabels: Record<string, AuditLabelSource> = {
  country: columnLabel('ref_country', 'name', 'code'),
  gcm_objective: columnLabel('ref_gcm_objective', 'title', 'number'),
};
