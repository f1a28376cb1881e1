import type { Area } from './harness.ts';

// The requests for the rows of matrix.ts about the GCM objectives' pages and a country's GCM picture.

const REQUESTS: Area['requests'] = {
  'GET /api/v1/objectives': () => ({ url: '/api/v1/objectives' }),
  'GET /api/v1/objectives/:number': () => ({ url: '/api/v1/objectives/8' }),
  'GET /api/v1/countries/:code/gcm': () => ({ url: '/api/v1/countries/GTM/gcm' }),
};

export const objectives: Area = { requests: REQUESTS };
