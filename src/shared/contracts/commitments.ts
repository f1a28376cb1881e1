import { z } from 'zod';
import { ACTION_STATUSES, DOCUMENT_KINDS, OUTCOME_KINDS, PLEDGE_KINDS } from '../commitments-vocabulary.ts';
import { created, fileAnswer } from './common.ts';
import type { Wire } from './time.ts';

export { ACTION_STATUSES, DOCUMENT_KINDS, isHttpUrl, MEETING_KINDS, OUTCOME_KINDS, PLEDGE_KINDS, type ActionStatus, type DocumentKind } from '../commitments-vocabulary.ts';

/**
 * The commitments API (ADR 0027): inputs (validation and OpenAPI from the same schema), then answers.
 * Refinements carry message keys, translated by the error handler. Codes (countries,
 * organisations, objectives, practices) are checked against the database by the services.
 */

const keyed = (key: string, values?: Record<string, string | number>) => ({ params: { key, values } });
const HTML_TAG = /<\/?[a-z!][^>]*>/i;
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !HTML_TAG.test(s), keyed('errors.htmlNotAllowed'));

export const localizedText = (max: number) =>
  z
    .object({ es: text(max).optional(), en: text(max).optional(), pt: text(max).optional(), fr: text(max).optional() })
    .strict()
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, s]) => typeof s === 'string' && s.length > 0)) as Record<string, string>);
const requiredTitle = (max: number) => localizedText(max).refine((v) => Object.keys(v).length > 0, keyed('errors.titleRequired'));

const isoDate = z.iso.date();
const countryCode = z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase());
const orgCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/).transform((s) => s.toUpperCase());
const objective = z.number().int();
/** An outcome is named by its id or its key. */
const outcomeRef = z.string().min(2).max(130);
const evidenceUrl = z.string().trim().max(2000);

export const roadmapInput = z.object({
  title: requiredTitle(300),
  purpose: localizedText(5000).default({}),
  objectives: z.array(objective).max(23).default([]),
  outcomes: z.array(outcomeRef).max(100).default([]),
  leadCountries: z.array(countryCode).max(60).default([]),
  countries: z.array(countryCode).max(60).default([]),
  organisations: z.array(orgCode).max(100).default([]),
  periodStart: isoDate.nullable().default(null),
  periodEnd: isoDate.nullable().default(null),
  isPublic: z.boolean().default(false),
});
export type RoadmapInput = z.output<typeof roadmapInput>;

export const roadmapPatch = z.object({
  title: requiredTitle(300).optional(),
  purpose: localizedText(5000).optional(),
  objectives: z.array(objective).max(23).optional(),
  outcomes: z.array(outcomeRef).max(100).optional(),
  leadCountries: z.array(countryCode).max(60).optional(),
  countries: z.array(countryCode).max(60).optional(),
  organisations: z.array(orgCode).max(100).optional(),
  periodStart: isoDate.nullable().optional(),
  periodEnd: isoDate.nullable().optional(),
  isPublic: z.boolean().optional(),
});
export type RoadmapPatch = z.output<typeof roadmapPatch>;

export const actionInput = z.object({
  title: requiredTitle(500),
  responsibleCountry: countryCode.nullable().default(null),
  responsibleOrganisation: orgCode.nullable().default(null),
  dueDate: isoDate.nullable().default(null),
  status: z.enum(ACTION_STATUSES).default('not_started'),
  practices: z.array(z.string().uuid()).max(50).default([]),
});
export type ActionInput = z.output<typeof actionInput>;

export const actionPatch = z.object({
  title: requiredTitle(500).optional(),
  responsibleCountry: countryCode.nullable().optional(),
  responsibleOrganisation: orgCode.nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  practices: z.array(z.string().uuid()).max(50).optional(),
});
export type ActionPatch = z.output<typeof actionPatch>;

