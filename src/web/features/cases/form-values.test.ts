import { describe, expect, it } from 'vitest';
import { remainsBody, remainsCorrection, reportBody, reportCorrection, type FullRecord } from '../../../shared/contracts/cases.ts';
import { body, initial, routePointsOf } from './form-values.ts';

/**
 * The record form against the server's contract: what it sends is what the API takes, and a
 * correction (the whole record again) keeps every field the record held — route points, the
 * incident and the family's address included, which the form once dropped.
 */
const frame = { id: 'a7c1d2e3-0000-4000-8000-000000000001', countryCode: 'SLV', status: 'open', statusAt: '2024-03-10T00:00:00Z', createdAt: '2024-03-10T00:00:00Z', withdrawn: false, erased: false, view: 'full' as const, version: 3 };
const comparison = { sex: 'F' as const, ageMin: 24, ageMax: 28, heightMin: 150, heightMax: 158, date: '2024-03-02', lat: 16.2, lon: -93.9, routePoints: [{ lat: 14.9, lon: -92.3 }, { lat: 19.4, lon: -99.1 }], destinationCountry: 'USA', pmiMinDays: null, pmiMaxDays: null, incidentId: null, markCodes: ['tattoo_forearm_left'], belongingCodes: ['rosary'], dnaSample: true };
const report: FullRecord = {
  ...frame,
  kind: 'report',
  caseRef: 'SLV-BDF-2024-0200',
  sharing: { countries: ['MEX'], consentDate: '2024-03-10' },
  comparison,
  personal: { givenNames: 'Ana', familyNames: 'Pérez', nationality: 'SLV', route: 'San Salvador – Tapachula', dna: { lab: 'IML', reference: 'R-1' } },
  family: { name: 'María Pérez', phone: '+503 0000-0000', address: 'Cantón X' },
};
const remains: FullRecord = {
  ...frame,
  kind: 'remains',
  countryCode: 'MEX',
  status: 'unidentified',
  caseRef: 'MEX-SEMEFO-24-0311',
  sharing: { countries: ['SLV'], consentDate: null },
  comparison: { ...comparison, routePoints: [], destinationCountry: null, pmiMinDays: 20, pmiMaxDays: 45, incidentId: 'b1c2d3e4-0000-4000-8000-000000000002' },
  personal: { place: 'Arriaga', documents: 'Ninguno' },
};

describe('the record form’s values', () => {
  it('a report corrected as read keeps its route points, destination and family address, and fits the contract', () => {
    const b = body('report', initial('report', report), comparison.markCodes, comparison.belongingCodes, []) as Record<string, unknown>;
    const { consent: _consent, ...correction } = b;
    const parsed = reportCorrection.parse({ ...correction, version: report.version });
    expect(parsed.lastContact.routePoints).toEqual(comparison.routePoints);
    expect(parsed.lastContact.destinationCountry).toBe('USA');
    expect(parsed.family.address).toBe('Cantón X');
    expect(parsed.person.givenNames).toBe('Ana');
  });

  it('remains corrected as read keep their incident', () => {
    const b = body('remains', initial('remains', remains), [], [], []) as Record<string, unknown>;
    const { share: _share, ...correction } = b;
    const parsed = remainsCorrection.parse({ ...correction, version: remains.version });
    expect(parsed.found.incidentId).toBe(remains.comparison.incidentId);
    expect(parsed.pmiMinDays).toBe(20);
  });

  it('new records fit the contract; empty boxes are left out, never invented', () => {
    const v = { ...initial('report'), caseRef: 'SLV-1', givenNames: 'Ana', familyNames: 'Pérez', date: '2024-03-02', familyName: 'María', consentDate: '2024-03-10', routePoints: '' };
    const r = reportBody.parse(body('report', v, [], [], ['MEX']));
    expect(r.lastContact.routePoints).toEqual([]);
    expect(r.person.ageMin).toBeUndefined();
    const m = remainsBody.parse(body('remains', { ...initial('remains'), caseRef: 'MEX-1', ageMin: '20', ageMax: '30', date: '2024-04-20', lat: '16.2', lon: '-93.85' }, [], [], []));
    expect(m.found.incidentId).toBeUndefined();
  });

  it('route points: one "latitude, longitude" a line; a line that is not two numbers goes to the server as such, to be refused there', () => {
    expect(routePointsOf('16.2, -93.9\n\n 19.4;-99.1 \n14.9 -92.3')).toEqual([
      { lat: 16.2, lon: -93.9 },
      { lat: 19.4, lon: -99.1 },
      { lat: 14.9, lon: -92.3 },
    ]);
    for (const bad of ['Tapachula', '1, 2, 3', '16.2']) expect(routePointsOf(bad).every((p) => Number.isNaN(p.lat))).toBe(true);
    expect(reportBody.shape.lastContact.safeParse({ date: '2024-03-02', routePoints: routePointsOf('Tapachula') }).success).toBe(false);
  });
});
