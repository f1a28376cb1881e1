import { z } from 'zod';
import { timestamp, type Wire } from './time.ts';

/**
 * The observatory's API (ADR 0027): /dataflows, /data, /population, /submissions, /releases,
 * /release-calendar and /observatory. The server's routes (modules/observatory/http) take
 * these as their schemas; the web (features/explore, features/submissions) imports the types.
 */

/** The dimensions of every MIG_FLOWS-like dataflow, in key order (the server's structure checks it is the same list). */
export const DIMENSION_IDS = ['REF_AREA', 'FLOW', 'CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY', 'LOCATION'] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

export const dataflowId = z.string().regex(/^[A-Z0-9_]{1,60}$/);
const level = z.enum(['members', 'public']);
const names = z.object({ es: z.string().optional(), en: z.string().optional() });

// --- structures -----------------------------------------------------------------------------

export const dataflowList = z.object({
  items: z.array(
    z.object({ id: z.string(), urn: z.string(), agency: z.string(), version: z.string(), name: z.string(), names, frequency: z.string(), unit: z.string() }),
  ),
}).describe('The dataflows (data structures)');

export const dataflowCode = z.object({ id: z.string(), name: z.string(), names, parent: z.string().optional(), /** only on aggregates (true) */ aggregate: z.boolean().optional() });
export const dataflowDimension = z.object({ id: z.string(), position: z.number().int(), name: z.string(), names, codelist: z.string().nullable(), codes: z.array(dataflowCode) });
export const dataflowStructure = z.object({
  id: z.string(),
  urn: z.string(),
  agency: z.string(),
  version: z.string(),
  name: z.string(),
  names,
  frequency: z.string(),
  unit: z.string(),
  measure: z.string(),
  attributes: z.array(z.string()),
  suppressionThreshold: z.number().int(),
  dimensions: z.array(dataflowDimension),
}).describe('A dataflow: its dimensions and code lists, names in the caller language and in both');
export type DataflowStructure = z.infer<typeof dataflowStructure>;
export type Dimension = DataflowStructure['dimensions'][number];
export type Code = Dimension['codes'][number];

// --- the data API ---------------------------------------------------------------------------

/**
 * One cell: the kept dimensions and TIME_PERIOD (codes; a dimension not kept is absent), the
 * value (null when suppressed, CONF_STATUS C), and on some answers TIME_COVERAGE (a partial
 * period), PER_CAPITA and POPULATION_YEAR (perCapita), DEAD_OR_MISSING and INCIDENTS (MISSING
 * and DEAD, from the incidents registry).
 */
export const observation = z
  .object({
    ...Object.fromEntries(DIMENSION_IDS.map((d) => [d, z.string().optional()])),
    TIME_PERIOD: z.string().optional(),
    OBS_VALUE: z.number().nullable(),
    CONF_STATUS: z.enum(['F', 'C']),
    TIME_COVERAGE: z.string().optional(),
    PER_CAPITA: z.number().nullable().optional(),
    POPULATION_YEAR: z.number().int().nullable().optional(),
    DEAD_OR_MISSING: z.number().optional(),
    INCIDENTS: z.number().optional(),
  })
  .catchall(z.union([z.string(), z.number(), z.null()]));
export type Observation = z.infer<typeof observation> & Partial<Record<DimensionId | 'TIME_PERIOD', string>>;

export const releaseRef = z.object({
  id: z.string(),
  country: z.string(),
  level,
  releasedAt: z.string(),
  cutoff: z.string(),
  /** the producers of the country's figures, one readable line each */
  source: z.array(z.string()).optional(),
});
export type ReleaseRef = z.infer<typeof releaseRef>;

export const sourceOut = z.object({
  country: z.string(),
  flow: z.string(),
  producer: z.object({ es: z.string(), en: z.string() }).nullable(),
  producerCountry: z.string(),
  compiler: z.object({ es: z.string(), en: z.string() }).nullable(),
  publicationRef: z.string().nullable(),
  compilationRef: z.string().nullable(),
  licence: z.string().nullable(),
  definition: z.object({ es: z.string(), en: z.string() }).nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
}).describe("Who produced a country's figures of a flow");

/**
 * The JSON answer of /data/{dataflow} (format=json). Sent as a stream (formats.ts renderJson),
 * so this schema documents it and types the web; it is not used to serialise.
 */
export const dataAnswer = z.object({
  dataflow: z.string(),
  releases: z.array(releaseRef),
  sources: z.array(sourceOut),
  /** countries whose unreleased figures are in the answer, or all */
  unreleased: z.union([z.literal('all'), z.array(z.string())]).optional(),
  perCapita: z.object({ per: z.number(), source: z.array(z.string()) }).optional(),
  /** MISSING and DEAD: answered from the incidents registry, with its note and source line */
  incidents: z.object({ note: z.string(), source: z.string(), link: z.string() }).optional(),
  /** one line per producer */
  source: z.array(z.string()),
  citation: z.string(),
  observations: z.array(observation),
}).describe('The answer in JSON (format=json): releases, sources, citation, observations');
export type DataAnswer = z.infer<typeof dataAnswer>;

