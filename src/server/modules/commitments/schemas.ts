import { z } from 'zod';

/**
 * Input shapes of the commitments API (validation and OpenAPI from the same schema).
 * Refinements carry message keys, translated by the error handler. Codes (countries,
 * organisations, objectives, practices) are checked against the database by the services.
 */
export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'blocked', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const MEETING_KINDS = ['plenary', 'forum', 'troika', 'thematic_table', 'other'] as const;
export const OUTCOME_KINDS = ['agreement', 'recommendation', 'cooperation_idea'] as const;
export const PLEDGE_KINDS = ['financial', 'technical', 'policy', 'process'] as const;

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

/** http:// or https:// only: evidence links are opened by other people. */
export function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}
