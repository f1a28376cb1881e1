import { z } from 'zod';

import { COOP_STATUSES, COOPERATION_STATUSES, SUPPORT_KINDS, VISIBILITIES } from '../cooperation.ts';

export { COOP_STATUSES, COOPERATION_STATUSES, SUPPORT_KINDS, VISIBILITIES };

/**
 * The contract of `/api/v1/cooperation` (ADR 0027): inputs and answers, for the server's
 * validation, serialisation and OpenAPI, and as types for the web app. Refinements carry
 * message keys, translated by the error handler; codes (countries, organisations,
 * objectives) are checked against the database by the service.
 */

const keyed = (key: string) => ({ params: { key } });
const HTML_TAG = /<\/?[a-z!][^>]*>/i;
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !HTML_TAG.test(s), keyed('errors.htmlNotAllowed'));
const localizedText = (max: number) =>
  z
    .object({ es: text(max).optional(), en: text(max).optional(), pt: text(max).optional(), fr: text(max).optional() })
    .strict()
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, s]) => typeof s === 'string' && s.length > 0)) as Record<string, string>);
const requiredTitle = localizedText(300).refine((v) => Object.keys(v).length > 0, keyed('errors.titleRequired'));
const countryCode = z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase());
const orgCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/).transform((s) => s.toUpperCase());
const objectives = z.array(z.number().int().min(1).max(99)).max(23).refine((a) => a.length > 0, keyed('cooperation.errors.objectivesRequired'));
const kinds = z.array(z.enum(SUPPORT_KINDS)).max(SUPPORT_KINDS.length).refine((a) => a.length > 0, keyed('cooperation.errors.kindsRequired'));
const targetGroups = z.array(text(80).pipe(z.string().min(1))).max(20).default([]);

export const requestInput = z.object({
  /** The requesting country; a focal point may only name its own (the default). */
  country: countryCode.optional(),
  title: requiredTitle,
  description: localizedText(5000).default({}),
  objectives,
  targetGroups,
  kinds,
  timeframe: text(300).nullable().default(null),
  contact: text(300).nullable().default(null),
  visibility: z.enum(VISIBILITIES).default('members'),
  publish: z.boolean().default(false),
});
export type RequestInput = z.output<typeof requestInput>;

export const offerInput = z.object({
  /** Who offers: a country or an organisation; focal points and contributors default to their own. */
  country: countryCode.optional(),
  organisation: orgCode.optional(),
  title: requiredTitle,
  description: localizedText(5000).default({}),
  conditions: localizedText(2000).default({}),
  objectives,
  targetGroups,
  kinds,
  contact: text(300).nullable().default(null),
  visibility: z.enum(VISIBILITIES).default('public'),
  publish: z.boolean().default(false),
});
export type OfferInput = z.output<typeof offerInput>;

/** An edit after posting: the same fields, less who posts and whether to publish (the status has its own route). */
export const requestEdit = requestInput.omit({ country: true, publish: true });
export type RequestEdit = z.output<typeof requestEdit>;
export const offerEdit = offerInput.omit({ country: true, organisation: true, publish: true });
export type OfferEdit = z.output<typeof offerEdit>;

export const statusInput = z.object({ status: z.enum(['published', 'closed']), note: text(2000).optional() });
export const interestInput = z.object({ offer: z.string().uuid().optional(), message: text(2000).optional() });
export type InterestInput = z.output<typeof interestInput>;
export const cooperationStatusInput = z.object({ status: z.enum(COOPERATION_STATUSES), note: text(2000).optional() });
export const toActionInput = z.object({
  roadmap: z.string().uuid(),
  /** Who answers for the action: the requesting country (default) or the helping party. */
  owner: z.enum(['requester', 'partner']).default('requester'),
  dueDate: z.iso.date().nullable().default(null),
});
export type ToActionInput = z.output<typeof toActionInput>;

// Filters accept repeated parameters or comma-separated lists, as the practices search does.
// Each item is read from its text (input `string`), so the list's pipe needs no cast.
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(item).max(50));
const objectiveNumber = z.string().regex(/^\d{1,3}$/).transform(Number);
export const listQuery = z.object({
  objective: csv(objectiveNumber),
  kind: csv(z.enum(SUPPORT_KINDS)),
  country: csv(countryCode),
  organisation: csv(orgCode),
  /** Published by default; `all` adds the caller's own drafts and closed ones they may see. */
  status: z.enum(['published', 'closed', 'all']).default('published'),
});
export type ListQuery = z.output<typeof listQuery>;
export const cooperationsQuery = z.object({ country: countryCode.optional(), organisation: orgCode.optional() });

