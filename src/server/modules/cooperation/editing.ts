import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { OfferEdit, RequestEdit } from '../../../shared/contracts/cooperation.ts';
import * as repo from './repository.ts';
import { canSee, ownsOffer, ownsRequest } from './access.ts';

/**
 * Editing a request or an offer after posting (issue 22): by whoever may change its status (its
 * country's focal points, its organisation's contributors, the secretariat). The status stays;
 * the history gets an "edited" entry naming the fields that changed, the audit their values
 * before and after. An edit that changes nothing writes nothing.
 */

/** The same value, whatever the order of an object's keys (jsonb returns its own order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed = Object.keys(after).filter((k) => canonical(before[k]) !== canonical(after[k]));
  const pickOf = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, o[k]]));
  return { changed, before: pickOf(before), after: pickOf(after) };
}

async function checkObjectives(db: Executor, objectives: number[]) {
  const known = await repo.knownObjectives(db, objectives);
  const issues = objectives.flatMap((n, i) => (known.has(n) ? [] : [{ path: `objectives.${i}`, key: 'errors.objectiveNotFound' as const, params: { number: n } }]));
  if (issues.length) throw new Invalid(issues);
}

const common = (e: RequestEdit | OfferEdit) => ({
  title: e.title,
  description: e.description,
  objectives: [...new Set(e.objectives)].sort((a, b) => a - b),
  targetGroups: e.targetGroups,
  kinds: [...new Set(e.kinds)],
  contact: e.contact,
  visibility: e.visibility,
});

/** The common fields as the tables hold them. */
const columns = (c: ReturnType<typeof common>) => ({
  title: JSON.stringify(c.title),
  description: JSON.stringify(c.description),
  objectives: c.objectives,
  target_groups: c.targetGroups,
  kinds: c.kinds,
  contact: c.contact,
  visibility: c.visibility,
  updated_at: new Date(),
});

export async function editRequest(db: Database, actor: Actor, meta: RequestMeta, id: string, input: RequestEdit) {
  const user = requireUser(actor);
  return db.transaction().execute(async (tx) => {
    const r = repo.isUuid(id) ? (await repo.requests(tx, { id, forUpdate: true }))[0] : undefined;
    if (!r || !canSee(actor, r, ownsRequest(actor, r))) throw new NotFound('cooperation.errors.requestNotFound');
    if (!ownsRequest(actor, r)) throw new Forbidden('cooperation.errors.notYourCountry');
    await checkObjectives(tx, input.objectives);
    const now = { ...common(input), timeframe: input.timeframe };
    const was = { title: r.title, description: r.description, objectives: r.objectives, targetGroups: r.target_groups, kinds: r.kinds, contact: r.contact, visibility: r.visibility, timeframe: r.timeframe };
    const d = changes(was, now);
    if (d.changed.length) {
      await tx
        .updateTable('coop_request')
        .set({ ...columns(now), timeframe: now.timeframe })
        .where('id', '=', r.id)
        .execute();
      await repo.addHistory(tx, { entityType: 'request', entityId: r.id, status: 'edited', note: d.changed.join(', '), actorId: user.id, actorLabel: user.displayName || user.email });
      await recordAudit(tx, actor, meta, { action: 'coop_request.edit', entityType: 'coop_request', entityId: r.id, before: d.before, after: d.after });
    }
    return { id: r.id, status: r.status, changed: d.changed };
  });
}

export async function editOffer(db: Database, actor: Actor, meta: RequestMeta, id: string, input: OfferEdit) {
  const user = requireUser(actor);
  return db.transaction().execute(async (tx) => {
    const f = repo.isUuid(id) ? (await repo.offers(tx, { id, forUpdate: true }))[0] : undefined;
    if (!f || !canSee(actor, f, ownsOffer(actor, f))) throw new NotFound('cooperation.errors.offerNotFound');
    if (!ownsOffer(actor, f)) throw new Forbidden('cooperation.errors.offerNotYours');
    await checkObjectives(tx, input.objectives);
    const now = { ...common(input), conditions: input.conditions };
    const was = { title: f.title, description: f.description, objectives: f.objectives, targetGroups: f.target_groups, kinds: f.kinds, contact: f.contact, visibility: f.visibility, conditions: f.conditions };
    const d = changes(was, now);
    if (d.changed.length) {
      await tx
        .updateTable('coop_offer')
        .set({ ...columns(now), conditions: JSON.stringify(now.conditions) })
        .where('id', '=', f.id)
        .execute();
      await repo.addHistory(tx, { entityType: 'offer', entityId: f.id, status: 'edited', note: d.changed.join(', '), actorId: user.id, actorLabel: user.displayName || user.email });
      await recordAudit(tx, actor, meta, { action: 'coop_offer.edit', entityType: 'coop_offer', entityId: f.id, before: d.before, after: d.after });
    }
    return { id: f.id, status: f.status, changed: d.changed };
  });
}
