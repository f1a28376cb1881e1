import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';

export interface CountryRow {
  code: string;
  alpha2: string;
  numeric_code: string;
  name: Localized;
  memberships: string[];
}

export function listCountries(db: Executor, membership?: 'CRM' | 'CSM') {
  let q = db.selectFrom('ref_country').select(['code', 'alpha2', 'numeric_code', 'name', 'memberships']);
  if (membership) q = q.where(sql<boolean>`${membership} = any(memberships)`);
  return q.orderBy('code').execute() as Promise<CountryRow[]>;
}

export function findCountry(db: Executor, code: string) {
  return db
    .selectFrom('ref_country')
    .select(['code', 'alpha2', 'numeric_code', 'name', 'memberships'])
    .where('code', '=', code)
    .executeTakeFirst() as Promise<CountryRow | undefined>;
}

export function updateCountry(db: Executor, code: string, patch: { name?: Localized; memberships?: string[] }) {
  return db
    .updateTable('ref_country')
    .set({
      ...(patch.name ? { name: JSON.stringify(patch.name) } : {}),
      ...(patch.memberships ? { memberships: patch.memberships } : {}),
      updated_at: new Date(),
    })
    .where('code', '=', code)
    .execute();
}

export function listObjectives(db: Executor) {
  return db.selectFrom('ref_gcm_objective').select(['number', 'title', 'short_title']).orderBy('number').execute();
}

export function findObjective(db: Executor, n: number) {
  return db.selectFrom('ref_gcm_objective').select(['number', 'title', 'short_title']).where('number', '=', n).executeTakeFirst();
}

export function updateObjective(db: Executor, n: number, patch: { title?: Localized; short_title?: Localized }) {
  return db
    .updateTable('ref_gcm_objective')
    .set({
      ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
      ...(patch.short_title ? { short_title: JSON.stringify(patch.short_title) } : {}),
      updated_at: new Date(),
    })
    .where('number', '=', n)
    .execute();
}

export function listPrinciples(db: Executor) {
  return db.selectFrom('ref_gcm_principle').select(['code', 'position', 'title', 'description']).orderBy('position').execute();
}

export async function counts(db: Executor) {
  const row = await db
    .selectFrom('ref_country')
    .select([
      sql<number>`count(*)::int`.as('countries'),
      sql<number>`count(*) filter (where 'CRM' = any(memberships))::int`.as('crm'),
      sql<number>`count(*) filter (where 'CSM' = any(memberships))::int`.as('csm'),
      sql<number>`(select count(*) from ref_gcm_objective)::int`.as('objectives'),
      sql<number>`(select count(*) from ref_gcm_principle)::int`.as('principles'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}
