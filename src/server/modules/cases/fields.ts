import type { Database } from '../../platform/db/database.ts';
import { Invalid, type Issue } from '../../platform/http/errors.ts';
import type { Family, Personal, RemainsBody, ReportBody } from '../../../shared/contracts/cases.ts';
import { roundCoarse } from './view.ts';

/**
 * From a report's or remains' body to what is stored: the checks across fields, the coarse
 * comparison columns (in clear) and the personal fields (to be sealed). Shared by creation and
 * correction (docs/adr/0021) so a correction is held to exactly the rules of a new record.
 */
export const today = () => new Date().toISOString().slice(0, 10);

/** Whole years between two ISO days. */
function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

function range(issues: Issue[], path: string, min: number | undefined, max: number | undefined): [number | null, number | null] {
  const lo = min ?? max;
  const hi = max ?? min;
  if (lo === undefined || hi === undefined) return [null, null];
  if (lo > hi) issues.push({ path, key: 'cases.rangeReversed' });
  return [lo, hi];
}

/** The comparison columns both kinds have (the ones a correction may change). */
export interface ComparisonColumns {
  sex: 'F' | 'M' | 'U';
  age_min: number;
  age_max: number;
  height_min: number | null;
  height_max: number | null;
  event_date: string;
  lat: number | null;
  lon: number | null;
  route_points: string;
  destination_country: string | null;
  pmi_min_days: number | null;
  pmi_max_days: number | null;
  incident_id: string | null;
  mark_codes: string[];
  belonging_codes: string[];
  dna_sample: boolean;
}

export type ReportFields = Omit<ReportBody, 'consent'>;
export type RemainsFields = Omit<RemainsBody, 'share'>;

/** `issues`: what the caller already found wrong elsewhere in the body (all are answered together). */
export function reportFields(b: ReportFields, issues: Issue[] = []): { columns: ComparisonColumns; personal: Personal; family: Family } {
  const p = b.person;
  let ages: [number | null, number | null];
  if (p.dateOfBirth) {
    const at = yearsBetween(p.dateOfBirth, b.lastContact.date);
    if (at < 0 || at > 120) issues.push({ path: 'person.dateOfBirth', key: 'cases.dateOfBirthAfterContact' });
    ages = [at, at];
  } else {
    ages = range(issues, 'person.ageMax', p.ageMin, p.ageMax);
    if (ages[0] === null) issues.push({ path: 'person.ageMin', key: 'cases.ageNeeded' });
  }
  const heights = range(issues, 'person.heightMax', p.heightMin, p.heightMax);
  if (b.lastContact.date > today()) issues.push({ path: 'lastContact.date', key: 'cases.dateInFuture' });
  if (!b.lastContact.point && b.lastContact.routePoints.length === 0) issues.push({ path: 'lastContact.point', key: 'cases.placeNeeded' });
  if (issues.length) throw new Invalid(issues);
  return {
    columns: {
      sex: p.sex,
      age_min: ages[0]!,
      age_max: ages[1]!,
      height_min: heights[0],
      height_max: heights[1],
      event_date: b.lastContact.date,
      lat: b.lastContact.point ? roundCoarse(b.lastContact.point.lat) : null,
      lon: b.lastContact.point ? roundCoarse(b.lastContact.point.lon) : null,
      route_points: JSON.stringify(b.lastContact.routePoints.map((q) => [roundCoarse(q.lat), roundCoarse(q.lon)])),
      destination_country: b.lastContact.destinationCountry ?? null,
      pmi_min_days: null,
      pmi_max_days: null,
      incident_id: null,
      mark_codes: [...new Set(p.markCodes)],
      belonging_codes: [...new Set(p.belongingCodes)],
      dna_sample: b.dna !== null,
    },
    personal: {
      givenNames: p.givenNames,
      familyNames: p.familyNames,
      dateOfBirth: p.dateOfBirth,
      nationality: p.nationality,
      marksText: p.marksText,
      clothing: p.clothing,
      belongingsText: p.belongingsText,
      dentalMedical: p.dentalMedical,
      place: b.lastContact.place,
      route: b.lastContact.route,
      dna: b.dna,
    },
    family: b.family,
  };
}

export async function remainsFields(db: Database, b: RemainsFields): Promise<{ columns: ComparisonColumns; personal: Personal }> {
  const issues: Issue[] = [];
  const ages = range(issues, 'ageMax', b.ageMin, b.ageMax);
  const heights = range(issues, 'heightMax', b.heightMin, b.heightMax);
  const pmi = range(issues, 'pmiMaxDays', b.pmiMinDays, b.pmiMaxDays);
  if (b.found.date > today()) issues.push({ path: 'found.date', key: 'cases.dateInFuture' });
  if (b.found.incidentId) {
    const inc = await db.selectFrom('inc_incident').select('id').where('id', '=', b.found.incidentId).executeTakeFirst();
    if (!inc) issues.push({ path: 'found.incidentId', key: 'cases.unknownIncident' });
  }
  if (issues.length) throw new Invalid(issues);
  return {
    columns: {
      sex: b.sex,
      age_min: ages[0]!,
      age_max: ages[1]!,
      height_min: heights[0],
      height_max: heights[1],
      event_date: b.found.date,
      lat: roundCoarse(b.found.point.lat),
      lon: roundCoarse(b.found.point.lon),
      route_points: '[]',
      destination_country: null,
      pmi_min_days: pmi[0],
      pmi_max_days: pmi[1],
      incident_id: b.found.incidentId ?? null,
      mark_codes: [...new Set(b.markCodes)],
      belonging_codes: [...new Set(b.belongingCodes)],
      dna_sample: b.dna !== null,
    },
    personal: { marksText: b.marksText, clothing: b.clothing, belongingsText: b.belongingsText, documents: b.documents, place: b.found.place, dna: b.dna },
  };
}
