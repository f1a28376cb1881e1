import type { Role } from './db/schema.ts';
import type { Actor, UserActor } from './http/context.ts';
import { Forbidden, Unauthenticated } from './http/errors.ts';

/**
 * Small guards that services call before they act. The rules live in the services;
 * these only turn "not allowed" into the right domain error.
 */
export function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new Unauthenticated();
  return actor;
}

export function requireRole(actor: Actor, ...roles: Role[]): UserActor {
  const user = requireUser(actor);
  if (!roles.includes(user.role)) throw new Forbidden();
  return user;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.kind === 'user' && roles.includes(actor.role);
}

/** Roles that manage shared vocabularies (countries, GCM taxonomy, organisations). */
export const VOCABULARY_EDITORS: Role[] = ['admin', 'secretariat'];
