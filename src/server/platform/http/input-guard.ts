import type { FastifyInstance } from 'fastify';
import { BadInput } from './errors.ts';

/**
 * Characters no stored text may hold. PostgreSQL refuses the null character in `text`
 * and in `jsonb` (`\u0000`), so one that slipped through to a query used to end as a 500;
 * other C0 controls (except tab, line feed and carriage return, which forms and files
 * carry legitimately) have no place in a name, a search or a key either.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export function hasForbiddenCharacter(value: string): boolean {
  return FORBIDDEN.test(value);
}

function badUrl(url: string): boolean {
  try {
    return FORBIDDEN.test(decodeURIComponent(url));
  } catch {
    // A malformed escape (`%E0%A4%A`) is not a question anyone can answer either.
    return true;
  }
}

function containsForbidden(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return FORBIDDEN.test(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsForbidden(v, depth + 1));
  for (const [k, v] of Object.entries(value)) {
    if (FORBIDDEN.test(k) || containsForbidden(v, depth + 1)) return true;
  }
  return false;
}

// The multipart plugin is registered only where uploads are taken, so its request method
// is not available to a hook that every route runs.
function isMultipart(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith('multipart/');
}

/**
 * Refuses, with 400 and a message in the caller's language, any request whose path, query
 * or JSON body carries a forbidden character — before a handler or the database sees it.
 * Multipart fields are read by their handlers; the error mapper's database safety net
 * (`isInvalidTextError`) covers what reaches a query from there.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (badUrl(req.url)) throw new BadInput('errors.invalidCharacter');
  });
  app.addHook('preValidation', async (req) => {
    if (req.body !== undefined && !isMultipart(req.headers['content-type']) && containsForbidden(req.body)) throw new BadInput('errors.invalidCharacter');
  });
}

/**
 * PostgreSQL's answers to a character it cannot store: 22021 (null byte in text:
 * "invalid byte sequence for encoding UTF8: 0x00") and 22P05 (`\u0000` in jsonb).
 */
export function isInvalidTextError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}
