import fs from 'node:fs';
import { z } from 'zod';
import type { Database, Executor } from '../../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../../platform/http/context.ts';
import { Forbidden, Invalid, NotFound } from '../../../platform/http/errors.ts';
import { requireRole } from '../../../platform/authz.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { ColumnMapping } from './validate.ts';
import { SUBMITTERS } from './submit.ts';
import { columnMapping } from '../../../../shared/contracts/observatory.ts';

/**
 * Saved column mappings: an uploader who told the platform which column is which (and which
 * national codes mean which regional ones) keeps that under a name for their country and
 * dataflow, and the next upload uses it by name. `*` is a regional mapping kept by the
 * secretariat (the shared americas-flows files are imported with three of them).
 */
export const REGIONAL = '*';
// The shape of a column mapping is the API contract's (src/shared/contracts/observatory.ts): one schema for the route and the store.
export const columnMappingSchema = columnMapping;
// printable names only (no control characters)
export const mappingName = z.string().trim().min(1).max(80).refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32));

export interface SavedMapping {
  dataflow: string;
  country: string;
  name: string;
  mapping: ColumnMapping;
  updatedAt: string;
}


/** The country a caller's mappings belong to: a focal point's own; the secretariat's choice (or `*`). */
function ownerCountry(user: UserActor, asked: string | null | undefined): string {
  if (user.role === 'focal_point') {
    if (!user.countryCode) throw new Forbidden();
    if (asked && asked.toUpperCase() !== user.countryCode && asked !== REGIONAL) throw new Forbidden();
    return asked === REGIONAL ? REGIONAL : user.countryCode;
  }
  return asked ? (asked === REGIONAL ? REGIONAL : asked.toUpperCase()) : REGIONAL;
}

export class MappingStore {
  constructor(private readonly db: Database) {}

  /** The mappings a caller may use for a dataflow: their country's and the regional ones. */
  async list(actor: Actor, dataflowId: string, country?: string | null): Promise<{ items: SavedMapping[] }> {
    const user = requireRole(actor, ...SUBMITTERS);
    let q = this.db.selectFrom('obs_column_mapping').selectAll().where('dataflow_id', '=', dataflowId);
    if (user.role === 'focal_point') q = q.where('country_code', 'in', [user.countryCode ?? '', REGIONAL]);
    else if (country) q = q.where('country_code', 'in', [country.toUpperCase(), REGIONAL]);
    const rows = await q.orderBy('country_code').orderBy('name').execute();
    return { items: rows.map(out) };
  }

  /** Saves (or replaces) a named mapping for the caller's country — or, for the secretariat, any country or `*`. */
  async save(actor: Actor, meta: RequestMeta | null, input: { dataflowId: string; name: string; mapping: ColumnMapping; country?: string | null }, db: Executor = this.db): Promise<SavedMapping> {
    const user = requireRole(actor, ...SUBMITTERS);
    if (input.country === REGIONAL && user.role === 'focal_point') throw new Forbidden();
    const country = ownerCountry(user, input.country);
    const name = mappingName.safeParse(input.name);
    if (!name.success) throw new Invalid([{ path: 'name', key: 'observatory.errors.mappingName' }]);
    const parsed = columnMappingSchema.safeParse(input.mapping);
    if (!parsed.success) throw new Invalid([{ path: 'mapping', key: 'errors.mappingInvalid' }]);
    const df = await db.selectFrom('obs_dataflow').select('id').where('id', '=', input.dataflowId).executeTakeFirst();
    if (!df) throw new NotFound('errors.dataflowNotFound', { id: input.dataflowId });
    if (country !== REGIONAL && !(await db.selectFrom('ref_country').select('code').where('code', '=', country).executeTakeFirst())) {
      throw new Invalid([{ path: 'country', key: 'errors.countryNotFound', params: { code: country } }]);
    }
    const before = await db.selectFrom('obs_column_mapping').select('mapping').where('dataflow_id', '=', df.id).where('country_code', '=', country).where('name', '=', name.data).executeTakeFirst();
    const row = await db
      .insertInto('obs_column_mapping')
      .values({ dataflow_id: df.id, country_code: country, name: name.data, mapping: JSON.stringify(parsed.data), created_by: user.id, updated_by: user.id })
      .onConflict((oc) => oc.columns(['dataflow_id', 'country_code', 'name']).doUpdateSet({ mapping: JSON.stringify(parsed.data), updated_by: user.id, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(db, actor, meta, { action: 'observatory.mapping_save', entityType: 'obs_column_mapping', entityId: `${df.id}/${country}/${name.data}`, before: before?.mapping ?? undefined, after: parsed.data });
    return out(row);
  }

  /**
   * The mapping a caller's upload names: their country's first, then the regional one. The
   * secretariat names the country the file is for (or gets the regional mapping).
   */
  async resolve(actor: Actor, dataflowId: string, name: string, country?: string | null): Promise<ColumnMapping> {
    const user = requireRole(actor, ...SUBMITTERS);
    const own = user.role === 'focal_point' ? user.countryCode : country ? country.toUpperCase() : null;
    const rows = await this.db
      .selectFrom('obs_column_mapping')
      .select(['country_code', 'mapping'])
      .where('dataflow_id', '=', dataflowId)
      .where('name', '=', name.trim())
      .where('country_code', 'in', own ? [own, REGIONAL] : [REGIONAL])
      .execute();
    const hit = rows.find((r) => r.country_code === own) ?? rows.find((r) => r.country_code === REGIONAL);
    if (!hit) throw new NotFound('observatory.errors.mappingNotFound', { name: name.trim() });
    return hit.mapping;
  }
}

function out(r: { dataflow_id: string; country_code: string; name: string; mapping: unknown; updated_at: Date }): SavedMapping {
  return { dataflow: r.dataflow_id, country: r.country_code, name: r.name, mapping: r.mapping as ColumnMapping, updatedAt: new Date(r.updated_at).toISOString() };
}

/** The fields a submission may carry to use or keep a saved mapping (multipart fields or JSON keys). */
export const savedMappingFields = {
  /** use this saved mapping (the uploader's country's, else the regional one) */
  mappingName: z.string().max(80).optional(),
  /** keep the mapping given with this submission under this name */
  saveMappingAs: z.string().max(80).optional(),
  /** secretariat: the country the saved mapping belongs to (`*` regional) */
  country: z.string().max(3).optional(),
};
export interface SavedMappingRequest {
  mappingName?: string;
  saveMappingAs?: string;
  country?: string;
}

/** The mapping a submission is validated with; on refusal the uploaded temporary file is removed. */
export async function useSavedMapping(store: MappingStore, actor: Actor, meta: RequestMeta, input: { dataflowId: string; tmpPath: string; mapping: ColumnMapping }, req: SavedMappingRequest): Promise<ColumnMapping> {
  const given = Object.values(input.mapping).some((v) => v && Object.keys(v).length > 0);
  try {
    if (req.mappingName && given) throw new Invalid([{ path: 'mappingName', key: 'observatory.errors.mappingNameAndMapping' }]);
    if (req.mappingName) return await store.resolve(actor, input.dataflowId, req.mappingName, req.country);
    if (req.saveMappingAs) await store.save(actor, meta, { dataflowId: input.dataflowId, name: req.saveMappingAs, mapping: input.mapping, country: req.country ?? null });
    return input.mapping;
  } catch (err) {
    fs.rmSync(input.tmpPath, { force: true });
    throw err;
  }
}
