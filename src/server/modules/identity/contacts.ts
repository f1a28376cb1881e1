import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { UserActor } from '../../platform/http/context.ts';
import type { Localized, Role } from '../../platform/db/schema.ts';

/**
 * What other modules need to know about accounts, so that none of them reads `app_user` or
 * `organisation` itself (issue 16, item 3): mail addresses to notify, an account as an actor
 * for background work, and the organisation that speaks for a publication.
 */
export interface Contact {
  email: string;
  locale: string | null;
}

/** The active secretariat, to be told of what waits for it. */
export async function secretariatContacts(db: Executor): Promise<Contact[]> {
  return db.selectFrom('app_user').select(['email', 'locale']).where('role', '=', 'secretariat').where('status', '=', 'active').execute();
}

/** One account's address, only while the account is active (a disabled person gets no mail). */
export async function userContact(db: Executor, userId: string): Promise<Contact | undefined> {
  const u = await db.selectFrom('app_user').select(['email', 'locale', 'status']).where('id', '=', userId).executeTakeFirst();
  return u && u.status === 'active' ? { email: u.email, locale: u.locale } : undefined;
}

/** An account as an actor, for work done later on its behalf (a background job has no request). */
export async function actorForUser(db: Executor, userId: string): Promise<UserActor | undefined> {
  const u = await db.selectFrom('app_user').select(['id', 'email', 'role', 'country_code', 'organisation_id', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!u) return undefined;
  return { kind: 'user', id: u.id, email: u.email, displayName: '', role: u.role, countryCode: u.country_code, organisationId: u.organisation_id, locale: u.locale ?? 'es', via: 'session' };
}

/**
 * A built-in account that work is attributed to (e.g. the system imports of docs/adr/0003):
 * created on first use with no password and status `disabled`, so nobody can sign in as it.
 */
export async function ensureBuiltInAccount(db: Executor, account: { id: string; email: string; displayName: string; role: 'secretariat' }): Promise<UserActor> {
  await sql`insert into app_user (id, email, display_name, password_hash, role, status)
    values (${account.id}::uuid, ${account.email}, ${account.displayName}, null, ${account.role}, 'disabled')
    on conflict do nothing`.execute(db);
  const row = await db.selectFrom('app_user').select(['id', 'email', 'display_name']).where('id', '=', account.id).executeTakeFirst();
  if (!row) throw new Error(`the built-in account could not be created: ${account.email} belongs to another account`);
  return { kind: 'user', id: row.id, email: row.email, displayName: row.display_name, role: account.role, countryCode: null, organisationId: null, locale: 'es', via: 'token' };
}

/** Who speaks for each account's publications: its organisation's name (es/en JSON) or else its role. */
export async function publishersOf(db: Executor, userIds: string[]): Promise<Map<string, { role: Role; organisationName: Localized | null }>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user as u')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.role', 'o.name as org_name'])
    .where('u.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { role: r.role, organisationName: r.org_name }]));
}
