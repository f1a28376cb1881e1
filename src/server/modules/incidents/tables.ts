import type { Generated } from 'kysely';
import type { Json, Localized, Stamp } from '../../platform/db/schema.ts';

// The incidents module's tables (migration 0070), added to the platform's `DB` (why: platform/db/schema.ts).
export interface Origin {
  code: string;
  count: number | null;
}
export interface IncRouteTable {
  name: string;
  label: Json<Localized>;
  position: Generated<number>;
}
export interface IncIncidentTable {
  id: Generated<string>;
  main_id: string | null;
  source_key: string | null;
  incident_date: string;
  date_precision: 'day' | 'month';
  country_code: string | null;
  region: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  route: string | null;
  dead: number | null;
  missing: number | null;
  dead_and_missing: number;
  split: boolean;
  survivors: number | null;
  females: number | null;
  males: number | null;
  children: number | null;
  origins: Json<Origin[]>;
  origin_codes: string[];
  origin_region: string | null;
  cause: string | null;
  incident_type: 'incident' | 'split' | 'cumulative';
  info_source: string | null;
  source_quality: number | null;
  url: string | null;
  status: Generated<'reported' | 'verified' | 'withdrawn'>;
  recorded_by: string | null;
  recorded_by_label: string;
  recorder_country: string | null;
  recorder_organisation: string | null;
  verified_by: string | null;
  verified_at: Date | null;
  version: Generated<number>;
  created_at: Stamp;
  updated_at: Stamp;
  /** migration 0073: the map's GeoJSON Feature as text, written by a trigger (null without a point) */
  map_feature: Generated<string | null>;
}
export interface IncIncidentRevisionTable {
  incident_id: string;
  version: number;
  at: Stamp;
  actor_label: string;
  change: string;
  data: Json<unknown>;
}
export interface IncImportTable {
  id: Generated<string>;
  user_id: string | null;
  file_name: string;
  layout: string;
  status: 'validating' | 'validated' | 'refused' | 'applied' | 'failed';
  rows: Json<unknown[]>;
  report: Json<unknown>;
  created_at: Stamp;
  applied_at: Date | null;
  rows_read: Generated<number>;
  rows_total: number | null;
  failure: Json<{ key: string; params?: Record<string, unknown> }> | null;
  updated_at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    inc_route: IncRouteTable;
    inc_incident: IncIncidentTable;
    inc_incident_revision: IncIncidentRevisionTable;
    inc_import: IncImportTable;
  }
}
