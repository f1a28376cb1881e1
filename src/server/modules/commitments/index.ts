import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the commitments module. */
export { CommitmentsService } from './service.ts';
export { CommitmentsEditing } from './editing-service.ts';
export { CommitmentsDashboard } from './dashboard.ts';
export { ActionsProgressIO } from './progress-io.ts';
export { commitmentsRoutes } from './routes.ts';
export { commitmentsEditingRoutes } from './editing-routes.ts';
export { progressIoRoutes } from './io-routes.ts';
export { EvidenceFiles, evidenceRoutes } from './evidence.ts';
export { MeetingDocuments, meetingDocumentRoutes } from './documents.ts';
export { seedCommitments } from './seed.ts';
export { sendActionReminders, startReminderSchedule } from './reminders.ts';
export const commitmentsMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const commitmentsAuditLabels: Record<string, AuditLabelSource> = {
  roadmap: columnLabel('roadmap', 'title'),
  roadmap_action: columnLabel('roadmap_action', 'title'),
  pledge: columnLabel('pledge', 'title'),
  meeting: columnLabel('meeting', 'title'),
};
export { countriesWithDoneActions } from './cooperation-support.ts';
