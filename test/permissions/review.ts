import { callAs, type Area } from './harness.ts';

// The requests for the review rows of matrix.ts, and the saved report they read.

const NEW_REPORT = { language: 'es', objectives: [8], countryScope: 'some', countries: ['GTM'], from: 2018, to: 2024 };
let report = '00000000-0000-4000-8000-000000000000';

async function setup() {
  const r = await callAs('secretariat', 'POST', '/api/v1/review/reports', NEW_REPORT);
  if (r.statusCode !== 201) throw new Error(`report failed: ${r.body}`);
  report = r.json<{ id: string }>().id;
}

const REQUESTS: Area['requests'] = {
  'POST /api/v1/review/reports': () => ({ url: '/api/v1/review/reports', payload: NEW_REPORT }),
  'GET /api/v1/review/reports': () => ({ url: '/api/v1/review/reports' }),
  'GET /api/v1/review/reports/:id': () => ({ url: `/api/v1/review/reports/${report}` }),
  'POST /api/v1/review/reports/:id/sections/:section/texts': () => ({ url: `/api/v1/review/reports/${report}/sections/objective-8/texts`, payload: { body: 'Texto de la Secretaría.', status: 'draft' } }),
  'GET /api/v1/review/reports/:id/report.html': () => ({ url: `/api/v1/review/reports/${report}/report.html` }),
  'GET /api/v1/review/reports/:id/report.pdf': () => ({ url: `/api/v1/review/reports/${report}/report.pdf` }),
};

export const review: Area = { requests: REQUESTS, setup };