export const updateInput = z.object({
  text: text(5000).min(1),
  evidenceUrl: evidenceUrl.nullable().default(null),
  /** An evidence file uploaded with POST /actions/:id/evidence and not cited yet. */
  evidenceFile: z.string().uuid().nullable().default(null),
  date: isoDate.optional(),
  status: z.enum(ACTION_STATUSES).optional(),
});
export type UpdateInput = z.output<typeof updateInput>;

export const pledgeInput = z.object({
  title: requiredTitle(300),
  description: localizedText(5000).default({}),
  kind: z.enum(PLEDGE_KINDS),
  countries: z.array(countryCode).max(60).default([]),
  organisations: z.array(orgCode).max(100).default([]),
  jointly: z.boolean().default(false),
  matchesPledge: z.string().uuid().nullable().default(null),
  meeting: z.string().min(2).max(130).nullable().default(null),
  objectives: z.array(objective).max(23).default([]),
  target: text(2000).nullable().default(null),
  status: z.enum(ACTION_STATUSES).default('not_started'),
  isPublic: z.boolean().default(false),
});
export type PledgeInput = z.output<typeof pledgeInput>;
export const pledgePatch = z.object({
  title: requiredTitle(300).optional(),
  description: localizedText(5000).optional(),
  kind: z.enum(PLEDGE_KINDS).optional(),
  countries: z.array(countryCode).max(60).optional(),
  organisations: z.array(orgCode).max(100).optional(),
  jointly: z.boolean().optional(),
  matchesPledge: z.string().uuid().nullable().optional(),
  meeting: z.string().min(2).max(130).nullable().optional(),
  objectives: z.array(objective).max(23).optional(),
  target: text(2000).nullable().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  isPublic: z.boolean().optional(),
});
export type PledgePatch = z.output<typeof pledgePatch>;

export const progressInput = z.object({ text: text(5000).min(1), evidenceUrl: evidenceUrl.nullable().default(null), date: isoDate.optional() });
export type ProgressInput = z.output<typeof progressInput>;


// --- parameters ------------------------------------------------------------------------

/** A roadmap, pledge or outcome named by its id (or, for outcomes, its key). */
export const ref = z.object({ id: z.string().min(2).max(130) });
export const uuidParams = z.object({ id: z.string().uuid() });
export const actionParams = z.object({ id: z.string().uuid(), actionId: z.string().uuid() });
export const meetingParams = z.object({ key: z.string().min(2).max(130) });
export const countryParams = z.object({ code: z.string().regex(/^[A-Za-z]{3}$/) });
export const outcomesQuery = z.object({
  meeting: z.string().max(130).optional(),
  kind: z.enum(OUTCOME_KINDS).optional(),
  objective: z.coerce.number().int().min(1).max(23).optional(),
});
export const evidenceParams = z.object({ id: z.string().uuid(), fileId: z.string().uuid() });
export const documentUploadParams = z.object({ key: z.string().min(1).max(200) });
export const documentParams = documentUploadParams.extend({ id: z.string().uuid() });
export const documentQuery = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  language: z.string().regex(/^[a-z]{2}$/),
  title: z.string().trim().min(1).max(300),
});
export const progressFile = z.object({ format: z.enum(['csv', 'xlsx']), content: z.string().min(1).describe('the file, base64-encoded (at most 5 MB once decoded)') });
export const progressFileApply = progressFile.extend({ checksum: z.string().regex(/^[0-9a-f]{64}$/) });

// --- answers ---------------------------------------------------------------------------

const names = z.record(z.string(), z.string());
const actionStatus = z.enum(ACTION_STATUSES);
const byStatus = z.record(z.string(), z.number());

