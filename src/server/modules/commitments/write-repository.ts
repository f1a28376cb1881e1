import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import type { CmActionStatus } from './tables.ts';

/** Writes of the commitments tables. The services check permissions and codes first. */

export interface RoadmapLinks {
  objectives?: number[];
  outcomeIds?: string[];
  leadCountries?: string[];
  countries?: string[];
  organisationIds?: string[];
}

export async function insertRoadmap(
  db: Executor,
  r: { title: Localized; purpose: Localized; periodStart: string | null; periodEnd: string | null; isPublic: boolean; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('roadmap')
    .values({
      title: JSON.stringify(r.title),
      purpose: JSON.stringify(r.purpose),
      period_start: r.periodStart,
      period_end: r.periodEnd,
      is_public: r.isPublic,
      created_by: r.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRoadmap(
  db: Executor,
  id: string,
  r: { title?: Localized; purpose?: Localized; periodStart?: string | null; periodEnd?: string | null; isPublic?: boolean },
): Promise<void> {
  await db
    .updateTable('roadmap')
    .set({
      ...(r.title ? { title: JSON.stringify(r.title) } : {}),
      ...(r.purpose ? { purpose: JSON.stringify(r.purpose) } : {}),
      ...(r.periodStart !== undefined ? { period_start: r.periodStart } : {}),
      ...(r.periodEnd !== undefined ? { period_end: r.periodEnd } : {}),
      ...(r.isPublic !== undefined ? { is_public: r.isPublic } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Replaces the lists that are given; leaves the others as they are. */
export async function setRoadmapLinks(db: Executor, id: string, l: RoadmapLinks): Promise<void> {
  if (l.objectives) {
    await db.deleteFrom('roadmap_objective').where('roadmap_id', '=', id).execute();
    const v = [...new Set(l.objectives)].map((objective) => ({ roadmap_id: id, objective }));
    if (v.length) await db.insertInto('roadmap_objective').values(v).execute();
  }
  if (l.outcomeIds) {
    await db.deleteFrom('roadmap_outcome').where('roadmap_id', '=', id).execute();
    const v = [...new Set(l.outcomeIds)].map((outcome_id) => ({ roadmap_id: id, outcome_id }));
    if (v.length) await db.insertInto('roadmap_outcome').values(v).execute();
  }
  if (l.leadCountries || l.countries) {
    const current = await db.selectFrom('roadmap_country').select(['country_code', 'role']).where('roadmap_id', '=', id).execute();
    const lead = l.leadCountries ?? current.filter((c) => c.role === 'lead').map((c) => c.country_code);
    const part = (l.countries ?? current.filter((c) => c.role === 'participant').map((c) => c.country_code)).filter((c) => !lead.includes(c));
    await db.deleteFrom('roadmap_country').where('roadmap_id', '=', id).execute();
    const v = [
      ...[...new Set(lead)].map((c) => ({ roadmap_id: id, country_code: c, role: 'lead' as const })),
      ...[...new Set(part)].map((c) => ({ roadmap_id: id, country_code: c, role: 'participant' as const })),
    ];
    if (v.length) await db.insertInto('roadmap_country').values(v).execute();
  }
  if (l.organisationIds) {
    await db.deleteFrom('roadmap_organisation').where('roadmap_id', '=', id).execute();
    const v = [...new Set(l.organisationIds)].map((organisation_id) => ({ roadmap_id: id, organisation_id }));
    if (v.length) await db.insertInto('roadmap_organisation').values(v).execute();
  }
}

export interface ActionValues {
  title?: Localized;
  responsibleCountry?: string | null;
  responsibleOrganisationId?: string | null;
  dueDate?: string | null;
  status?: CmActionStatus;
}

export async function insertAction(db: Executor, roadmapId: string, a: Required<ActionValues>): Promise<string> {
  const row = await db
    .insertInto('roadmap_action')
    .values({
      roadmap_id: roadmapId,
      title: JSON.stringify(a.title),
      responsible_country: a.responsibleCountry,
      responsible_organisation: a.responsibleOrganisationId,
      due_date: a.dueDate,
      status: a.status,
      position: sql<number>`(select coalesce(max(position), 0) + 1 from roadmap_action where roadmap_id = ${roadmapId}::uuid)`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAction(db: Executor, id: string, a: ActionValues): Promise<void> {
  await db
    .updateTable('roadmap_action')
    .set({
      ...(a.title ? { title: JSON.stringify(a.title) } : {}),
      ...(a.responsibleCountry !== undefined ? { responsible_country: a.responsibleCountry } : {}),
      ...(a.responsibleOrganisationId !== undefined ? { responsible_organisation: a.responsibleOrganisationId } : {}),
      ...(a.dueDate !== undefined ? { due_date: a.dueDate } : {}),
      ...(a.status !== undefined ? { status: a.status } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function setActionPractices(db: Executor, actionId: string, practiceIds: string[]): Promise<void> {
  await db.deleteFrom('action_practice').where('action_id', '=', actionId).execute();
  const v = [...new Set(practiceIds)].map((practice_id) => ({ action_id: actionId, practice_id }));
  if (v.length) await db.insertInto('action_practice').values(v).execute();
}

export async function insertUpdate(
  db: Executor,
  u: { actionId: string; date: string; text: string; evidenceUrl: string | null; statusAfter: CmActionStatus | null; authorId: string | null; authorLabel: string },
): Promise<string> {
  const row = await db
    .insertInto('action_update')
    .values({
      action_id: u.actionId,
      update_date: u.date,
      text: u.text,
      evidence_url: u.evidenceUrl,
      status_after: u.statusAfter,
      author_user_id: u.authorId,
      author_label: u.authorLabel,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PledgeValues {
  title?: Localized;
  description?: Localized;
  kind?: 'financial' | 'technical' | 'policy' | 'process';
  jointly?: boolean;
  matchesPledgeId?: string | null;
  meetingId?: string | null;
  target?: string | null;
  status?: CmActionStatus;
  isPublic?: boolean;
}

export async function insertPledge(db: Executor, p: Required<PledgeValues>, createdBy: string): Promise<string> {
  const row = await db
    .insertInto('pledge')
    .values({
      title: JSON.stringify(p.title),
      description: JSON.stringify(p.description),
      kind: p.kind,
      jointly: p.jointly,
      matches_pledge_id: p.matchesPledgeId,
      meeting_id: p.meetingId,
      target: p.target,
      status: p.status,
      is_public: p.isPublic,
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePledge(db: Executor, id: string, p: PledgeValues): Promise<void> {
  await db
    .updateTable('pledge')
    .set({
      ...(p.title ? { title: JSON.stringify(p.title) } : {}),
      ...(p.description ? { description: JSON.stringify(p.description) } : {}),
      ...(p.kind ? { kind: p.kind } : {}),
      ...(p.jointly !== undefined ? { jointly: p.jointly } : {}),
      ...(p.matchesPledgeId !== undefined ? { matches_pledge_id: p.matchesPledgeId } : {}),
      ...(p.meetingId !== undefined ? { meeting_id: p.meetingId } : {}),
      ...(p.target !== undefined ? { target: p.target } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.isPublic !== undefined ? { is_public: p.isPublic } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function setPledgeLinks(db: Executor, id: string, l: { countries?: string[]; organisationIds?: string[]; objectives?: number[] }): Promise<void> {
  if (l.countries) {
    await db.deleteFrom('pledge_country').where('pledge_id', '=', id).execute();
    const v = [...new Set(l.countries)].map((country_code) => ({ pledge_id: id, country_code }));
    if (v.length) await db.insertInto('pledge_country').values(v).execute();
  }
  if (l.organisationIds) {
    await db.deleteFrom('pledge_organisation').where('pledge_id', '=', id).execute();
    const v = [...new Set(l.organisationIds)].map((organisation_id) => ({ pledge_id: id, organisation_id }));
    if (v.length) await db.insertInto('pledge_organisation').values(v).execute();
  }
  if (l.objectives) {
    await db.deleteFrom('pledge_objective').where('pledge_id', '=', id).execute();
    const v = [...new Set(l.objectives)].map((objective) => ({ pledge_id: id, objective }));
    if (v.length) await db.insertInto('pledge_objective').values(v).execute();
  }
}

export async function insertProgress(
  db: Executor,
  p: { pledgeId: string; date: string; text: string; evidenceUrl: string | null; authorId: string; authorLabel: string },
): Promise<string> {
  const row = await db
    .insertInto('pledge_progress')
    .values({ pledge_id: p.pledgeId, report_date: p.date, text: p.text, evidence_url: p.evidenceUrl, author_user_id: p.authorId, author_label: p.authorLabel })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function meetingIdByKey(db: Executor, key: string): Promise<string | undefined> {
  return (await db.selectFrom('meeting').select('id').where('key', '=', key).executeTakeFirst())?.id;
}
export async function pledgeExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('pledge').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** An uploaded, not yet cited file of this action and person, locked for the update that cites it. */
export async function claimEvidenceFile(db: Executor, fileId: string, actionId: string, userId: string): Promise<boolean> {
  const f = await db
    .selectFrom('action_evidence_file')
    .select('id')
    .where('id', '=', fileId)
    .where('action_id', '=', actionId)
    .where('update_id', 'is', null)
    .where('created_by', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  return !!f;
}

export async function attachEvidenceFile(db: Executor, fileId: string, updateId: string): Promise<void> {
  await db.updateTable('action_evidence_file').set({ update_id: updateId }).where('id', '=', fileId).execute();
}
