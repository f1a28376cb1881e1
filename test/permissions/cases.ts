import crypto from 'node:crypto';
import { createUser } from '../helpers/app.ts';
import { REMAINS, REPORT } from '../helpers/cases.ts';
import { callAs, t, type Area } from './harness.ts';

// The requests for the cases rows of matrix.ts. No role of the matrix holds a capacity, so every
// record route is denied to all of them; capacity holders of two countries are tried in
// cases-capacities.test.ts.
const ANY = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

/** A fresh account of Guatemala (the harness's focal point's country), to grant a capacity to. */
async function guatemalan(): Promise<string> {
  return createUser(t, { email: `perm.cases.${crypto.randomBytes(4).toString('hex')}@example.org`, role: 'member_viewer', countryCode: 'GTM' });
}

/** A grant proposed by Guatemala's focal point. */
async function proposed(): Promise<string> {
  const r = await callAs('focal_point', 'POST', '/api/v1/cases/grants', { userId: await guatemalan(), capacity: 'forensic_service' });
  if (r.statusCode !== 201) throw new Error(`grant proposal failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

const { consent: _consent, ...REPORT_FIELDS } = REPORT;
const { share: _share, ...REMAINS_FIELDS } = REMAINS;

const REQUESTS: Area['requests'] = {
  'GET /api/v1/cases/status': () => ({ url: '/api/v1/cases/status' }),
  'GET /api/v1/cases/codes': () => ({ url: '/api/v1/cases/codes' }),
  'GET /api/v1/cases/grants': () => ({ url: '/api/v1/cases/grants' }),
  'GET /api/v1/cases/grants/accounts': () => ({ url: '/api/v1/cases/grants/accounts' }),
  'POST /api/v1/cases/grants': async () => ({ url: '/api/v1/cases/grants', payload: { userId: await guatemalan(), capacity: 'search_authority' } }),
  'POST /api/v1/cases/grants/:id/confirm': async () => ({ url: `/api/v1/cases/grants/${await proposed()}/confirm` }),
  'POST /api/v1/cases/grants/:id/revoke': async () => ({ url: `/api/v1/cases/grants/${await proposed()}/revoke` }),
  'GET /api/v1/cases/records': () => ({ url: '/api/v1/cases/records' }),
  'POST /api/v1/cases/reports': () => ({ url: '/api/v1/cases/reports', payload: REPORT }),
  'POST /api/v1/cases/remains': () => ({ url: '/api/v1/cases/remains', payload: REMAINS }),
  'PUT /api/v1/cases/reports/:id': () => ({ url: `/api/v1/cases/reports/${ANY}`, payload: { ...REPORT_FIELDS, version: 1 } }),
  'PUT /api/v1/cases/remains/:id': () => ({ url: `/api/v1/cases/remains/${ANY}`, payload: { ...REMAINS_FIELDS, version: 1 } }),
  'POST /api/v1/cases/records/:id/read': () => ({ url: `/api/v1/cases/records/${ANY}/read`, payload: { reason: 'Revisión del caso' } }),
  'POST /api/v1/cases/records/:id/status': () => ({ url: `/api/v1/cases/records/${ANY}/status`, payload: { status: 'closed' } }),
  'POST /api/v1/cases/records/:id/sharing': () => ({ url: `/api/v1/cases/records/${ANY}/sharing`, payload: { countries: [] } }),
  'POST /api/v1/cases/records/:id/withdraw': () => ({ url: `/api/v1/cases/records/${ANY}/withdraw` }),
  'GET /api/v1/cases/records/:id/candidates': () => ({ url: `/api/v1/cases/records/${ANY}/candidates` }),
  'POST /api/v1/cases/candidates/:reportId/:remainsId/read': () => ({ url: `/api/v1/cases/candidates/${ANY}/${OTHER}/read`, payload: { reason: 'Revisión del caso' } }),
  'POST /api/v1/cases/candidates/:reportId/:remainsId/open': () => ({ url: `/api/v1/cases/candidates/${ANY}/${OTHER}/open`, payload: { reason: 'Revisión del caso' } }),
  'POST /api/v1/cases/candidates/:reportId/:remainsId/mark': () => ({ url: `/api/v1/cases/candidates/${ANY}/${OTHER}/mark`, payload: { mark: 'examining' } }),
};

export const cases: Area = { requests: REQUESTS };
