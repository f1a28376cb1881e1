import { z } from 'zod';

/**
 * The front doors (issue 21 items 1 and 2; ADR 0027): the public home page
 * (`GET /api/v1/home`), the public counts (`GET /api/v1/overview`) and a signed-in person's
 * workspace overview (`GET /api/v1/workspace/overview`).
 */

const homeYear = z.object({ year: z.string(), value: z.number(), countries: z.number().int() });
export type HomeYear = z.infer<typeof homeYear>;
const homeFigure = z.object({ flow: z.string(), name: z.string(), year: z.string(), value: z.number(), countries: z.number().int(), reporting: z.number().int(), years: z.array(homeYear) });
export type HomeFigure = z.infer<typeof homeFigure>;
export const homeAnswer = z.object({
  members: z.number().int(),
  figures: z.array(homeFigure),
  releases: z.array(z.object({ id: z.string(), country: z.string(), releasedAt: z.string() })),
  practices: z.array(z.object({ slug: z.string(), title: z.string(), countries: z.array(z.string()), publishedAt: z.string().nullable() })),
  roadmaps: z.array(z.object({ id: z.string(), title: z.string(), countries: z.array(z.string()), updatedAt: z.string() })),
  pledges: z.array(z.object({ id: z.string(), title: z.string(), countries: z.array(z.string()), status: z.string() })),
  objectives: z.array(z.object({ number: z.number().int(), title: z.string() })),
  countryNames: z.record(z.string(), z.string()),
}).describe("The home page's content");
export type HomeAnswer = z.infer<typeof homeAnswer>;

/** What the platform holds, in counts anyone may see (never its accounts). */
export const overviewAnswer = z.object({
  countries: z.number().int(),
  crm: z.number().int(),
  csm: z.number().int(),
  objectives: z.number().int(),
  principles: z.number().int(),
  organisations: z.number().int(),
  observers: z.number().int(),
  practices: z.number().int(),
}).describe('Public counts');
export type Overview = z.infer<typeof overviewAnswer>;

// --- the workspace overview ---------------------------------------------------------------

const releaseLevel = z.enum(['members', 'public']);
/** What a country published of one flow: its first and last period and how many periods. */
const publishedFlow = z.object({ flow: z.string(), name: z.string(), first: z.string(), last: z.string(), periods: z.number().int() });

/**
 * The next things a focal point can do about their data, most urgent first; the page words
 * each one (`workspace.next.<key>`) and links it to where it is done.
 */
export const NEXT_STEPS = ['fixReturned', 'confirmValidated', 'releaseApplied', 'announceRelease', 'sendData'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

const dataflowStatus = z.object({
  dataflow: z.string(),
  name: z.string(),
  /** released to the public, per flow (the public's own reading: what anyone sees today) */
  published: z.array(publishedFlow),
  lastRelease: z.object({ at: z.string(), level: releaseLevel }).nullable(),
  /** the next announced release moment, if any */
  nextRelease: z.object({ at: z.string(), level: releaseLevel }).nullable(),
  /**
   * Announced moments that passed without a release: still waiting for the scheduled job
   * (`scheduled`) or skipped with the reason, in the reader's language. The last twelve months.
   */
  overdue: z.array(z.object({ at: z.string(), status: z.enum(['scheduled', 'skipped']), reason: z.string().nullable() })),
  lastImport: z.object({ id: z.string(), fileName: z.string().nullable(), status: z.string(), at: z.string() }).nullable(),
  pending: z.object({
    /** validated files the country has not sent yet */
    toConfirm: z.number().int(),
    /** sent, waiting for the secretariat */
    awaitingApproval: z.number().int(),
    /** sent back by the secretariat with a comment */
    returned: z.number().int(),
    /** applied since the last release: figures no one outside sees yet */
    unreleased: z.number().int(),
  }),
  next: z.array(z.enum(NEXT_STEPS)),
});
export type DataflowStatus = z.infer<typeof dataflowStatus>;

const practiceLine = z.object({ id: z.string(), slug: z.string(), title: z.record(z.string(), z.string()), workflow: z.string(), updatedAt: z.string(), reviewComment: z.string().nullable() });
export type WorkspacePractice = z.infer<typeof practiceLine>;

export const workspaceOverview = z.object({
  role: z.string(),
  /** the focal point's (or a contributor's state institution's) country, with its name */
  country: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** one entry per dataflow, for a focal point only */
  data: z.array(dataflowStatus),
  practices: z.object({
    /** how many of the person's (their country's, their organisation's) practices are in each state */
    counts: z.record(z.string(), z.number().int()),
    /** those that ask something of them: drafts, sent back, waiting for review */
    open: z.array(practiceLine),
  }),
}).describe("The person's workspace overview");
export type WorkspaceOverview = z.infer<typeof workspaceOverview>;
