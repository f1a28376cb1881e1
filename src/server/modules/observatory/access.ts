import { requireRole } from '../../platform/authz.ts';
import type { Actor } from '../../platform/http/context.ts';
import { Forbidden, Invalid } from '../../platform/http/errors.ts';
import type { Structure } from './structure.ts';

/** Who may manage a country's settings of a dataflow (calendar, policy, sources): the secretariat, or that country's focal point. */
export function requireCountryManager(actor: Actor, country: string) {
  const user = requireRole(actor, 'admin', 'secretariat', 'focal_point');
  if (user.role === 'focal_point' && user.countryCode !== country) throw new Forbidden('errors.ownCountryOnly');
  return user;
}

export function requireCountry(s: Structure, country: string) {
  if (!s.byId.get('REF_AREA')?.codes.has(country)) throw new Invalid([{ path: 'country', key: 'errors.countryNotFound', params: { code: country } }]);
}
