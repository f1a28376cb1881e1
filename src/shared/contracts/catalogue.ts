import { z } from 'zod';
import { LANGUAGES } from '../practice-schema.ts';
import { CATALOGUE_FIELDS } from '../catalogue-fields.ts';

/**
 * The contract of `/api/v1/practices/catalogue/*` (ADR 0027): a partner's catalogue of
 * practices, previewed then applied. The server validates and serialises with these schemas;
 * the web reads their types.
 */
export const catalogueFile = z.object({
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
export const cataloguePreview = z.object({
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
}).describe('The whole file checked: columns, every row with its suggestions and likely duplicate, every error; nothing written');
export const catalogueApplied = z
  .object({ created: z.number(), skipped: z.number(), workflow: z.enum(['draft', 'published']), ids: z.array(z.string()) })
  .describe('What the apply created: drafts, or published practices when the secretariat chose so');

export const catalogueApply = catalogueFile.extend({
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  publish: z.boolean().optional(),
  keepRows: z.array(z.number().int().min(2)).max(5000).optional().describe('rows flagged as likely duplicates to create anyway'),
});

export type CataloguePreview = z.infer<typeof cataloguePreview>;
export type CatalogueApplied = z.infer<typeof catalogueApplied>;
