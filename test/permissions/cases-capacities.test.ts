import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.ts';
import { createRemains, createReport, people, REASON, REMAINS, REPORT, TEST_CASES_KEY, type People } from '../helpers/cases.ts';

/**
 * The cases routes for the capacity holders of two countries (El Salvador, where the family
 * reported; Mexico, which the family consented to and where remains were found), beside the
 * matrix's roles (matrix.ts), which hold no capacity. A third country in the consent (Guatemala)
 * is in cases.test.ts. ok = 2xx; 403 = refused; 404 = not there for them (no hint it exists).
 */
type Holder = 'saSLV' | 'fsSLV' | 'saMEX' | 'fsMEX';
const HOLDERS: Holder[] = ['saSLV', 'fsSLV', 'saMEX', 'fsMEX'];
type Expect = 'ok' | 403 | 404;

let t: TestApp;
let p: People;
let report: string;
let remains: string;
beforeAll(async () => {
  t = await testApp({ env: { CASES_KEY: TEST_CASES_KEY } });
  p = await people(t);
  report = await createReport(p.saSLV);
  remains = await createRemains(p.fsMEX);
});
afterAll(async () => t?.close());

const fresh = async () => createReport(p.saSLV, { ...REPORT, caseRef: `SLV-${Math.random().toString(36).slice(2, 10)}` });
const freshRemains = async () => createRemains(p.fsMEX, { ...REMAINS, caseRef: `MX-${Math.random().toString(36).slice(2, 10)}` });
const { consent: _consent, ...reportFields } = REPORT;
const { share: _share, ...remainsFields } = REMAINS;
const pair = () => `/api/v1/cases/candidates/${report}/${remains}`;

// route → [request, verdict per holder (saSLV, fsSLV, saMEX, fsMEX)]
const ROWS: [string, () => Promise<{ method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object }>, Expect[]][] = [
  ['GET /cases/status', async () => ({ method: 'GET', url: '/api/v1/cases/status' }), ['ok', 'ok', 'ok', 'ok']],
  ['GET /cases/codes', async () => ({ method: 'GET', url: '/api/v1/cases/codes' }), ['ok', 'ok', 'ok', 'ok']],
  ['GET /cases/grants', async () => ({ method: 'GET', url: '/api/v1/cases/grants' }), [403, 403, 403, 403]],
  ['GET /cases/grants/accounts', async () => ({ method: 'GET', url: '/api/v1/cases/grants/accounts' }), [403, 403, 403, 403]],
  ['POST /cases/grants', async () => ({ method: 'POST', url: '/api/v1/cases/grants', payload: { userId: p.viewerSLV.id, capacity: 'search_authority' } }), [403, 403, 403, 403]],
  ['GET /cases/records', async () => ({ method: 'GET', url: '/api/v1/cases/records' }), ['ok', 'ok', 'ok', 'ok']],
  ['POST /cases/reports', async () => ({ method: 'POST', url: '/api/v1/cases/reports', payload: { ...REPORT, consent: { date: '2024-03-10', countries: ['SLV', 'MEX'] } } }), ['ok', 403, 'ok', 403]],
  ['POST /cases/remains', async () => ({ method: 'POST', url: '/api/v1/cases/remains', payload: REMAINS }), [403, 'ok', 403, 'ok']],
  ['POST /cases/records/:report/read', async () => ({ method: 'POST', url: `/api/v1/cases/records/${report}/read`, payload: REASON }), ['ok', 'ok', 'ok', 'ok']],
  ['POST /cases/records/:remains/read', async () => ({ method: 'POST', url: `/api/v1/cases/records/${remains}/read`, payload: REASON }), ['ok', 'ok', 'ok', 'ok']],
  ['POST /cases/records/:report/status', async () => ({ method: 'POST', url: `/api/v1/cases/records/${await fresh()}/status`, payload: { status: 'closed' } }), ['ok', 403, 404, 404]],
  ['POST /cases/records/:report/sharing', async () => ({ method: 'POST', url: `/api/v1/cases/records/${await fresh()}/sharing`, payload: { countries: [] } }), ['ok', 403, 404, 404]],
  ['PUT /cases/reports/:report', async () => ({ method: 'PUT', url: `/api/v1/cases/reports/${await fresh()}`, payload: { ...reportFields, version: 1 } }), ['ok', 403, 404, 404]],
  ['PUT /cases/remains/:remains', async () => ({ method: 'PUT', url: `/api/v1/cases/remains/${await freshRemains()}`, payload: { ...remainsFields, version: 1 } }), [404, 404, 403, 'ok']],
  ['POST /cases/records/:report/withdraw', async () => ({ method: 'POST', url: `/api/v1/cases/records/${await fresh()}/withdraw` }), ['ok', 403, 404, 404]],
  ['GET /cases/records/:report/candidates', async () => ({ method: 'GET', url: `/api/v1/cases/records/${report}/candidates` }), ['ok', 404, 404, 404]],
  ['GET /cases/records/:remains/candidates', async () => ({ method: 'GET', url: `/api/v1/cases/records/${remains}/candidates` }), [404, 404, 404, 'ok']],
  ['POST /cases/candidates/:r/:m/read', async () => ({ method: 'POST', url: `${pair()}/read`, payload: REASON }), ['ok', 403, 403, 'ok']],
  ['POST /cases/candidates/:r/:m/open', async () => ({ method: 'POST', url: `${pair()}/open`, payload: REASON }), ['ok', 403, 403, 'ok']],
  ['POST /cases/candidates/:r/:m/mark', async () => ({ method: 'POST', url: `${pair()}/mark`, payload: { mark: 'examining' } }), ['ok', 403, 403, 'ok']],
];

describe.each(ROWS)('%s', (_name, request, verdicts) => {
  it.each(HOLDERS.map((h, i) => [h, verdicts[i]!] as const))('%s → %s', async (who, verdict) => {
    const res = await p[who].request(await request());
    const what = `${who}: ${res.statusCode} ${res.body.slice(0, 200)}`;
    if (verdict === 'ok') expect(res.statusCode >= 200 && res.statusCode < 300, what).toBe(true);
    else expect(res.statusCode, what).toBe(verdict);
  });
});

describe('what each reads of the report', () => {
  it.each([
    ['saSLV', 'full'],
    ['fsSLV', 'comparison'],
    ['saMEX', 'comparison'],
    ['fsMEX', 'comparison'],
  ] as const)('%s reads the %s view', async (who, view) => {
    const r = await p[who].request({ method: 'POST', url: `/api/v1/cases/records/${report}/read`, payload: REASON });
    expect(r.json().view).toBe(view);
    expect(r.json().family !== undefined).toBe(view === 'full');
  });
});
