import type { FastifyRequest } from 'fastify';
import type { Role } from '../db/schema.ts';
import type { Locale } from '../i18n/index.ts';

/** Who is making a request. Services receive this and decide; routes never do. */
export interface UserActor {
  kind: 'user';
  id: string;
  email: string;
  displayName: string;
  role: Role;
  countryCode: string | null;
  organisationId: string | null;
  locale: string;
  via: 'session' | 'token';
  /** Present for cookie sessions: the value writes must echo in the x-csrf-token header. */
  csrfToken?: string;
  sessionHash?: string;
}
export interface AnonymousActor {
  kind: 'anonymous';
}
export type Actor = UserActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

/** What the audit trail needs to know about the request that caused a change. */
export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
}

export function metaOf(req: FastifyRequest): RequestMeta {
  return { requestId: String(req.id), ip: req.ip ?? null };
}

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor;
  }
}
