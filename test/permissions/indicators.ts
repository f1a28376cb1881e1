import { callAs, uniq, type Area } from './harness.ts';

// The requests for the indicators rows of matrix.ts.

const body = () => ({
  name: { es: null, en: `Permission test ${uniq()}` },
  objectives: [1],
  type: 'count',
  direction: 'none',
  definition: { en: 'test', es: null },
  official: false,
});

/** A fresh indicator made by the secretariat (so each edit or retirement has its own). */
async function indicator(): Promise<string> {
  const code = `T.${uniq().slice(0, 8).toUpperCase()}`;
  const r = await callAs('secretariat', 'POST', '/api/v1/indicators', { code, ...body() });
  if (r.statusCode !== 201) throw new Error(`indicator failed: ${r.body}`);
  return code;
}

const REQUESTS: Area['requests'] = {
  'GET /api/v1/indicators': () => ({ url: '/api/v1/indicators?objective=8' }),
  'GET /api/v1/indicators/:code': () => ({ url: '/api/v1/indicators/CRM.F09' }),
  'GET /api/v1/indicators/:code/versions': () => ({ url: '/api/v1/indicators/CRM.F09/versions' }),
  'GET /api/v1/indicators/:code/values': () => ({ url: '/api/v1/indicators/CRM.F09/values?country=GTM' }),
  'GET /api/v1/indicators/:code/progress': () => ({ url: '/api/v1/indicators/CRM.F09/progress?country=GTM' }),
  'POST /api/v1/indicators': () => ({ url: '/api/v1/indicators', payload: { code: `T.${uniq().slice(0, 8).toUpperCase()}`, ...body() } }),
  'PUT /api/v1/indicators/:code': async () => ({ url: `/api/v1/indicators/${await indicator()}`, payload: { ...body(), version: 1 } }),
  'POST /api/v1/indicators/:code/retire': async () => ({ url: `/api/v1/indicators/${await indicator()}/retire`, payload: { retired: true } }),
};

export const indicators: Area = { requests: REQUESTS };
