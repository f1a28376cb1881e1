import { callAs, type Area, type Who } from './harness.ts';

// The requests for the observatory rows of matrix.ts, and the submissions and schedules they need.

// --- a fresh validated submission of Guatemala's (by the caller when they may submit) ---
let obsMonth = 0;
const OBS_ROWS = () => ({ rows: [{ TIME_PERIOD: `2023-${String((obsMonth++ % 12) + 1).padStart(2, '0')}`, REF_AREA: 'GTM', FLOW: 'REG_ENTRY', OBS_VALUE: 100 + obsMonth }] });
async function submissionFor(who: Who): Promise<string> {
  const author: Exclude<Who, 'anonymous'> = who === 'admin' || who === 'secretariat' ? who : 'focal_point';
  const r = await callAs(author, 'POST', '/api/v1/submissions', OBS_ROWS());
  if (r.statusCode !== 201) throw new Error(`submission by ${author} failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

/** A Guatemalan submission confirmed by its focal point: waiting for the secretariat's approval. */
async function submittedByGuatemala(): Promise<string> {
  const id = await submissionFor('focal_point');
  const r = await callAs('focal_point', 'POST', `/api/v1/submissions/${id}/apply`);
  if (r.json<{ status: string }>().status !== 'submitted') throw new Error(`confirmation failed: ${r.body}`);
  return id;
}

async function scheduledForGuatemala(): Promise<string> {
  const r = await callAs('secretariat', 'POST', '/api/v1/release-calendar', { country: 'GTM', releaseAt: '2099-02-15T10:00:00-06:00', level: 'members' });
  if (r.statusCode !== 201) throw new Error(`scheduling failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

/** New figures of Guatemala's, applied by the secretariat, so "publish now" has something to release. */
async function appliedForGuatemala(): Promise<void> {
  const id = await submissionFor('secretariat');
  const r = await callAs('secretariat', 'POST', `/api/v1/submissions/${id}/apply`);
  if (r.json<{ status: string }>().status !== 'applied') throw new Error(`apply failed: ${r.body}`);
}

const REQUESTS: Area['requests'] = {
  'GET /api/v1/dataflows': () => ({ url: '/api/v1/dataflows' }),
  'GET /api/v1/dataflows/:id': () => ({ url: '/api/v1/dataflows/MIG_FLOWS' }),
  'GET /api/v1/dataflows/:id/template.xlsx': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/template.xlsx?lang=en' }),
  'GET /api/v1/dataflows/:id/compliance': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/compliance?country=GTM' }),
  'GET /api/v1/dataflows/:id/mappings': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/mappings' }),
  'PUT /api/v1/dataflows/:id/mappings/:name': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/mappings/permisos', payload: { mapping: { columns: { mes: 'TIME_PERIOD', valor: 'OBS_VALUE' } } } }),
  'GET /api/v1/data/:dataflow': () => ({ url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&groupBy=REF_AREA' }),
  'POST /api/v1/submissions': () => ({ url: '/api/v1/submissions', payload: OBS_ROWS() }),
  // the columns of a file before it is sent (the small upload is read as a one-column CSV)
  'POST /api/v1/submissions/inspect': () => ({ url: '/api/v1/submissions/inspect', multipart: true }),
  'GET /api/v1/submissions/:id': async (who) => ({ url: `/api/v1/submissions/${await submissionFor(who)}` }),
  'POST /api/v1/submissions/:id/apply': async (who) => ({ url: `/api/v1/submissions/${await submissionFor(who)}/apply` }),
  'GET /api/v1/submissions/:id/report.csv': async (who) => ({ url: `/api/v1/submissions/${await submissionFor(who)}/report.csv` }),
  'GET /api/v1/submissions': () => ({ url: '/api/v1/submissions?status=submitted' }),
  'POST /api/v1/submissions/:id/approve': async () => ({ url: `/api/v1/submissions/${await submittedByGuatemala()}/approve`, payload: {} }),
  'POST /api/v1/submissions/:id/return': async () => ({ url: `/api/v1/submissions/${await submittedByGuatemala()}/return`, payload: { comment: 'Revise marzo' } }),
  'GET /api/v1/observatory/policies': () => ({ url: '/api/v1/observatory/policies' }),
  // Guatemala's own policy (the focal point's country), set to the defaults so other rows are unaffected
  'PUT /api/v1/observatory/policies/:country': () => ({ url: '/api/v1/observatory/policies/GTM', payload: { visibility: 'public', autoApprove: false } }),
  'GET /api/v1/dataflows/:id/sources': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/sources?country=GTM' }),
  // Guatemala's (the focal point's country) regular entries: a producer is named, the rest not stated
  'PUT /api/v1/dataflows/:id/sources/:country/:flow': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/sources/GTM/REG_ENTRY', payload: { producer: { es: 'Instituto Guatemalteco de Migración (IGM)', en: 'Instituto Guatemalteco de Migración (IGM)' } } }),
  'GET /api/v1/release-calendar': () => ({ url: '/api/v1/release-calendar?country=GTM' }),
  'GET /api/v1/population': () => ({ url: '/api/v1/population?REF_AREA=GTM' }),
  'POST /api/v1/release-calendar': () => ({ url: '/api/v1/release-calendar', payload: { country: 'GTM', releaseAt: '2099-01-15T10:00:00-06:00', level: 'members' } }),
  'POST /api/v1/release-calendar/publish-now': async () => {
    await appliedForGuatemala();
    return { url: '/api/v1/release-calendar/publish-now', payload: { country: 'GTM', level: 'members' } };
  },
  'DELETE /api/v1/release-calendar/:id': async () => ({ url: `/api/v1/release-calendar/${await scheduledForGuatemala()}` }),
  'GET /api/v1/releases': () => ({ url: '/api/v1/releases' }),
  'POST /api/v1/releases': () => ({ url: '/api/v1/releases', payload: { country: 'GTM', level: 'members' } }),
  'GET /api/v1/observatory/download/:dataflow': () => ({ url: '/api/v1/observatory/download/MIG_FLOWS?REF_AREA=GTM&groupBy=REF_AREA,CITIZENSHIP&file=csv' }),
  'GET /api/v1/observatory/releases/recent': () => ({ url: '/api/v1/observatory/releases/recent' }),
  'GET /api/v1/observatory/countries/:code/profile.pdf': () => ({ url: '/api/v1/observatory/countries/MEX/profile.pdf' }),
};

export const observatory: Area = { requests: REQUESTS };
