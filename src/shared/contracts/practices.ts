import { z } from 'zod';
import { LANGUAGES, PRACTICE_KINDS, PRACTICE_STATUSES, TARGET_GROUPS } from '../practice-schema.ts';
import { created, fileAnswer, listParam, noContent } from './common.ts';
import type { Wire } from './time.ts';

/**
 * The practices API (ADR 0027): the search's query string, the answers of reading, editing,
 * publishing and attachments. What people write (`practiceInput`) is in ../practice-schema.ts,
 * which the web's form also runs. The catalogue's routes have their own contract.
 */

export const WORKFLOWS = ['draft', 'submitted', 'changes_requested', 'published', 'rejected'] as const;
const workflow = z.enum(WORKFLOWS);
const validation = z.enum(['state', 'stakeholder']);
/** Text by language, as stored. */
const localized = z.record(z.string(), z.string());

// Filters accept repeated parameters or comma-separated lists: ?objective=8&objective=9 or ?objective=8,9
export const searchQuerystring = z.object({
  q: z.string().max(200).optional(),
  objective: listParam(z.coerce.number().int().min(1).max(23)),
  country: listParam(z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase())),
  organisation: listParam(z.string().regex(/^[A-Za-z0-9_-]{2,32}$/).transform((s) => s.toUpperCase())),
  kind: listParam(z.enum(PRACTICE_KINDS)),
  principle: listParam(z.string().regex(/^[a-j]$/)),
  status: listParam(z.enum(PRACTICE_STATUSES)),
  validation: listParam(validation),
  targetGroup: listParam(z.enum(TARGET_GROUPS)),
  language: listParam(z.enum(LANGUAGES)),
  year: listParam(z.coerce.number().int().min(1950).max(2100)),
  sort: z.enum(['relevance', 'newest', 'title']).default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.output<typeof searchQuerystring>;

export const refParams = z.object({ id: z.string().min(2).max(130) });
export const idParams = z.object({ id: z.string().uuid() });
export const attachmentParams = z.object({ id: z.string().uuid(), attachmentId: z.string().uuid() });
export const reviewInput = z.object({ decision: z.enum(['publish', 'request_changes', 'reject']), comment: z.string().trim().max(2000).nullable().default(null) });
export const restoreInput = z.object({ version: z.number().int().min(1) });
export const workspaceQuery = z.object({ workflow: workflow.optional() });
export const suggestInput = z.object({ title: z.string().max(300).default(''), summary: z.string().max(2000).default(''), description: z.string().max(50_000).default('') });

// --- answers ---------------------------------------------------------------------------

export const listItem = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  kind: z.string(),
  status: z.string().nullable(),
  validation,
  countries: z.array(z.string()),
  organisations: z.array(z.string()),
  objectives: z.array(z.number()),
  publishedAt: z.string().nullable(),
  /** Texts shown here that are the platform's translation, not the source's (marked on the page). */
  platformTranslated: z.array(z.enum(['title', 'summary'])),
});
export const facetValue = z.object({ value: z.string(), count: z.number() });
export const searchResult = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  correctedQuery: z.string().optional(),
  /** The query as typed. */
  query: z.string().optional(),
  /** No practice holds every word: the results hold some of them. */
  partialMatch: z.boolean(),
  items: z.array(listItem),
  facets: z.record(z.string(), z.array(facetValue)),
});
export const attachment = z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number() });
const link = z.object({ url: z.string(), label: z.string().nullable() });
export const practiceDetail = listItem.extend({
  titles: localized,
  summaries: localized,
  description: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  source: z.string().nullable(),
  leadInstitution: z.string().nullable(),
  partners: z.string().nullable(),
  targetGroups: z.array(z.string()),
  links: z.array(link),
  benefit: z.string().nullable(),
  impact: z.string().nullable(),
  evaluated: z.boolean().nullable(),
  evaluationUrl: z.string().nullable(),
  contact: z.string().nullable(),
  version: z.number(),
  attachments: z.array(attachment),
  similar: z.array(
    z.object({ id: z.string(), slug: z.string(), title: z.string(), countries: z.array(z.string()), sharedObjectives: z.array(z.number()), sharedTargetGroups: z.array(z.string()) }),
  ),
  partnerCountries: z.array(z.object({ country: z.string(), objectives: z.array(z.number()), practices: z.number() })),
});
export const coverage = z.object({
  cells: z.array(z.object({ country: z.string(), objective: z.number(), count: z.number() })),
  objectives: z.array(z.object({ objective: z.number(), practices: z.number() })),
  emptyObjectives: z.array(z.number()),
});
export const historyEntry = z.object({
  version: z.number(),
  workflow,
  by: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});
