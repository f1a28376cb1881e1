import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { SEED_DIR } from '../../platform/paths.ts';
import { ensureSystemAccount } from '../observatory/index.ts';
import { IncidentImports } from './import-service.ts';

/**
 * IOM's Missing Migrants Project records, January 2014 – April 2025 (the Global Data
 * Institute's tidy copy, seed/incidents, CC BY 4.0 by IOM), loaded on a first start through
 * the incidents' own importer — the same validation, report and one-transaction apply as a
 * person's upload — attributed to the system account (docs/adr/0003) and public at once
 * (IOM is the data's custodian). A no-op when its records are there.
 */
export const SHIPPED_FILE = 'mmp_incidents_2014-2025.csv';
export const SHIPPED_PATH = path.join(SEED_DIR, 'incidents', SHIPPED_FILE);

export async function loadShippedIncidents(db: Database, log: (m: string) => void = () => {}): Promise<{ added: number } | null> {
  if (!fs.existsSync(SHIPPED_PATH)) return null;
  const present = await db.selectFrom('inc_incident').select('id').where('source_key', 'like', `${SHIPPED_FILE}:%`).limit(1).executeTakeFirst();
  if (present) return null;
  // Two instances starting together: one loads, the other finds the records afterwards.
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext('incidents.shipped'))`.execute(conn);
    try {
      const again = await conn.selectFrom('inc_incident').select('id').where('source_key', 'like', `${SHIPPED_FILE}:%`).limit(1).executeTakeFirst();
      if (again) return null;
      const system = await ensureSystemAccount(db);
      // read in this call, not in the background: the load applies it at once (and never past a stop)
      const imports = new IncidentImports(db, Number.POSITIVE_INFINITY);
      const report = await imports.validate(system, SHIPPED_FILE, fs.readFileSync(SHIPPED_PATH), 'es');
      if (report.status !== 'validated') {
        log(`incidents: the shipped file was refused: ${report.errors.slice(0, 3).map((e) => e.message).join(' · ')}`);
        return null;
      }
      const done = await imports.apply(system, { requestId: 'start:incidents', ip: null }, report.id, 'es');
      log(`incidents: ${done.added} records of IOM's Missing Migrants Project loaded (${report.warningCount} warnings)`);
      return { added: done.added };
    } finally {
      await sql`select pg_advisory_unlock(hashtext('incidents.shipped'))`.execute(conn);
    }
  });
}
