/**
 * Domain errors. Services throw these with a message *key* (never a sentence), so the
 * one error handler can answer in the caller's language. The key is a `MessageKey`: one the
 * catalogue does not hold fails the type-check (issue 16, item 4).
 */
import type { MessageKey } from '../i18n/index.ts';

/** Message parameters; a translated value (`{es, en}`) is read in the caller's language (i18n `t`). */
export type Params = Record<string, string | number | Record<string, string>>;

export interface Issue {
  path: string;
  key: MessageKey;
  params?: Params;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Extra data the caller needs to act (e.g. the other person's version on an edit conflict). */
  details?: Record<string, unknown>;
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
  ) {
    super(key);
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(key: MessageKey = 'errors.notFound', params?: Params) {
    super(key, params);
  }
}
export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor(key: MessageKey = 'errors.unauthenticated', params?: Params) {
    super(key, params);
  }
}
export class Forbidden extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(key: MessageKey = 'errors.forbidden', params?: Params) {
    super(key, params);
  }
}
export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
  constructor(key: MessageKey = 'errors.conflict', params?: Params) {
    super(key, params);
  }
}
export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
  constructor(
    key: MessageKey,
    params: Params,
    readonly retryAfterSeconds: number,
  ) {
    super(key, params);
  }
}
export class Invalid extends DomainError {
  readonly status = 400;
  readonly code = 'invalid';
  constructor(
    readonly issues: Issue[],
    key: MessageKey = 'errors.invalid',
  ) {
    super(key, { count: issues.length });
  }
}
/** A request that cannot be read at all (a forbidden character, a malformed escape). */
export class BadInput extends DomainError {
  readonly status = 400;
  readonly code = 'bad_request';
  constructor(key: MessageKey = 'errors.badRequest', params?: Params) {
    super(key, params);
  }
}
/**
 * A file refused for what it holds once read: beyond a limit (expands past its cap, too many
 * rows, columns or characters in a cell: 413) or not readable safely (a damaged archive, XML
 * declarations or nesting no spreadsheet has: 422). The issue names the file field.
 */
export class FileRefused extends DomainError {
  readonly status: 413 | 422;
  readonly code: 'file_too_large' | 'file_unreadable';
  readonly issues: Issue[];
  constructor(kind: 'limit' | 'unreadable', key: MessageKey, params: Params = {}, path = 'file') {
    super(key, params);
    this.status = kind === 'limit' ? 413 : 422;
    this.code = kind === 'limit' ? 'file_too_large' : 'file_unreadable';
    this.issues = [{ path, key, params }];
  }
}
