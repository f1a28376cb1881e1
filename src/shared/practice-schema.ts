import { z } from 'zod';

/**
 * The shape of a practice as people write it, shared by the API (validation, OpenAPI)
 * and the web form (the same rules before sending). Messages are keys translated by the
 * server (errors.*) so the caller gets them in their language.
 */
export const PRACTICE_KINDS = ['good_practice', 'policy', 'tool', 'programme', 'protocol', 'campaign', 'study'] as const;
export const PRACTICE_STATUSES = ['planned', 'ongoing', 'completed'] as const;
export const TARGET_GROUPS = [
  'children',
  'unaccompanied_children',
  'women',
  'lgbtiq',
  'persons_with_disabilities',
  'indigenous_peoples',
  'afro_descendants',
  'returnees',
  'trafficking_victims',
  'refugees_asylum_seekers',
  'migrant_workers',
  'older_persons',
] as const;
export const LANGUAGES = ['es', 'en', 'pt', 'fr'] as const;

const keyed = (key: string, values?: Record<string, string | number>) => ({ params: { key, values } });

// Raw HTML is refused rather than silently stripped: the author must know what is stored.
const HTML_TAG = /<\/?[a-z!][^>]*>/i;
const noHtml = (s: string) => !HTML_TAG.test(s);

const text = (max: number) => z.string().trim().max(max).refine(noHtml, keyed('errors.htmlNotAllowed'));

const localized = (max: number) =>
  z
    .object({ es: text(max).optional(), en: text(max).optional(), pt: text(max).optional(), fr: text(max).optional() })
    .strict()
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, s]) => typeof s === 'string' && s.length > 0)) as Record<string, string>);

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, keyed('errors.linkScheme'));

const isoDate = z.iso.date();

export const practiceInput = z
  .object({
    title: localized(300).refine((v) => Object.keys(v).length > 0, keyed('errors.titleRequired')),
    summary: localized(2000).default({}),
    description: z.string().max(50_000).refine(noHtml, keyed('errors.htmlNotAllowed')).nullable().default(null),
    originalLanguage: z.enum(LANGUAGES).default('es'),
    kind: z.enum(PRACTICE_KINDS),
    countries: z.array(z.string().regex(/^[A-Z]{3}$/)).max(60).default([]),
    organisations: z.array(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/)).max(60).default([]),
    objectives: z
      .array(z.number().int())
      .max(23)
      .refine((a) => a.length > 0, keyed('errors.objectiveRequired'))
      .superRefine((a, ctx) =>
        a.forEach((n, i) => {
          if (n < 1 || n > 23) ctx.addIssue({ code: 'custom', path: [i], message: 'objective', params: { key: 'errors.objectiveNotFound', values: { number: n } } });
        }),
      ),
    primaryObjective: z.number().int().nullable().default(null),
    principles: z.array(z.string().regex(/^[a-j]$/)).max(10).default([]),
    targetGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length).default([]),
    status: z.enum(PRACTICE_STATUSES).nullable().default(null),
    periodStart: isoDate.nullable().default(null),
    periodEnd: isoDate.nullable().default(null),
    leadInstitution: text(300).nullable().default(null),
    partners: text(1000).nullable().default(null),
    links: z.array(z.object({ url: httpUrl, label: text(200).nullable().default(null) })).max(20).default([]),
    benefit: localized(3000).default({}),
    impact: localized(3000).default({}),
    evaluated: z.boolean().nullable().default(null),
    evaluationUrl: httpUrl.nullable().default(null),
    contact: text(500).nullable().default(null),
    source: text(500).nullable().default(null),
  })
  .strict()
  .refine((p) => !p.periodStart || !p.periodEnd || p.periodEnd >= p.periodStart, { ...keyed('errors.periodOrder'), path: ['periodEnd'] })
  .refine((p) => p.primaryObjective === null || p.objectives.includes(p.primaryObjective), { ...keyed('errors.primaryObjective'), path: ['primaryObjective'] })
  .refine((p) => p.countries.length + p.organisations.length > 0, { ...keyed('errors.implementerRequired'), path: ['countries'] });

export type PracticeInput = z.output<typeof practiceInput>;
