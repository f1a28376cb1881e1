import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the practices module. */
export { PracticesService } from './service.ts';
export { practicesRoutes } from './routes.ts';
export { PracticeEditingService } from './editing-service.ts';
export { practiceEditingRoutes } from './editing-routes.ts';
export { AttachmentService, attachmentRoutes } from './attachments.ts';
export { PracticePublishing, publishingRoutes } from './publishing.ts';
export { seedPractices } from './seed.ts';
export { practicesByIds, existingPracticeIds } from './by-ids.ts';
export const practicesMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const practicesAuditLabels: Record<string, AuditLabelSource> = { practice: columnLabel('practice', 'title') };
export { practicesForObjectives, practiceCountriesForObjectives, type PracticeForObjectives } from './for-objectives.ts';
export { CatalogueImport } from './catalogue-import.ts';
export { catalogueRoutes } from './catalogue-routes.ts';
