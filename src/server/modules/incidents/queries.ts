import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Database } from '../../platform/db/database.ts';
import { Invalid, NotFound } from '../../platform/http/errors.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { IncidentDetail, IncidentFilters } from '../../../shared/contracts/incidents.ts';
import { AMERICAS } from './geo.ts';
import { canVerify, RECORDERS, type IncidentRow } from './records.ts';

/**
 * Reading incidents: the filtered list (JSON pages, GeoJSON for the map, CSV), one record with
 * its revisions, and SDG 10.7.3 — people dead or missing in the process of migration — per
 * year, by country of incident, by country of origin or by route.
 * The public sees verified records; the secretariat and IOM every record; others theirs too.
 */
export { incidentFilters, type IncidentFilters } from '../../../shared/contracts/incidents.ts';

type Q = SelectQueryBuilder<DB, 'inc_incident', object>;

export class IncidentQueries {
  constructor(private readonly db: Database) {}

  /** What this reader may see, as a condition. */
  private async visibility(actor: Actor) {
    if (actor.kind === 'user' && (await canVerify(this.db, actor))) return (eb: ExpressionBuilder<DB, 'inc_incident'>) => eb('status', '<>', 'withdrawn');
    if (actor.kind === 'user') return (eb: ExpressionBuilder<DB, 'inc_incident'>) => eb.or([eb('status', '=', 'verified'), eb.and([eb('recorded_by', '=', actor.id), eb('status', '<>', 'withdrawn')])]);
    return (eb: ExpressionBuilder<DB, 'inc_incident'>) => eb('status', '=', 'verified');
  }