/** The record as written (the shape of practiceInput's output), as the editor loads it. */
export const practiceRecord = z.object({
  title: localized,
  summary: localized,
  description: z.string().nullable(),
  originalLanguage: z.string(),
  kind: z.string(),
  countries: z.array(z.string()),
  organisations: z.array(z.string()),
  objectives: z.array(z.number()),
  primaryObjective: z.number().nullable(),
  principles: z.array(z.string()),
  targetGroups: z.array(z.string()),
  status: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  leadInstitution: z.string().nullable(),
  partners: z.string().nullable(),
  links: z.array(link),
  benefit: localized,
  impact: localized,
  evaluated: z.boolean().nullable(),
  evaluationUrl: z.string().nullable(),
  contact: z.string().nullable(),
  source: z.string().nullable(),
});
export const editableRecord = z.object({
  id: z.string(),
  slug: z.string(),
  workflow,
  validation,
  version: z.number(),
  reviewComment: z.string().nullable(),
  practice: practiceRecord,
  attachments: z.array(attachment),
});
export const workspaceItem = z.object({
  id: z.string(),
  slug: z.string(),
  title: localized,
  workflow,
  validation,
  version: z.number(),
  reviewComment: z.string().nullable(),
  updatedAt: z.string(),
});

/** Answers of the routes, each described for the OpenAPI document. */
export const answers = {
  search: searchResult.describe('Published practices found, a page of them, with facets'),
  coverage: coverage.describe('Countries × GCM objectives: counts of published practices'),
  detail: practiceDetail.describe('A published practice'),
  created: created.extend({ slug: z.string(), version: z.number(), workflow: z.literal('draft') }).describe('The new draft'),
  saved: z.object({ id: z.string(), version: z.number() }).describe('The new version'),
  moved: z
    .object({ id: z.string(), workflow: workflow.optional(), validation: validation.optional(), version: z.number().optional() })
    .describe('The practice after the step'),
  history: z.object({ items: z.array(historyEntry) }).describe('Versions, newest first'),
  editable: editableRecord.describe('The editable record'),
  workspace: z.object({ items: z.array(workspaceItem) }).describe('Drafts and submissions'),
  attachment: attachment.describe('The stored attachment'),
  suggestions: z.object({ items: z.array(z.object({ objective: z.number(), score: z.number() })) }).describe('Suggested objectives, best first'),
  deleted: noContent,
  csv: fileAnswer('text/csv'),
  xlsx: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  atom: fileAnswer('application/atom+xml'),
  file: fileAnswer('the file as uploaded'),
};

export type Workflow = (typeof WORKFLOWS)[number];
export type Validation = z.infer<typeof validation>;
export type PracticeListItem = Wire<typeof listItem>;
export type FacetValue = Wire<typeof facetValue>;
export type SearchResult = Wire<typeof searchResult>;
export type Attachment = Wire<typeof attachment>;
export type PracticeDetail = Wire<typeof practiceDetail>;
export type Coverage = Wire<typeof coverage>;
export type HistoryEntry = Wire<typeof historyEntry>;
export type PracticeRecord = Wire<typeof practiceRecord>;
export type EditableRecord = Wire<typeof editableRecord>;
export type WorkspaceItem = Wire<typeof workspaceItem>;
export type PracticeCreated = Wire<typeof answers.created>;
export type PracticeSaved = Wire<typeof answers.saved>;
export type PracticeMoved = Wire<typeof answers.moved>;
export type ObjectiveSuggestions = Wire<typeof answers.suggestions>;
