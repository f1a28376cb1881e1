import { describe, expect, it } from 'vitest';
import { registeredRoutes } from '../helpers/routes.ts';
import { authFor, t, usePermissionApp, type Area } from './harness.ts';
import { MATRIX } from './matrix.ts';
import { reference } from './reference.ts';
import { identity } from './identity.ts';
import { practices } from './practices.ts';
import { commitments } from './commitments.ts';
import { observatory } from './observatory.ts';
import { incidents } from './incidents.ts';
import { sitepages } from './sitepages.ts';
import { objectives } from './objectives.ts';
import { indicatorInput } from './indicator-input.ts';

/** The requests of every area together, one for each row of the matrix. */
const AREAS: Area[] = [reference, identity, practices, commitments, observatory, incidents, sitepages, objectives, indicatorInput, review, cases, cooperation, indicators];
import { review } from './review.ts';
import { cases } from './cases.ts';
import { cooperation } from './cooperation.ts';
import { indicators } from './indicators.ts';
const REQUESTS: Area['requests'] = Object.fromEntries(AREAS.flatMap((a) => Object.entries(a.requests)));

/** Routes outside the matrix: infrastructure, documentation, single sign-on and the web app. All public. */
const PUBLIC_OUTSIDE_MATRIX = ['GET /health', 'GET /ready', 'GET /api/openapi.json', 'GET /api/v1/auth/oidc/start', 'GET /api/v1/auth/oidc/callback'];
const isStatic = (path: string) => !path.startsWith('/api/') && !['/health', '/ready'].includes(path);

usePermissionApp();

describe('route inventory', () => {
  it('every registered API route has a row in the permission matrix (and every row a route)', () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(20);
    const inMatrix = routes.filter((r) => !PUBLIC_OUTSIDE_MATRIX.includes(r) && !isStatic(r.split(' ')[1]!));
    const missing = inMatrix.filter((r) => !(r in MATRIX));
    expect(missing, `routes without a row in MATRIX (decide who may call them): ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((k) => !inMatrix.includes(k));
    expect(stale, `MATRIX rows for routes that no longer exist: ${stale.join(', ')}`).toEqual([]);
    for (const k of Object.keys(MATRIX)) expect(REQUESTS[k], `no request defined for ${k}`).toBeTypeOf('function');
    for (const r of PUBLIC_OUTSIDE_MATRIX) expect(routes).toContain(r);
  });
});

describe('routes outside the matrix are public', () => {
  it.each(['anonymous', 'member_viewer'] as const)('as %s', async (who) => {
    const auth = await authFor(who);
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: auth.headers });
    expect((await get('/health')).statusCode).toBe(200);
    expect((await get('/ready')).json()).toEqual({ status: 'ready' });
    const doc = await get('/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    // The provider is unreachable: SSO starts by sending the person back with a reason, never 401/403.
    const start = await get('/api/v1/auth/oidc/start');
    expect(start.statusCode).toBe(302);
    expect(start.headers.location).toBe('/sign-in?sso_error=unavailable');
    const callback = await get('/api/v1/auth/oidc/callback?code=x&state=y');
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/sign-in?sso_error=expired');
  });
});
