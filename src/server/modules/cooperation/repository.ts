import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import type { CooperationStatus, CoopStatus } from './tables.ts';

/** The only code touching the cooperation module's tables. */
export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export interface RequestRow {
  id: string;
  country_code: string;
  title: Localized;
  description: Localized;
  objectives: number[];
  target_groups: string[];
  kinds: string[];
  timeframe: string | null;
  contact: string | null;
  visibility: 'members' | 'public';
  status: CoopStatus;
  created_at: Date;
  published_at: Date | null;
}
export interface OfferRow {
  id: string;
  country_code: string | null;
  organisation_id: string | null;
  organisation_code: string | null;
  title: Localized;
  description: Localized;
  conditions: Localized;
  objectives: number[];
  target_groups: string[];
  kinds: string[];
  contact: string | null;
  visibility: 'members' | 'public';
  status: CoopStatus;
  created_at: Date;
  published_at: Date | null;
}
export interface CooperationRow {
  id: string;
  request_id: string;
  request_title: Localized;
  request_country: string;
  offer_id: string | null;
  offer_title: Localized | null;
  partner_country: string | null;
  partner_organisation: string | null;
  partner_organisation_code: string | null;
  status: CooperationStatus;
  requester_interest_at: Date | null;
  partner_interest_at: Date | null;
  roadmap_action_id: string | null;
  roadmap_id: string | null;
  updated_at: Date;
}

const trimCode = <T extends { country_code: string | null }>(r: T): T => ({ ...r, country_code: r.country_code?.trim() ?? null });

export async function requests(db: Executor, where: { id?: string; forUpdate?: boolean } = {}): Promise<RequestRow[]> {
  let q = db.selectFrom('coop_request').select(['id', 'country_code', 'title', 'description', 'objectives', 'target_groups', 'kinds', 'timeframe', 'contact', 'visibility', 'status', 'created_at', 'published_at']);
  if (where.id) q = q.where('id', '=', where.id);
  if (where.forUpdate) q = q.forUpdate();
  const rows = await q.orderBy('published_at', 'desc').orderBy('created_at', 'desc').execute();
  return rows.map((r) => trimCode(r));
}

export async function offers(db: Executor, where: { id?: string; forUpdate?: boolean } = {}): Promise<OfferRow[]> {
  let q = db
    .selectFrom('coop_offer as f')
    .leftJoin('organisation as o', 'o.id', 'f.organisation_id')
    .select(['f.id', 'f.country_code', 'f.organisation_id', 'o.code as organisation_code', 'f.title', 'f.description', 'f.conditions', 'f.objectives', 'f.target_groups', 'f.kinds', 'f.contact', 'f.visibility', 'f.status', 'f.created_at', 'f.published_at']);
  if (where.id) q = q.where('f.id', '=', where.id);
  if (where.forUpdate) q = q.forUpdate(['f']);
  const rows = await q.orderBy('f.published_at', 'desc').orderBy('f.created_at', 'desc').execute();
  return rows.map((r) => trimCode(r));
}

/** Published offers sharing an objective and a kind of support with a need (the matching's offers). */
export async function offersFor(db: Executor, objectives: number[], kinds: string[], publicOnly: boolean, limit: number): Promise<(OfferRow & { shared_objectives: number[]; shared_kinds: string[] })[]> {
  const rows = await sql<OfferRow & { shared_objectives: number[]; shared_kinds: string[] }>`
    select f.id, f.country_code, f.organisation_id, o.code as organisation_code, f.title, f.description, f.conditions, f.objectives, f.target_groups,
      f.kinds, f.contact, f.visibility, f.status, f.created_at, f.published_at,
      array(select unnest(f.objectives) intersect select unnest(${objectives}::int[]) order by 1) as shared_objectives,
      array(select unnest(f.kinds) intersect select unnest(${kinds}::text[]) order by 1) as shared_kinds
    from coop_offer f left join organisation o on o.id = f.organisation_id
    where f.status = 'published' and f.objectives && ${objectives}::int[] and f.kinds && ${kinds}::text[]
      and (${!publicOnly} or f.visibility = 'public')
    order by cardinality(array(select unnest(f.objectives) intersect select unnest(${objectives}::int[]))) desc,
      cardinality(array(select unnest(f.kinds) intersect select unnest(${kinds}::text[]))) desc, f.published_at desc, f.id
    limit ${limit}`.execute(db);
  return rows.rows.map(trimCode);
}

