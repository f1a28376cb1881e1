import type { Generated } from 'kysely';
import type { Json, Stamp } from '../../platform/db/schema.ts';

// The indicators module's tables (migration 0080), added to the platform's `DB` (why: platform/db/schema.ts).
export interface IndIndicatorTable {
  code: string;
  name: Json<{ es: string | null; en: string }>;
  name_es_draft: Generated<boolean>;
  name_es_status: string | null;
  objectives: number[];
  sdg: string | null;
  sdg_series: string[];
  type: 'count' | 'rate' | 'share' | 'ratio' | 'index' | 'policy_presence';
  unit: string;
  direction: Generated<'increase' | 'decrease' | 'none'>;
  direction_basis: string | null;
  /** migration 0081: confirmed by the secretariat (false: the seeded proposal) */
  direction_confirmed: Generated<boolean>;
  disaggregations: string[];
  definition: Json<{ en: string; es: string | null }>;
  custodian: string | null;
  typical_source: string | null;
  arrival: string[];
  official: boolean;
  official_status: string | null;
  in_a79590: string | null;
  confidence: string | null;
  sources: string[];
  mapping_basis: string | null;
  notes: string | null;
  mig_flows: Json<{ computable?: string; how?: string | null; gaps?: string | null }>;
  computation: Json<unknown> | null;
  retired: Generated<boolean>;
  version: Generated<number>;
  created_at: Stamp;
  updated_at: Stamp;
  updated_by: string | null;
}
export interface IndIndicatorVersionTable {
  code: string;
  version: number;
  data: Json<unknown>;
  change: 'seed' | 'create' | 'edit' | 'retire' | 'restore';
  actor_id: string | null;
  actor_label: string;
  at: Stamp;
}
export interface IndValueTable {
  id: Generated<number>;
  code: string;
  country: string;
  period: string;
  disaggregation: Json<Record<string, string>>;
  /** numeric: pg answers a string; read through `Number()` */
  value: string | number | null;
  answer: 'yes' | 'partial' | 'no' | null;
  narrative: string | null;
  evidence: string | null;
  origin: 'computed' | 'reported' | 'imported';
  status: 'provisional' | 'validated' | 'rejected';
  source: Json<{ releases?: string[]; file?: string; note?: string; evidenceUrl?: string }>;
  recorded_by: string | null;
  recorded_at: Stamp;
  superseded_at: Date | null;
}
export interface IndValueStatusTable {
  revision_id: number;
  status: 'provisional' | 'validated' | 'rejected';
  at: Stamp;
  by_user: string | null;
  by_label: string;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    ind_indicator: IndIndicatorTable;
    ind_indicator_version: IndIndicatorVersionTable;
    ind_value: IndValueTable;
    ind_value_status: IndValueStatusTable;
  }
}
