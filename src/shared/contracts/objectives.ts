import { z } from 'zod';
import { policyAnswer, progressStatus } from './indicators.ts';

/**
 * The objectives API (`/api/v1/objectives`, `/api/v1/countries/{code}/gcm`; issue 18 items 4
 * and 5): the 23 GCM objectives and a country's GCM picture (ADR 0027). The server's routes use
 * these schemas; the web imports their types.
 */
const localized = z.record(z.string(), z.string());
const byStatus = z.record(z.string(), z.number().int());
const status = progressStatus;
const pointOut = z.object({ period: z.string(), value: z.number().nullable(), answer: policyAnswer.nullable(), origin: z.string(), revisionId: z.number() }).nullable();
const indicatorBase = {
  code: z.string(),
  name: z.object({ es: z.string().nullable(), en: z.string() }),
  nameEsDraft: z.boolean(),
  sdg: z.string().nullable(),
  type: z.string(),
  unit: z.string(),
  direction: z.string(),
  official: z.boolean(),
  custodian: z.string().nullable(),
  objectives: z.array(z.number().int()),
};
const objectiveIndicator = z.object({
  ...indicatorBase,
  region: z.object({ status, latest: pointOut, baseline: pointOut }).nullable(),
  countries: z.array(z.object({ country: z.string(), status, latest: pointOut, baseline: pointOut, points: z.number().int() })),
  series: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
});
const countryIndicator = z.object({ ...indicatorBase, status, latest: pointOut, baseline: pointOut, points: z.number().int() });

const incidentsFigure = z.object({
  kind: z.literal('incidents'),
  indicator: z.literal('SDG 10.7.3'),
  title: z.string(),
  series: z.array(z.object({ year: z.number().int(), value: z.number(), incidents: z.number().int() })),
  latestYear: z.number().int().nullable(),
  byCountry: z.array(z.object({ country: z.string(), value: z.number(), incidents: z.number().int() })),
  link: z.string(),
  source: z.string(),
});
const flowFigure = z.object({
  kind: z.literal('flow'),
  flow: z.string(),
  title: z.string(),
  countries: z.array(z.object({ country: z.string(), year: z.string(), value: z.number().nullable(), suppressed: z.boolean(), months: z.number().int() })),
  years: z.array(z.object({ year: z.string(), value: z.number().nullable(), countries: z.number().int() })),
  link: z.string(),
  producers: z.array(z.object({ country: z.string(), producer: z.string().nullable() })),
  releases: z.array(z.object({ id: z.string(), country: z.string(), releasedAt: z.string() })),
});

export const objectiveListOut = z.object({
  items: z.array(
    z.object({
      number: z.number().int(),
      title: z.string(),
      shortTitle: z.string(),
      practices: z.number().int(),
      practiceCountries: z.number().int(),
      outcomes: z.number().int(),
      roadmaps: z.number().int(),
      actions: z.number().int(),
      pledges: z.number().int(),
      indicators: z.number().int().nullable(),
      figures: z.number().int(),
    }),
  ),
});

export const objectiveOut = z.object({
  number: z.number().int(),
  title: z.string(),
  shortTitle: z.string(),
  titles: localized,
  previous: z.number().int().nullable(),
  next: z.number().int().nullable(),
  indicators: z.object({ available: z.boolean(), items: z.array(objectiveIndicator) }),
  practices: z.object({
    total: z.number().int(),
    countries: z.array(z.object({ country: z.string(), name: z.string(), practices: z.number().int() })),
    newest: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string(), kind: z.string(), countries: z.array(z.string()), publishedAt: z.string().nullable() })),
    searchUrl: z.string(),
  }),
  commitments: z.object({
    outcomes: z.object({
      total: z.number().int(),
      items: z.array(z.object({ id: z.string(), key: z.string().nullable(), kind: z.string(), text: z.string(), textLanguage: z.string().nullable(), meeting: z.object({ key: z.string(), title: z.string() }) })),
    }),
    roadmaps: z.array(z.object({ id: z.string(), title: z.string(), countries: z.array(z.string()), actions: z.object({ total: z.number().int(), byStatus }) })),
    actions: z.object({ total: z.number().int(), byStatus }),
    pledges: z.object({ total: z.number().int(), byStatus, items: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), kind: z.string(), countries: z.array(z.string()) })) }),
  }),
  figures: z.array(z.discriminatedUnion('kind', [incidentsFigure, flowFigure])),
  countries: z.object({
    active: z.array(
      z.object({
        country: z.string(),
        name: z.string(),
        member: z.boolean(),
        practices: z.number().int(),
        roadmaps: z.number().int(),
        pledges: z.number().int(),
        figures: z.number().int(),
        indicators: z.number().int(),
      }),
    ),
    gap: z.array(z.object({ country: z.string(), name: z.string() })),
  }),
  source: z.string(),
});

export const countryGcmOut = z.object({
  country: z.object({ code: z.string(), name: z.string(), memberships: z.array(z.string()) }),
  indicators: z.object({ available: z.boolean(), items: z.array(countryIndicator) }),
  practices: z.object({
    total: z.number().int(),
    items: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string(), kind: z.string(), objectives: z.array(z.number().int()), publishedAt: z.string().nullable() })),
    searchUrl: z.string(),
  }),
  commitments: z.object({
    leads: z.number().int(),
    participates: z.number().int(),
    roadmaps: z.array(z.object({ id: z.string(), title: z.string(), objectives: z.array(z.number().int()), lead: z.boolean() })),
    actions: z.object({ total: z.number().int(), overdue: z.number().int(), byStatus }),
    pledges: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), objectives: z.array(z.number().int()) })),
    url: z.string(),
  }),
  coverage: z.object({ flows: z.array(z.object({ flow: z.string(), name: z.string(), first: z.string(), last: z.string(), periods: z.number().int() })) }),
  objectives: z.array(
    z.object({ number: z.number().int(), shortTitle: z.string(), practices: z.number().int(), roadmaps: z.number().int(), pledges: z.number().int(), indicators: z.number().int(), figures: z.boolean() }),
  ),
  objectivesWithNothing: z.array(z.number().int()),
});

export type ObjectiveList = z.infer<typeof objectiveListOut>;
export type ObjectivePageData = z.infer<typeof objectiveOut>;
export type CountryGcmData = z.infer<typeof countryGcmOut>;
export type ObjectiveIndicator = z.infer<typeof objectiveIndicator>;
export type CountryIndicator = z.infer<typeof countryIndicator>;
export type IncidentsFigure = z.infer<typeof incidentsFigure>;
export type FlowFigure = z.infer<typeof flowFigure>;
export type Figure = IncidentsFigure | FlowFigure;
export type Point = NonNullable<z.infer<typeof pointOut>>;
