import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PracticesService } from './service.ts';
import type { PracticeFilters } from './search.ts';
import { LANGUAGES, TARGET_GROUPS } from '../../../shared/practice-schema.ts';

// Filters accept repeated parameters or comma-separated lists: ?objective=8&objective=9 or ?objective=8,9
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the item schema may coerce from any input type
const list = <O,>(item: z.ZodType<O, any>) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(item).max(50)) as unknown as z.ZodType<O[], string | string[] | undefined>;

export const practiceKinds = ['good_practice', 'policy', 'tool', 'programme', 'protocol', 'campaign', 'study'] as const;

export const searchQuerystring = z.object({
  q: z.string().max(200).optional(),
  objective: list(z.coerce.number().int().min(1).max(23)),
  country: list(z.string().regex(/^[A-Za-z]{3}$/).transform((s) => s.toUpperCase())),
  organisation: list(z.string().regex(/^[A-Za-z0-9_-]{2,32}$/).transform((s) => s.toUpperCase())),
  kind: list(z.enum(practiceKinds)),
  principle: list(z.string().regex(/^[a-j]$/)),
  status: list(z.enum(['planned', 'ongoing', 'completed'])),
  validation: list(z.enum(['state', 'stakeholder'])),
  targetGroup: list(z.enum(TARGET_GROUPS)),
  language: list(z.enum(LANGUAGES)),
  year: list(z.coerce.number().int().min(1950).max(2100)),
  sort: z.enum(['relevance', 'newest', 'title']).default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function toFilters(q: z.output<typeof searchQuerystring>): PracticeFilters {
  return {
    q: q.q,
    objectives: q.objective,
    countries: q.country,
    organisations: q.organisation,
    kinds: q.kind,
    principles: q.principle,
    statuses: q.status,
    validations: q.validation,
    targetGroups: q.targetGroup,
    languages: q.language,
    years: q.year,
  };
}

export function practicesRoutes(service: PracticesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/practices',
      {
        schema: {
          tags: ['practices'],
          summary: 'Search published practices with facets',
          querystring: searchQuerystring,
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        const q = req.query;
        return service.search({ ...toFilters(q), sort: q.sort, page: q.page, pageSize: q.pageSize }, req.locale);
      },
    );
    app.get('/practices/coverage', { schema: { tags: ['practices'], summary: 'Countries × GCM objectives: counts of published practices' } }, async () =>
      service.coverage(),
    );
    app.get(
      '/practices/:id',
      { schema: { tags: ['practices'], params: z.object({ id: z.string().min(2).max(130) }) } },
      async (req) => service.get(req.params.id, req.locale, req.actor.kind === 'user'),
    );
  };
}
