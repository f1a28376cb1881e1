import type { Executor } from '../../platform/db/database.ts';
import type { UserActor } from '../../platform/http/context.ts';
import { ensureBuiltInAccount } from '../identity/index.ts';

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
  return ensureBuiltInAccount(db, { id: SYSTEM_USER_ID, email: SYSTEM_EMAIL, displayName: 'Observatorio (sistema / system)', role: 'secretariat' });
}
