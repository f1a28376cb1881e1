import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { UserActor } from '../../platform/http/context.ts';

/**
 * The account system imports are attributed to (docs/adr/0003): a fixed id, an address under
 * `.invalid` (RFC 2606: no mail can ever reach it), no password and status `disabled`, so
 * nobody can sign in as it, use a token for it or reset its password. It holds the
 * secretariat role because the shared files cover every country. Created on first use, not
 * by a migration, so databases that never import shared data do not carry it.
 */
export const SYSTEM_USER_ID = '00000000-0000-4000-8000-0000000000a1';
export const SYSTEM_EMAIL = 'system@observatorio.invalid';

export async function ensureSystemAccount(db: Executor): Promise<UserActor> {
  await sql`insert into app_user (id, email, display_name, password_hash, role, status)
    values (${SYSTEM_USER_ID}::uuid, ${SYSTEM_EMAIL}, 'Observatorio (sistema / system)', null, 'secretariat', 'disabled')
    on conflict do nothing`.execute(db);
  const row = await db.selectFrom('app_user').select(['id', 'email', 'display_name']).where('id', '=', SYSTEM_USER_ID).executeTakeFirst();
  if (!row) throw new Error(`the system account could not be created: ${SYSTEM_EMAIL} belongs to another account`);
  return { kind: 'user', id: row.id, email: row.email, displayName: row.display_name, role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
}
