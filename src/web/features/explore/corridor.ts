import { compareText } from './format.ts';

/**
 * The order of a corridor's chain: the reporting countries from south to north, the
 * direction of the northbound routes through the Americas. Latitude of each capital city
 * (degrees, rounded), a geographic fact used only to order the chain; a country missing
 * here goes last, by name.
 */
const CAPITAL_LATITUDE: Record<string, number> = {
  ARG: -34.6, URY: -34.9, CHL: -33.4, PRY: -25.3, BOL: -16.5, BRA: -15.8, PER: -12.0, ECU: -0.2, SUR: 5.9, GUY: 6.8,
  COL: 4.7, PAN: 9.0, CRI: 9.9, VEN: 10.5, TTO: 10.7, NIC: 12.1, SLV: 13.7, HND: 14.1, GTM: 14.6, BLZ: 17.3,
  JAM: 18.0, DOM: 18.5, HTI: 18.5, MEX: 19.4, CUB: 23.1, BHS: 25.0, USA: 38.9, CAN: 45.4,
};

export function corridorOrder<T extends { key: string; label: string }>(items: T[]): T[] {
  const lat = (k: string) => CAPITAL_LATITUDE[k] ?? Number.POSITIVE_INFINITY;
  return [...items].sort((a, b) => lat(a.key) - lat(b.key) || compareText(a.label, b.label));
}

/** Former states of ISO 3166-3 that the nationality codelist keeps (structure-seed.ts): people still travel with their papers. */
export const FORMER_STATES = new Set(['CSK', 'SCG', 'YUG']);

/** A list of nationalities to pick from: by name in the reader's language, former states last (issue 21). */
export function nationalityOrder<T extends { key: string; label: string }>(items: T[]): T[] {
  const former = (k: string) => (FORMER_STATES.has(k) ? 1 : 0);
  return [...items].sort((a, b) => former(a.key) - former(b.key) || compareText(a.label, b.label));
}
