import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import { requireRole, requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { pick, type Locale } from '../../platform/i18n/index.ts';
import * as repo from './repository.ts';
import { canSee, isSecretariat, ownsOffer, ownsRequest } from './access.ts';
import { cooperationDto, historyDto, offerDto, offerParty, requestDto } from './dto.ts';
import type { ListQuery, OfferInput, RequestInput } from '../../../shared/contracts/cooperation.ts';

const label = (u: UserActor) => u.displayName || u.email;

/** Facet counts over the rows that pass every other filter, so each facet shows what choosing it would give. */
function facets<T>(rows: T[], dims: Record<string, { values: (r: T) => string[]; selected: string[]; label: (v: string) => string }>) {
  const pass = (r: T, skip: string) => Object.entries(dims).every(([k, d]) => k === skip || d.selected.length === 0 || d.values(r).some((v) => d.selected.includes(v)));
  const out: Record<string, { value: string; label: string; count: number }[]> = {};
  for (const [k, d] of Object.entries(dims)) {
    const counts = new Map<string, number>();
    for (const r of rows) if (pass(r, k)) for (const v of new Set(d.values(r))) counts.set(v, (counts.get(v) ?? 0) + 1);
    out[k] = [...counts].map(([value, count]) => ({ value, label: d.label(value), count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, undefined, { numeric: true }));
  }
  return { out, matches: (r: T) => pass(r, '') };
}

/**
 * Requests for support and offers: posting (a focal point for its own country; offers also
 * by an organisation's contributor), the workflow draft → published → closed with history
 * and audit, the hub's lists with facets, and the needs-versus-offers view.
 */
export class CooperationService {
  constructor(private readonly db: Database) {}

  private async checkObjectives(db: Executor, objectives: number[]): Promise<Issue[]> {
    const known = await repo.knownObjectives(db, objectives);
    return objectives.flatMap((n, i) => (known.has(n) ? [] : [{ path: `objectives.${i}`, key: 'errors.objectiveNotFound', params: { number: n } }]));
  }

  async createRequest(actor: Actor, meta: RequestMeta, input: RequestInput) {
    const user = requireRole(actor, 'admin', 'secretariat', 'focal_point');
    const country = input.country ?? user.countryCode;
    if (!country) throw new Invalid([{ path: 'country', key: 'cooperation.errors.countryRequired' }]);
    // A focal point speaks for its own country only.
    if (!isSecretariat(user) && country !== user.countryCode) throw new Forbidden('cooperation.errors.notYourCountry');
    return this.db.transaction().execute(async (tx) => {
      const names = await repo.names(tx);
      const issues = await this.checkObjectives(tx, input.objectives);
      if (!names.countries.has(country)) issues.push({ path: 'country', key: 'errors.countryNotFound', params: { code: country } });
      if (issues.length) throw new Invalid(issues);
      const status = input.publish ? 'published' : 'draft';
      const row = await tx
        .insertInto('coop_request')
        .values({
          country_code: country,
          title: JSON.stringify(input.title),
          description: JSON.stringify(input.description),
          objectives: [...new Set(input.objectives)].sort((a, b) => a - b),
          target_groups: input.targetGroups,
          kinds: [...new Set(input.kinds)],
          timeframe: input.timeframe,
          contact: input.contact,
          visibility: input.visibility,
          status,
          created_by: user.id,
          published_at: input.publish ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.addHistory(tx, { entityType: 'request', entityId: row.id, status, actorId: user.id, actorLabel: label(user) });
      await recordAudit(tx, actor, meta, { action: 'coop_request.create', entityType: 'coop_request', entityId: row.id, after: { country, status, ...input } });
      return { id: row.id };
    });
  }

  async createOffer(actor: Actor, meta: RequestMeta, input: OfferInput) {
    const user = requireRole(actor, 'admin', 'secretariat', 'focal_point', 'contributor');
    return this.db.transaction().execute(async (tx) => {
      const names = await repo.names(tx);
      let country: string | null = null;
      let organisationId: string | null = null;
      if (isSecretariat(user)) {
        if (input.organisation) organisationId = names.orgsByCode.get(input.organisation)?.id ?? null;
        else country = input.country ?? null;
        if (input.organisation && !organisationId) throw new Invalid([{ path: 'organisation', key: 'errors.organisationNotFound', params: { code: input.organisation } }]);
        if (!country && !organisationId) throw new Invalid([{ path: 'organisation', key: 'cooperation.errors.offerNeedsParty' }]);
      } else if (user.role === 'focal_point') {
        if ((input.country && input.country !== user.countryCode) || input.organisation) throw new Forbidden('cooperation.errors.notYourCountry');
        country = user.countryCode;
      } else {
        const own = user.organisationId ? names.orgsById.get(user.organisationId) : undefined;
        if (!own || input.country || (input.organisation && input.organisation !== own.code)) throw new Forbidden('cooperation.errors.notYourOrganisation');
        organisationId = own.id;
      }
      const issues = await this.checkObjectives(tx, input.objectives);
      if (country && !names.countries.has(country)) issues.push({ path: 'country', key: 'errors.countryNotFound', params: { code: country } });
      if (issues.length) throw new Invalid(issues);
      const status = input.publish ? 'published' : 'draft';
      const row = await tx
        .insertInto('coop_offer')
        .values({
          country_code: country,
          organisation_id: organisationId,
          title: JSON.stringify(input.title),
          description: JSON.stringify(input.description),
          conditions: JSON.stringify(input.conditions),
          objectives: [...new Set(input.objectives)].sort((a, b) => a - b),
          target_groups: input.targetGroups,
          kinds: [...new Set(input.kinds)],
          contact: input.contact,
          visibility: input.visibility,
          status,
          created_by: user.id,
          published_at: input.publish ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.addHistory(tx, { entityType: 'offer', entityId: row.id, status, actorId: user.id, actorLabel: label(user) });
      await recordAudit(tx, actor, meta, { action: 'coop_offer.create', entityType: 'coop_offer', entityId: row.id, after: { country, organisationId, status, ...input } });
      return { id: row.id };
    });
  }

  /** draft → published → closed (a closed entry may be published again); each change in the history. */
  async setRequestStatus(actor: Actor, meta: RequestMeta, id: string, to: 'published' | 'closed', note?: string) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const r = repo.isUuid(id) ? (await repo.requests(tx, { id, forUpdate: true }))[0] : undefined;
      if (!r || !canSee(actor, r, ownsRequest(actor, r))) throw new NotFound('cooperation.errors.requestNotFound');
      if (!ownsRequest(actor, r)) throw new Forbidden('cooperation.errors.notYourCountry');
      if (r.status === to) throw new Conflict('cooperation.errors.sameStatus');
      await tx
        .updateTable('coop_request')
        .set({ status: to, updated_at: new Date(), ...(to === 'published' && !r.published_at ? { published_at: new Date() } : {}) })
        .where('id', '=', r.id)
        .execute();
      await repo.addHistory(tx, { entityType: 'request', entityId: r.id, status: to, note, actorId: user.id, actorLabel: label(user) });
      await recordAudit(tx, actor, meta, { action: `coop_request.${to === 'published' ? 'publish' : 'close'}`, entityType: 'coop_request', entityId: r.id, before: { status: r.status }, after: { status: to, note } });
      return { id: r.id, status: to };
    });
  }

  async setOfferStatus(actor: Actor, meta: RequestMeta, id: string, to: 'published' | 'closed', note?: string) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const f = repo.isUuid(id) ? (await repo.offers(tx, { id, forUpdate: true }))[0] : undefined;
      if (!f || !canSee(actor, f, ownsOffer(actor, f))) throw new NotFound('cooperation.errors.offerNotFound');
      if (!ownsOffer(actor, f)) throw new Forbidden('cooperation.errors.offerNotYours');
      if (f.status === to) throw new Conflict('cooperation.errors.sameStatus');
      await tx
        .updateTable('coop_offer')
        .set({ status: to, updated_at: new Date(), ...(to === 'published' && !f.published_at ? { published_at: new Date() } : {}) })
        .where('id', '=', f.id)
        .execute();
      await repo.addHistory(tx, { entityType: 'offer', entityId: f.id, status: to, note, actorId: user.id, actorLabel: label(user) });
      await recordAudit(tx, actor, meta, { action: `coop_offer.${to === 'published' ? 'publish' : 'close'}`, entityType: 'coop_offer', entityId: f.id, before: { status: f.status }, after: { status: to, note } });
      return { id: f.id, status: to };
    });
  }

  /** The request if the caller may see it, else NotFound (members-only and drafts stay hidden). */
  async visibleRequest(db: Executor, actor: Actor, id: string) {
    const r = repo.isUuid(id) ? (await repo.requests(db, { id }))[0] : undefined;
    if (!r || !canSee(actor, r, ownsRequest(actor, r))) throw new NotFound('cooperation.errors.requestNotFound');
    return r;
  }

  private statusFilter(q: ListQuery, e: { status: string }, owner: boolean) {
    if (q.status === 'all') return e.status !== 'draft' || owner;
    return e.status === q.status;
  }

  async listRequests(actor: Actor, q: ListQuery, locale: Locale) {
    const [rows, names] = await Promise.all([repo.requests(this.db), repo.names(this.db)]);
    const visible = rows.filter((r) => canSee(actor, r, ownsRequest(actor, r)) && this.statusFilter(q, r, ownsRequest(actor, r)));
    const { out, matches } = facets(visible, {
      objective: { values: (r) => r.objectives.map(String), selected: q.objective.map(String), label: (v) => v },
      kind: { values: (r) => r.kinds, selected: q.kind, label: (v) => v },
      country: { values: (r) => [r.country_code], selected: q.country, label: (v) => pick(names.countries.get(v), locale) || v },
    });
    const items = visible.filter(matches).map((r) => requestDto(r, names, locale, ownsRequest(actor, r)));
    return { total: items.length, items, facets: { objective: out.objective!, kind: out.kind!, country: out.country! } };
  }

  async listOffers(actor: Actor, q: ListQuery, locale: Locale) {
    const [rows, names] = await Promise.all([repo.offers(this.db), repo.names(this.db)]);
    const visible = rows.filter((f) => canSee(actor, f, ownsOffer(actor, f)) && this.statusFilter(q, f, ownsOffer(actor, f)));
    const { out, matches } = facets(visible, {
      objective: { values: (f) => f.objectives.map(String), selected: q.objective.map(String), label: (v) => v },
      kind: { values: (f) => f.kinds, selected: q.kind, label: (v) => v },
      country: { values: (f) => (f.country_code ? [f.country_code] : []), selected: q.country, label: (v) => pick(names.countries.get(v), locale) || v },
      organisation: { values: (f) => (f.organisation_code ? [f.organisation_code] : []), selected: q.organisation, label: (v) => offerParty(names, { country_code: null, organisation_id: names.orgsByCode.get(v)?.id ?? v }, locale).name },
    });
    const items = visible.filter(matches).map((f) => offerDto(f, names, locale, ownsOffer(actor, f)));
    return { total: items.length, items, facets: { objective: out.objective!, kind: out.kind!, country: out.country!, organisation: out.organisation! } };
  }

  async request(actor: Actor, id: string, locale: Locale) {
    const r = await this.visibleRequest(this.db, actor, id);
    const [names, hist, coops] = await Promise.all([repo.names(this.db), repo.history(this.db, r.id), repo.cooperations(this.db, { requestId: r.id })]);
    return {
      ...requestDto(r, names, locale, ownsRequest(actor, r)),
      history: hist.map((h) => historyDto(h, actor.kind === 'user')),
      // Who works with whom is for members; the public sees the request itself.
      cooperations: actor.kind === 'user' ? coops.map((c) => cooperationDto(c, names, locale, actor)) : [],
    };
  }

  async offer(actor: Actor, id: string, locale: Locale) {
    const f = repo.isUuid(id) ? (await repo.offers(this.db, { id }))[0] : undefined;
    if (!f || !canSee(actor, f, ownsOffer(actor, f))) throw new NotFound('cooperation.errors.offerNotFound');
    const [names, hist] = await Promise.all([repo.names(this.db), repo.history(this.db, f.id)]);
    return { ...offerDto(f, names, locale, ownsOffer(actor, f)), history: hist.map((h) => historyDto(h, actor.kind === 'user')) };
  }

  /** Needs versus offers by objective: where the region asks and nobody offers. */
  async gaps(actor: Actor, locale: Locale) {
    const [reqs, offs, objectives] = await Promise.all([repo.requests(this.db), repo.offers(this.db), repo.objectiveTitles(this.db)]);
    const open = <T extends { status: string; visibility: string }>(e: T) => e.status === 'published' && canSee(actor, e, false);
    const openReqs = reqs.filter(open);
    const openOffers = offs.filter(open);
    return {
      objectives: objectives.map((o) => {
        const asking = openReqs.filter((r) => r.objectives.includes(o.number));
        const offers = openOffers.filter((f) => f.objectives.includes(o.number)).length;
        return { number: o.number, title: pick(o.title, locale), requests: asking.length, offers, countries: [...new Set(asking.map((r) => r.country_code))].sort(), gap: asking.length > 0 && offers === 0 };
      }),
    };
  }
}
