import { z } from 'zod';

/**
 * The indicators API (`/api/v1/indicators…`, issue 18): the catalogue, values, progress, the
 * secretariat's edits, and the values reported by focal points or imported from a custodian's
 * SDG file (ADR 0027). The server's routes use these schemas; the web imports their types.
 */
export const indicatorType = z.enum(['count', 'rate', 'share', 'ratio', 'index', 'policy_presence']);
export const direction = z.enum(['increase', 'decrease', 'none']);
export const valueOrigin = z.enum(['computed', 'reported', 'imported']);
export const valueStatus = z.enum(['provisional', 'validated', 'rejected']);
export const policyAnswer = z.enum(['yes', 'partial', 'no']);
export const progressStatus = z.enum([
  'significant_progress',
  'moderate_progress',
  'moderate_away',
  'significant_away',
  'insufficient_data',
  'no_direction',
  'policy_yes',
  'policy_partial',
  'policy_no',
]);
export type ProgressStatus = z.infer<typeof progressStatus>;

// --- the catalogue and values ---
export const indicatorSummary = z.object({
  code: z.string(),
  name: z.object({ es: z.string().nullable(), en: z.string() }),
  nameEsDraft: z.boolean(),
  objectives: z.array(z.number()),
  sdg: z.string().nullable(),
  type: indicatorType,
  unit: z.string(),
  direction,
  /** the desired direction was confirmed by the secretariat (false: the seeded proposal, to confirm) */
  directionConfirmed: z.boolean(),
  official: z.boolean(),
  inA79590: z.string().nullable(),
  custodian: z.string().nullable(),
  computable: z.boolean(),
  retired: z.boolean(),
});
export type IndicatorSummary = z.infer<typeof indicatorSummary>;

export const indicatorDetail = indicatorSummary.extend({
  nameEsStatus: z.string().nullable(),
  sdgSeries: z.array(z.string()),
  directionBasis: z.string().nullable(),
  disaggregations: z.array(z.string()),
  definition: z.object({ en: z.string(), es: z.string().nullable() }),
  typicalSource: z.string().nullable(),
  arrival: z.array(valueOrigin),
  officialStatus: z.string().nullable(),
  confidence: z.string().nullable(),
  sources: z.array(z.string()),
  mappingBasis: z.string().nullable(),
  notes: z.string().nullable(),
  migFlows: z.object({ computable: z.enum(['yes', 'partial', 'no']), how: z.string().nullable(), gaps: z.string().nullable() }),
  computation: z.unknown(),
  version: z.number(),
  updatedAt: z.string(),
});
export type IndicatorDetail = z.infer<typeof indicatorDetail>;

export const valuePoint = z.object({
  country: z.string(),
  period: z.string(),
  disaggregation: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  answer: policyAnswer.nullable(),
  origin: valueOrigin,
  status: valueStatus,
  revisionId: z.number(),
  recordedAt: z.string(),
  source: z.object({ releases: z.array(z.string()).optional(), file: z.string().optional(), note: z.string().optional(), evidenceUrl: z.string().optional() }),
  narrative: z.string().nullable().optional(),
});
export type ValuePoint = z.infer<typeof valuePoint>;

export const progressItem = z.object({
  code: z.string(),
  country: z.string(),
  baseline: valuePoint.nullable(),
  latest: valuePoint.nullable(),
  status: progressStatus,
  cagr: z.number().nullable(),
  points: z.number(),
  previousAnswer: z.string().nullable().optional(),
  change: z.string().nullable().optional(),
  explanation: z.string(),
});
export type ProgressItem = z.infer<typeof progressItem>;

export const catalogueOut = z.object({ items: z.array(indicatorSummary) });
/** `actor` (who saved it) is named to signed-in readers only. */
export const versionsOut = z.object({ items: z.array(z.object({ version: z.number(), change: z.string(), actor: z.string().nullable(), at: z.string() })) });
export type IndicatorVersion = z.infer<typeof versionsOut>['items'][number];
export const valuesOut = z.object({ code: z.string(), asOf: z.string(), items: z.array(valuePoint) });
export type ValuesOut = z.infer<typeof valuesOut>;
export const progressOut = z.object({ code: z.string(), items: z.array(progressItem) });

