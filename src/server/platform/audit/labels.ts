import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** A name in one language or in several ({"es": …, "en": …}); the web app picks the reader's. */
export type AuditLabel = string | Record<string, string>;

/** Finds the names of some entities of one type, by id; ids it cannot find are left out. */
export type AuditLabelSource = (db: Executor, ids: string[]) => Promise<Map<string, AuditLabel>>;

/**
 * A source reading one column of one table (text, or jsonb by language). Each module declares its own
 * entity types with it, so the audit trail can show names without the platform knowing any module's tables.
 */
export function columnLabel(table: string, column: string, idColumn = 'id'): AuditLabelSource {
  return async (db, ids) => {
    const rows = await sql<{ id: string; label: AuditLabel | null }>`
      select ${sql.ref(idColumn)}::text as id, ${sql.ref(column)} as label
      from ${sql.table(table)} where ${sql.ref(idColumn)}::text = any(${ids}::text[])`.execute(db);
    return new Map(rows.rows.filter((r) => r.label !== null && r.label !== '').map((r) => [r.id, r.label!]));
  };
}

/**
 * The name an event's own before/after summary gives (a deleted draft's title, a revoked invitation's
 * e-mail), for entities that no longer exist or whose module declares no source.
 */
export function snapshotLabel(...snapshots: unknown[]): AuditLabel | null {
  for (const s of snapshots) {
    if (!s || typeof s !== 'object') continue;
    for (const field of ['title', 'name', 'email']) {
      const v = (s as Record<string, unknown>)[field];
      if (typeof v === 'string' && v) return v;
      if (v && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
    }
  }
  return null;
}

/** The names of the entities a page of the trail mentions, one query per entity type (a page is ≤ 200 rows). */
export async function auditLabels(db: Executor, sources: Record<string, AuditLabelSource>, events: { entityType: string; entityId: string | null }[]) {
  const byType = new Map<string, Set<string>>();
  for (const e of events) {
    if (!e.entityId || !sources[e.entityType]) continue;
    const ids = byType.get(e.entityType) ?? new Set<string>();
    ids.add(e.entityId);
    byType.set(e.entityType, ids);
  }
  const found = new Map<string, AuditLabel>();
  for (const [type, ids] of byType) {
    const source = sources[type];
    if (source) for (const [id, label] of await source(db, [...ids])) found.set(`${type}:${id}`, label);
  }
  return (entityType: string, entityId: string | null) => (entityId ? (found.get(`${entityType}:${entityId}`) ?? null) : null);
}
