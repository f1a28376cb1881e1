import type { Selectable } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import { requireRole } from '../../platform/authz.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { organisationCode } from '../identity/index.ts';
import type { IncIncidentTable } from './tables.ts';

/**
 * Recording, correcting and verifying one incident. Who: a country's focal point, an
 * organisation's contributor, the secretariat. A record is `reported` until the secretariat
 * or IOM verifies it; only verified records are public. Every change is a revision.
 * Personal details are never stored here: the form has no field for names.
 */
export const RECORDERS = ['admin', 'secretariat', 'focal_point', 'contributor'] as const;
export type IncidentRow = Selectable<IncIncidentTable>;


import type { IncidentBody } from '../../../shared/contracts/incidents.ts';
export { CAUSES, incidentBody, type IncidentBody } from '../../../shared/contracts/incidents.ts';

/** Who may verify: the secretariat (and administrators), and IOM's contributors (the data's custodian). */
export async function canVerify(db: Executor, user: UserActor): Promise<boolean> {
  if (user.role === 'admin' || user.role === 'secretariat') return true;
  return user.role === 'contributor' && (await organisationCode(db, user.organisationId)) === 'IOM';
}

/** Routes named by records join the editable list (a new IOM route name is not an error). */
export async function ensureRoutes(tx: Executor, names: (string | null)[]): Promise<void> {
  const uniq = [...new Set(names.filter((n): n is string => !!n))];
  if (uniq.length) await tx.insertInto('inc_route').values(uniq.map((name) => ({ name, label: JSON.stringify({ en: name }) }))).onConflict((oc) => oc.column('name').doNothing()).execute();
}

/** A record's content as its revision keeps it (no bookkeeping columns). */
export function snapshot(r: IncidentRow): Record<string, unknown> {
  const { created_at: _c, updated_at: _u, verified_at: _va, verified_by: _vb, recorded_by: _rb, map_feature: _mf, ...rest } = r;
  return rest;
}

function columns(b: IncidentBody) {
  const split = b.dead != null || b.missing != null;
  const total = split ? (b.dead ?? 0) + (b.missing ?? 0) : b.deadAndMissing;
  if (total == null) throw new Invalid([{ path: 'dead', key: 'incidents.import.noCount' }]);
  if (split && b.deadAndMissing != null && b.deadAndMissing !== total) {
    throw new Invalid([{ path: 'deadAndMissing', key: 'incidents.import.totalMismatch', params: { dead: b.dead ?? 0, missing: b.missing ?? 0, total: b.deadAndMissing } }]);
  }
  if ((b.lat == null) !== (b.lon == null)) throw new Invalid([{ path: 'lat', key: 'incidents.errors.pointHalf' }]);
  return {
    incident_date: b.date,
    date_precision: b.precision,
    country_code: b.countryCode ?? null,
    place: b.place ?? null,
    lat: b.lat ?? null,
    lon: b.lon ?? null,
    route: b.route ?? null,
    dead: b.dead ?? null,
    missing: b.missing ?? null,
    dead_and_missing: total,
    split,
    survivors: b.survivors ?? null,
    females: b.females ?? null,
    males: b.males ?? null,
    children: b.children ?? null,
    origins: JSON.stringify(b.origins.map((o) => ({ code: o.code, count: o.count ?? null }))),
    origin_codes: b.origins.map((o) => o.code),
    cause: b.cause ?? null,
    incident_type: b.type,
    info_source: b.infoSource ?? null,
    source_quality: b.quality ?? null,
    url: b.url ?? null,
  };
}

export class IncidentRecords {
  constructor(private readonly db: Database) {}

  private async checkCountries(b: IncidentBody): Promise<void> {
    const codes = [...new Set([b.countryCode, ...b.origins.map((o) => o.code)].filter((c): c is string => !!c && c !== 'UNK'))];
    if (!codes.length) return;
    const found = await this.db.selectFrom('ref_country').select('code').where('code', 'in', codes).execute();
    const missing = codes.filter((c) => !found.some((f) => f.code === c));
    if (missing.length) throw new Invalid(missing.map((c) => ({ path: 'countryCode', key: 'incidents.import.unknownCountry', params: { value: c } })));
  }

  async create(actor: Actor, meta: RequestMeta, b: IncidentBody): Promise<IncidentRow> {
    const user = requireRole(actor, ...RECORDERS);
    await this.checkCountries(b);
    return this.db.transaction().execute(async (tx) => {
      await ensureRoutes(tx, [b.route ?? null]);
      const row = await tx
        .insertInto('inc_incident')
        .values({ ...columns(b), status: 'reported', recorded_by: user.id, recorded_by_label: user.email, recorder_country: user.countryCode, recorder_organisation: user.organisationId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx.insertInto('inc_incident_revision').values({ incident_id: row.id, version: 1, actor_label: user.email, change: 'create', data: JSON.stringify(snapshot(row)) }).execute();
      await recordAudit(tx, actor, meta, { action: 'incident.create', entityType: 'incident', entityId: row.id, after: snapshot(row) });
      return row;
    });
  }

  /** A correction, by its author or by whoever may verify; the version guards against lost edits. */
  async update(actor: Actor, meta: RequestMeta, id: string, b: IncidentBody): Promise<IncidentRow> {
    const user = requireRole(actor, ...RECORDERS);
    await this.checkCountries(b);
    const verifier = await canVerify(this.db, user);
    return this.db.transaction().execute(async (tx) => {
      const old = await tx.selectFrom('inc_incident').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!old || (!verifier && old.recorded_by !== user.id)) throw new NotFound('incidents.errors.notFound');
      if (b.version !== undefined && b.version !== old.version) throw new Conflict('incidents.errors.editConflict');
      await ensureRoutes(tx, [b.route ?? null]);
      const row = await tx
        .updateTable('inc_incident')
        .set({ ...columns(b), version: old.version + 1, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx.insertInto('inc_incident_revision').values({ incident_id: id, version: row.version, actor_label: user.email, change: 'update', data: JSON.stringify(snapshot(row)) }).execute();
      await recordAudit(tx, actor, meta, { action: 'incident.update', entityType: 'incident', entityId: id, before: snapshot(old), after: snapshot(row) });
      // A correction of a public record changes the public page (drawn pages are dropped, ADR 0010).
      if (row.status === 'verified') await announcePublicChange(tx, { kind: 'incidents' });
      return row;
    });
  }

  async verify(actor: Actor, meta: RequestMeta, id: string): Promise<IncidentRow> {
    const user = requireRole(actor, ...RECORDERS);
    if (!(await canVerify(this.db, user))) throw new Forbidden('incidents.errors.cannotVerify');
    return this.db.transaction().execute(async (tx) => {
      const old = await tx.selectFrom('inc_incident').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!old) throw new NotFound('incidents.errors.notFound');
      if (old.status !== 'reported') throw new Conflict('incidents.errors.notReported');
      const row = await tx
        .updateTable('inc_incident')
        .set({ status: 'verified', verified_by: user.id, verified_at: new Date(), version: old.version + 1, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx.insertInto('inc_incident_revision').values({ incident_id: id, version: row.version, actor_label: user.email, change: 'verify', data: JSON.stringify(snapshot(row)) }).execute();
      await recordAudit(tx, actor, meta, { action: 'incident.verify', entityType: 'incident', entityId: id });
      // Now public: every instance drops the drawn missing-migrants page (ADR 0010).
      await announcePublicChange(tx, { kind: 'incidents' });
      return row;
    });
  }
}
