import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparison, recordOut, recordPage } from '../../../shared/contracts/cases.ts';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createRemains, createReport, people, post, REASON, SECRETS, TEST_CASES_KEY, type People } from '../../../../test/helpers/cases.ts';

/**
 * The contract (src/shared/contracts/cases.ts) as a second guard on what crosses a border: a
 * receiving country's answer holds the comparison fields and nothing else, by exact key sets,
 * and the answer schema itself drops a personal field that would reach such an answer by mistake.
 */
const BASE = ['id', 'kind', 'countryCode', 'status', 'statusAt', 'createdAt', 'withdrawn', 'erased', 'view'];
const COMPARISON_KEYS = Object.keys(comparison.shape).sort();
const keys = (o: object) => Object.keys(o).sort();

let t: TestApp;
let p: People;
let reportId: string;
let remainsId: string;
beforeAll(async () => {
  t = await testApp({ env: { CASES_KEY: TEST_CASES_KEY } });
  p = await people(t);
  reportId = await createReport(p.saSLV);
  remainsId = await createRemains(p.fsMEX);
});
afterAll(async () => t?.close());

describe('a shared record, as the receiving country gets it', () => {
  it('a read with a reason: exactly the record’s frame and its comparison fields', async () => {
    for (const who of ['saMEX', 'fsMEX', 'fsGTM'] as const) {
      const r = await post(p[who], `/api/v1/cases/records/${reportId}/read`, REASON);
      expect(r.statusCode, who).toBe(200);
      const body = r.json();
      expect(keys(body), who).toEqual([...BASE, 'comparison'].sort());
      expect(keys(body.comparison), who).toEqual(COMPARISON_KEYS);
      for (const s of SECRETS) expect(r.body, who).not.toContain(s);
    }
  });

  it('the list and the candidates: the same, and a withdrawn record its frame only', async () => {
    const list = await p.saMEX.request({ method: 'GET', url: '/api/v1/cases/records?scope=shared' });
    const item = list.json().items.find((i: { id: string }) => i.id === reportId);
    expect(keys(item)).toEqual([...BASE, 'comparison'].sort());
    const cands = await p.fsMEX.request({ method: 'GET', url: `/api/v1/cases/records/${remainsId}/candidates` });
    const other = cands.json().items.find((c: { reportId: string }) => c.reportId === reportId).other;
    expect(keys(other)).toEqual([...BASE, 'comparison'].sort());
    const pair = await post(p.fsMEX, `/api/v1/cases/candidates/${reportId}/${remainsId}/read`, REASON);
    expect(keys(pair.json().report)).toEqual([...BASE, 'comparison'].sort());
    for (const s of SECRETS) expect(pair.body).not.toContain(s);
  });

  it('the author’s own read holds the full record with its history and reads', async () => {
    const r = await post(p.saSLV, `/api/v1/cases/records/${reportId}/read`, REASON);
    expect(keys(r.json())).toEqual([...BASE, 'caseRef', 'version', 'sharing', 'comparison', 'personal', 'family', 'history', 'reads'].sort());
  });
});

describe('the answer schema', () => {
  it('drops personal fields, the family contact and the case reference from a comparison or withdrawn answer', () => {
    const frame = { id: 'x', kind: 'report', countryCode: 'SLV', status: 'open', statusAt: 'a', createdAt: 'a', withdrawn: false, erased: false };
    const cmp = { sex: 'F', ageMin: 1, ageMax: 2, heightMin: null, heightMax: null, date: 'd', lat: null, lon: null, routePoints: [], destinationCountry: null, pmiMinDays: null, pmiMaxDays: null, incidentId: null, markCodes: [], belongingCodes: [], dnaSample: false };
    const leak = { caseRef: 'SLV-1', personal: { givenNames: 'Rosa Amelia' }, family: { name: 'Marta Portillo' }, sharing: { countries: [], consentDate: null }, history: [], reads: [] };
    for (const schema of [recordOut, recordPage]) {
      expect(keys(schema.parse({ ...frame, view: 'comparison', comparison: cmp, ...leak }))).toEqual([...BASE, 'comparison'].sort());
      expect(keys(schema.parse({ ...frame, view: 'withdrawn', comparison: cmp, ...leak }))).toEqual(BASE.sort());
      expect(keys(schema.parse({ ...frame, view: 'candidate', comparison: cmp, ...leak }))).toEqual([...BASE, 'comparison', 'personal'].sort());
    }
  });
});
