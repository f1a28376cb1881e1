import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, testApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import type { Role } from '../../src/server/platform/db/schema.ts';
import { MATRIX } from './matrix.ts';
import { TEST_CASES_KEY } from '../helpers/cases.ts';

/**
 * The machinery of the permission tests: an app with a user of each role, requests as any
 * caller, and the check of an area's rows of the matrix (matrix.ts). Each `<area>.test.ts`
 * runs its area on an app of its own, so the areas run in parallel.
 */
export type Who = 'anonymous' | Role;
export const WHO: Who[] = ['anonymous', 'admin', 'secretariat', 'focal_point', 'contributor', 'member_viewer'];

export const EMAIL: Record<Role, string> = {
  admin: 'perm.admin@example.org',
  secretariat: 'perm.sec@example.org',
  focal_point: 'perm.fp.gtm@example.org',
  contributor: 'perm.contrib@example.org',
  member_viewer: 'perm.viewer@example.org',
};

// Live bindings: set by the set-up of usePermissionApp() before any test of the file runs.
export let t: TestApp;
export let targetUserId: string;
export let orgId: string;

/**
 * The app of one test file, with the organisation PERM-GTM (Guatemala) and a user of each
 * role. Registers the file's beforeAll / afterAll.
 */
export function usePermissionApp(): void {
  beforeAll(async () => {
    // An issuer nothing listens on: the SSO routes exist, and answer without the provider.
    t = await testApp({ env: { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'observatorio', CASES_KEY: TEST_CASES_KEY } });
    const org = await t.db.db
      .insertInto('organisation')
      .values({ code: 'PERM-GTM', kind: 'state_institution', name: JSON.stringify({ es: 'Institución', en: 'Institution' }), acronym: null, country_code: 'GTM' })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgId = org.id;
    await createUser(t, { email: EMAIL.admin, role: 'admin' });
    await createUser(t, { email: EMAIL.secretariat, role: 'secretariat' });
    await createUser(t, { email: EMAIL.focal_point, role: 'focal_point', countryCode: 'GTM' });
    await createUser(t, { email: EMAIL.contributor, role: 'contributor', organisationCode: 'PERM-GTM' });
    await createUser(t, { email: EMAIL.member_viewer, role: 'member_viewer' });
    await createUser(t, { email: 'perm.anon.signin@example.org', role: 'member_viewer' });
    targetUserId = await createUser(t, { email: 'perm.target@example.org', role: 'member_viewer' });
  });
  afterAll(async () => t?.close());
}

// --- requests ---------------------------------------------------------------------------

export interface Auth {
  headers: Record<string, string>;
  userId: string | null;
}

export async function authFor(who: Who): Promise<Auth> {
  if (who === 'anonymous') return { headers: {}, userId: null };
  // A fresh session per call: some calls end sessions (sign-out, password change).
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: EMAIL[who], password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${who} failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'obs_session')!;
  const body = res.json<{ csrfToken: string; user: { id: string } }>();
  return { headers: { cookie: `obs_session=${cookie.value}`, 'x-csrf-token': body.csrfToken }, userId: body.user.id };
}

export const uniq = () => crypto.randomBytes(4).toString('hex');

export interface Call {
  url: string;
  payload?: unknown;
  /** Statuses that count as a successful allowed call, when not 2xx. */
  okStatuses?: number[];
  /** Send a small PDF as multipart/form-data instead of JSON. */
  multipart?: boolean;
  /** Send this body as it is (e.g. a CSV in multipart/form-data), with its content type. */
  raw?: { contentType: string; payload: string };
}

/** A valid request for a route, for a given caller. */
export type RequestFor = (who: Who, auth: Auth) => Promise<Call> | Call;

export const BOUNDARY = 'perm-boundary';
export const PDF_UPLOAD = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--${BOUNDARY}--\r\n`;

export async function callAs(who: Exclude<Who, 'anonymous'>, method: 'POST' | 'GET', url: string, payload?: object, extraHeaders: Record<string, string> = {}) {
  const auth = await authFor(who);
  return t.app.inject({ method, url, headers: { ...auth.headers, ...extraHeaders }, ...(payload ? { payload } : {}) });
}

// --- the tests -------------------------------------------------------------------------------

/** One area of the API: a valid request for each of its rows of the matrix, and what those need to exist first. */
export interface Area {
  requests: Record<string, RequestFor>;
  /** Runs once, after the app and its users are there. */
  setup?: () => Promise<void>;
}

/**
 * Every row of the area, as every caller. Requests carry valid bodies, so validation does not
 * hide the permission check: deny is 401 (anonymous) or 403 (signed in) with its code, and an
 * allowed call must succeed (2xx, unless the request says otherwise).
 */
export function checkPermissions(area: Area): void {
  usePermissionApp();
  if (area.setup) beforeAll(area.setup);
  const rows = Object.keys(area.requests).map((route) => {
    const verdicts = MATRIX[route];
    if (!verdicts) throw new Error(`a request for ${route}, which has no row in matrix.ts`);
    return [route, verdicts] as const;
  });
  describe.each(rows)('%s', (route, verdicts) => {
    const [method, path] = route.split(' ') as [string, string];
    it.each(WHO.map((who, i) => [who, verdicts[i]!] as const))('%s → %s', async (who, verdict) => {
      const auth = await authFor(who);
      const call = await area.requests[route]!(who, auth);
      expect(call.url.split('?')[0]!.split('/').length).toBe(path.split('/').length);
      const res = await t.app.inject({
        method: method as 'GET',
        url: call.url,
        headers: call.multipart ? { ...auth.headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } : call.raw ? { ...auth.headers, 'content-type': call.raw.contentType } : auth.headers,
        ...(call.multipart ? { payload: PDF_UPLOAD } : call.raw ? { payload: call.raw.payload } : call.payload !== undefined ? { payload: call.payload as object } : {}),
      });
      const what = `${route} as ${who}: ${res.statusCode} ${res.body.slice(0, 300)}`;
      if (verdict === 'deny') {
        expect(res.statusCode, what).toBe(who === 'anonymous' ? 401 : 403);
        expect(res.json().error.code, what).toBe(who === 'anonymous' ? 'unauthenticated' : 'forbidden');
      } else {
        expect([401, 403], what).not.toContain(res.statusCode);
        const ok = (res.statusCode >= 200 && res.statusCode < 300) || (call.okStatuses ?? []).includes(res.statusCode);
        expect(ok, what).toBe(true);
      }
    });
  });
}