export const meeting = z.object({
  id: z.string(),
  key: z.string(),
  kind: z.string(),
  title: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  hostCountry: z.string().nullable(),
  place: z.string().nullable(),
  sourceDocument: z.string().nullable(),
  counts: z.object({ countries: z.number(), organisations: z.number(), outcomes: z.number() }),
});
export const outcome = z.object({
  id: z.string(),
  key: z.string().nullable(),
  meeting: z.object({ key: z.string(), title: z.string() }),
  kind: z.enum(OUTCOME_KINDS),
  text: z.string(),
  textLanguage: z.string().nullable(),
  table: z.string().nullable(),
  section: z.string().nullable(),
  objectives: z.array(z.number()),
  roadmaps: z.number(),
  source: z.object({ document: z.string().nullable(), quote: z.string().nullable() }),
});
export const meetingDocument = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  language: z.string(),
  title: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number(),
  uploadedAt: z.string(),
});
export const meetingParticipant = z.object({
  section: z.string().nullable(),
  represents: z.string(),
  name: z.string(),
  jobTitle: z.string().nullable(),
  institution: z.string().nullable(),
});
export const meetingDetail = meeting.extend({
  /** The attached copy of the source document, shown by its title (sourceDocument is only its file name). */
  sourceDocumentRef: z.object({ id: z.string(), title: z.string(), language: z.string() }).nullable(),
  countries: z.array(z.object({ code: z.string(), name: z.string() })),
  organisations: z.array(z.object({ code: z.string(), name: z.string(), acronym: z.string().nullable(), kind: z.string() })),
  outcomes: z.array(outcome),
  documents: z.array(meetingDocument),
  participantCount: z.number(),
  /** null for anonymous readers: names are personal data */
  participants: z.array(meetingParticipant).nullable(),
});

export const roadmap = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  isPublic: z.boolean(),
  leadCountries: z.array(z.string()),
  countries: z.array(z.string()),
  organisations: z.array(z.string()),
  objectives: z.array(z.number()),
  outcomes: z.array(z.string()),
  actions: z.object({ total: z.number(), byStatus }),
  updatedAt: z.string(),
});
export const action = z.object({
  id: z.string(),
  roadmapId: z.string(),
  title: z.string(),
  responsibleCountry: z.string().nullable(),
  responsibleOrganisation: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: actionStatus,
  overdue: z.boolean(),
  stale: z.boolean(),
  lastUpdate: z.string().nullable(),
  /** The ids of the practices it applies. */
  practices: z.array(z.string()),
});
export const evidenceFile = z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number() });
export const progressUpdate = z.object({
  id: z.string(),
  date: z.string(),
  text: z.string(),
  evidenceUrl: z.string().nullable(),
  evidenceFile: evidenceFile.nullable(),
  status: actionStatus.nullable(),
  author: z.string().nullable(),
});
export const actionWithProgress = action.extend({
  practices: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string(), published: z.boolean() })),
  updates: z.array(progressUpdate),
});
export const roadmapDetail = roadmap.extend({
  translations: z.object({ title: names, purpose: names }),
  sourceOutcomes: z.array(outcome),
  actionList: z.array(actionWithProgress),
});
export const timeline = z.object({ meeting, outcome, roadmaps: z.array(roadmap.extend({ actionList: z.array(actionWithProgress) })) });

export const pledge = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  kind: z.string(),
  countries: z.array(z.string()),
  organisations: z.array(z.string()),
  jointly: z.boolean(),
  matchesPledge: z.string().nullable(),
  meeting: z.string().nullable(),
  objectives: z.array(z.number()),
  target: z.string().nullable(),
  status: actionStatus,
  isPublic: z.boolean(),
  reports: z.number(),
  lastReport: z.string().nullable(),
});
export const pledgeDetail = pledge.extend({
  translations: z.object({ title: names, description: names }),
  progress: z.array(z.object({ id: z.string(), date: z.string(), text: z.string(), evidenceUrl: z.string().nullable(), author: z.string().nullable() })),
});

