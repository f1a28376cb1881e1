import { callAs, type Area } from './harness.ts';

// The requests for the cooperation hub's rows of matrix.ts. Guatemala's focal point and
// PERM-GTM's contributor are the harness's users; Honduras asks in the requests they answer.

const NEED = { title: { es: 'Necesidad de permisos' }, objectives: [21], kinds: ['training'], visibility: 'public', publish: true };
const OFFER = { title: { es: 'Oferta de permisos' }, objectives: [21], kinds: ['training'], publish: true };
const hub = { request: '', offer: '', roadmap: '' };

async function created(url: string, payload: object): Promise<string> {
  const r = await callAs('secretariat', 'POST', url, payload);
  if (r.statusCode !== 201) throw new Error(`${url} failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}
/** A fresh cooperation between a Guatemalan request and PERM-GTM's offer: both harness users are parties. */
async function freshCooperation(): Promise<string> {
  const request = await created('/api/v1/cooperation/requests', { ...NEED, country: 'GTM' });
  const offer = await created('/api/v1/cooperation/offers', { ...OFFER, organisation: 'PERM-GTM' });
  const r = await callAs('secretariat', 'POST', `/api/v1/cooperation/requests/${request}/interest`, { offer });
  if (r.statusCode !== 200) throw new Error(`interest failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

async function setup() {
  hub.request = await created('/api/v1/cooperation/requests', { ...NEED, country: 'HND' });
  hub.offer = await created('/api/v1/cooperation/offers', { ...OFFER, organisation: 'IOM' });
  hub.roadmap = await created('/api/v1/roadmaps', { title: { es: 'Hoja de ruta del espacio de cooperación' }, objectives: [21] });
}

const REQUESTS: Area['requests'] = {
  'GET /api/v1/cooperation/requests': () => ({ url: '/api/v1/cooperation/requests?objective=21&kind=training' }),
  // A focal point for its own country; the secretariat names one.
  'POST /api/v1/cooperation/requests': () => ({ url: '/api/v1/cooperation/requests', payload: { ...NEED, country: 'GTM' } }),
  'GET /api/v1/cooperation/requests/:id': () => ({ url: `/api/v1/cooperation/requests/${hub.request}` }),
  'POST /api/v1/cooperation/requests/:id/status': async () => ({
    url: `/api/v1/cooperation/requests/${await created('/api/v1/cooperation/requests', { ...NEED, country: 'GTM' })}/status`,
    payload: { status: 'closed' },
  }),
  // Editing after posting: a Guatemalan request (the harness's focal point is Guatemala's).
  'PUT /api/v1/cooperation/requests/:id': async () => ({
    url: `/api/v1/cooperation/requests/${await created('/api/v1/cooperation/requests', { ...NEED, country: 'GTM' })}`,
    payload: { title: { es: 'Necesidad de permisos, corregida' }, objectives: [21], kinds: ['training'] },
  }),
  'GET /api/v1/cooperation/requests/:id/matches': () => ({ url: `/api/v1/cooperation/requests/${hub.request}/matches` }),
  // The secretariat proposes an offer; a focal point or a contributor offers its own help.
  'POST /api/v1/cooperation/requests/:id/interest': (who) => ({
    url: `/api/v1/cooperation/requests/${hub.request}/interest`,
    payload: who === 'admin' || who === 'secretariat' ? { offer: hub.offer } : { message: 'Podemos ayudar' },
  }),
  'GET /api/v1/cooperation/offers': () => ({ url: '/api/v1/cooperation/offers?organisation=IOM' }),
  'POST /api/v1/cooperation/offers': (who) => ({ url: '/api/v1/cooperation/offers', payload: who === 'admin' || who === 'secretariat' ? { ...OFFER, organisation: 'IOM' } : OFFER }),
  'GET /api/v1/cooperation/offers/:id': () => ({ url: `/api/v1/cooperation/offers/${hub.offer}` }),
  'POST /api/v1/cooperation/offers/:id/status': async (who) => ({
    url: `/api/v1/cooperation/offers/${await created('/api/v1/cooperation/offers', who === 'contributor' ? { ...OFFER, organisation: 'PERM-GTM' } : { ...OFFER, country: 'GTM' })}/status`,
    payload: { status: 'closed' },
  }),
  'PUT /api/v1/cooperation/offers/:id': async (who) => ({
    url: `/api/v1/cooperation/offers/${await created('/api/v1/cooperation/offers', who === 'contributor' ? { ...OFFER, organisation: 'PERM-GTM' } : { ...OFFER, country: 'GTM' })}`,
    payload: { title: { es: 'Oferta de permisos, corregida' }, objectives: [21], kinds: ['training'] },
  }),
  'GET /api/v1/cooperation/gaps': () => ({ url: '/api/v1/cooperation/gaps' }),
  'GET /api/v1/cooperation/cooperations': () => ({ url: '/api/v1/cooperation/cooperations?country=GTM' }),
  'POST /api/v1/cooperation/cooperations/:id/status': async () => ({ url: `/api/v1/cooperation/cooperations/${await freshCooperation()}/status`, payload: { status: 'agreed' } }),
  'POST /api/v1/cooperation/cooperations/:id/roadmap-action': async () => ({
    url: `/api/v1/cooperation/cooperations/${await freshCooperation()}/roadmap-action`,
    payload: { roadmap: hub.roadmap },
  }),
};

export const cooperation: Area = { requests: REQUESTS, setup };
