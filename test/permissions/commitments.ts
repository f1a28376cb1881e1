import crypto from 'node:crypto';
import { authFor, BOUNDARY, callAs, PDF_UPLOAD, t, type Area } from './harness.ts';

// The requests for the commitments rows of matrix.ts, and the roadmap, actions, pledge and files they need.

// --- a public roadmap with a Guatemalan action and one of PERM-GTM, a pledge ---

const ROADMAP = { title: { es: 'Hoja de ruta de permisos' }, outcomes: ['forum1-t1-regular-pathways-registration'], leadCountries: ['GTM'], objectives: [7], isPublic: true };
const PLEDGE = { title: { es: 'Compromiso de permisos' }, kind: 'technical', countries: ['GTM'], organisations: ['PERM-GTM'], isPublic: true };
const cm = { roadmap: '', gtmAction: '', orgAction: '', pledge: '', evidence: '', document: '', outcome: 'forum1-t1-regular-pathways-registration' };

/** A fresh plain-text document of a meeting, uploaded by the secretariat. */
const DOC_MEETING = 'champions-forum-i-2023-panama';
async function meetingDocument(): Promise<string> {
  const text = `Acta ${crypto.randomUUID()}\n`;
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${DOC_MEETING}/documents?kind=other&language=es&title=Acta`,
    headers: { ...(await authFor('secretariat')).headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="acta.txt"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${BOUNDARY}--\r\n`,
  });
  if (r.statusCode !== 201) throw new Error(`document upload failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

async function exportedCsv(): Promise<string> {
  const r = await callAs('secretariat', 'GET', `/api/v1/roadmaps/${cm.roadmap}/actions/export.csv`);
  return Buffer.from(r.body, 'utf8').toString('base64');
}

async function setup() {
  const created = async (url: string, payload: object) => {
    const r = await callAs('secretariat', 'POST', url, payload);
    if (r.statusCode !== 201) throw new Error(`${url} failed: ${r.body}`);
    return r.json<{ id: string }>().id;
  };
  cm.roadmap = await created('/api/v1/roadmaps', ROADMAP);
  cm.gtmAction = await created(`/api/v1/roadmaps/${cm.roadmap}/actions`, { title: { es: 'Acción de Guatemala' }, responsibleCountry: 'GTM', dueDate: '2030-01-01' });
  cm.orgAction = await created(`/api/v1/roadmaps/${cm.roadmap}/actions`, { title: { es: 'Acción de la institución' }, responsibleOrganisation: 'PERM-GTM' });
  cm.pledge = await created('/api/v1/pledges', PLEDGE);
  // An evidence file cited by an update of the public roadmap: readable by everyone.
  const file = await t.app.inject({
    method: 'POST',
    url: `/api/v1/actions/${cm.gtmAction}/evidence`,
    headers: { ...(await authFor('secretariat')).headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: PDF_UPLOAD,
  });
  if (file.statusCode !== 201) throw new Error(`evidence upload failed: ${file.body}`);
  cm.evidence = file.json<{ id: string }>().id;
  await created(`/api/v1/actions/${cm.gtmAction}/updates`, { text: 'Acta firmada', evidenceFile: cm.evidence });
}

const REQUESTS: Area['requests'] = {
  'GET /api/v1/meetings': () => ({ url: '/api/v1/meetings' }),
  'GET /api/v1/meetings/:key': () => ({ url: '/api/v1/meetings/champions-forum-i-2023-panama' }),
  'GET /api/v1/meetings/:key/documents/:id': async () => ({ url: `/api/v1/meetings/${DOC_MEETING}/documents/${(cm.document ||= await meetingDocument())}` }),
  // One meeting per allowed caller: the same file is attached to a meeting once.
  'POST /api/v1/meetings/:key/documents': (who) => ({
    url: `/api/v1/meetings/${who === 'admin' ? 'crm-csm-iv-plenary-2023-panama' : 'champions-forum-ii-2024-san-salvador'}/documents?kind=report&language=es&title=Informe`,
    multipart: true,
  }),
  'DELETE /api/v1/meetings/:key/documents/:id': async () => ({ url: `/api/v1/meetings/${DOC_MEETING}/documents/${await meetingDocument()}` }),
  'GET /api/v1/outcomes': () => ({ url: '/api/v1/outcomes?kind=cooperation_idea&objective=7' }),
  'GET /api/v1/outcomes/:id/timeline': () => ({ url: `/api/v1/outcomes/${cm.outcome}/timeline` }),
  'GET /api/v1/roadmaps': () => ({ url: '/api/v1/roadmaps' }),
  'GET /api/v1/roadmaps/:id': () => ({ url: `/api/v1/roadmaps/${cm.roadmap}` }),
  'POST /api/v1/roadmaps': () => ({ url: '/api/v1/roadmaps', payload: ROADMAP }),
  'PATCH /api/v1/roadmaps/:id': () => ({ url: `/api/v1/roadmaps/${cm.roadmap}`, payload: { purpose: { es: 'Propósito' } } }),
  'POST /api/v1/roadmaps/:id/actions': () => ({ url: `/api/v1/roadmaps/${cm.roadmap}/actions`, payload: { title: { es: 'Otra acción' }, responsibleCountry: 'PAN' } }),
  // Guatemala's focal point answers for Guatemala's action; the contributor for its organisation's.
  'PATCH /api/v1/roadmaps/:id/actions/:actionId': (who) => ({
    url: `/api/v1/roadmaps/${cm.roadmap}/actions/${who === 'contributor' ? cm.orgAction : cm.gtmAction}`,
    payload: { status: 'in_progress' },
  }),
  'POST /api/v1/actions/:id/updates': (who) => ({
    url: `/api/v1/actions/${who === 'contributor' ? cm.orgAction : cm.gtmAction}/updates`,
    payload: { text: 'Avance', evidenceUrl: 'https://example.org/informe.pdf' },
  }),
  'POST /api/v1/actions/:id/evidence': (who) => ({ url: `/api/v1/actions/${who === 'contributor' ? cm.orgAction : cm.gtmAction}/evidence`, multipart: true }),
  'GET /api/v1/actions/:id/evidence/:fileId': () => ({ url: `/api/v1/actions/${cm.gtmAction}/evidence/${cm.evidence}` }),
  'GET /api/v1/roadmaps/:id/actions/export.csv': () => ({ url: `/api/v1/roadmaps/${cm.roadmap}/actions/export.csv` }),
  'GET /api/v1/roadmaps/:id/actions/export.xlsx': () => ({ url: `/api/v1/roadmaps/${cm.roadmap}/actions/export.xlsx` }),
  'POST /api/v1/roadmaps/:id/actions/import': async () => ({ url: `/api/v1/roadmaps/${cm.roadmap}/actions/import`, payload: { format: 'csv', content: await exportedCsv() } }),
  'POST /api/v1/roadmaps/:id/actions/import/apply': async () => {
    const content = await exportedCsv();
    const preview = await callAs('secretariat', 'POST', `/api/v1/roadmaps/${cm.roadmap}/actions/import`, { format: 'csv', content });
    return { url: `/api/v1/roadmaps/${cm.roadmap}/actions/import/apply`, payload: { format: 'csv', content, checksum: preview.json<{ checksum: string }>().checksum } };
  },
  'GET /api/v1/pledges': () => ({ url: '/api/v1/pledges' }),
  'GET /api/v1/pledges/:id': () => ({ url: `/api/v1/pledges/${cm.pledge}` }),
  'POST /api/v1/pledges': () => ({ url: '/api/v1/pledges', payload: PLEDGE }),
  'PATCH /api/v1/pledges/:id': () => ({ url: `/api/v1/pledges/${cm.pledge}`, payload: { target: 'Meta medible' } }),
  'POST /api/v1/pledges/:id/progress': () => ({ url: `/api/v1/pledges/${cm.pledge}/progress`, payload: { text: 'Avance del compromiso' } }),
  'GET /api/v1/commitments/dashboard': () => ({ url: '/api/v1/commitments/dashboard' }),
  'GET /api/v1/commitments/countries/:code': () => ({ url: '/api/v1/commitments/countries/GTM' }),
};

export const commitments: Area = { requests: REQUESTS, setup };
