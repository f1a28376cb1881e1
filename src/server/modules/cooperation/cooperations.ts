import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/http/errors.ts';
import { requireRole, requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { pick, type Locale } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { CommitmentsEditing } from '../commitments/index.ts';
import * as repo from './repository.ts';
import { canSee, isSecretariat, ownsOffer, sideOf } from './access.ts';
import { cooperationDto, countryParty, orgParty } from './dto.ts';
import { notifyParties } from './notify.ts';
import type { CooperationService } from './service.ts';
import type { CooperationStatus } from './tables.ts';
import type { InterestInput, ToActionInput } from '../../../shared/contracts/cooperation.ts';

const label = (u: UserActor) => u.displayName || u.email;
/** Completed and dropped cooperations are over: their status no longer changes. */
const FINAL: CooperationStatus[] = ['completed', 'dropped'];

/**
 * Cooperations: a party's interest in a request (creating the record that links the request,
 * the helping party and, when given, its offer), status changes by either side or the
 * secretariat, and the secretariat's one-step "make it a roadmap action". The parties get an
 * e-mail on interest and on every status change, after the change is committed.
 */
export class Cooperations {
  private readonly editing: CommitmentsEditing;
  constructor(
    private readonly db: Database,
    private readonly hub: CooperationService,
    private readonly mail: { mailer: Mailer; publicUrl: string; log?: (m: string) => void },
  ) {
    this.editing = new CommitmentsEditing(db);
  }

  private async row(db: Executor, id: string, forUpdate = false) {
    const c = repo.isUuid(id) ? (await repo.cooperations(db, { id, forUpdate }))[0] : undefined;
    if (!c) throw new NotFound('cooperation.errors.cooperationNotFound');
    return c;
  }

  async interest(actor: Actor, meta: RequestMeta, requestId: string, input: InterestInput, locale: Locale) {
    const user = requireRole(actor, 'admin', 'secretariat', 'focal_point', 'contributor');
    const result = await this.db.transaction().execute(async (tx) => {
      const r = await this.hub.visibleRequest(tx, actor, requestId);
      if (r.status !== 'published') throw new Conflict('cooperation.errors.requestNotOpen');
      const offer = input.offer ? (await repo.offers(tx, { id: input.offer }))[0] : undefined;
      if (input.offer && (!offer || !canSee(actor, offer, ownsOffer(actor, offer)))) throw new Invalid([{ path: 'offer', key: 'cooperation.errors.offerNotFound' }]);
      if (offer && offer.status !== 'published') throw new Conflict('cooperation.errors.offerNotOpen');
      const requester = user.role === 'focal_point' && user.countryCode === r.country_code;
      // Who helps: the offer's owner when the requester (or the secretariat) picks an offer;
      // otherwise the caller's own country or organisation, answering with its own offer if any.
      let partner: { country: string | null; organisationId: string | null };
      if (requester || isSecretariat(user)) {
        if (!offer) throw new Invalid([{ path: 'offer', key: 'cooperation.errors.offerRequired' }]);
        partner = { country: offer.country_code, organisationId: offer.organisation_id };
      } else {
        partner = user.role === 'focal_point' ? { country: user.countryCode, organisationId: null } : { country: null, organisationId: user.organisationId };
        if (!partner.country && !partner.organisationId) throw new Forbidden('cooperation.errors.noParty');
        if (offer && !ownsOffer(actor, offer)) throw new Forbidden('cooperation.errors.offerNotYours');
      }
      if (partner.country === r.country_code) throw new Invalid([{ path: 'offer', key: 'cooperation.errors.ownRequest' }]);
      const side = requester ? 'requester' : isSecretariat(user) ? null : 'partner';
      const existing = (await repo.cooperations(tx, { requestId: r.id, forUpdate: true })).find((c) =>
        partner.country ? c.partner_country === partner.country : c.partner_organisation === partner.organisationId,
      );
      let id: string;
      if (existing) {
        id = existing.id;
        await tx
          .updateTable('cooperation')
          .set({
            updated_at: new Date(),
            ...(offer && !existing.offer_id ? { offer_id: offer.id } : {}),
            ...(side === 'requester' && !existing.requester_interest_at ? { requester_interest_at: new Date() } : {}),
            ...(side === 'partner' && !existing.partner_interest_at ? { partner_interest_at: new Date() } : {}),
          })
          .where('id', '=', id)
          .execute();
      } else {
        id = (
          await tx
            .insertInto('cooperation')
            .values({
              request_id: r.id,
              offer_id: offer?.id ?? null,
              partner_country: partner.country,
              partner_organisation: partner.organisationId,
              requester_interest_at: side === 'requester' ? new Date() : null,
              partner_interest_at: side === 'partner' ? new Date() : null,
              created_by: user.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      const after = await this.row(tx, id);
      await repo.addHistory(tx, { entityType: 'cooperation', entityId: id, status: after.status, note: input.message ?? null, actorId: user.id, actorLabel: label(user) });
      await recordAudit(tx, actor, meta, { action: 'cooperation.interest', entityType: 'cooperation', entityId: id, after: { request: r.id, offer: offer?.id ?? null, side, ...partner, message: input.message } });
      return after;
    });
    const names = await repo.names(this.db);
    await notifyParties(this.db, this.mail, result, { kind: 'interest', by: actor, byParty: this.partyName(user, names, locale), message: input.message });
    return cooperationDto(result, names, locale, actor);
  }

  private partyName(user: UserActor, names: repo.Names, locale: Locale) {
    if (user.role === 'focal_point' && user.countryCode) return countryParty(names, user.countryCode, locale).name;
    if (user.role === 'contributor' && user.organisationId) return orgParty(names, user.organisationId, locale).name;
    return null;
  }

  async setStatus(actor: Actor, meta: RequestMeta, id: string, status: CooperationStatus, note: string | undefined, locale: Locale) {
    const user = requireUser(actor);
    const after = await this.db.transaction().execute(async (tx) => {
      const c = await this.row(tx, id, true);
      if (!isSecretariat(user) && sideOf(user, c) === null) throw new Forbidden('cooperation.errors.notAParty');
      if (c.status === status) throw new Conflict('cooperation.errors.sameStatus');
      if (FINAL.includes(c.status)) throw new Conflict('cooperation.errors.cooperationOver');
      await tx.updateTable('cooperation').set({ status, updated_at: new Date() }).where('id', '=', c.id).execute();
      await repo.addHistory(tx, { entityType: 'cooperation', entityId: c.id, status, note: note ?? null, actorId: user.id, actorLabel: label(user) });
      await recordAudit(tx, actor, meta, { action: 'cooperation.status', entityType: 'cooperation', entityId: c.id, before: { status: c.status }, after: { status, note } });
      return this.row(tx, c.id);
    });
    const names = await repo.names(this.db);
    await notifyParties(this.db, this.mail, after, { kind: 'status', by: actor, byParty: this.partyName(user, names, locale), message: note });
    return cooperationDto(after, names, locale, actor);
  }

  /**
   * The secretariat turns a cooperation into an action of a roadmap, in one transaction with
   * the link: the action is titled after the request and the partner, owned by the requesting
   * country (or the partner), its status following the cooperation's.
   */
  async toRoadmapAction(actor: Actor, meta: RequestMeta, id: string, input: ToActionInput, locale: Locale) {
    requireRole(actor, 'admin', 'secretariat');
    const names = await repo.names(this.db);
    const after = await this.db.transaction().execute(async (tx) => {
      const c = await this.row(tx, id, true);
      if (c.roadmap_action_id) throw new Conflict('cooperation.errors.alreadyAction');
      const partnerName = (l: Locale) => (c.partner_organisation ? orgParty(names, c.partner_organisation, l).name : countryParty(names, c.partner_country!, l).name);
      const title = Object.fromEntries(
        (['es', 'en'] as const).map((l) => [l, `${l === 'es' ? 'Cooperación' : 'Cooperation'}: ${pick(c.request_title, l)} (${countryParty(names, c.request_country, l).name} – ${partnerName(l)})`.slice(0, 500)]),
      );
      const owner =
        input.owner === 'requester'
          ? { responsibleCountry: c.request_country, responsibleOrganisation: null }
          : { responsibleCountry: c.partner_country, responsibleOrganisation: c.partner_organisation_code };
      const status = c.status === 'completed' ? 'done' : c.status === 'in_progress' ? 'in_progress' : c.status === 'dropped' ? 'cancelled' : 'not_started';
      const action = await this.editing.createActionIn(tx, actor, meta, input.roadmap, { title, ...owner, dueDate: input.dueDate, status, practices: [] });
      await tx.updateTable('cooperation').set({ roadmap_action_id: action.id, updated_at: new Date() }).where('id', '=', c.id).execute();
      const user = requireUser(actor);
      await repo.addHistory(tx, { entityType: 'cooperation', entityId: c.id, status: c.status, note: 'roadmap_action', actorId: user.id, actorLabel: label(user) });
      await recordAudit(tx, actor, meta, { action: 'cooperation.roadmap_action', entityType: 'cooperation', entityId: c.id, after: { roadmap: input.roadmap, action: action.id } });
      return this.row(tx, c.id);
    });
    return cooperationDto(after, names, locale, actor);
  }

  /** A country's or an organisation's cooperations (as requester or partner): members only. */
  async list(actor: Actor, q: { country?: string; organisation?: string }, locale: Locale) {
    requireUser(actor);
    const names = await repo.names(this.db);
    const organisationId = q.organisation ? names.orgsByCode.get(q.organisation)?.id : undefined;
    if (q.organisation && !organisationId) return { items: [] };
    const rows = await repo.cooperations(this.db, { country: q.country, organisationId });
    return { items: rows.map((c) => cooperationDto(c, names, locale, actor)) };
  }
}
