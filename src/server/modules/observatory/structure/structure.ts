import type { Executor } from '../../../platform/db/database.ts';
import type { Localized } from '../../../platform/db/schema.ts';
import { pick, type Locale } from '../../../platform/i18n/index.ts';

/** The dimensions of every MIG_FLOWS-like dataflow, in key order, with their table columns. */
export const DIMENSION_COLUMNS = {
  REF_AREA: 'ref_area',
  FLOW: 'flow',
  CITIZENSHIP: 'citizenship',
  COUNTERPART_AREA: 'counterpart_area',
  SEX: 'sex',
  AGE: 'age',
  DISABILITY: 'disability',
  ETHNICITY: 'ethnicity',
  LOCATION: 'location',
} as const;
export type DimensionId = keyof typeof DIMENSION_COLUMNS;
export const DIMENSION_IDS = Object.keys(DIMENSION_COLUMNS) as DimensionId[];
/** Dimensions that are not the reporting country, the flow or the period: they have a total (_T). */
export const BREAKDOWN_IDS: DimensionId[] = ['CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY', 'LOCATION'];
export const TOTAL = '_T';

export interface CodeInfo {
  code: string;
  name: Localized;
  parent: string | null;
  isAggregate: boolean;
}
export interface DimensionInfo {
  id: string;
  position: number;
  name: Localized;
  codelistId: string | null;
  codes: Map<string, CodeInfo>;
}
export interface Structure {
  id: string;
  agency: string;
  version: string;
  name: Localized;
  frequency: 'M' | 'Q' | 'A';
  unit: string;
  suppressionThreshold: number;
  dimensions: DimensionInfo[];
  byId: Map<string, DimensionInfo>;
  /** `CRM:MIG_FLOWS(1.0)` */
  urn: string;
}

export async function loadStructure(db: Executor, id: string): Promise<Structure | null> {
  const df = await db.selectFrom('obs_dataflow').selectAll().where('id', '=', id).executeTakeFirst();
  if (!df) return null;
  const dims = await db.selectFrom('obs_dimension').selectAll().where('dataflow_id', '=', id).orderBy('position').execute();
  const listIds = dims.map((d) => d.codelist_id).filter((x): x is string => x !== null);
  const codes = listIds.length
    ? await db.selectFrom('obs_code').selectAll().where('codelist_id', 'in', listIds).orderBy('codelist_id').orderBy('position').execute()
    : [];
  const dimensions: DimensionInfo[] = dims.map((d) => ({
    id: d.id,
    position: d.position,
    name: d.name,
    codelistId: d.codelist_id,
    codes: new Map(
      codes
        .filter((c) => c.codelist_id === d.codelist_id)
        .map((c) => [c.code, { code: c.code, name: c.name, parent: c.parent, isAggregate: c.is_aggregate }]),
    ),
  }));
  return {
    id: df.id,
    agency: df.agency,
    version: df.version,
    name: df.name,
    frequency: df.frequency,
    unit: df.unit,
    suppressionThreshold: df.suppression_threshold,
    dimensions,
    byId: new Map(dimensions.map((d) => [d.id, d])),
    urn: `${df.agency}:${df.id}(${df.version})`,
  };
}

export function describeStructure(s: Structure, locale: Locale) {
  return {
    id: s.id,
    urn: s.urn,
    agency: s.agency,
    version: s.version,
    name: pick(s.name, locale),
    names: s.name,
    frequency: s.frequency,
    unit: s.unit,
    measure: 'OBS_VALUE',
    attributes: ['OBS_STATUS', 'CONF_STATUS', 'COMMENT'],
    suppressionThreshold: s.suppressionThreshold,
    dimensions: s.dimensions.map((d) => ({
      id: d.id,
      position: d.position,
      name: pick(d.name, locale),
      names: d.name,
      codelist: d.codelistId,
      codes: [...d.codes.values()].map((c) => ({
        id: c.code,
        name: pick(c.name, locale),
        names: c.name,
        ...(c.parent ? { parent: c.parent } : {}),
        ...(c.isAggregate ? { aggregate: true } : {}),
      })),
    })),
  };
}
