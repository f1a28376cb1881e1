/**
 * The web application's only door to the server. Every call says which language the
 * person reads (the server translates its messages), sends the session cookie, and on
 * writes echoes the session's CSRF token.
 */
import type { Role, OrgKind } from '../../shared/contracts/identity.ts';

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];
  readonly requestId: string | undefined;
  /** Extra facts some errors carry (e.g. the other person's version on an edit conflict). */
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, code: string, message: string, issues: ApiIssue[] = [], requestId?: string, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.requestId = requestId;
    this.details = details;
  }
  /** The message for one field, when the server named it. */
  issueFor(path: string): string | undefined {
    return this.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  }
}

interface ClientState {
  lang: () => string;
  csrfToken: string | null;
  /** Translated text for failures that never reached the server. */
  fallback: (kind: 'network' | 'unexpected') => string;
  /** The browser's fetch; the server's page renderer (entry-server.tsx) answers from its own API instead. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}

const state: ClientState = {
  lang: () => 'es',
  csrfToken: null,
  fallback: (kind) => (kind === 'network' ? 'Network error' : 'Unexpected error'),
  fetch: (url, init) => fetch(url, init),
};

export function configureClient(opts: { lang: () => string; fallback: ClientState['fallback']; fetch?: ClientState['fetch'] }): void {
  state.lang = opts.lang;
  state.fallback = opts.fallback;
  if (opts.fetch) state.fetch = opts.fetch;
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.lang() };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  // A FormData body (file upload) sets its own multipart Content-Type with the boundary.
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  // Public reads are cached (by the browser and any CDN) without `Vary: Accept-Language`,
  // so the language is also part of the address: a Spanish copy never answers an English page.
  const url = method === 'GET' ? `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(state.lang())}` : path;
  let res: Response;
  try {
    res = await state.fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : isForm ? body : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', state.fallback('network'));
  }
  if (res.status === 204) return undefined as T;
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ApiError(res.status, 'unexpected', state.fallback(res.ok ? 'unexpected' : 'network'));
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; issues?: ApiIssue[]; details?: Record<string, unknown> }; requestId?: string }).error;
    throw new ApiError(res.status, e?.code ?? 'unexpected', e?.message ?? state.fallback('unexpected'), e?.issues ?? [], (json as { requestId?: string }).requestId, e?.details);
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
/** Multipart upload (e.g. a file in field "file"); same language and CSRF headers as every write. */
export const upload = <T>(path: string, form: FormData) => api<T>('POST', path, form);
export const del = (path: string) => api<void>('DELETE', path);

/** Builds a query string from the non-empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
}

// --- shapes of the responses the web application reads ---------------------------------

export type { Role, OrgKind, Me, Session, SignedIn, Organisation, LinkInfo, ApiToken, AdminUser, Invitation, AuditEvent } from '../../shared/contracts/identity.ts';
export const ROLES: Role[] = ['admin', 'secretariat', 'focal_point', 'contributor', 'member_viewer'];
export type Locale = 'es' | 'en';

/** `GET /api/v1/overview`: public counts (never of accounts); the shared contract's type. */
export type { Overview } from '../../shared/contracts/home.ts';

export type { Objective, Country } from '../../shared/contracts/reference.ts';

export const ORG_KINDS: OrgKind[] = ['state_institution', 'observer', 'civil_society', 'secretariat'];