// --- answers -----------------------------------------------------------------------------
const party = z.object({ kind: z.enum(['country', 'organisation']), code: z.string(), name: z.string() });
const historyEntry = z.object({ status: z.string(), note: z.string().nullable(), actor: z.string().nullable(), at: z.string() });
export const requestDto = z.object({
  id: z.string(),
  country: party,
  title: z.string(),
  description: z.string().nullable(),
  titleAll: z.record(z.string(), z.string()),
  /** Every language's description, for the edit form (which must not drop the ones it does not show). */
  descriptionAll: z.record(z.string(), z.string()),
  objectives: z.array(z.number()),
  targetGroups: z.array(z.string()),
  kinds: z.array(z.enum(SUPPORT_KINDS)),
  timeframe: z.string().nullable(),
  contact: z.string().nullable(),
  visibility: z.enum(VISIBILITIES),
  status: z.enum(COOP_STATUSES),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  canEdit: z.boolean(),
});
export const offerDto = requestDto.omit({ country: true, timeframe: true }).extend({ by: party, conditions: z.string().nullable() });
const cooperationObject = z.object({
  id: z.string(),
  request: z.object({ id: z.string(), title: z.string(), country: party }),
  offer: z.object({ id: z.string(), title: z.string() }).nullable(),
  partner: party,
  status: z.enum(COOPERATION_STATUSES),
  requesterInterest: z.boolean(),
  partnerInterest: z.boolean(),
  roadmapAction: z.object({ id: z.string(), roadmapId: z.string() }).nullable(),
  canChange: z.boolean(),
  updatedAt: z.string(),
});
const facet = z.array(z.object({ value: z.string(), label: z.string(), count: z.number() }));
export const requestList = z.object({ total: z.number(), items: z.array(requestDto), facets: z.object({ objective: facet, kind: facet, country: facet }) }).describe('The requests the caller may see, with their facets');
export const offerList = z.object({ total: z.number(), items: z.array(offerDto), facets: z.object({ objective: facet, kind: facet, country: facet, organisation: facet }) }).describe('The offers the caller may see, with their facets');
export const cooperationDto = cooperationObject.describe('A cooperation: request, offer, partner, status and each side’s interest');
export const requestDetail = requestDto.extend({ history: z.array(historyEntry), cooperations: z.array(cooperationObject) }).describe('A request, its history and (for members) its cooperations');
export const offerDetail = offerDto.extend({ history: z.array(historyEntry) }).describe('An offer and its history');
const matchesObject = z.object({
  practices: z.array(
    z.object({ id: z.string(), slug: z.string(), title: z.string(), countries: z.array(z.string()), score: z.number(), sharedObjectives: z.array(z.number()), wordsInCommon: z.boolean(), why: z.string() }),
  ),
  countries: z.array(z.object({ code: z.string(), name: z.string(), practices: z.number(), doneActions: z.number(), sharedObjectives: z.array(z.number()), score: z.number(), why: z.string() })),
  offers: z.array(
    z.object({ id: z.string(), title: z.string(), by: party, kinds: z.array(z.enum(SUPPORT_KINDS)), sharedObjectives: z.array(z.number()), sharedKinds: z.array(z.enum(SUPPORT_KINDS)), score: z.number(), why: z.string() }),
  ),
});
export const matchesDto = matchesObject.describe('What the platform proposes: practices, countries and offers, each with its score and why');
export const gapsDto = z.object({
  objectives: z.array(z.object({ number: z.number(), title: z.string(), requests: z.number(), offers: z.number(), countries: z.array(z.string()), gap: z.boolean() })),
}).describe('Open requests and offers by GCM objective; gap: asked and not offered');
export const createdDto = z.object({ id: z.string() }).describe('The identifier of what was created');
export const cooperationsList = z.object({ items: z.array(cooperationObject) }).describe('The cooperations of a country or an organisation');
export const idParams = z.object({ id: z.string().uuid() });
export const statusDto = z.object({ id: z.string(), status: z.string() }).describe('The new status');
export const editedDto = z.object({ id: z.string(), status: z.enum(COOP_STATUSES), changed: z.array(z.string()) }).describe('The fields the edit changed (none: nothing written)');

export type Party = z.infer<typeof party>;
export type Facet = z.infer<typeof facet>[number];
export type HistoryEntry = z.infer<typeof historyEntry>;
export type HubRequest = z.infer<typeof requestDto>;
export type HubOffer = z.infer<typeof offerDto>;
export type Cooperation = z.infer<typeof cooperationDto>;
export type RequestList = z.infer<typeof requestList>;
export type OfferList = z.infer<typeof offerList>;
export type RequestDetail = z.infer<typeof requestDetail>;
export type OfferDetail = z.infer<typeof offerDetail>;
export type Matches = z.infer<typeof matchesDto>;
export type Gaps = z.infer<typeof gapsDto>;
export type CooperationsList = z.infer<typeof cooperationsList>;
