import type { Database } from '../../platform/db/database.ts';
import { IncidentIndicatorSource } from '../incidents/index.ts';
import { REGION } from './types.ts';

/**
 * Indicators computed from the incidents registry rather than from released flows: SDG 10.7.3
 * (people dead or missing during migration), the catalogue's `SDG.10.7.3`, per country of
 * incident and for the region (`REG`: the Americas, the sum of its countries), per whole year.
 * Read through the incidents module's `index.ts`; recomputed when incidents change
 * (recompute.ts hears their public-change notice). The values cite their source in `note`:
 * incidents have no releases.
 */
export const SDG_1073 = 'SDG.10.7.3';
export const INCIDENT_CODES = [SDG_1073];

export interface ComputedValue {
  country: string;
  period: string;
  disaggregation: Record<string, string>;
  value: number | null;
  releases: string[];
  note?: string;
}

export async function incidentIndicatorValues(db: Database): Promise<Map<string, ComputedValue>> {
  const { rows, lastMonth } = await new IncidentIndicatorSource(db).sdg1073ByCountryYear();
  const note = `IOM Missing Migrants Project and the Observatory's verified incident records (dead + missing, minimum estimates; by country of incident; whole years only, records up to ${lastMonth ?? '—'})`;
  const out = new Map<string, ComputedValue>();
  const region = new Map<number, number>();
  for (const r of rows) {
    out.set(`${r.country}|${r.year}|{}`, { country: r.country, period: String(r.year), disaggregation: {}, value: r.value, releases: [], note });
    region.set(r.year, (region.get(r.year) ?? 0) + r.value);
  }
  for (const [year, value] of region) out.set(`${REGION}|${year}|{}`, { country: REGION, period: String(year), disaggregation: {}, value, releases: [], note });
  return out;
}