// --- reported and imported values ---
const before = z.object({ value: z.number().nullable(), answer: policyAnswer.nullable(), status: z.string(), origin: z.string() });
export const previewEntry = z.object({
  row: z.number(),
  kind: z.enum(['new', 'changed', 'unchanged']),
  code: z.string(),
  name: z.string(),
  country: z.string(),
  period: z.string(),
  disaggregation: z.record(z.string(), z.string()),
  before: before.nullable(),
  after: z.object({ value: z.number().nullable(), answer: policyAnswer.nullable() }),
});
export type PreviewEntry = z.infer<typeof previewEntry>;
export const inputPreview = z.object({
  checksum: z.string(),
  rows: z.number(),
  canApply: z.boolean(),
  counts: z.record(z.string(), z.number()),
  unknownSeries: z.array(z.string()).optional(),
  entries: z.array(previewEntry),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
});
export type InputPreview = z.infer<typeof inputPreview>;
export const inputApplied = z.object({
  applied: z.number(),
  fileId: z.string(),
  new: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  outsideMembers: z.number().optional(),
  regions: z.number().optional(),
  noValue: z.number().optional(),
  unknownSeries: z.number().optional(),
});
export type InputApplied = z.infer<typeof inputApplied>;
export const sheetRow = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  type: z.string(),
  country: z.string(),
  year: z.string(),
  value: z.number().nullable(),
  answer: policyAnswer.nullable(),
  status: valueStatus.nullable(),
  origin: valueOrigin.nullable(),
  revisionId: z.number().nullable(),
});
export type SheetRow = z.infer<typeof sheetRow>;
export const sheetOut = z.object({ country: z.string(), years: z.array(z.string()), rows: z.array(sheetRow) });
export type Sheet = z.infer<typeof sheetOut>;
export const reportedItem = z.object({
  revisionId: z.number(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  unit: z.string(),
  country: z.string(),
  period: z.string(),
  value: z.number().nullable(),
  answer: policyAnswer.nullable(),
  status: valueStatus,
  narrative: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  evidenceFiles: z.array(z.object({ id: z.string(), filename: z.string() })),
  reportedBy: z.string().nullable(),
  recordedAt: z.string(),
  current: z.boolean(),
  previous: before.nullable(),
  decisions: z.array(z.object({ decision: z.enum(['validated', 'rejected']), reason: z.string().nullable(), by: z.string(), at: z.string() })),
});
export type ReportedItem = z.infer<typeof reportedItem>;
export const reportedOut = z.object({ items: z.array(reportedItem) });
export const reportBody = z.object({
  country: z.string().regex(/^[A-Za-z]{3}$/),
  code: z.string().min(1).max(60),
  period: z.string().min(1).max(10),
  value: z.union([z.number(), z.string().max(40)]).nullable().optional(),
  answer: z.string().max(20).nullable().optional(),
  evidenceUrl: z.string().max(2100).nullable().optional(),
  evidenceFile: z.string().uuid().nullable().optional(),
  narrative: z.string().max(5000).nullable().optional(),
});
export type ReportBody = z.infer<typeof reportBody>;
export const reportedOne = z.object({ revisionId: z.number(), status: z.literal('provisional') });
export const evidenceOut = z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number() });
export type EvidenceOut = z.infer<typeof evidenceOut>;
export const decisionOut = z.object({ revisionId: z.number(), status: valueStatus, restoredRevisionId: z.number().nullable() });
export type DecisionOut = z.infer<typeof decisionOut>;
export const fileBody = z.object({
  content: z.string().min(1).describe('the file, base64-encoded (at most 5 MB once decoded)'),
  filename: z.string().trim().min(1).max(200).default('archivo'),
});
export const applyBody = fileBody.extend({ checksum: z.string().regex(/^[0-9a-f]{64}$/) });