export const counts = z.object({ total: z.number(), byStatus, overdue: z.number(), stale: z.number(), noOwner: z.number() });
export const dashboard = z.object({
  overall: counts,
  byRoadmap: z.array(counts.extend({ id: z.string(), title: z.string() })),
  byCountry: z.array(counts.extend({ code: z.string().nullable(), name: z.string().nullable() })),
  byObjective: z.array(counts.extend({ objective: z.number(), title: z.string() })),
  byMeeting: z.array(counts.extend({ key: z.string(), title: z.string() })),
  overdueActions: z.array(action.extend({ roadmapTitle: z.string() })),
  staleAfterDays: z.number(),
});
export const countryCommitments = z.object({
  country: z.object({ code: z.string(), name: z.string(), memberships: z.array(z.string()) }),
  leads: z.array(roadmap),
  participates: z.array(roadmap),
  actions: z.array(action),
  overdue: z.array(action),
  pledges: z.array(pledge),
  meetings: z.array(meeting),
});

export const importChange = z.object({
  row: z.number(),
  actionId: z.string(),
  action: z.string(),
  field: z.enum(['status', 'dueDate', 'update']),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export const importError = z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() });
export const importPreview = z
  .object({ checksum: z.string(), rows: z.number(), canApply: z.boolean(), changes: z.array(importChange), errors: z.array(importError) })
  .describe('What the file would change, and its problems (nothing is written)');
export const importApplied = z
  .object({ applied: z.number(), actions: z.number(), changes: z.array(importChange) })
  .describe('What was changed, in one transaction');

/** Answers of the routes, each described for the OpenAPI document. */
export const answers = {
  meetings: z.object({ items: z.array(meeting) }).describe('Meetings, newest first'),
  meeting: meetingDetail.describe('A meeting, its participants, outcomes and documents'),
  outcomes: z.object({ items: z.array(outcome) }).describe('Outcomes of the meetings'),
  timeline: timeline.describe('meeting → outcome → roadmaps → actions → updates → practices'),
  roadmaps: z.object({ items: z.array(roadmap) }).describe('Roadmaps'),
  roadmap: roadmapDetail.describe('A roadmap with its actions and their progress'),
  pledges: z.object({ items: z.array(pledge) }).describe('Pledges'),
  pledge: pledgeDetail.describe('A pledge with its progress reports'),
  dashboard: dashboard.describe('Actions by status, overdue, stale and unowned'),
  country: countryCommitments.describe('A country’s commitments'),
  created: created.describe('Created'),
  changed: created.describe('Changed'),
  actionChanged: z.object({ id: z.string(), status: actionStatus.optional() }).describe('The action after the change'),
  updateAdded: z.object({ id: z.string(), actionId: z.string(), status: actionStatus }).describe('The progress update, and the action’s status after it'),
  progressAdded: z.object({ id: z.string(), pledgeId: z.string() }).describe('The progress report'),
  evidence: evidenceFile.describe('The stored evidence file, to cite in an update'),
  document: meetingDocument.describe('The attached document'),
  csv: fileAnswer('text/csv'),
  xlsx: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  file: fileAnswer('the file as uploaded'),
};

export type Meeting = Wire<typeof meeting>;
export type Outcome = Wire<typeof outcome>;
export type MeetingDocument = Wire<typeof meetingDocument>;
export type MeetingParticipant = Wire<typeof meetingParticipant>;
export type MeetingDetail = Wire<typeof meetingDetail>;
export type Roadmap = Wire<typeof roadmap>;
export type Action = Wire<typeof action>;
export type EvidenceFile = Wire<typeof evidenceFile>;
export type ProgressUpdate = Wire<typeof progressUpdate>;
export type ActionWithProgress = Wire<typeof actionWithProgress>;
export type RoadmapDetail = Wire<typeof roadmapDetail>;
export type Timeline = Wire<typeof timeline>;
export type Pledge = Wire<typeof pledge>;
export type PledgeDetail = Wire<typeof pledgeDetail>;
export type Counts = Wire<typeof counts>;
export type Dashboard = Wire<typeof dashboard>;
export type CountryCommitments = Wire<typeof countryCommitments>;
export type ImportChange = Wire<typeof importChange>;
export type ImportError = Wire<typeof importError>;
export type ImportPreview = Wire<typeof importPreview>;
export type ImportApplied = Wire<typeof importApplied>;
