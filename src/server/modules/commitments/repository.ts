import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import type { CmActionStatus } from './tables.ts';
import type { OutcomeKind } from '../../../shared/commitments-vocabulary.ts';
import { existingPracticeIds } from '../practices/index.ts';

/**
 * Reads of the commitments tables (meetings, outcomes, roadmaps, actions, updates,
 * pledges). Writes are in write-repository.ts, aggregates in dashboard-repository.ts.
 */
export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export interface MeetingRow {
  id: string;
  key: string;
  kind: string;
  title: Localized;
  start_date: string | null;
  end_date: string | null;
  host_country: string | null;
  place: string | null;
  source_document: string | null;
  countries: number;
  organisations: number;
  outcomes: number;
}

export async function meetings(db: Executor, key?: string): Promise<MeetingRow[]> {
  const r = await sql<MeetingRow>`
    select m.id, m.key, m.kind, m.title, m.start_date, m.end_date, m.host_country, m.place, m.source_document,
      (select count(*) from meeting_country c where c.meeting_id = m.id)::int as countries,
      (select count(*) from meeting_organisation o where o.meeting_id = m.id)::int as organisations,
      (select count(*) from outcome o where o.meeting_id = m.id)::int as outcomes
    from meeting m
    ${key ? sql`where m.key = ${key}` : sql``}
    order by m.start_date desc nulls last, m.key`.execute(db);
  return r.rows;
}

export async function meetingParticipants(db: Executor, meetingId: string) {
  const countries = await sql<{ code: string; name: Localized }>`
    select c.code, c.name from meeting_country mc join ref_country c on c.code = mc.country_code
    where mc.meeting_id = ${meetingId} order by c.code`.execute(db);
  const organisations = await sql<{ code: string; name: Localized; acronym: string | null; kind: string }>`
    select o.code, o.name, o.acronym, o.kind from meeting_organisation mo join organisation o on o.id = mo.organisation_id
    where mo.meeting_id = ${meetingId} order by o.kind, o.code`.execute(db);
  return { countries: countries.rows, organisations: organisations.rows };
}

export interface OutcomeRow {
  id: string;
  key: string | null;
  meeting_key: string;
  meeting_title: Localized;
  kind: OutcomeKind;
  text: Localized;
  table_label: string | null;
  section: string | null;
  source_document: string | null;
  source_quote: string | null;
  objectives: number[];
  roadmaps: number;
}

export async function outcomes(db: Executor, f: { meetingKey?: string; kind?: string; objective?: number; id?: string; key?: string }): Promise<OutcomeRow[]> {
  const r = await sql<OutcomeRow>`
    select o.id, o.key, m.key as meeting_key, m.title as meeting_title, o.kind, o.text, o.table_label, o.section,
      o.source_document, o.source_quote,
      coalesce((select array_agg(x.objective order by x.objective) from outcome_objective x where x.outcome_id = o.id), '{}') as objectives,
      (select count(*) from roadmap_outcome ro where ro.outcome_id = o.id)::int as roadmaps
    from outcome o join meeting m on m.id = o.meeting_id
    where true
      ${f.meetingKey ? sql`and m.key = ${f.meetingKey}` : sql``}
      ${f.kind ? sql`and o.kind = ${f.kind}` : sql``}
      ${f.objective ? sql`and exists (select 1 from outcome_objective x where x.outcome_id = o.id and x.objective = ${f.objective})` : sql``}
      ${f.id ? sql`and o.id = ${f.id}::uuid` : sql``}
      ${f.key ? sql`and o.key = ${f.key}` : sql``}
    order by m.start_date nulls last, o.position, o.created_at`.execute(db);
  return r.rows;
}

