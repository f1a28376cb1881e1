import { z } from 'zod';
import { CAUSES } from '../incident-causes.ts';

/**
 * The incidents API (`/api/v1/incidents…`, issue 19): missing-migrant incidents, their map
 * (GeoJSON), SDG 10.7.3 and the imports of IOM's files (ADR 0027). The server's routes use
 * these schemas; the web imports their types.
 */

export { CAUSES };

// --- questions ---
const codeList = z
  .string()
  .regex(/^[A-Z]{3}(,[A-Z]{3})*$/)
  .transform((v) => v.split(','));
export const incidentFilters = z.object({
  from: z.coerce.number().int().min(1990).max(2100).optional(),
  to: z.coerce.number().int().min(1990).max(2100).optional(),
  route: z.string().max(120).optional(),
  cause: z.string().max(200).optional(),
  country: codeList.optional(),
  origin: codeList.optional(),
  region: z.enum(['americas', 'world']).default('world'),
  bbox: z
    .string()
    .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/)
    .transform((v) => v.split(',').map(Number) as [number, number, number, number])
    .optional(),
  status: z.enum(['reported', 'verified']).optional(),
});
export type IncidentFilters = z.infer<typeof incidentFilters>;
export const listQuery = incidentFilters.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(['json', 'geojson', 'csv']).default('json'),
});
export const summaryQuery = incidentFilters.extend({ by: z.enum(['total', 'country', 'origin', 'route']).default('total'), interval: z.enum(['year', 'month']).default('year') });

const count = z.number().int().min(0).max(100_000).nullable().optional();
export const incidentBody = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    precision: z.enum(['day', 'month']).default('day'),
    countryCode: z.string().regex(/^[A-Z]{3}$/).nullable().optional(),
    place: z.string().max(500).nullable().optional(),
    lat: z.number().min(-90).max(90).nullable().optional(),
    lon: z.number().min(-180).max(180).nullable().optional(),
    route: z.string().max(120).nullable().optional(),
    dead: count,
    missing: count,
    /** only when the source gives no split */
    deadAndMissing: count,
    survivors: count,
    females: count,
    males: count,
    children: count,
    origins: z.array(z.object({ code: z.string().regex(/^([A-Z]{3})$/), count: z.number().int().min(0).nullable().optional() })).max(30).default([]),
    cause: z.enum(CAUSES).nullable().optional(),
    type: z.enum(['incident', 'split', 'cumulative']).default('incident'),
    infoSource: z.string().max(1000).nullable().optional(),
    quality: z.number().int().min(1).max(5).nullable().optional(),
    url: z.string().url().max(2000).regex(/^https?:\/\//).nullable().optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type IncidentBody = z.infer<typeof incidentBody>;

// --- answers ---
export const incident = z.object({
  id: z.string(),
  mainId: z.string().nullable(),
  date: z.string(),
  precision: z.enum(['day', 'month']),
  countryCode: z.string().nullable(),
  region: z.string().nullable(),
  place: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  route: z.string().nullable(),
  dead: z.number().nullable(),
  missing: z.number().nullable(),
  deadAndMissing: z.number(),
  /** false: the source gives only the sum of dead and missing */
  split: z.boolean(),
  survivors: z.number().nullable(),
  females: z.number().nullable(),
  males: z.number().nullable(),
  children: z.number().nullable(),
  origins: z.array(z.object({ code: z.string(), count: z.number().nullable() })),
  originRegion: z.string().nullable(),
  cause: z.string().nullable(),
  type: z.enum(['incident', 'split', 'cumulative']),
  infoSource: z.string().nullable(),
  sourceQuality: z.number().nullable(),
  url: z.string().nullable(),
  status: z.enum(['reported', 'verified', 'withdrawn']),
  version: z.number(),
  verifiedAt: z.string().nullable(),
});
export type Incident = z.infer<typeof incident>;
export const incidentDetail = incident.extend({
  /** the reader may correct it: its author, or whoever may verify */
  canCorrect: z.boolean(),
  revisions: z.array(z.object({ version: z.number(), at: z.string(), by: z.string().nullable(), change: z.string() })),
});
export type IncidentDetail = z.infer<typeof incidentDetail>;
export const incidentPage = z.object({
  total: z.number(),
  deadAndMissing: z.number(),
  items: z.array(incident),
  page: z.number(),
  pageSize: z.number(),
  source: z.string(),
});
export type IncidentPage = z.infer<typeof incidentPage>;

/** One point of the map (format=geojson); the answer is a FeatureCollection of these. */
export const incidentFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({ date: z.string(), n: z.number(), route: z.string().nullable(), cause: z.string().nullable(), country: z.string().nullable() }),
});
export type IncidentFeature = z.infer<typeof incidentFeature>;
export const incidentCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(incidentFeature) });

export const summaryRow = z.object({
  year: z.number(),
  /** `YYYY-MM`, with interval=month */
  month: z.string().optional(),
  key: z.string(),
  value: z.number(),
  incidents: z.number(),
});
export type SummaryRow = z.infer<typeof summaryRow>;
export const summaryOut = z.object({
  indicator: z.literal('SDG 10.7.3'),
  title: z.string(),
  by: z.enum(['total', 'country', 'origin', 'route']),
  interval: z.enum(['year', 'month']),
  filters: z.record(z.string(), z.unknown()),
  rows: z.array(summaryRow),
  source: z.string(),
});
export type Summary = z.infer<typeof summaryOut>;

export const route = z.object({ name: z.string(), label: z.record(z.string(), z.string()) });
export type Route = z.infer<typeof route>;
export const routesOut = z.object({ items: z.array(route) });

/** The whole-file report of an incidents import, in the person's language. */
export const importReport = z.object({
  id: z.string(),
  /** `validating`: a large file still being read (progress); `failed`: it could not be read (failure) */
  status: z.enum(['validating', 'validated', 'refused', 'applied', 'failed']),
  createdAt: z.string(),
  /** while `validating`: the rows read so far and the file's rows (null until known) */
  progress: z.object({ read: z.number(), total: z.number().nullable() }),
  failure: z.string().nullable(),
  fileName: z.string(),
  /** `mmp-current`, `mmp-old` or `gdi` (named in `incidents.import.layout.*`) */
  layout: z.string(),
  rows: z.number(),
  valid: z.number(),
  added: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  errorCount: z.number(),
  warningCount: z.number(),
  errors: z.array(z.object({ row: z.number(), message: z.string() })),
  warnings: z.array(z.object({ row: z.number(), message: z.string() })),
  /** `fields` are the stored columns a re-import changes (`incident_date`, `dead`, …) */
  changes: z.array(z.object({ key: z.string(), id: z.string(), fields: z.array(z.string()) })),
});
export type ImportReport = z.infer<typeof importReport>;
export const importsOut = z.object({ items: z.array(importReport) });
