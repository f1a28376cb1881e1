import { t, type Area } from './harness.ts';

// The requests for the site pages' rows of matrix.ts.

/** A save from the page's current version (so an allowed caller is not refused as a conflict). */
async function saveFrom() {
  const now = (await t.app.inject({ method: 'GET', url: '/api/v1/site-pages/about' })).json<{ version: number }>();
  return { title: { es: 'Acerca de', en: 'About' }, body: { es: 'Texto.', en: 'Text.' }, baseVersion: now.version };
}

const REQUESTS: Area['requests'] = {
  'GET /api/v1/site-pages/:slug': () => ({ url: '/api/v1/site-pages/methodology' }),
  'GET /api/v1/site-pages/:slug/history': () => ({ url: '/api/v1/site-pages/about/history' }),
  'PUT /api/v1/site-pages/:slug': async () => ({ url: '/api/v1/site-pages/about', payload: await saveFrom() }),
  'GET /api/v1/search': () => ({ url: '/api/v1/search?q=Panam%C3%A1' }),
  'GET /api/v1/home': () => ({ url: '/api/v1/home' }),
  'GET /api/v1/workspace/overview': () => ({ url: '/api/v1/workspace/overview' }),
  'GET /api/v1/admin/first-steps': () => ({ url: '/api/v1/admin/first-steps' }),
};

export const sitepages: Area = { requests: REQUESTS };
