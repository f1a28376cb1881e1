import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './platform/db/database.ts';
import { collectMigrations, migrate, pendingMigrations } from './platform/db/migrate.ts';
import { referenceMigrations, seedReference } from './modules/reference/index.ts';
import { identityMigrations, seedOrganisations } from './modules/identity/index.ts';
import { practicesMigrations, seedPractices } from './modules/practices/index.ts';
import { observatoryMigrations, seedObservatory } from './modules/observatory/index.ts';
import { commitmentsMigrations, seedCommitments } from './modules/commitments/index.ts';
import { incidentsMigrations } from './modules/incidents/index.ts';
import { seedSitePages, sitePagesMigrations } from './modules/sitepages/index.ts';
import { indicatorsMigrations, seedIndicators } from './modules/indicators/index.ts';
import { reviewMigrations } from './modules/review/index.ts';
import { casesMigrations } from './modules/cases/index.ts';
import { cooperationMigrations } from './modules/cooperation/index.ts';

/** The list of every module's migrations, and the seeding of first content, in one place. */
const platformMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'platform', 'db', 'migrations');

export const migrations = () => collectMigrations([platformMigrations, referenceMigrations, identityMigrations, practicesMigrations, observatoryMigrations, commitmentsMigrations, incidentsMigrations, sitePagesMigrations, indicatorsMigrations, reviewMigrations, casesMigrations, cooperationMigrations]);

export async function migrateAll(db: Database, log?: (m: string) => void): Promise<string[]> {
  return migrate(db, migrations(), log);
}

export async function migrationsCurrent(db: Database): Promise<boolean> {
  return (await pendingMigrations(db, migrations())).length === 0;
}

/** Loads reference data and the seeds' first content. Safe to run on every start. */
export async function seedAll(db: Database): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await seedReference(tx);
    await seedOrganisations(tx);
    await seedPractices(tx);
    await seedObservatory(tx);
    await seedCommitments(tx);
    await seedSitePages(tx);
    await seedIndicators(tx);
  });
}
