import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Forbidden, Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import { hasRole, requireRole, requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import * as repo from './repository.ts';
import * as w from './write-repository.ts';
import { isHttpUrl, type ActionInput, type ActionPatch, type PledgeInput, type PledgePatch, type ProgressInput, type RoadmapInput, type RoadmapPatch, type UpdateInput } from '../../../shared/contracts/commitments.ts';

const isSecretariat = (a: Actor) => hasRole(a, 'admin', 'secretariat');
const todayIso = () => new Date().toISOString().slice(0, 10);

/** A focal point answers for its country's actions; a contributor for its organisation's. */
export function ownsAction(user: UserActor, a: { responsible_country: string | null; responsible_organisation: string | null }): boolean {
  if (isSecretariat(user)) return true;
  if (user.role === 'focal_point') return a.responsible_country !== null && a.responsible_country === user.countryCode;
  if (user.role === 'contributor') return a.responsible_organisation !== null && a.responsible_organisation === user.organisationId;
  return false;
}

async function checkCodes(
  db: Executor,
  want: { countries?: { path: string; codes: string[] }[]; organisations?: { path: string; codes: string[] }; objectives?: number[]; practices?: string[] },
) {
  const countries = (want.countries ?? []).flatMap((c) => c.codes);
  const known = await repo.knownCodes(db, {
    countries,
    organisations: want.organisations?.codes ?? [],
    objectives: want.objectives ?? [],
    practices: want.practices ?? [],
  });
  const issues: Issue[] = [];
  for (const c of want.countries ?? []) c.codes.forEach((code, i) => !known.countries.has(code) && issues.push({ path: `${c.path}.${i}`, key: 'errors.countryNotFound', params: { code } }));
  want.organisations?.codes.forEach((code, i) => !known.organisations.has(code) && issues.push({ path: `${want.organisations!.path}.${i}`, key: 'errors.organisationNotFound', params: { code } }));
  (want.objectives ?? []).forEach((n, i) => !known.objectives.has(n) && issues.push({ path: `objectives.${i}`, key: 'errors.objectiveNotFound', params: { number: n } }));
  (want.practices ?? []).forEach((id, i) => !known.practices.has(id) && issues.push({ path: `practices.${i}`, key: 'errors.practiceIdNotFound', params: { id } }));
  return { issues, organisations: known.organisations };
}

const periodIssue = (start: string | null | undefined, end: string | null | undefined): Issue[] =>
  start && end && end < start ? [{ path: 'periodEnd', key: 'errors.periodOrder' }] : [];

const urlIssue = (url: string | null | undefined, path = 'evidenceUrl'): Issue[] => (url && !isHttpUrl(url) ? [{ path, key: 'errors.linkScheme' }] : []);

/**
 * Writing roadmaps, actions, progress updates and pledges. The secretariat edits
 * everything; focal points and contributors change the status of, and report progress
 * on, the actions (and pledges) of their country or organisation. Every write is audited
 * in its own transaction.
 */
export class CommitmentsEditing {
  constructor(private readonly db: Database) {}

  private async roadmapRow(db: Executor, id: string) {
    const r = repo.isUuid(id) ? (await repo.roadmaps(db, { publicOnly: false, id }))[0] : undefined;
    if (!r) throw new NotFound('errors.roadmapNotFound');
    return r;
  }

  async actionRow(db: Executor, id: string, roadmapId?: string) {
    const a = repo.isUuid(id) ? (await repo.actions(db, { id, forUpdate: true }))[0] : undefined;
    if (!a || (roadmapId && a.roadmap_id !== roadmapId)) throw new NotFound('errors.actionNotFound');
    return a;
  }

  private async roadmapLinks(db: Executor, p: RoadmapPatch) {
    const { issues, organisations } = await checkCodes(db, {
      countries: [
        { path: 'leadCountries', codes: p.leadCountries ?? [] },
        { path: 'countries', codes: p.countries ?? [] },
      ],
      organisations: { path: 'organisations', codes: p.organisations ?? [] },
      objectives: p.objectives ?? [],
    });
    const outcomes = await repo.findOutcomeIds(db, p.outcomes ?? []);
    (p.outcomes ?? []).forEach((ref, i) => !outcomes.has(ref) && issues.push({ path: `outcomes.${i}`, key: 'errors.outcomeRefNotFound', params: { ref } }));
    return {
      issues,
      links: {
        objectives: p.objectives,
        outcomeIds: p.outcomes?.map((r) => outcomes.get(r)!),
        leadCountries: p.leadCountries,
        countries: p.countries,
        organisationIds: p.organisations?.map((c) => organisations.get(c)!),
      },
    };
  }

  async createRoadmap(actor: Actor, meta: RequestMeta, input: RoadmapInput) {
    const user = requireRole(actor, 'admin', 'secretariat');
    return this.db.transaction().execute(async (tx) => {
      const { issues, links } = await this.roadmapLinks(tx, input);
      issues.push(...periodIssue(input.periodStart, input.periodEnd));
      if (issues.length) throw new Invalid(issues);
      const id = await w.insertRoadmap(tx, { ...input, createdBy: user.id });
      await w.setRoadmapLinks(tx, id, links);
      const after = await this.roadmapRow(tx, id);
      await recordAudit(tx, actor, meta, { action: 'roadmap.create', entityType: 'roadmap', entityId: id, after });
      return { id };
    });
  }

  async updateRoadmap(actor: Actor, meta: RequestMeta, id: string, patch: RoadmapPatch) {
    requireRole(actor, 'admin', 'secretariat');
    return this.db.transaction().execute(async (tx) => {
      const before = await this.roadmapRow(tx, id);
      const { issues, links } = await this.roadmapLinks(tx, patch);
      const start = patch.periodStart !== undefined ? patch.periodStart : before.period_start;
      const end = patch.periodEnd !== undefined ? patch.periodEnd : before.period_end;
      issues.push(...periodIssue(start, end));
      if (issues.length) throw new Invalid(issues);
      await w.updateRoadmap(tx, before.id, patch);
      await w.setRoadmapLinks(tx, before.id, links);
      const after = await this.roadmapRow(tx, before.id);
      await recordAudit(tx, actor, meta, { action: 'roadmap.update', entityType: 'roadmap', entityId: before.id, before, after });
      return { id: before.id };
    });
  }

  /** Codes, owner and dates of an action; shared by the API and the spreadsheet import. */
  async checkAction(db: Executor, roadmap: { period_start: string | null }, a: ActionPatch) {
    const { issues, organisations } = await checkCodes(db, {
      countries: [{ path: 'responsibleCountry', codes: a.responsibleCountry ? [a.responsibleCountry] : [] }],
      organisations: { path: 'responsibleOrganisation', codes: a.responsibleOrganisation ? [a.responsibleOrganisation] : [] },
      practices: a.practices ?? [],
    });
    for (const i of issues) i.path = i.path.replace(/^(responsible\w+)\.0$/, '$1');
    if (a.responsibleCountry && a.responsibleOrganisation) issues.push({ path: 'responsibleOrganisation', key: 'errors.actionOneOwner' });
    if (a.dueDate && roadmap.period_start && a.dueDate < roadmap.period_start) {
      issues.push({ path: 'dueDate', key: 'errors.dueBeforeRoadmapStart', params: { due: a.dueDate, start: roadmap.period_start } });
    }
    return { issues, organisationId: a.responsibleOrganisation ? organisations.get(a.responsibleOrganisation) : a.responsibleOrganisation };
  }

  async createAction(actor: Actor, meta: RequestMeta, roadmapId: string, input: ActionInput) {
    requireRole(actor, 'admin', 'secretariat');
    return this.db.transaction().execute(async (tx) => this.createActionIn(tx, actor, meta, roadmapId, input));
  }

  /** The same inside the caller's transaction (the cooperation hub turns a cooperation into an action in one step). */
  async createActionIn(tx: Executor, actor: Actor, meta: RequestMeta, roadmapId: string, input: ActionInput) {
    requireRole(actor, 'admin', 'secretariat');
    const r = await this.roadmapRow(tx, roadmapId);
    const { issues, organisationId } = await this.checkAction(tx, r, input);
    if (issues.length) throw new Invalid(issues);
    const id = await w.insertAction(tx, r.id, {
      title: input.title,
      responsibleCountry: input.responsibleCountry,
      responsibleOrganisationId: organisationId ?? null,
      dueDate: input.dueDate,
      status: input.status,
    });
    await w.setActionPractices(tx, id, input.practices);
    const after = (await repo.actions(tx, { id }))[0];
    await recordAudit(tx, actor, meta, { action: 'roadmap_action.create', entityType: 'roadmap_action', entityId: id, after });
    return { id };
  }

  async updateAction(actor: Actor, meta: RequestMeta, roadmapId: string, actionId: string, patch: ActionPatch) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const r = await this.roadmapRow(tx, roadmapId);
      const before = await this.actionRow(tx, actionId, r.id);
      if (!ownsAction(user, before)) throw new Forbidden('errors.actionNotYours');
      const fields = Object.entries(patch).filter(([, v]) => v !== undefined).map(([k]) => k);
      // Owners report status; what the action is and who answers for it is the secretariat's call.
      if (!isSecretariat(user) && fields.some((f) => f !== 'status')) throw new Forbidden('errors.actionStatusOnly');
      const { issues, organisationId } = await this.checkAction(tx, r, patch);
      const country = patch.responsibleCountry !== undefined ? patch.responsibleCountry : before.responsible_country;
      const org = patch.responsibleOrganisation !== undefined ? patch.responsibleOrganisation : before.organisation_code;
      if (country && org && !issues.some((i) => i.key === 'errors.actionOneOwner')) issues.push({ path: 'responsibleOrganisation', key: 'errors.actionOneOwner' });
      if (issues.length) throw new Invalid(issues);
      await w.updateAction(tx, before.id, {
        title: patch.title,
        responsibleCountry: patch.responsibleCountry,
        responsibleOrganisationId: patch.responsibleOrganisation !== undefined ? (organisationId ?? null) : undefined,
        dueDate: patch.dueDate,
        status: patch.status,
      });
      if (patch.practices) await w.setActionPractices(tx, before.id, patch.practices);
      const after = (await repo.actions(tx, { id: before.id }))[0];
      await recordAudit(tx, actor, meta, { action: 'roadmap_action.update', entityType: 'roadmap_action', entityId: before.id, before, after });
      return { id: before.id, status: after?.status };
    });
  }

  async addUpdate(actor: Actor, meta: RequestMeta, actionId: string, input: UpdateInput) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const a = await this.actionRow(tx, actionId);
      if (!ownsAction(user, a)) throw new Forbidden('errors.actionNotYours');
      const date = input.date ?? todayIso();
      const issues: Issue[] = [...urlIssue(input.evidenceUrl), ...(date > todayIso() ? [{ path: 'date', key: 'errors.updateDateFuture' } satisfies Issue] : [])];
      if (input.evidenceFile && !(await w.claimEvidenceFile(tx, input.evidenceFile, a.id, user.id))) issues.push({ path: 'evidenceFile', key: 'errors.evidenceFileNotFound' });
      if (issues.length) throw new Invalid(issues);
      const id = await w.insertUpdate(tx, {
        actionId: a.id,
        date,
        text: input.text,
        evidenceUrl: input.evidenceUrl,
        statusAfter: input.status ?? null,
        authorId: user.id,
        authorLabel: user.displayName || user.email,
      });
      if (input.evidenceFile) await w.attachEvidenceFile(tx, input.evidenceFile, id);
      if (input.status && input.status !== a.status) await w.updateAction(tx, a.id, { status: input.status });
      else await w.updateAction(tx, a.id, {});
      await recordAudit(tx, actor, meta, {
        action: 'action_update.create',
        entityType: 'roadmap_action',
        entityId: a.id,
        before: { status: a.status },
        after: { update: id, date, text: input.text, evidenceUrl: input.evidenceUrl, evidenceFile: input.evidenceFile, status: input.status ?? a.status },
      });
      return { id, actionId: a.id, status: input.status ?? a.status };
    });
  }

  private async pledgeChecks(db: Executor, p: PledgePatch, selfId?: string) {
    const { issues, organisations } = await checkCodes(db, {
      countries: [{ path: 'countries', codes: p.countries ?? [] }],
      organisations: { path: 'organisations', codes: p.organisations ?? [] },
      objectives: p.objectives ?? [],
    });
    let meetingId: string | null | undefined = p.meeting === null ? null : undefined;
    if (p.meeting) {
      meetingId = await w.meetingIdByKey(db, p.meeting);
      if (!meetingId) issues.push({ path: 'meeting', key: 'errors.meetingKeyNotFound', params: { key: p.meeting } });
    }
    if (p.matchesPledge && (p.matchesPledge === selfId || !(await w.pledgeExists(db, p.matchesPledge)))) {
      issues.push({ path: 'matchesPledge', key: 'errors.pledgeRefNotFound' });
    }
    return { issues, organisationIds: p.organisations?.map((c) => organisations.get(c)!), meetingId };
  }

  async createPledge(actor: Actor, meta: RequestMeta, input: PledgeInput) {
    const user = requireRole(actor, 'admin', 'secretariat');
    return this.db.transaction().execute(async (tx) => {
      const { issues, organisationIds, meetingId } = await this.pledgeChecks(tx, input);
      if (input.countries.length + input.organisations.length === 0) issues.push({ path: 'countries', key: 'errors.pledgeNeedsPledger' });
      if (issues.length) throw new Invalid(issues);
      const id = await w.insertPledge(
        tx,
        { title: input.title, description: input.description, kind: input.kind, jointly: input.jointly, matchesPledgeId: input.matchesPledge, meetingId: meetingId ?? null, target: input.target, status: input.status, isPublic: input.isPublic },
        user.id,
      );
      await w.setPledgeLinks(tx, id, { countries: input.countries, organisationIds, objectives: input.objectives });
      const after = (await repo.pledges(tx, { publicOnly: false, id }))[0];
      await recordAudit(tx, actor, meta, { action: 'pledge.create', entityType: 'pledge', entityId: id, after });
      return { id };
    });
  }

  async updatePledge(actor: Actor, meta: RequestMeta, id: string, patch: PledgePatch) {
    requireRole(actor, 'admin', 'secretariat');
    return this.db.transaction().execute(async (tx) => {
      const before = repo.isUuid(id) ? (await repo.pledges(tx, { publicOnly: false, id }))[0] : undefined;
      if (!before) throw new NotFound('errors.pledgeNotFound');
      const { issues, organisationIds, meetingId } = await this.pledgeChecks(tx, patch, before.id);
      if (issues.length) throw new Invalid(issues);
      await w.updatePledge(tx, before.id, {
        title: patch.title,
        description: patch.description,
        kind: patch.kind,
        jointly: patch.jointly,
        matchesPledgeId: patch.matchesPledge,
        meetingId,
        target: patch.target,
        status: patch.status,
        isPublic: patch.isPublic,
      });
      await w.setPledgeLinks(tx, before.id, { countries: patch.countries, organisationIds, objectives: patch.objectives });
      const after = (await repo.pledges(tx, { publicOnly: false, id: before.id }))[0];
      await recordAudit(tx, actor, meta, { action: 'pledge.update', entityType: 'pledge', entityId: before.id, before, after });
      return { id: before.id };
    });
  }

  /** A progress report on a pledge: the secretariat, or a focal point / contributor of a pledger. */
  async addProgress(actor: Actor, meta: RequestMeta, id: string, input: ProgressInput) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const p = repo.isUuid(id) ? (await repo.pledges(tx, { publicOnly: false, id }))[0] : undefined;
      if (!p) throw new NotFound('errors.pledgeNotFound');
      const orgCode = user.organisationId ? (await tx.selectFrom('organisation').select('code').where('id', '=', user.organisationId).executeTakeFirst())?.code : undefined;
      const mine =
        isSecretariat(user) ||
        (user.role === 'focal_point' && user.countryCode !== null && p.countries.includes(user.countryCode)) ||
        (user.role === 'contributor' && orgCode !== undefined && p.organisations.includes(orgCode));
      if (!mine) throw new Forbidden('errors.pledgeNotYours');
      const date = input.date ?? todayIso();
      const issues = [...urlIssue(input.evidenceUrl), ...(date > todayIso() ? [{ path: 'date', key: 'errors.updateDateFuture' } satisfies Issue] : [])];
      if (issues.length) throw new Invalid(issues);
      const reportId = await w.insertProgress(tx, { pledgeId: p.id, date, text: input.text, evidenceUrl: input.evidenceUrl, authorId: user.id, authorLabel: user.displayName || user.email });
      await recordAudit(tx, actor, meta, { action: 'pledge_progress.create', entityType: 'pledge', entityId: p.id, after: { report: reportId, date, text: input.text, evidenceUrl: input.evidenceUrl } });
      return { id: reportId, pledgeId: p.id };
    });
  }
}
