import type { Json, Localized, Stamp } from '../../platform/db/schema.ts';

// The reference module's tables (migration 0010), added to the platform's `DB` at the end (why: platform/db/schema.ts).
export interface RefCountryTable {
  code: string;
  alpha2: string;
  numeric_code: string;
  name: Json<Localized>;
  memberships: string[];
  updated_at: Stamp;
}
export interface RefGcmObjectiveTable {
  number: number;
  title: Json<Localized>;
  short_title: Json<Localized>;
  updated_at: Stamp;
}
export interface RefGcmPrincipleTable {
  code: string;
  position: number;
  title: Json<Localized>;
  description: Json<Localized | null>;
  updated_at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    ref_country: RefCountryTable;
    ref_gcm_objective: RefGcmObjectiveTable;
    ref_gcm_principle: RefGcmPrincipleTable;
  }
}