export const populationAnswer = z.object({
  source: z.array(z.string()),
  items: z.array(z.object({ REF_AREA: z.string(), year: z.number().int(), populationThousands: z.number(), netMigrationThousands: z.number().nullable() })),
}).describe('Population by country and year (thousands) and its source');

const rangeOut = z.object({ count: z.number().int(), ranges: z.array(z.string()) });
const dimsOut = z.record(z.string(), rangeOut.extend({ reported: z.boolean() }));
/** GET /dataflows/{id}/compliance: the regional minimum disaggregation, per country and flow. */
export const complianceOut = z.object({
  dataflow: z.string(),
  note: z.string(),
  minimum: z.array(z.object({ id: z.string(), name: z.string() })),
  countries: z.array(
    z.object({
      country: z.string(),
      name: z.string(),
      periods: rangeOut,
      dimensions: dimsOut,
      flows: z.array(z.object({ flow: z.string(), name: z.string(), periods: rangeOut, dimensions: dimsOut })),
    }),
  ),
}).describe('Which disaggregations each country reports, for which months');

// --- submissions ----------------------------------------------------------------------------

const code = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/);
/** A column mapping: which column is which target, constants, national codes, and the reading choices (periods.ts, one-total.ts, split-columns.ts). The importer stores and validates this same schema. */
export const columnMapping = z.object({
  columns: z.record(z.string().max(200), z.string().max(40)).optional(),
  constants: z.record(z.string().max(40), code).optional(),
  codes: z.record(z.string().max(40), z.record(z.string().max(60), code)).optional(),
  januaryDates: z.enum(['year', 'month']).optional(),
  sumRows: z.boolean().optional(),
  keepRows: z.object({ column: z.string().max(200), values: z.array(z.string().max(60)).min(1).max(100) }).optional(),
  totalFrom: z.string().max(200).optional(),
  split: z.record(z.string().max(200), z.record(z.string().max(100), z.record(z.string().max(40), code))).optional(),
});
export const savedMapping = z.object({ dataflow: z.string(), country: z.string(), name: z.string(), mapping: columnMapping, updatedAt: z.string() }).describe('A saved column mapping');
export type SavedMapping = z.infer<typeof savedMapping>;

export const inspection = z.object({
  columns: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  suggested: z.object({ columns: z.record(z.string(), z.string()) }),
  headerRow: z.number().int().nullable(),
}).describe("A file's columns, first rows and suggested dimensions");
export type Inspection = z.infer<typeof inspection>;

export const SUBMISSION_STATUSES = ['validating', 'validated', 'submitted', 'applied', 'rejected', 'returned', 'failed'] as const;
const submissionStatus = z.enum(SUBMISSION_STATUSES);

export const reportMessage = z.object({ row: z.number().int().nullable(), column: z.string().nullable(), value: z.string().nullable(), key: z.string(), message: z.string() });
export type ReportMessage = z.infer<typeof reportMessage>;

const diffExample = z.object({ row: z.number().int().nullable(), key: z.record(z.string(), z.string()), before: z.number().nullable(), after: z.number().nullable() });
export const submissionDiff = z.object({
  mode: z.enum(['merge', 'replace']),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  removed: z.number().int(),
  examples: z.object({ added: z.array(diffExample), changed: z.array(diffExample), removed: z.array(diffExample) }),
});

export const submissionReport = z.object({
  id: z.string(),
  dataflow: z.string(),
  country: z.string().nullable(),
  fileName: z.string(),
  status: submissionStatus,
  mode: z.enum(['merge', 'replace']),
  /** while validating: how far it got (updated every 250 ms) */
  progress: z.object({
    phase: z.enum(['queued', 'reading', 'checking', 'done', 'failed']),
    bytesRead: z.number(),
    bytesTotal: z.number(),
    rowsRead: z.number().int(),
    rowsValid: z.number().int(),
    failure: z.string().optional(),
  }),
  rows: z.number().int(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  infoCount: z.number().int(),
  errors: z.array(reportMessage),
  warnings: z.array(reportMessage),
  /** information only (a series never seen before): nothing to fix */
  infos: z.array(reportMessage),
  preview: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).nullable(),
  diff: submissionDiff.nullable(),
  applied: z.object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), removed: z.number().int().optional() }).nullable(),
  createdAt: timestamp,
  submittedAt: timestamp.nullable(),
  appliedAt: timestamp.nullable(),
  /** the secretariat's decision on a submitted file (approve or return), with its comment */
  review: z.object({ at: timestamp, comment: z.string().nullable() }).nullable(),
  /** the same Idempotency-Key seen before: the earlier submission's report */
  replayed: z.boolean().optional(),
}).describe('The validation report of a submission (while validating: its progress)');
export type SubmissionReport = Wire<typeof submissionReport>;

