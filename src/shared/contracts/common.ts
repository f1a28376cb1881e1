import { z } from 'zod';

/**
 * Pieces every module's contract uses (ADR 0027). Zod only: the server imports these
 * schemas, the web imports only their types (`import type`), so zod stays out of the bundle.
 */

/** A query parameter given once, several times, or comma-separated, read as a list of `item`. */
export function listParam<T extends z.ZodType>(item: T, max = 50) {
  return z.preprocess(
    (v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v])).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean),
    z.array(item).max(max),
  );
}

/**
 * The answer of a route that sends a file (CSV, XLSX, PDF, GeoJSON as a download…). Fastify
 * sends strings, buffers and streams as they are, so this schema documents the answer in
 * OpenAPI and is never used to serialise it.
 */
export function fileAnswer(mediaType: string) {
  return z.any().describe(`A file (${mediaType})`);
}

/** An answer with no body (204). */
export const noContent = z.null().describe('No content');

/** Text in both languages, as stored (one of them may be missing). */
export const bilingual = z.object({ es: z.string().optional(), en: z.string().optional() });
export type Bilingual = z.infer<typeof bilingual>;

/** Identifier of something just created. */
export const created = z.object({ id: z.string() });
