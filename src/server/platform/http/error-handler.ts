import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { locales as zodLocales } from 'zod';
import { DomainError, FileRefused, Invalid, TooManyRequests, type Issue } from './errors.ts';
import { dynamicKey, t, type Locale } from '../i18n/index.ts';
import { isInvalidTextError } from './input-guard.ts';

/**
 * The one place where errors become HTTP responses. Every body is JSON with a message
 * in the caller's language; no stack trace or internal detail ever leaves the process.
 */
interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
  requestId: string;
}

function body(req: FastifyRequest, code: string, message: string, issues?: ErrorBody['error']['issues']): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}) }, requestId: String(req.id) };
}

function translateIssues(locale: Locale, issues: Issue[]) {
  return issues.map((i) => ({ path: i.path, message: t(locale, i.key, i.params) }));
}

// Zod's own wording, in the caller's language (Zod ships Spanish and English texts).
const zodErrorMaps = { es: zodLocales.es().localeError, en: zodLocales.en().localeError };
function zodMessage(locale: Locale, issue: unknown): string | undefined {
  if (!issue) return undefined;
  // Our own refinements carry a message key (and parameters) instead of a sentence.
  const custom = issue as { code?: string; params?: { key?: string; values?: Record<string, string | number> } };
  if (custom.code === 'custom' && custom.params?.key) return t(locale, dynamicKey(custom.params.key), custom.params.values);
  try {
    const r = zodErrorMaps[locale](issue as Parameters<(typeof zodErrorMaps)['es']>[0]);
    return typeof r === 'string' ? r : r?.message;
  } catch {
    return undefined;
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const locale = req.locale ?? 'es';
    if (err instanceof DomainError) {
      if (err instanceof TooManyRequests) reply.header('retry-after', String(err.retryAfterSeconds));
      const issues = err instanceof Invalid || err instanceof FileRefused ? translateIssues(locale, err.issues) : undefined;
      const b = body(req, err.code, t(locale, err.key, err.params), issues);
      if (err.details) Object.assign(b.error, { details: err.details });
      return reply.status(err.status).send(b);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => {
        // fastify-type-provider-zod splits each Zod issue into keyword (code), instancePath
        // and params (everything else); put it back together to translate it.
        const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
        const issue = { ...(v.params ?? {}), code: v.keyword, path: path ? path.split('.') : [], message: v.message };
        return { path, message: t(locale, 'errors.field', { field: path || '-', detail: zodMessage(locale, issue) ?? v.message ?? '' }) };
      });
      return reply.status(400).send(body(req, 'invalid', t(locale, 'errors.invalid', { count: issues.length }), issues));
    }
    if (isInvalidTextError(err)) {
      return reply.status(400).send(body(req, 'bad_request', t(locale, 'errors.invalidCharacter')));
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(body(req, 'malformed_json', t(locale, 'errors.malformedJson')));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(body(req, 'too_large', t(locale, 'errors.tooLarge')));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(body(req, 'unsupported_media_type', t(locale, 'errors.unsupportedMediaType')));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.status(400).send(body(req, 'bad_request', t(locale, 'errors.badRequest')));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(body(req, 'bad_request', t(locale, 'errors.badRequest')));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body(req, 'internal', t(locale, 'errors.internal', { requestId: String(req.id) })));
  });
}

export function apiNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send(body(req, 'not_found', t(req.locale ?? 'es', 'errors.routeNotFound')));
}
