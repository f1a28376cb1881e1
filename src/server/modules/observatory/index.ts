import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';
import { releaseLabel } from './audit-labels.ts';

/** Public surface of the observatory module (flow statistics). */
export { ObservatoryService } from './service.ts';
export { tempFile } from './temp-file.ts';
export { exploreRoutes } from './explore-routes.ts';
export { observatoryRoutes } from './routes.ts';
export { seedObservatory } from './structure-seed.ts';
export { importAmericasFlows, whenValidated, loadRealData, AMERICAS_FLOWS_FILES, REAL_DATA_DIR, REAL_DATA_ROOT } from './real-data.ts';
export { MappingStore } from './mappings.ts';
export { exchangeRoutes } from './exchange-routes.ts';
export { workflowRoutes } from './workflow-routes.ts';
export { mailNotifier } from './notify.ts';
export { ensureSystemAccount, SYSTEM_USER_ID } from './system-account.ts';
export { SUPPRESSION_THRESHOLD } from './disclosure.ts';
export { startObservatoryJobs, VALIDATE_QUEUE, RELEASE_QUEUE, RECOVER_QUEUE } from './jobs.ts';
export { INTERRUPTED_KEY } from './recovery.ts';
export { PublicDataReader, populationByCountryYear, publicNames, type PublicQuestion, type PublicAnswer, type PublicNames } from './public-read.ts';
export const observatoryMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const observatoryAuditLabels: Record<string, AuditLabelSource> = {
  obs_submission: columnLabel('obs_submission', 'file_name'),
  obs_release: releaseLabel,
};
