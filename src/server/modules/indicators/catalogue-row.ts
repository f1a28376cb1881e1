import type { Selectable } from 'kysely';
import type { IndIndicatorTable } from './tables.ts';
import type { IndicatorDetail, IndicatorSummary, ValueOrigin } from './types.ts';

export type IndicatorRow = Selectable<IndIndicatorTable>;

/** A catalogue row as the version history keeps it (everything but the bookkeeping). */
export function rowData(r: IndicatorRow): Record<string, unknown> {
  const { created_at: _c, updated_at: _u, updated_by: _b, ...data } = r;
  return data;
}

export function toSummary(r: IndicatorRow): IndicatorSummary {
  return {
    code: r.code,
    name: { es: r.name.es ?? null, en: r.name.en },
    nameEsDraft: r.name_es_draft,
    objectives: r.objectives,
    sdg: r.sdg,
    type: r.type,
    unit: r.unit,
    direction: r.direction,
    directionConfirmed: r.direction_confirmed,
    official: r.official,
    inA79590: r.in_a79590,
    custodian: r.custodian,
    computable: r.mig_flows.computable === 'yes',
    retired: r.retired,
  };
}

export function toDetail(r: IndicatorRow): IndicatorDetail {
  const mf = r.mig_flows;
  return {
    ...toSummary(r),
    nameEsStatus: r.name_es_status,
    sdgSeries: r.sdg_series,
    directionBasis: r.direction_basis,
    disaggregations: r.disaggregations,
    definition: { en: r.definition.en ?? '', es: r.definition.es ?? null },
    typicalSource: r.typical_source,
    arrival: r.arrival as ValueOrigin[],
    officialStatus: r.official_status,
    confidence: r.confidence,
    sources: r.sources,
    mappingBasis: r.mapping_basis,
    notes: r.notes,
    migFlows: { computable: mf.computable === 'yes' || mf.computable === 'partial' ? mf.computable : 'no', how: mf.how ?? null, gaps: mf.gaps ?? null },
    computation: r.computation,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}