export async function cooperations(db: Executor, where: { id?: string; requestId?: string; country?: string; organisationId?: string; forUpdate?: boolean }): Promise<CooperationRow[]> {
  let q = db
    .selectFrom('cooperation as c')
    .innerJoin('coop_request as r', 'r.id', 'c.request_id')
    .leftJoin('coop_offer as f', 'f.id', 'c.offer_id')
    .leftJoin('organisation as o', 'o.id', 'c.partner_organisation')
    .leftJoin('roadmap_action as a', 'a.id', 'c.roadmap_action_id')
    .select([
      'c.id',
      'c.request_id',
      'r.title as request_title',
      'r.country_code as request_country',
      'c.offer_id',
      'f.title as offer_title',
      'c.partner_country',
      'c.partner_organisation',
      'o.code as partner_organisation_code',
      'c.status',
      'c.requester_interest_at',
      'c.partner_interest_at',
      'c.roadmap_action_id',
      'a.roadmap_id',
      'c.updated_at',
    ]);
  if (where.id) q = q.where('c.id', '=', where.id);
  if (where.requestId) q = q.where('c.request_id', '=', where.requestId);
  if (where.country) q = q.where((eb) => eb.or([eb('c.partner_country', '=', where.country!), eb('r.country_code', '=', where.country!)]));
  if (where.organisationId) q = q.where('c.partner_organisation', '=', where.organisationId);
  if (where.forUpdate) q = q.forUpdate(['c']);
  const rows = await q.orderBy('c.updated_at', 'desc').execute();
  return rows.map((r) => ({ ...r, request_country: r.request_country.trim(), partner_country: r.partner_country?.trim() ?? null }));
}

export async function history(db: Executor, entityId: string) {
  return db.selectFrom('coop_history').select(['status', 'note', 'actor_label', 'at']).where('entity_id', '=', entityId).orderBy('at').orderBy('id').execute();
}

export async function addHistory(db: Executor, e: { entityType: 'request' | 'offer' | 'cooperation'; entityId: string; status: string; note?: string | null; actorId: string | null; actorLabel: string }) {
  await db
    .insertInto('coop_history')
    .values({ entity_type: e.entityType, entity_id: e.entityId, status: e.status, note: e.note ?? null, actor_user_id: e.actorId, actor_label: e.actorLabel })
    .execute();
}

/** Names for the codes the answers show: every country and organisation (small tables). */
export async function names(db: Executor) {
  const [countries, orgs] = await Promise.all([
    db.selectFrom('ref_country').select(['code', 'name']).execute(),
    db.selectFrom('organisation').select(['id', 'code', 'name', 'acronym']).execute(),
  ]);
  return {
    countries: new Map(countries.map((c) => [c.code.trim(), c.name])),
    orgsById: new Map(orgs.map((o) => [o.id, o])),
    orgsByCode: new Map(orgs.map((o) => [o.code, o])),
  };
}
export type Names = Awaited<ReturnType<typeof names>>;

export async function knownObjectives(db: Executor, numbers: number[]): Promise<Set<number>> {
  if (numbers.length === 0) return new Set();
  const rows = await db.selectFrom('ref_gcm_objective').select('number').where('number', 'in', numbers).execute();
  return new Set(rows.map((r) => r.number));
}

export async function objectiveTitles(db: Executor): Promise<{ number: number; title: Localized }[]> {
  return (await db.selectFrom('ref_gcm_objective').select(['number', 'title']).orderBy('number').execute());
}

/** Active accounts that speak for a party: a country's focal points, an organisation's contributors. */
export async function partyPeople(db: Executor, party: { country?: string | null; organisationId?: string | null }): Promise<{ id: string; email: string; locale: string }[]> {
  if (party.country) {
    return db.selectFrom('app_user').select(['id', 'email', 'locale']).where('role', '=', 'focal_point').where('status', '=', 'active').where('country_code', '=', party.country).execute();
  }
  if (party.organisationId) {
    return db.selectFrom('app_user').select(['id', 'email', 'locale']).where('role', '=', 'contributor').where('status', '=', 'active').where('organisation_id', '=', party.organisationId).execute();
  }
  return [];
}
