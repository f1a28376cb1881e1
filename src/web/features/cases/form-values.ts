import type { FullRecord, Kind } from './api.ts';

/**
 * The record form's values (every box as text) and the request built from them. A correction
 * starts from the record as read and sends the whole record again (docs/adr/0021), so every
 * field the server keeps must go both ways here — route points and the incident included — or
 * a correction would erase it (form-values.test.ts).
 */
export type Values = Record<string, string>;
const num = (s: string | undefined) => (s && s.trim() !== '' ? Number(s) : undefined);
const txt = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
const str = (x: number | string | null | undefined) => (x === null || x === undefined ? '' : String(x));

export function initial(kind: Kind, r?: FullRecord): Values {
  const c = r?.comparison;
  const p = r?.personal ?? {};
  const f = r?.family;
  const base: Values = {
    caseRef: r?.caseRef ?? '',
    sex: c?.sex ?? 'U',
    ageMin: str(c?.ageMin),
    ageMax: str(c?.ageMax),
    heightMin: str(c?.heightMin),
    heightMax: str(c?.heightMax),
    date: c?.date ?? '',
    place: p.place ?? '',
    lat: str(c?.lat),
    lon: str(c?.lon),
    marksText: p.marksText ?? '',
    clothing: p.clothing ?? '',
    belongingsText: p.belongingsText ?? '',
    dnaLab: p.dna?.lab ?? '',
    dnaRef: p.dna?.reference ?? '',
  };
  if (kind === 'remains') return { ...base, pmiMin: str(c?.pmiMinDays), pmiMax: str(c?.pmiMaxDays), documents: p.documents ?? '', incidentId: c?.incidentId ?? '' };
  return {
    ...base,
    givenNames: p.givenNames ?? '',
    familyNames: p.familyNames ?? '',
    dateOfBirth: p.dateOfBirth ?? '',
    nationality: p.nationality ?? '',
    dentalMedical: p.dentalMedical ?? '',
    route: p.route ?? '',
    routePoints: (c?.routePoints ?? []).map((q) => `${q.lat}, ${q.lon}`).join('\n'),
    destination: c?.destinationCountry ?? '',
    familyName: f?.name ?? '',
    familyRelationship: f?.relationship ?? '',
    familyPhone: f?.phone ?? '',
    familyEmail: f?.email ?? '',
    // no box for it on the form, but a correction must not erase one given through the API
    familyAddress: f?.address ?? '',
    consentDate: r?.sharing?.consentDate ?? '',
  };
}

/**
 * Route points typed one a line as "latitude, longitude". A line that is not two numbers is sent
 * as such (NaN), so the server refuses it and names the point, rather than the form dropping it.
 */
export function routePointsOf(text: string | undefined): { lat: number; lon: number }[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [lat, lon, ...rest] = l.split(/[,;\s]+/).filter(Boolean);
      return rest.length || lat === undefined || lon === undefined ? { lat: Number.NaN, lon: Number.NaN } : { lat: Number(lat), lon: Number(lon) };
    });
}

export function body(kind: Kind, v: Values, marks: string[], belongings: string[], share: string[]) {
  const point = num(v.lat) !== undefined && num(v.lon) !== undefined ? { lat: num(v.lat)!, lon: num(v.lon)! } : undefined;
  const dna = txt(v.dnaLab) || txt(v.dnaRef) ? { lab: v.dnaLab!.trim(), reference: v.dnaRef!.trim() } : null;
  if (kind === 'remains') {
    return {
      caseRef: v.caseRef!.trim(),
      found: { date: v.date, place: txt(v.place), point: point ?? { lat: Number.NaN, lon: Number.NaN }, incidentId: txt(v.incidentId) },
      sex: v.sex,
      ageMin: num(v.ageMin),
      ageMax: num(v.ageMax),
      heightMin: num(v.heightMin),
      heightMax: num(v.heightMax),
      pmiMinDays: num(v.pmiMin),
      pmiMaxDays: num(v.pmiMax),
      markCodes: marks,
      marksText: txt(v.marksText),
      clothing: txt(v.clothing),
      belongingCodes: belongings,
      belongingsText: txt(v.belongingsText),
      documents: txt(v.documents),
      dna,
      share: { countries: share },
    };
  }
  return {
    caseRef: v.caseRef!.trim(),
    person: {
      givenNames: v.givenNames,
      familyNames: v.familyNames,
      sex: v.sex,
      dateOfBirth: txt(v.dateOfBirth),
      ageMin: num(v.ageMin),
      ageMax: num(v.ageMax),
      nationality: txt(v.nationality),
      heightMin: num(v.heightMin),
      heightMax: num(v.heightMax),
      markCodes: marks,
      marksText: txt(v.marksText),
      clothing: txt(v.clothing),
      belongingCodes: belongings,
      belongingsText: txt(v.belongingsText),
      dentalMedical: txt(v.dentalMedical),
    },
    lastContact: { date: v.date, place: txt(v.place), point, route: txt(v.route), routePoints: routePointsOf(v.routePoints), destinationCountry: txt(v.destination) },
    family: { name: v.familyName, relationship: txt(v.familyRelationship), phone: txt(v.familyPhone), email: txt(v.familyEmail), address: txt(v.familyAddress) },
    consent: { date: v.consentDate, countries: share },
    dna,
  };
}
