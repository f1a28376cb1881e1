import { hasRole } from '../../platform/authz.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { CooperationRow, OfferRow, RequestRow } from './repository.ts';

/** Who may see and change what in the hub (the services call these; the UI only mirrors them). */
export const isSecretariat = (a: Actor) => hasRole(a, 'admin', 'secretariat');

/** A request belongs to its country's focal points (and the secretariat). */
export function ownsRequest(a: Actor, r: Pick<RequestRow, 'country_code'>): boolean {
  if (isSecretariat(a)) return true;
  return a.kind === 'user' && a.role === 'focal_point' && a.countryCode === r.country_code;
}

/** An offer belongs to its country's focal points or its organisation's contributors (and the secretariat). */
export function ownsOffer(a: Actor, f: Pick<OfferRow, 'country_code' | 'organisation_id'>): boolean {
  if (isSecretariat(a)) return true;
  if (a.kind !== 'user') return false;
  if (a.role === 'focal_point') return f.country_code !== null && a.countryCode === f.country_code;
  if (a.role === 'contributor') return f.organisation_id !== null && a.organisationId === f.organisation_id;
  return false;
}

/**
 * Published and closed entries are read by everyone they are shown to: the public ones by
 * anyone, the members-only ones by signed-in members. Drafts by their owners only.
 */
export function canSee(a: Actor, e: { status: string; visibility: string }, owner: boolean): boolean {
  if (e.status === 'draft') return owner;
  return e.visibility === 'public' || a.kind === 'user';
}

/** The two sides of a cooperation: the requesting country, and the helping country or organisation. */
export function sideOf(a: Actor, c: Pick<CooperationRow, 'request_country' | 'partner_country' | 'partner_organisation'>): 'requester' | 'partner' | null {
  if (a.kind !== 'user') return null;
  if (a.role === 'focal_point' && a.countryCode === c.request_country) return 'requester';
  if (a.role === 'focal_point' && c.partner_country !== null && a.countryCode === c.partner_country) return 'partner';
  if (a.role === 'contributor' && c.partner_organisation !== null && a.organisationId === c.partner_organisation) return 'partner';
  return null;
}
