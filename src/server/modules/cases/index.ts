import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Public surface of the cases module: the restricted exchange of missing-person reports and remains (docs/adr/0014). */
export { CaseGrants, caseActor } from './access.ts';
export { CaseRecords } from './records.ts';
export { CaseCandidates } from './candidates.ts';
export { casesRoutes } from './routes.ts';
export { loadKeys, keyId, type CaseKeys } from './crypto.ts';
export { purgeExpired, rotateKeys, RETENTION_DAYS } from './retention.ts';
export { startCasesPurgeSchedule, PURGE_QUEUE, PURGE_CRON } from './schedule.ts';
export { findCandidates, remainsFilterSql } from './matching.ts';
export const casesMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
