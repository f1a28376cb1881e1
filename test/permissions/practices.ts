import { authFor, BOUNDARY, callAs, PDF_UPLOAD, t, type Area, type Who } from './harness.ts';

// The requests for the practices rows of matrix.ts, and the practices they need.

// --- drafts owned by the caller (or by Guatemala when the caller may not write) ---

const PRACTICE = { title: { es: 'Práctica de permisos' }, kind: 'tool', countries: ['GTM'], organisations: ['PERM-GTM'], objectives: [1] };
let practiceId = 'no-such-practice';
let published = { id: '', attachmentId: '' };

async function draftFor(who: Who): Promise<string> {
  const author: Exclude<Who, 'anonymous'> = who === 'anonymous' || who === 'member_viewer' ? 'focal_point' : who;
  const r = await callAs(author, 'POST', '/api/v1/practices', PRACTICE);
  if (r.statusCode !== 201) throw new Error(`draft by ${author} failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

/** A seeded published practice to read, and one of the secretariat's with an attachment. */
const CATALOGUE = {
  format: 'csv',
  organisation: 'PERM-GTM',
  content: Buffer.from('Proyecto;Países;Objetivos\nCatálogo de permisos: retorno asistido;Guatemala;21\n').toString('base64'),
};

async function setup() {
  const practices = await t.app.inject({ method: 'GET', url: '/api/v1/practices?pageSize=1' });
  const first = practices.json<{ items?: { id: string }[] }>().items?.[0];
  if (first) practiceId = first.id;
  const id = await draftFor('secretariat');
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/v1/practices/${id}/attachments`,
    headers: { ...(await authFor('secretariat')).headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: PDF_UPLOAD,
  });
  if (upload.statusCode !== 201) throw new Error(`attachment failed: ${upload.body}`);
  await callAs('secretariat', 'POST', `/api/v1/practices/${id}/submit`);
  await callAs('secretariat', 'POST', `/api/v1/practices/${id}/review`, { decision: 'publish' });
  published = { id, attachmentId: upload.json<{ id: string }>().id };
}

const REQUESTS: Area['requests'] = {
  'GET /api/v1/practices': () => ({ url: '/api/v1/practices?objective=1' }),
  'GET /api/v1/practices/coverage': () => ({ url: '/api/v1/practices/coverage' }),
  'GET /api/v1/practices/:id': () => ({ url: `/api/v1/practices/${practiceId}`, okStatuses: practiceId === 'no-such-practice' ? [404] : [] }),
  'POST /api/v1/practices': () => ({ url: '/api/v1/practices', payload: PRACTICE }),
  'GET /api/v1/practices/:id/edit': async (who) => ({ url: `/api/v1/practices/${await draftFor(who)}/edit` }),
  'PUT /api/v1/practices/:id': async (who) => ({ url: `/api/v1/practices/${await draftFor(who)}`, payload: { version: 1, practice: { ...PRACTICE, summary: { es: 'Cambio' } } } }),
  // Each caller's own draft: the author deletes it; a viewer (or anonymous) tries Guatemala's.
  'DELETE /api/v1/practices/:id': async (who) => ({ url: `/api/v1/practices/${await draftFor(who)}` }),
  'POST /api/v1/practices/:id/submit': async (who) => ({ url: `/api/v1/practices/${await draftFor(who)}/submit` }),
  'POST /api/v1/practices/:id/review': async () => {
    const id = await draftFor('secretariat');
    await callAs('secretariat', 'POST', `/api/v1/practices/${id}/submit`);
    return { url: `/api/v1/practices/${id}/review`, payload: { decision: 'publish' } };
  },
  // An organisation's practice naming Guatemala waits for Guatemala's endorsement.
  'POST /api/v1/practices/:id/endorse': async () => ({ url: `/api/v1/practices/${await draftFor('contributor')}/endorse` }),
  'GET /api/v1/practices/:id/history': () => ({ url: `/api/v1/practices/${practiceId}/history` }),
  'POST /api/v1/practices/:id/restore': async () => ({ url: `/api/v1/practices/${await draftFor('secretariat')}/restore`, payload: { version: 1 } }),
  'GET /api/v1/workspace/practices': () => ({ url: '/api/v1/workspace/practices' }),
  'POST /api/v1/practices/:id/attachments': async (who) => ({ url: `/api/v1/practices/${await draftFor(who)}/attachments`, multipart: true }),
  'GET /api/v1/practices/:id/attachments/:attachmentId': () => ({ url: `/api/v1/practices/${published.id}/attachments/${published.attachmentId}` }),
  'GET /api/v1/practices/export.csv': () => ({ url: '/api/v1/practices/export.csv?objective=8' }),
  'GET /api/v1/practices/export.xlsx': () => ({ url: '/api/v1/practices/export.xlsx?objective=8' }),
  'GET /api/v1/practices/feed.atom': () => ({ url: '/api/v1/practices/feed.atom' }),
  'POST /api/v1/practices/suggest-objectives': () => ({ url: '/api/v1/practices/suggest-objectives', payload: { title: 'Retorno y reintegración' } }),
  // A partner's catalogue: its contributor (PERM-GTM's) or the secretariat naming the organisation.
  'POST /api/v1/practices/catalogue/preview': () => ({ url: '/api/v1/practices/catalogue/preview', payload: CATALOGUE }),
  'POST /api/v1/practices/catalogue/apply': async () => {
    const r = await callAs('secretariat', 'POST', '/api/v1/practices/catalogue/preview', CATALOGUE);
    return { url: '/api/v1/practices/catalogue/apply', payload: { ...CATALOGUE, checksum: r.json<{ checksum: string }>().checksum } };
  },
};

export const practices: Area = { requests: REQUESTS, setup };
