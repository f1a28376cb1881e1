import { authFor, BOUNDARY, callAs, t, uniq, type Area, type Who } from './harness.ts';

// The requests for the incidents rows of matrix.ts, and the records and imports they need.

const INCIDENT = { date: '2024-03-01', countryCode: 'GTM', place: 'Tecún Umán', lat: 14.68, lon: -92.14, deadAndMissing: 2, cause: 'Drowning' };
let verified = '00000000-0000-4000-8000-000000000000';

/** An incident recorded by the caller (or by Guatemala's focal point when the caller may not record). */
async function incidentFor(who: Who): Promise<string> {
  const author: Exclude<Who, 'anonymous'> = who === 'anonymous' || who === 'member_viewer' ? 'focal_point' : who;
  const r = await callAs(author, 'POST', '/api/v1/incidents', INCIDENT);
  if (r.statusCode !== 201) throw new Error(`incident by ${author} failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

/** One row of IOM's tidy layout, unique each time (so no import is a no-op). */
function csvUpload() {
  const row = `"2024-01-0${1 + (parseInt(uniq().slice(0, 2), 16) % 9)}","2024-01-01","Incident","Central American Route","GTM","1","Drowning",,"HND","perm ${uniq()}",-92.1,14.7`;
  const payload = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="perm.csv"\r\nContent-Type: text/csv\r\n\r\n"t","m","type","route","geo","dead","cause","surv","nat","location","lon","lat"\r\n${row}\r\n--${BOUNDARY}--\r\n`;
  return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload };
}

/** A validated import of the caller (or of the secretariat when the caller may not import). */
async function importFor(who: Who): Promise<string> {
  const owner: Exclude<Who, 'anonymous'> = who === 'admin' || who === 'contributor' ? who : 'secretariat';
  const up = csvUpload();
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/incidents/imports', headers: { ...(await authFor(owner)).headers, 'content-type': up.contentType }, payload: up.payload });
  if (res.statusCode !== 201 || res.json<{ status: string }>().status !== 'validated') throw new Error(`import by ${owner} failed: ${res.body}`);
  return res.json<{ id: string }>().id;
}

async function setup() {
  const id = await incidentFor('focal_point');
  const v = await callAs('secretariat', 'POST', `/api/v1/incidents/${id}/verify`);
  if (v.statusCode !== 200) throw new Error(`verify failed: ${v.body}`);
  verified = id;
}

const REQUESTS: Area['requests'] = {
  'GET /api/v1/incidents': () => ({ url: '/api/v1/incidents?region=americas&from=2020' }),
  'GET /api/v1/incidents/summary': () => ({ url: '/api/v1/incidents/summary?by=country&region=americas' }),
  'GET /api/v1/incidents/routes': () => ({ url: '/api/v1/incidents/routes' }),
  'GET /api/v1/incidents/:id': () => ({ url: `/api/v1/incidents/${verified}` }),
  'POST /api/v1/incidents': () => ({ url: '/api/v1/incidents', payload: INCIDENT }),
  'PUT /api/v1/incidents/:id': async (who) => ({ url: `/api/v1/incidents/${await incidentFor(who)}`, payload: { ...INCIDENT, deadAndMissing: 3 } }),
  'POST /api/v1/incidents/:id/verify': async () => ({ url: `/api/v1/incidents/${await incidentFor('focal_point')}/verify` }),
  'POST /api/v1/incidents/imports': () => ({ url: '/api/v1/incidents/imports', raw: csvUpload() }),
  'GET /api/v1/incidents/imports': () => ({ url: '/api/v1/incidents/imports' }),
  'GET /api/v1/incidents/imports/:id': async (who) => ({ url: `/api/v1/incidents/imports/${await importFor(who)}` }),
  'POST /api/v1/incidents/imports/:id/apply': async (who) => ({ url: `/api/v1/incidents/imports/${await importFor(who)}/apply` }),
};

export const incidents: Area = { requests: REQUESTS, setup };
