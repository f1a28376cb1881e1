import type { Executor } from '../db/database.ts';
import type { Actor, RequestMeta } from '../http/context.ts';

/**
 * Every write records who, when, what and a before/after summary, inside the same
 * transaction as the write (pass the transaction as `db`), so the trail can never
 * disagree with the data.
 */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_FIELDS = new Set(['password', 'password_hash', 'passwordHash', 'token', 'token_hash', 'tokenHash', 'csrf_token']);

/** Secrets never enter the trail, even hashed. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_FIELDS.has(k))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}

export async function recordAudit(db: Executor, actor: Actor | 'system', meta: RequestMeta | null, entry: AuditEntry): Promise<void> {
  const isUser = actor !== 'system' && actor.kind === 'user';
  await db
    .insertInto('audit_event')
    .values({
      actor_user_id: isUser ? actor.id : null,
      actor_label: isUser ? actor.email : actor === 'system' ? 'system' : 'anonymous',
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      request_id: meta?.requestId ?? null,
      ip: meta?.ip ?? null,
    })
    .execute();
}
