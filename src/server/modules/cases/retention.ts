import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { aadOf, decrypt, encrypt, type CaseKeys } from './crypto.ts';

/**
 * Retention per status and key rotation (docs/adr/0014). Erasing deletes the ciphertext and
 * keeps the comparison fields and the history as a tombstone: the other side can still see
 * that a candidate existed and how it ended, never what it said.
 */
export const RETENTION_DAYS = { located_alive: 90, closed: 365, identified: 5 * 365, withdrawn: 30 } as const;

export async function purgeExpired(db: Database, now = new Date()): Promise<number> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .updateTable('case_record')
      .set({ personal_ct: null, family_ct: null, key_id: null, erased_at: now, updated_at: now })
      .where('erased_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'located_alive'), eb('status_at', '<', before(RETENTION_DAYS.located_alive))]),
          eb.and([eb('status', '=', 'closed'), eb('status_at', '<', before(RETENTION_DAYS.closed))]),
          eb.and([eb('status', '=', 'identified'), eb('status_at', '<', before(RETENTION_DAYS.identified))]),
          eb('withdrawn_at', '<', before(RETENTION_DAYS.withdrawn)),
        ]),
      )
      .returning(['id', 'status'])
      .execute();
    for (const r of rows) {
      await tx.insertInto('case_event').values({ record_id: r.id, action: 'erased', detail: JSON.stringify({ status: r.status }) }).execute();
      await recordAudit(tx, 'system', null, { action: 'cases.record_erase', entityType: 'case_record', entityId: r.id, after: { status: r.status } });
    }
    return rows.length;
  });
}

/**
 * Re-encrypts, batch by batch (each batch a transaction), every value written under a key other
 * than the current one. Needs the old keys in CASES_KEY_PREVIOUS. Returns what it rewrote and
 * what is left under each old key (nothing, at the end).
 */
export async function rotateKeys(db: Database, keys: CaseKeys, batch = 500): Promise<{ records: number; reads: number; left: Record<string, number> }> {
  let records = 0;
  let reads = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('case_record')
        .select(['id', 'key_id', 'personal_ct', 'family_ct'])
        .where('key_id', 'is not', null)
        .where('key_id', '<>', keys.current.id)
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const r of rows) {
        const re = (col: 'personal_ct' | 'family_ct') => {
          const blob = r[col];
          if (!blob) return null;
          const aad = aadOf('case_record', r.id, col);
          return encrypt(keys, aad, decrypt<unknown>(keys, r.key_id!, aad, blob));
        };
        await tx.updateTable('case_record').set({ personal_ct: re('personal_ct'), family_ct: re('family_ct'), key_id: keys.current.id }).where('id', '=', r.id).execute();
      }
      return rows.length;
    });
    records += n;
    if (n < batch) break;
  }
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('case_access').select(['id', 'key_id', 'reason_ct']).where('key_id', '<>', keys.current.id).limit(batch).forUpdate().skipLocked().execute();
      for (const r of rows) {
        const aad = aadOf('case_access', r.id, 'reason_ct');
        const value = r.reason_ct.length ? encrypt(keys, aad, decrypt<unknown>(keys, r.key_id, aad, r.reason_ct)) : r.reason_ct;
        await tx.updateTable('case_access').set({ reason_ct: value, key_id: keys.current.id }).where('id', '=', r.id).execute();
      }
      return rows.length;
    });
    reads += n;
    if (n < batch) break;
  }
  const left = await sql<{ key_id: string; n: number }>`
    select key_id, count(*)::int as n from (select key_id from case_record where key_id is not null union all select key_id from case_access) k
    where key_id <> ${keys.current.id} group by key_id`.execute(db);
  return { records, reads, left: Object.fromEntries(left.rows.map((r) => [r.key_id, r.n])) };
}