  private async filtered(actor: Actor, f: IncidentFilters): Promise<Q> {
    let q: Q = this.db.selectFrom('inc_incident').where(await this.visibility(actor));
    if (f.from !== undefined) q = q.where('incident_date', '>=', `${f.from}-01-01`);
    if (f.to !== undefined) q = q.where('incident_date', '<=', `${f.to}-12-31`);
    if (f.route) q = q.where('route', '=', f.route);
    if (f.cause) q = q.where('cause', '=', f.cause);
    if (f.country) q = q.where('country_code', 'in', f.country);
    if (f.origin) q = q.where(sql<boolean>`origin_codes && ${sql.val(f.origin)}::text[]`);
    if (f.region === 'americas') q = q.where('country_code', 'in', AMERICAS);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.bbox) {
      const [minLon, minLat, maxLon, maxLat] = f.bbox;
      q = q.where('lon', '>=', minLon).where('lon', '<=', maxLon).where('lat', '>=', minLat).where('lat', '<=', maxLat);
    }
    return q;
  }

  async list(actor: Actor, f: IncidentFilters, page: number, pageSize: number) {
    const q = await this.filtered(actor, f);
    const [items, totals] = await Promise.all([
      q.selectAll().orderBy('incident_date', 'desc').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('dead_and_missing'), sql<number>`0`).as('people')]).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(totals.n), deadAndMissing: Number(totals.people), items: items.map(dto) };
  }

  /**
   * Every matching point, as the text of a GeoJSON FeatureCollection with what the map draws
   * (and nothing more). Each record keeps its Feature's text (migration 0073, written by a
   * trigger): PostgreSQL joins them into one value, and the server only wraps it. Parsing
   * 19,669 rows and serialising them again had cost more than the database's own work.
   */
  async geojson(actor: Actor, f: IncidentFilters): Promise<string> {
    const q = await this.filtered(actor, f);
    // Sorted in a subquery, then joined: the plan is a plain Aggregate over the Sort, which
    // keeps its order (geojson.test.ts checks it), and measured twice as fast as an ordered
    // aggregate (`string_agg(… order by …)`), which sorts the wide texts itself.
    const sorted = q.select('map_feature as f').where('map_feature', 'is not', null).orderBy('incident_date').orderBy('id');
    const row = await this.db.transaction().execute(async (tx) => {
      // The texts of every incident (about 7 MB to sort) exceed PostgreSQL's default 4 MB of
      // sort memory: the sort went to disk and took half the query. Only for this query.
      await sql`set local work_mem = '32MB'`.execute(tx);
      return tx.selectFrom(sorted.as('s')).select(sql<string | null>`string_agg(s.f, ',')`.as('features')).executeTakeFirst();
    });
    return `{"type":"FeatureCollection","features":[${row?.features ?? ''}]}`;
  }

  async rows(actor: Actor, f: IncidentFilters): Promise<IncidentRow[]> {
    return (await this.filtered(actor, f)).selectAll().orderBy('incident_date').orderBy('id').execute();
  }

  async get(actor: Actor, id: string): Promise<IncidentDetail> {
    const q = await this.filtered(actor, { region: 'world' });
    const row = await q.selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFound('incidents.errors.notFound');
    const revisions = await this.db.selectFrom('inc_incident_revision').select(['version', 'at', 'actor_label', 'change']).where('incident_id', '=', id).orderBy('version').execute();
    // Whether the reader may correct it (records.ts `update`: its author, or whoever may verify), for the web's button.
    const canCorrect = actor.kind === 'user' && (RECORDERS as readonly string[]).includes(actor.role) && (row.recorded_by === actor.id || (await canVerify(this.db, actor)));
    return { ...dto(row), canCorrect, revisions: revisions.map((r) => ({ version: r.version, at: new Date(r.at).toISOString(), by: actor.kind === 'user' ? r.actor_label : null, change: r.change })) };
  }

  /**
   * SDG 10.7.3 per year and key. By origin, an incident counts for its one country of origin,
   * or for each origin with its own count; several origins without counts go to `MULTIPLE`
   * (never split by guess).
   */
  async sdg1073(actor: Actor, f: IncidentFilters, by: 'total' | 'country' | 'origin' | 'route', interval: 'year' | 'month' = 'year') {
    const q = await this.filtered(actor, f);
    const year = sql<number>`extract(year from incident_date)::int`;
    // Per month (the public page's monthly chart): the same sums, one row per year, month and key.
    if (interval === 'month') {
      if (by === 'origin') throw new Invalid([{ path: 'interval', key: 'incidents.errors.monthByOrigin' }]);
      const keyExpr = by === 'country' ? sql<string>`coalesce(country_code, 'UNK')` : by === 'route' ? sql<string>`coalesce(route, 'Undefined')` : sql<string>`'_T'`;
      return q
        .select([year.as('year'), sql<string>`to_char(incident_date, 'YYYY-MM')`.as('month'), keyExpr.as('key'), sql<number>`sum(dead_and_missing)::int`.as('value'), sql<number>`count(*)::int`.as('incidents')])
        .groupBy([sql`1`, sql`2`, sql`3`])
        .orderBy(sql`2`)
        .orderBy(sql`3`)
        .execute();
    }
    if (by === 'origin') {
      const r = await sql<{ year: number; key: string; value: number; incidents: number }>`
        with f as (${q.select(['id', 'incident_date', 'dead_and_missing', 'origins'])}),
        parts as (
          select incident_date, o->>'code' as key, case when jsonb_array_length(origins) = 1 then dead_and_missing else (o->>'count')::int end as value
          from f, jsonb_array_elements(origins) o
          where jsonb_array_length(origins) = 1 or not exists (select 1 from jsonb_array_elements(origins) x where x->>'count' is null)
          union all
          select incident_date, case when jsonb_array_length(origins) = 0 then 'UNK' else 'MULTIPLE' end, dead_and_missing
          from f where jsonb_array_length(origins) = 0
             or (jsonb_array_length(origins) > 1 and exists (select 1 from jsonb_array_elements(origins) x where x->>'count' is null))
        )
        select extract(year from incident_date)::int as year, key, sum(value)::int as value, count(*)::int as incidents
        from parts group by 1, 2 order by 1, 2`.execute(this.db);
      return r.rows;
    }
    const keyExpr = by === 'country' ? sql<string>`coalesce(country_code, 'UNK')` : by === 'route' ? sql<string>`coalesce(route, 'Undefined')` : sql<string>`'_T'`;
    const rows = await q
      .select([year.as('year'), keyExpr.as('key'), sql<number>`sum(dead_and_missing)::int`.as('value'), sql<number>`count(*)::int`.as('incidents')])
      .groupBy([sql`1`, sql`2`])
      .orderBy(sql`1`)
      .orderBy(sql`2`)
      .execute();
    return rows;
  }

  async routes() {
    return this.db.selectFrom('inc_route').select(['name', 'label']).orderBy('position').orderBy('name').execute();
  }
}

export function dto(r: IncidentRow) {
  return {
    id: r.id,
    mainId: r.main_id,
    date: r.incident_date,
    precision: r.date_precision,
    countryCode: r.country_code,
    region: r.region,
    place: r.place,
    lat: r.lat,
    lon: r.lon,
    route: r.route,
    dead: r.dead,
    missing: r.missing,
    deadAndMissing: r.dead_and_missing,
    /** false: the source gives only the sum of dead and missing */
    split: r.split,
    survivors: r.survivors,
    females: r.females,
    males: r.males,
    children: r.children,
    origins: r.origins,
    originRegion: r.origin_region,
    cause: r.cause,
    type: r.incident_type,
    infoSource: r.info_source,
    sourceQuality: r.source_quality,
    url: r.url,
    status: r.status,
    version: r.version,
    verifiedAt: r.verified_at === null ? null : new Date(r.verified_at).toISOString(),
  };
}
