import { z } from 'zod';
import type { Database, Executor } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import { requireRole } from '../../platform/authz.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Conflict, Invalid, NotFound } from '../../platform/http/errors.ts';
import { rowData, toDetail, type IndicatorRow } from './catalogue-row.ts';
import { computationSchema } from './computation.ts';
import { DIRECTIONS, INDICATOR_TYPES, VALUE_ORIGINS, type IndicatorDetail } from './types.ts';

/**
 * The secretariat's catalogue: create, edit (a new version each time, the previous kept in
 * ind_indicator_version), retire and restore — audited in the same transaction. Retiring
 * keeps the entry and its values; it only leaves the public catalogue.
 */
export const indicatorInput = z
  .object({
    name: z.object({ es: z.string().trim().min(1).max(500).nullable(), en: z.string().trim().min(1).max(500) }),
    nameEsDraft: z.boolean().default(false),
    objectives: z.array(z.number().int().min(1).max(23)).min(1).max(23),
    sdg: z.string().trim().max(40).nullable().default(null),
    type: z.enum(INDICATOR_TYPES as [string, ...string[]]),
    unit: z.string().trim().max(300).default(''),
    direction: z.enum(DIRECTIONS as [string, ...string[]]),
    directionBasis: z.string().trim().max(1000).nullable().default(null),
    /** the secretariat confirms the desired direction; omitted: true on creation, unchanged on an edit */
    directionConfirmed: z.boolean().optional(),
    disaggregations: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
    definition: z.object({ en: z.string().trim().max(5000), es: z.string().trim().max(5000).nullable() }),
    custodian: z.string().trim().max(300).nullable().default(null),
    arrival: z.array(z.enum(VALUE_ORIGINS as [string, ...string[]])).max(3).default([]),
    official: z.boolean(),
    inA79590: z.string().trim().max(500).nullable().default(null),
    sources: z.array(z.string().trim().min(1).max(1000)).max(30).default([]),
    notes: z.string().trim().max(5000).nullable().default(null),
    computation: computationSchema.nullable().default(null),
  })
  .strict();
export type IndicatorInput = z.infer<typeof indicatorInput>;
export const createInput = indicatorInput.extend({ code: z.string().regex(/^[A-Z0-9][A-Za-z0-9._-]{1,59}$/) });
export const updateInput = indicatorInput.extend({ version: z.number().int().min(1) });

const EDITORS = ['admin', 'secretariat'] as const;

function columns(i: IndicatorInput) {
  return {
    name: JSON.stringify(i.name),
    name_es_draft: i.name.es !== null && i.nameEsDraft,
    objectives: [...new Set(i.objectives)].sort((a, b) => a - b),
    sdg: i.sdg,
    type: i.type as IndicatorRow['type'],
    unit: i.unit,
    direction: i.direction as IndicatorRow['direction'],
    direction_basis: i.directionBasis,
    ...(i.directionConfirmed === undefined ? {} : { direction_confirmed: i.directionConfirmed }),
    disaggregations: i.disaggregations,
    definition: JSON.stringify(i.definition),
    custodian: i.custodian,
    arrival: i.arrival,
    official: i.official,
    in_a79590: i.inA79590,
    sources: i.sources,
    notes: i.notes,
    computation: i.computation === null ? null : JSON.stringify(i.computation),
  };
}

async function keepVersion(tx: Executor, r: IndicatorRow, change: 'create' | 'edit' | 'retire' | 'restore', actor: Actor) {
  const user = actor.kind === 'user' ? actor : null;
  await tx
    .insertInto('ind_indicator_version')
    .values({ code: r.code, version: r.version, data: JSON.stringify(rowData(r)), change, actor_id: user?.id ?? null, actor_label: user?.email ?? 'system' })
    .execute();
}

export class IndicatorEditing {
  constructor(private readonly db: Database) {}

  async create(actor: Actor, meta: RequestMeta, input: z.infer<typeof createInput>): Promise<IndicatorDetail> {
    const user = requireRole(actor, ...EDITORS);
    return this.db.transaction().execute(async (tx) => {
      const exists = await tx.selectFrom('ind_indicator').select('code').where('code', '=', input.code).executeTakeFirst();
      if (exists) throw new Invalid([{ path: 'code', key: 'indicators.errors.codeTaken', params: { code: input.code } }]);
      const { code, ...rest } = input;
      const r = await tx
        .insertInto('ind_indicator')
        .values({ code, direction_confirmed: true, ...columns(rest), sdg_series: [], name_es_status: null, typical_source: null, official_status: null, confidence: null, mapping_basis: null, mig_flows: JSON.stringify({ computable: rest.computation ? 'yes' : 'no', how: null, gaps: null }), updated_by: user.id })
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepVersion(tx, r, 'create', actor);
      await announcePublicChange(tx, { kind: 'indicator' });
      await recordAudit(tx, actor, meta, { action: 'indicator.create', entityType: 'indicator', entityId: code, after: rowData(r) });
      return toDetail(r);
    });
  }

  async update(actor: Actor, meta: RequestMeta, code: string, input: z.infer<typeof updateInput>): Promise<IndicatorDetail> {
    const user = requireRole(actor, ...EDITORS);
    return this.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('ind_indicator').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
      if (!before) throw new NotFound('indicators.errors.unknownIndicator', { code });
      if (before.version !== input.version) throw new Conflict('indicators.errors.editConflict', { version: before.version });
      const { version: _v, ...rest } = input;
      const r = await tx
        .updateTable('ind_indicator')
        .set({ ...columns(rest), version: before.version + 1, updated_at: new Date(), updated_by: user.id })
        .where('code', '=', code)
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepVersion(tx, r, 'edit', actor);
      await announcePublicChange(tx, { kind: 'indicator' });
      await recordAudit(tx, actor, meta, { action: 'indicator.update', entityType: 'indicator', entityId: code, before: rowData(before), after: rowData(r) });
      return toDetail(r);
    });
  }

  async setRetired(actor: Actor, meta: RequestMeta, code: string, retired: boolean): Promise<IndicatorDetail> {
    const user = requireRole(actor, ...EDITORS);
    return this.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('ind_indicator').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
      if (!before) throw new NotFound('indicators.errors.unknownIndicator', { code });
      if (before.retired === retired) return toDetail(before);
      const r = await tx
        .updateTable('ind_indicator')
        .set({ retired, version: before.version + 1, updated_at: new Date(), updated_by: user.id })
        .where('code', '=', code)
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepVersion(tx, r, retired ? 'retire' : 'restore', actor);
      await announcePublicChange(tx, { kind: 'indicator' });
      await recordAudit(tx, actor, meta, { action: retired ? 'indicator.retire' : 'indicator.restore', entityType: 'indicator', entityId: code, before: { retired: before.retired }, after: { retired } });
      return toDetail(r);
    });
  }

  async versions(code: string) {
    const rows = await this.db.selectFrom('ind_indicator_version').select(['version', 'change', 'actor_label', 'at']).where('code', '=', code).orderBy('version', 'desc').execute();
    if (!rows.length) throw new NotFound('indicators.errors.unknownIndicator', { code });
    return rows.map((r) => ({ version: r.version, change: r.change, actor: r.actor_label, at: r.at.toISOString() }));
  }
}