export async function findOutcomeIds(db: Executor, refs: string[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const ids = refs.filter(isUuid);
  const r = await sql<{ id: string; key: string | null }>`
    select id, key from outcome where key = any(${refs}::text[]) ${ids.length ? sql`or id = any(${ids}::uuid[])` : sql``}`.execute(db);
  const out = new Map<string, string>();
  for (const row of r.rows) {
    out.set(row.id, row.id);
    if (row.key) out.set(row.key, row.id);
  }
  return out;
}

export interface RoadmapRow {
  id: string;
  title: Localized;
  purpose: Localized;
  period_start: string | null;
  period_end: string | null;
  is_public: boolean;
  created_at: Date;
  updated_at: Date;
  lead_countries: string[];
  countries: string[];
  organisations: string[];
  objectives: number[];
  outcome_ids: string[];
  actions: number;
  by_status: Record<string, number> | null;
}

export async function roadmaps(db: Executor, f: { publicOnly: boolean; id?: string; ids?: string[] }): Promise<RoadmapRow[]> {
  const r = await sql<RoadmapRow>`
    select r.id, r.title, r.purpose, r.period_start, r.period_end, r.is_public, r.created_at, r.updated_at,
      coalesce((select array_agg(c.country_code order by c.country_code) from roadmap_country c where c.roadmap_id = r.id and c.role = 'lead'), '{}') as lead_countries,
      coalesce((select array_agg(c.country_code order by c.country_code) from roadmap_country c where c.roadmap_id = r.id and c.role = 'participant'), '{}') as countries,
      coalesce((select array_agg(o.code order by o.code) from roadmap_organisation ro join organisation o on o.id = ro.organisation_id where ro.roadmap_id = r.id), '{}') as organisations,
      coalesce((select array_agg(x.objective order by x.objective) from roadmap_objective x where x.roadmap_id = r.id), '{}') as objectives,
      coalesce((select array_agg(x.outcome_id) from roadmap_outcome x where x.roadmap_id = r.id), '{}') as outcome_ids,
      (select count(*) from roadmap_action a where a.roadmap_id = r.id)::int as actions,
      (select jsonb_object_agg(s.status, s.n) from (select a.status, count(*) as n from roadmap_action a where a.roadmap_id = r.id group by a.status) s) as by_status
    from roadmap r
    where true
      ${f.publicOnly ? sql`and r.is_public` : sql``}
      ${f.id ? sql`and r.id = ${f.id}::uuid` : sql``}
      ${f.ids ? sql`and r.id = any(${f.ids}::uuid[])` : sql``}
    order by r.created_at desc`.execute(db);
  return r.rows;
}

export interface ActionRow {
  id: string;
  roadmap_id: string;
  title: Localized;
  responsible_country: string | null;
  responsible_organisation: string | null;
  organisation_code: string | null;
  due_date: string | null;
  status: CmActionStatus;
  position: number;
  updated_at: Date;
  /** Absent in reads that do not need it; an action with neither it nor an update is never called stale. */
  created_at?: Date;
  last_update: string | null;
  practice_ids: string[];
}

export async function actions(db: Executor, f: { roadmapId?: string; roadmapIds?: string[]; id?: string; forUpdate?: boolean }): Promise<ActionRow[]> {
  const r = await sql<ActionRow>`
    select a.id, a.roadmap_id, a.title, a.responsible_country, a.responsible_organisation, o.code as organisation_code,
      a.due_date, a.status, a.position, a.updated_at, a.created_at,
      (select max(u.update_date)::text from action_update u where u.action_id = a.id) as last_update,
      coalesce((select array_agg(p.practice_id) from action_practice p where p.action_id = a.id), '{}') as practice_ids
    from roadmap_action a left join organisation o on o.id = a.responsible_organisation
    where true
      ${f.roadmapId ? sql`and a.roadmap_id = ${f.roadmapId}::uuid` : sql``}
      ${f.roadmapIds ? sql`and a.roadmap_id = any(${f.roadmapIds}::uuid[])` : sql``}
      ${f.id ? sql`and a.id = ${f.id}::uuid` : sql``}
    order by a.position, a.created_at
    ${f.forUpdate ? sql`for update of a` : sql``}`.execute(db);
  return r.rows;
}

export interface UpdateRow {
  id: string;
  action_id: string;
  update_date: string;
  text: string;
  evidence_url: string | null;
  status_after: string | null;
  author_label: string;
  created_at: Date;
}

export async function updates(db: Executor, actionIds: string[]): Promise<UpdateRow[]> {
  if (actionIds.length === 0) return [];
  return db
    .selectFrom('action_update')
    .select(['id', 'action_id', 'update_date', 'text', 'evidence_url', 'status_after', 'author_label', 'created_at'])
    .where('action_id', 'in', actionIds)
    .orderBy('update_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export { practicesByIds } from '../practices/index.ts';

export interface PledgeRow {
  id: string;
  title: Localized;
  description: Localized;
  kind: string;
  jointly: boolean;
  matches_pledge_id: string | null;
  meeting_key: string | null;
  target: string | null;
  status: CmActionStatus;
  is_public: boolean;
  countries: string[];
  organisations: string[];
  objectives: number[];
  reports: number;
  last_report: string | null;
  updated_at: Date;
}

export async function pledges(db: Executor, f: { publicOnly: boolean; id?: string; country?: string }): Promise<PledgeRow[]> {
  const r = await sql<PledgeRow>`
    select p.id, p.title, p.description, p.kind, p.jointly, p.matches_pledge_id, m.key as meeting_key, p.target, p.status, p.is_public, p.updated_at,
      coalesce((select array_agg(c.country_code order by c.country_code) from pledge_country c where c.pledge_id = p.id), '{}') as countries,
      coalesce((select array_agg(o.code order by o.code) from pledge_organisation po join organisation o on o.id = po.organisation_id where po.pledge_id = p.id), '{}') as organisations,
      coalesce((select array_agg(x.objective order by x.objective) from pledge_objective x where x.pledge_id = p.id), '{}') as objectives,
      (select count(*) from pledge_progress x where x.pledge_id = p.id)::int as reports,
      (select max(x.report_date)::text from pledge_progress x where x.pledge_id = p.id) as last_report
    from pledge p left join meeting m on m.id = p.meeting_id
    where true
      ${f.publicOnly ? sql`and p.is_public` : sql``}
      ${f.id ? sql`and p.id = ${f.id}::uuid` : sql``}
      ${f.country ? sql`and exists (select 1 from pledge_country c where c.pledge_id = p.id and c.country_code = ${f.country})` : sql``}
    order by p.created_at desc`.execute(db);
  return r.rows;
}

export async function pledgeReports(db: Executor, pledgeId: string) {
  return db
    .selectFrom('pledge_progress')
    .select(['id', 'report_date', 'text', 'evidence_url', 'author_label', 'created_at'])
    .where('pledge_id', '=', pledgeId)
    .orderBy('report_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Codes that exist, for clear "unknown code" messages before any write. */
export async function knownCodes(db: Executor, want: { countries: string[]; organisations: string[]; objectives: number[]; practices: string[] }) {
  const [c, o, g, p] = await Promise.all([
    want.countries.length ? db.selectFrom('ref_country').select('code').where('code', 'in', want.countries).execute() : [],
    want.organisations.length ? db.selectFrom('organisation').select(['id', 'code']).where('code', 'in', want.organisations).execute() : [],
    want.objectives.length ? db.selectFrom('ref_gcm_objective').select('number').where('number', 'in', want.objectives).execute() : [],
    existingPracticeIds(db, want.practices),
  ]);
  return {
    countries: new Set(c.map((r) => r.code)),
    organisations: new Map(o.map((r) => [r.code, r.id])),
    objectives: new Set(g.map((r) => r.number)),
    practices: p,
  };
}

export async function countryNames(db: Executor, codes: string[]): Promise<Map<string, Localized>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('ref_country').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The evidence file each update cites (at most one). */
export async function evidenceFilesOf(db: Executor, updateIds: string[]) {
  if (updateIds.length === 0) return new Map<string, { id: string; filename: string; mediaType: string; size: number }>();
  const rows = await db.selectFrom('action_evidence_file').select(['id', 'update_id', 'filename', 'media_type', 'size_bytes']).where('update_id', 'in', updateIds).execute();
  return new Map(rows.map((r) => [r.update_id!, { id: r.id, filename: r.filename, mediaType: r.media_type, size: r.size_bytes }]));
}
