import type { Database, Executor } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { requireUser } from '../../platform/authz.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { findUserById, listCountryAccounts, organisationCountry } from '../identity/index.ts';
import type { Capacity } from './tables.ts';

/**
 * Who may touch the exchange: capacities granted to named accounts of a country, proposed by
 * that country's focal point and confirmed by the secretariat (docs/adr/0014). No role reads a
 * record by being that role: the secretariat and focal points manage grants, administrators
 * manage accounts, and only an active grant opens a record.
 */
export interface CaseActor {
  user: UserActor;
  country: string;
  capacities: Set<Capacity>;
}

/** The actor's active capacities (confirmed, not revoked, in the account's current country). */
export async function caseActor(db: Executor, actor: Actor): Promise<CaseActor> {
  const user = requireUser(actor);
  if (user.role === 'admin' || user.role === 'secretariat') throw new Forbidden('cases.noCapacity');
  const country = user.countryCode ?? (await organisationCountry(db, user.organisationId));
  if (!country) throw new Forbidden('cases.noCapacity');
  const rows = await db
    .selectFrom('case_grant')
    .select('capacity')
    .where('user_id', '=', user.id)
    .where('country_code', '=', country)
    .where('confirmed_at', 'is not', null)
    .where('revoked_at', 'is', null)
    .execute();
  if (rows.length === 0) throw new Forbidden('cases.noCapacity');
  return { user, country, capacities: new Set(rows.map((r) => r.capacity)) };
}

export function requireCapacity(a: CaseActor, capacity: Capacity): void {
  if (!a.capacities.has(capacity)) throw new Forbidden('cases.noCapacity');
}

async function accountCountry(db: Executor, userId: string) {
  const u = await findUserById(db, userId);
  if (!u) return null;
  return { ...u, country: u.country_code ?? (await organisationCountry(db, u.organisation_id)) };
}

export class CaseGrants {
  constructor(private readonly db: Database) {}

  /** The secretariat sees every grant; a focal point, their country's. */
  async list(actor: Actor) {
    const user = requireUser(actor);
    let q = this.db.selectFrom('case_grant').selectAll().orderBy('proposed_at', 'desc');
    if (user.role === 'focal_point' && user.countryCode) q = q.where('country_code', '=', user.countryCode);
    else if (user.role !== 'secretariat') throw new Forbidden();
    const rows = await q.execute();
    const out = [];
    for (const g of rows) {
      const u = await findUserById(this.db, g.user_id);
      out.push({
        id: g.id,
        userId: g.user_id,
        email: u?.email ?? '',
        displayName: u?.display_name ?? '',
        countryCode: g.country_code,
        capacity: g.capacity,
        proposedAt: g.proposed_at.toISOString(),
        confirmedAt: g.confirmed_at?.toISOString() ?? null,
        revokedAt: g.revoked_at?.toISOString() ?? null,
        state: g.revoked_at ? ('revoked' as const) : g.confirmed_at ? ('active' as const) : ('proposed' as const),
      });
    }
    return { items: out };
  }

  /** A focal point's country's accounts, to choose whom to propose (never the focal point themself). */
  async accounts(actor: Actor) {
    const user = requireUser(actor);
    if (user.role !== 'focal_point' || !user.countryCode) throw new Forbidden('cases.onlyFocalPointProposes');
    return { items: (await listCountryAccounts(this.db, user.countryCode)).filter((u) => u.id !== user.id) };
  }

  /** A focal point proposes a capacity for another account of their own country. */
  async propose(actor: Actor, meta: RequestMeta, input: { userId: string; capacity: Capacity }) {
    const user = requireUser(actor);
    if (user.role !== 'focal_point' || !user.countryCode) throw new Forbidden('cases.onlyFocalPointProposes');
    if (input.userId === user.id) throw new Forbidden('cases.noSelfGrant');
    return this.db.transaction().execute(async (tx) => {
      const target = await accountCountry(tx, input.userId);
      if (!target) throw new NotFound();
      if (target.role === 'admin' || target.role === 'secretariat') throw new Invalid([{ path: 'userId', key: 'cases.grantRoleRefused' }]);
      if (target.country !== user.countryCode) throw new Invalid([{ path: 'userId', key: 'cases.grantOtherCountry' }]);
      if (target.status !== 'active') throw new Invalid([{ path: 'userId', key: 'cases.grantDisabledAccount' }]);
      const live = await tx.selectFrom('case_grant').select('id').where('user_id', '=', input.userId).where('capacity', '=', input.capacity).where('country_code', '=', user.countryCode!).where('revoked_at', 'is', null).executeTakeFirst();
      if (live) throw new Conflict('cases.grantExists');
      const g = await tx
        .insertInto('case_grant')
        .values({ user_id: input.userId, country_code: user.countryCode!, capacity: input.capacity, proposed_by: user.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, meta, { action: 'cases.grant_propose', entityType: 'case_grant', entityId: g.id, after: { userId: input.userId, country: user.countryCode, capacity: input.capacity } });
      return { id: g.id };
    });
  }

  /** The secretariat confirms a proposed grant: only then does it open anything. */
  async confirm(actor: Actor, meta: RequestMeta, id: string) {
    const user = requireUser(actor);
    if (user.role !== 'secretariat') throw new Forbidden();
    return this.db.transaction().execute(async (tx) => {
      const g = await tx.selectFrom('case_grant').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!g) throw new NotFound();
      if (g.revoked_at || g.confirmed_at) throw new Conflict('cases.grantNotProposed');
      await tx.updateTable('case_grant').set({ confirmed_at: new Date(), confirmed_by: user.id }).where('id', '=', id).execute();
      await recordAudit(tx, actor, meta, { action: 'cases.grant_confirm', entityType: 'case_grant', entityId: id, after: { userId: g.user_id, country: g.country_code, capacity: g.capacity } });
      return { id };
    });
  }

  /** The country's focal point or the secretariat ends a grant (proposed or active). */
  async revoke(actor: Actor, meta: RequestMeta, id: string) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const g = await tx.selectFrom('case_grant').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      const mayRevoke = user.role === 'secretariat' || (user.role === 'focal_point' && g !== undefined && user.countryCode === g.country_code);
      if (!mayRevoke) throw new Forbidden();
      if (!g) throw new NotFound();
      if (g.revoked_at) throw new Conflict('cases.grantNotProposed');
      await tx.updateTable('case_grant').set({ revoked_at: new Date(), revoked_by: user.id }).where('id', '=', id).execute();
      await recordAudit(tx, actor, meta, { action: 'cases.grant_revoke', entityType: 'case_grant', entityId: id, before: { userId: g.user_id, country: g.country_code, capacity: g.capacity } });
      return { id };
    });
  }
}
