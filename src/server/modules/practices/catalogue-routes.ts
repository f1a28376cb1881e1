import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { LANGUAGES } from '../../../shared/practice-schema.ts';
import { CATALOGUE_FIELDS } from './catalogue-read.ts';
import type { CatalogueImport } from './catalogue-import.ts';

const tags = ['practices'];
// 5 MB of file is about 6.7 MB of base64; larger bodies are refused before they are read.
const BODY_LIMIT = 8 * 1024 * 1024;
const file = z.object({
  format: z.enum(['csv', 'xlsx']),
  content: z.string().min(1).describe('the file, base64-encoded (at most 5 MB once decoded)'),
  organisation: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/).nullable().optional().describe('the catalogue’s organisation (code); a contributor’s own'),
  columns: z
    .record(z.string().max(200), z.enum([...CATALOGUE_FIELDS, 'ignore']))
    .optional()
    .describe('header → field, for headers the platform does not recognise'),
  language: z.enum(LANGUAGES).optional().describe('language of the texts when the file has no language column (default es)'),
});
const suggestion = z.object({ objective: z.number(), score: z.number() });
const previewDto = z.object({
  checksum: z.string(),
  organisation: z.string(),
  rows: z.number(),
  canApply: z.boolean(),
  toCreate: z.number(),
  duplicates: z.number(),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), by: z.enum(['header', 'mapping', 'none']) })),
  items: z.array(
    z.object({
      row: z.number(),
      title: z.string(),
      countries: z.array(z.string()),
      objectives: z.array(z.number()),
      objectivesFrom: z.enum(['file', 'suggestion']),
      suggestions: z.array(suggestion),
      duplicateOf: z.object({ id: z.string(), slug: z.string(), title: z.record(z.string(), z.string()), similarity: z.number() }).nullable(),
      duplicateOfRow: z.number().nullable(),
    }),
  ),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
  notes: z.array(z.object({ row: z.number(), message: z.string() })),
});
const applyDto = z.object({ created: z.number(), skipped: z.number(), workflow: z.enum(['draft', 'published']), ids: z.array(z.string()) });

/** A partner's catalogue of practices: preview (nothing written), then apply in one transaction. */
export function catalogueRoutes(io: CatalogueImport): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/practices/catalogue/preview',
      { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Contributor or secretariat: read a catalogue (CSV/XLSX), recognise its columns, suggest objectives, flag likely duplicates and report every error (nothing is written)', body: file, response: { 200: previewDto } } },
      async (req) => io.preview(req.actor, req.body, req.locale),
    );
    app.post(
      '/practices/catalogue/apply',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags,
          summary: 'Apply a previewed catalogue in one transaction: drafts for the organisation (published when the secretariat chooses); likely duplicates left out unless kept; 409 when the file changed',
          body: file.extend({
            checksum: z.string().regex(/^[0-9a-f]{64}$/),
            publish: z.boolean().optional(),
            keepRows: z.array(z.number().int().min(2)).max(5000).optional().describe('rows flagged as likely duplicates to create anyway'),
          }),
          response: { 201: applyDto },
        },
      },
      async (req, reply) => reply.status(201).send(await io.apply(req.actor, metaOf(req), req.body, req.locale)),
    );
  };
}