export const submissionList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      dataflow: z.string(),
      country: z.string().nullable(),
      fileName: z.string(),
      status: submissionStatus,
      rows: z.number().int(),
      errorCount: z.number().int(),
      warningCount: z.number().int(),
      infoCount: z.number().int(),
      createdAt: z.string(),
      submittedAt: z.string().nullable(),
      appliedAt: z.string().nullable(),
      userLabel: z.string().nullable(),
      review: z.object({ at: z.string(), comment: z.string().nullable() }).nullable(),
    }),
  ),
}).describe('Submissions, newest first');
export type SubmissionItem = z.infer<typeof submissionList>['items'][number];

// --- releases, policies, calendar -----------------------------------------------------------

export const releaseOut = z.object({ id: z.string(), dataflow: z.string(), country: z.string(), level, cutoff: z.string(), releaseAt: z.string(), note: z.string().nullable() }).describe('A release');

/** GET /releases: releases made and moments announced (`announced: true`, no cutoff yet). */
export const releaseList = z.object({ items: z.array(releaseOut.extend({ cutoff: z.string().nullable(), announced: z.boolean() })) }).describe('Releases made and moments announced, latest first');
export type CalendarEntry = z.infer<typeof releaseList>['items'][number];

export const recentReleases = z.object({
  items: z.array(z.object({ id: z.string(), country: z.string(), level, releaseAt: z.string(), cutoff: z.string(), note: z.string().nullable(), publishedBy: z.string().nullable() })),
}).describe('The latest published releases with who published them');
export type RecentRelease = z.infer<typeof recentReleases>['items'][number];

export const policy = z.object({ country: z.string(), visibility: z.enum(['country', 'members', 'public']), autoApprove: z.boolean(), updatedAt: z.string().nullable() }).describe("A country's visibility and approval policy");
export type Policy = z.infer<typeof policy>;
export const policyList = z.object({ items: z.array(policy) }).describe("Each country's policy");

export const calendarItem = z.object({
  id: z.string(),
  dataflow: z.string(),
  country: z.string(),
  releaseAt: z.string(),
  level,
  note: z.string().nullable(),
  status: z.enum(['scheduled', 'released', 'cancelled', 'skipped']),
  releaseId: z.string().nullable(),
  /** why a moment was skipped, in the reader's language */
  reason: z.string().nullable(),
}).describe('A release moment of the calendar');
export type CalendarItem = z.infer<typeof calendarItem>;
export const calendarList = z.object({ items: z.array(calendarItem) }).describe('The release calendar, latest first');
/** A moment announced; with repeatMonths, the first one and `series`, all of them. */
export const scheduled = calendarItem.extend({ series: z.array(calendarItem).optional() }).describe('The moment announced (with repeatMonths: the first, and the series)');

// --- requests: releases, policies, calendar, submissions' list ------------------------------

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .transform((s) => s.toUpperCase());
const flowDataflow = dataflowId.default('MIG_FLOWS');

export const releaseBody = z.object({
  dataflow: flowDataflow,
  country: countryCode,
  level,
  releaseAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(1000).optional(),
});
export type ReleaseBody = z.input<typeof releaseBody>;

export const submissionsQuery = z.object({ dataflow: dataflowId.optional(), status: z.enum(SUBMISSION_STATUSES).optional(), country: countryCode.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const approveBody = z.object({ comment: z.string().max(2000).optional() }).optional();
export const returnBody = z.object({ comment: z.string().max(2000) });
export const policyBody = z.object({ dataflow: flowDataflow, visibility: z.enum(['country', 'members', 'public']), autoApprove: z.boolean() });
export type PolicyBody = z.input<typeof policyBody>;
export const calendarQuery = z.object({ dataflow: flowDataflow, country: countryCode.optional(), from: z.iso.datetime({ offset: true }).optional() });
export const scheduleBody = z.object({
  dataflow: flowDataflow,
  country: countryCode,
  releaseAt: z.iso.datetime({ offset: true }),
  level: level.optional(),
  note: z.string().max(1000).optional(),
  repeatMonths: z.number().int().min(1).max(24).optional(),
});
export type ScheduleBody = z.input<typeof scheduleBody>;
export const publishNowBody = z.object({ dataflow: flowDataflow, country: countryCode, level: level.optional(), note: z.string().max(1000).optional() });
export type PublishNowBody = z.input<typeof publishNowBody>;
