import type { Area } from './harness.ts';

// The requests for the rows of matrix.ts about reference data and the home page's counts.

const REQUESTS: Area['requests'] = {
  'GET /api/v1/reference/countries': () => ({ url: '/api/v1/reference/countries?membership=CRM' }),
  'GET /api/v1/reference/countries/:code': () => ({ url: '/api/v1/reference/countries/GTM' }),
  'PATCH /api/v1/reference/countries/:code': () => ({ url: '/api/v1/reference/countries/GTM', payload: { name: { es: 'Guatemala', en: 'Guatemala' } } }),
  'GET /api/v1/reference/gcm/objectives': () => ({ url: '/api/v1/reference/gcm/objectives' }),
  'PATCH /api/v1/reference/gcm/objectives/:number': () => ({ url: '/api/v1/reference/gcm/objectives/1', payload: { shortTitle: { es: 'Datos', en: 'Data' } } }),
  'GET /api/v1/reference/gcm/principles': () => ({ url: '/api/v1/reference/gcm/principles' }),
  'GET /api/v1/overview': () => ({ url: '/api/v1/overview' }),
};

export const reference: Area = { requests: REQUESTS };
