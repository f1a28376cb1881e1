import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, testApp, TEST_PASSWORD, type TestApp } from './helpers/app.ts';
import { registeredRoutes } from './helpers/routes.ts';
import type { Role } from '../src/server/platform/db/schema.ts';

/**
 * Who may call what. Every route the app registers must have a row here: a new route
 * without one fails the "every route is in the matrix" test, so permissions are decided
 * on purpose, not by accident. Requests carry valid bodies, so validation does not hide
 * the permission check; an allowed call must succeed (2xx, unless the row says otherwise).
 *
 * deny = 401 for an anonymous caller, 403 for a signed-in one.
 */
type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', 'admin', 'secretariat', 'focal_point', 'contributor', 'member_viewer'];
type Verdict = 'allow' | 'deny';
const A: Verdict = 'allow';
const D: Verdict = 'deny';

// prettier-ignore
const MATRIX: Record<string, [anonymous: Verdict, admin: Verdict, secretariat: Verdict, focal_point: Verdict, contributor: Verdict, member_viewer: Verdict]> = {
  //                                                anon admin secr  focal contr viewer
  'GET /api/v1/reference/countries':                 [A,   A,    A,    A,    A,    A],
  'GET /api/v1/reference/countries/:code':           [A,   A,    A,    A,    A,    A],
  'PATCH /api/v1/reference/countries/:code':         [D,   A,    A,    D,    D,    D],
  'GET /api/v1/reference/gcm/objectives':            [A,   A,    A,    A,    A,    A],
  'PATCH /api/v1/reference/gcm/objectives/:number':  [D,   A,    A,    D,    D,    D],
  'GET /api/v1/reference/gcm/principles':            [A,   A,    A,    A,    A,    A],
  'GET /api/v1/auth/session':                        [A,   A,    A,    A,    A,    A],
  'POST /api/v1/auth/sign-in':                       [A,   A,    A,    A,    A,    A],
  'POST /api/v1/auth/sign-out':                      [A,   A,    A,    A,    A,    A],
  'POST /api/v1/auth/password-reset':                [A,   A,    A,    A,    A,    A],
  'GET /api/v1/auth/links/:token':                   [A,   A,    A,    A,    A,    A],
  'POST /api/v1/auth/links/:token':                  [A,   A,    A,    A,    A,    A],
  'GET /api/v1/account':                             [D,   A,    A,    A,    A,    A],
  'PATCH /api/v1/account':                           [D,   A,    A,    A,    A,    A],
  'POST /api/v1/account/password':                   [D,   A,    A,    A,    A,    A],
  'GET /api/v1/account/tokens':                      [D,   A,    A,    A,    A,    A],
  'POST /api/v1/account/tokens':                     [D,   A,    A,    A,    A,    A],
  'DELETE /api/v1/account/tokens/:id':               [D,   A,    A,    A,    A,    A],
  'GET /api/v1/admin/users':                         [D,   A,    D,    D,    D,    D],
  'PATCH /api/v1/admin/users/:id':                   [D,   A,    D,    D,    D,    D],
  'GET /api/v1/admin/invitations':                   [D,   A,    D,    D,    D,    D],
  'POST /api/v1/admin/invitations':                  [D,   A,    D,    D,    D,    D],
  'DELETE /api/v1/admin/invitations/:id':            [D,   A,    D,    D,    D,    D],
  'GET /api/v1/admin/audit':                         [D,   A,    D,    D,    D,    D],
  'GET /api/v1/organisations':                       [A,   A,    A,    A,    A,    A],
  'POST /api/v1/organisations':                      [D,   A,    A,    D,    D,    D],
  'PATCH /api/v1/organisations/:id':                 [D,   A,    A,    D,    D,    D],
  'GET /api/v1/overview':                            [A,   A,    A,    A,    A,    A],
  'GET /api/v1/practices':                           [A,   A,    A,    A,    A,    A],
  'GET /api/v1/practices/coverage':                  [A,   A,    A,    A,    A,    A],
  'GET /api/v1/practices/:id':                       [A,   A,    A,    A,    A,    A],
  'POST /api/v1/practices':                          [D,   A,    A,    A,    A,    D],
  'GET /api/v1/practices/:id/edit':                  [D,   A,    A,    A,    A,    D],
  'PUT /api/v1/practices/:id':                       [D,   A,    A,    A,    A,    D],
  'POST /api/v1/practices/:id/submit':               [D,   A,    A,    A,    A,    D],
  'POST /api/v1/practices/:id/review':               [D,   A,    A,    D,    D,    D],
  'POST /api/v1/practices/:id/endorse':              [D,   D,    D,    A,    D,    D],
  'GET /api/v1/practices/:id/history':               [A,   A,    A,    A,    A,    A],
  'POST /api/v1/practices/:id/restore':              [D,   A,    A,    D,    D,    D],
  'GET /api/v1/workspace/practices':                 [D,   A,    A,    A,    A,    A],
  'POST /api/v1/practices/:id/attachments':          [D,   A,    A,    A,    A,    D],
  'GET /api/v1/practices/:id/attachments/:attachmentId': [A, A,  A,    A,    A,    A],
  'GET /api/v1/practices/export.csv':                [A,   A,    A,    A,    A,    A],
  'GET /api/v1/practices/export.xlsx':               [A,   A,    A,    A,    A,    A],
  'GET /api/v1/practices/feed.atom':                 [A,   A,    A,    A,    A,    A],
  'POST /api/v1/practices/suggest-objectives':       [A,   A,    A,    A,    A,    A],
  // commitments: forums, outcomes, roadmaps, actions, pledges
  'GET /api/v1/meetings':                            [A,   A,    A,    A,    A,    A],
  'GET /api/v1/meetings/:key':                       [A,   A,    A,    A,    A,    A],
  'GET /api/v1/meetings/:key/documents/:id':         [A,   A,    A,    A,    A,    A],
  'POST /api/v1/meetings/:key/documents':            [D,   A,    A,    D,    D,    D],
  'DELETE /api/v1/meetings/:key/documents/:id':      [D,   A,    A,    D,    D,    D],
  'GET /api/v1/outcomes':                            [A,   A,    A,    A,    A,    A],
  'GET /api/v1/outcomes/:id/timeline':               [A,   A,    A,    A,    A,    A],
  'GET /api/v1/roadmaps':                            [A,   A,    A,    A,    A,    A],
  'GET /api/v1/roadmaps/:id':                        [A,   A,    A,    A,    A,    A],
  'POST /api/v1/roadmaps':                           [D,   A,    A,    D,    D,    D],
  'PATCH /api/v1/roadmaps/:id':                      [D,   A,    A,    D,    D,    D],
  'POST /api/v1/roadmaps/:id/actions':               [D,   A,    A,    D,    D,    D],
  'PATCH /api/v1/roadmaps/:id/actions/:actionId':    [D,   A,    A,    A,    A,    D],
  'POST /api/v1/actions/:id/updates':                [D,   A,    A,    A,    A,    D],
  'POST /api/v1/actions/:id/evidence':               [D,   A,    A,    A,    A,    D],
  'GET /api/v1/actions/:id/evidence/:fileId':        [A,   A,    A,    A,    A,    A],
  'GET /api/v1/roadmaps/:id/actions/export.csv':     [A,   A,    A,    A,    A,    A],
  'GET /api/v1/roadmaps/:id/actions/export.xlsx':    [A,   A,    A,    A,    A,    A],
  'POST /api/v1/roadmaps/:id/actions/import':        [D,   A,    A,    D,    D,    D],
  'POST /api/v1/roadmaps/:id/actions/import/apply':  [D,   A,    A,    D,    D,    D],
  'GET /api/v1/pledges':                             [A,   A,    A,    A,    A,    A],
  'GET /api/v1/pledges/:id':                         [A,   A,    A,    A,    A,    A],
  'POST /api/v1/pledges':                            [D,   A,    A,    D,    D,    D],
  'PATCH /api/v1/pledges/:id':                       [D,   A,    A,    D,    D,    D],
  'POST /api/v1/pledges/:id/progress':               [D,   A,    A,    A,    A,    D],
  'GET /api/v1/commitments/dashboard':               [A,   A,    A,    A,    A,    A],
  'GET /api/v1/commitments/countries/:code':         [A,   A,    A,    A,    A,    A],
  // observatory
  'GET /api/v1/dataflows':                           [A,   A,    A,    A,    A,    A],
  'GET /api/v1/dataflows/:id':                       [A,   A,    A,    A,    A,    A],
  'GET /api/v1/dataflows/:id/template.xlsx':         [A,   A,    A,    A,    A,    A],
  'GET /api/v1/dataflows/:id/compliance':            [A,   A,    A,    A,    A,    A],
  'GET /api/v1/dataflows/:id/mappings':              [D,   A,    A,    A,    D,    D],
  'PUT /api/v1/dataflows/:id/mappings/:name':        [D,   A,    A,    A,    D,    D],
  'GET /api/v1/data/:dataflow':                      [A,   A,    A,    A,    A,    A],
  'POST /api/v1/submissions':                        [D,   A,    A,    A,    D,    D],
  'POST /api/v1/submissions/inspect':                [D,   A,    A,    A,    D,    D],
  'GET /api/v1/submissions/:id':                     [D,   A,    A,    A,    D,    D],
  'POST /api/v1/submissions/:id/apply':              [D,   A,    A,    A,    D,    D],
  'GET /api/v1/submissions/:id/report.csv':          [D,   A,    A,    A,    D,    D],
  'GET /api/v1/submissions':                         [D,   A,    A,    A,    D,    D],
  'POST /api/v1/submissions/:id/approve':            [D,   A,    A,    D,    D,    D],
  'POST /api/v1/submissions/:id/return':             [D,   A,    A,    D,    D,    D],
  'GET /api/v1/observatory/policies':                [A,   A,    A,    A,    A,    A],
  'PUT /api/v1/observatory/policies/:country':       [D,   A,    A,    A,    D,    D],
  'GET /api/v1/release-calendar':                    [A,   A,    A,    A,    A,    A],
  'POST /api/v1/release-calendar':                   [D,   A,    A,    A,    D,    D],
  'DELETE /api/v1/release-calendar/:id':             [D,   A,    A,    A,    D,    D],
  'GET /api/v1/releases':                            [A,   A,    A,    A,    A,    A],
  'POST /api/v1/releases':                           [D,   A,    A,    D,    D,    D],
  'GET /api/v1/observatory/download/:dataflow':      [A,   A,    A,    A,    A,    A],
  'GET /api/v1/observatory/releases/recent':         [A,   A,    A,    A,    A,    A],
};

/** Routes outside the matrix: infrastructure, documentation, single sign-on and the web app. All public. */
const PUBLIC_OUTSIDE_MATRIX = ['GET /health', 'GET /ready', 'GET /api/openapi.json', 'GET /api/v1/auth/oidc/start', 'GET /api/v1/auth/oidc/callback'];
const isStatic = (path: string) => !path.startsWith('/api/') && !['/health', '/ready'].includes(path);

const EMAIL: Record<Role, string> = {
  admin: 'perm.admin@example.org',
  secretariat: 'perm.sec@example.org',
  focal_point: 'perm.fp.gtm@example.org',
  contributor: 'perm.contrib@example.org',
  member_viewer: 'perm.viewer@example.org',
};

let t: TestApp;
let targetUserId: string;
let orgId: string;
let practiceId = 'no-such-practice';

beforeAll(async () => {
  // An issuer nothing listens on: the SSO routes exist, and answer without the provider.
  t = await testApp({ env: { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'observatorio' } });
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
  const practices = await t.app.inject({ method: 'GET', url: '/api/v1/practices?pageSize=1' });
  const first = practices.json<{ items?: { id: string }[] }>().items?.[0];
  if (first) practiceId = first.id;
});
afterAll(async () => t?.close());

// --- requests ---------------------------------------------------------------------------

interface Auth {
  headers: Record<string, string>;
  userId: string | null;
}

async function authFor(who: Who): Promise<Auth> {
  if (who === 'anonymous') return { headers: {}, userId: null };
  // A fresh session per call: some calls end sessions (sign-out, password change).
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: EMAIL[who], password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${who} failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'obs_session')!;
  const body = res.json<{ csrfToken: string; user: { id: string } }>();
  return { headers: { cookie: `obs_session=${cookie.value}`, 'x-csrf-token': body.csrfToken }, userId: body.user.id };
}

const uniq = () => crypto.randomBytes(4).toString('hex');

async function openInvitation(): Promise<{ id: string; token: string }> {
  const r = await t.services.auth.issueInvitation(t.db.db, 'system', null, {
    email: `perm.invited.${uniq()}@example.org`,
    role: 'member_viewer',
    countryCode: null,
    organisationId: null,
    locale: 'es',
  });
  return { id: r.id, token: r.url.split('/link/')[1]! };
}

interface Call {
  url: string;
  payload?: unknown;
  /** Statuses that count as a successful allowed call, when not 2xx. */
  okStatuses?: number[];
  /** Send a small PDF as multipart/form-data instead of JSON. */
  multipart?: boolean;
}

/** A valid request for each route, for a given caller. */
const REQUESTS: Record<string, (who: Who, auth: Auth) => Promise<Call> | Call> = {
  'GET /api/v1/reference/countries': () => ({ url: '/api/v1/reference/countries?membership=CRM' }),
  'GET /api/v1/reference/countries/:code': () => ({ url: '/api/v1/reference/countries/GTM' }),
  'PATCH /api/v1/reference/countries/:code': () => ({ url: '/api/v1/reference/countries/GTM', payload: { name: { es: 'Guatemala', en: 'Guatemala' } } }),
  'GET /api/v1/reference/gcm/objectives': () => ({ url: '/api/v1/reference/gcm/objectives' }),
  'PATCH /api/v1/reference/gcm/objectives/:number': () => ({ url: '/api/v1/reference/gcm/objectives/1', payload: { shortTitle: { es: 'Datos', en: 'Data' } } }),
  'GET /api/v1/reference/gcm/principles': () => ({ url: '/api/v1/reference/gcm/principles' }),
  'GET /api/v1/auth/session': () => ({ url: '/api/v1/auth/session' }),
  'POST /api/v1/auth/sign-in': (who) => ({
    url: '/api/v1/auth/sign-in',
    payload: { email: who === 'anonymous' ? 'perm.anon.signin@example.org' : EMAIL[who], password: TEST_PASSWORD },
  }),
  'POST /api/v1/auth/sign-out': () => ({ url: '/api/v1/auth/sign-out' }),
  'POST /api/v1/auth/password-reset': () => ({ url: '/api/v1/auth/password-reset', payload: { email: 'perm.nobody@example.org' } }),
  'GET /api/v1/auth/links/:token': async () => ({ url: `/api/v1/auth/links/${(await openInvitation()).token}` }),
  'POST /api/v1/auth/links/:token': async () => ({ url: `/api/v1/auth/links/${(await openInvitation()).token}`, payload: { password: 'a long enough passphrase' } }),
  'GET /api/v1/account': () => ({ url: '/api/v1/account' }),
  'PATCH /api/v1/account': () => ({ url: '/api/v1/account', payload: { displayName: 'Permisos' } }),
  'POST /api/v1/account/password': () => ({ url: '/api/v1/account/password', payload: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }),
  'GET /api/v1/account/tokens': () => ({ url: '/api/v1/account/tokens' }),
  'POST /api/v1/account/tokens': () => ({ url: '/api/v1/account/tokens', payload: { name: 'permisos' } }),
  'DELETE /api/v1/account/tokens/:id': async (_who, auth) => {
    if (!auth.userId) return { url: `/api/v1/account/tokens/${crypto.randomUUID()}` };
    const row = await t.db.db
      .insertInto('api_token')
      .values({ user_id: auth.userId, name: 'to revoke', prefix: 'obs_xxxxxx', token_hash: crypto.randomBytes(32).toString('hex') })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { url: `/api/v1/account/tokens/${row.id}` };
  },
  'GET /api/v1/admin/users': () => ({ url: '/api/v1/admin/users?role=member_viewer' }),
  'PATCH /api/v1/admin/users/:id': () => ({ url: `/api/v1/admin/users/${targetUserId}`, payload: { status: 'active' } }),
  'GET /api/v1/admin/invitations': () => ({ url: '/api/v1/admin/invitations' }),
  'POST /api/v1/admin/invitations': () => ({ url: '/api/v1/admin/invitations', payload: { email: `perm.new.${uniq()}@example.org`, role: 'member_viewer', locale: 'es' } }),
  'DELETE /api/v1/admin/invitations/:id': async () => ({ url: `/api/v1/admin/invitations/${(await openInvitation()).id}` }),
  'GET /api/v1/admin/audit': () => ({ url: '/api/v1/admin/audit?pageSize=5' }),
  'GET /api/v1/organisations': () => ({ url: '/api/v1/organisations?country=GTM' }),
  'POST /api/v1/organisations': () => ({
    url: '/api/v1/organisations',
    payload: { code: `P-${uniq()}`, kind: 'observer', name: { es: 'Observador', en: 'Observer' } },
  }),
  'PATCH /api/v1/organisations/:id': () => ({ url: `/api/v1/organisations/${orgId}`, payload: { acronym: 'INST' } }),
  'GET /api/v1/overview': () => ({ url: '/api/v1/overview' }),
  'GET /api/v1/practices': () => ({ url: '/api/v1/practices?objective=1' }),
  'GET /api/v1/practices/coverage': () => ({ url: '/api/v1/practices/coverage' }),
  'GET /api/v1/practices/:id': () => ({ url: `/api/v1/practices/${practiceId}`, okStatuses: practiceId === 'no-such-practice' ? [404] : [] }),
  'POST /api/v1/practices': () => ({ url: '/api/v1/practices', payload: PRACTICE }),
  'GET /api/v1/practices/:id/edit': async (who) => ({ url: `/api/v1/practices/${await draftFor(who)}/edit` }),
  'PUT /api/v1/practices/:id': async (who) => ({ url: `/api/v1/practices/${await draftFor(who)}`, payload: { version: 1, practice: { ...PRACTICE, summary: { es: 'Cambio' } } } }),
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
  'GET /api/v1/dataflows': () => ({ url: '/api/v1/dataflows' }),
  'GET /api/v1/dataflows/:id': () => ({ url: '/api/v1/dataflows/MIG_FLOWS' }),
  'GET /api/v1/dataflows/:id/template.xlsx': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/template.xlsx?lang=en' }),
  'GET /api/v1/dataflows/:id/compliance': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/compliance?country=GTM' }),
  'GET /api/v1/dataflows/:id/mappings': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/mappings' }),
  'PUT /api/v1/dataflows/:id/mappings/:name': () => ({ url: '/api/v1/dataflows/MIG_FLOWS/mappings/permisos', payload: { mapping: { columns: { mes: 'TIME_PERIOD', valor: 'OBS_VALUE' } } } }),
  'GET /api/v1/data/:dataflow': () => ({ url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&groupBy=REF_AREA' }),
  'POST /api/v1/submissions': () => ({ url: '/api/v1/submissions', payload: OBS_ROWS() }),
  // the columns of a file before it is sent (the small upload is read as a one-column CSV)
  'POST /api/v1/submissions/inspect': () => ({ url: '/api/v1/submissions/inspect', multipart: true }),
  'GET /api/v1/submissions/:id': async (who) => ({ url: `/api/v1/submissions/${await submissionFor(who)}` }),
  'POST /api/v1/submissions/:id/apply': async (who) => ({ url: `/api/v1/submissions/${await submissionFor(who)}/apply` }),
  'GET /api/v1/submissions/:id/report.csv': async (who) => ({ url: `/api/v1/submissions/${await submissionFor(who)}/report.csv` }),
  'GET /api/v1/submissions': () => ({ url: '/api/v1/submissions?status=submitted' }),
  'POST /api/v1/submissions/:id/approve': async () => ({ url: `/api/v1/submissions/${await submittedByGuatemala()}/approve`, payload: {} }),
  'POST /api/v1/submissions/:id/return': async () => ({ url: `/api/v1/submissions/${await submittedByGuatemala()}/return`, payload: { comment: 'Revise marzo' } }),
  'GET /api/v1/observatory/policies': () => ({ url: '/api/v1/observatory/policies' }),
  // Guatemala's own policy (the focal point's country), set to the defaults so other rows are unaffected
  'PUT /api/v1/observatory/policies/:country': () => ({ url: '/api/v1/observatory/policies/GTM', payload: { visibility: 'public', autoApprove: false } }),
  'GET /api/v1/release-calendar': () => ({ url: '/api/v1/release-calendar?country=GTM' }),
  'POST /api/v1/release-calendar': () => ({ url: '/api/v1/release-calendar', payload: { country: 'GTM', releaseAt: '2099-01-15T10:00:00-06:00', level: 'members' } }),
  'DELETE /api/v1/release-calendar/:id': async () => ({ url: `/api/v1/release-calendar/${await scheduledForGuatemala()}` }),
  'GET /api/v1/releases': () => ({ url: '/api/v1/releases' }),
  'POST /api/v1/releases': () => ({ url: '/api/v1/releases', payload: { country: 'GTM', level: 'members' } }),
  'GET /api/v1/observatory/download/:dataflow': () => ({ url: '/api/v1/observatory/download/MIG_FLOWS?REF_AREA=GTM&groupBy=REF_AREA,CITIZENSHIP&file=csv' }),
  'GET /api/v1/observatory/releases/recent': () => ({ url: '/api/v1/observatory/releases/recent' }),
};

// --- observatory: a fresh validated submission of Guatemala's (by the caller when they may submit) ---
let obsMonth = 0;
const OBS_ROWS = () => ({ rows: [{ TIME_PERIOD: `2023-${String((obsMonth++ % 12) + 1).padStart(2, '0')}`, REF_AREA: 'GTM', FLOW: 'REG_ENTRY', OBS_VALUE: 100 + obsMonth }] });
async function submissionFor(who: Who): Promise<string> {
  const author: Exclude<Who, 'anonymous'> = who === 'admin' || who === 'secretariat' ? who : 'focal_point';
  const r = await callAs(author, 'POST', '/api/v1/submissions', OBS_ROWS());
  if (r.statusCode !== 201) throw new Error(`submission by ${author} failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

/** A Guatemalan submission confirmed by its focal point: waiting for the secretariat's approval. */
async function submittedByGuatemala(): Promise<string> {
  const id = await submissionFor('focal_point');
  const r = await callAs('focal_point', 'POST', `/api/v1/submissions/${id}/apply`);
  if (r.json<{ status: string }>().status !== 'submitted') throw new Error(`confirmation failed: ${r.body}`);
  return id;
}

async function scheduledForGuatemala(): Promise<string> {
  const r = await callAs('secretariat', 'POST', '/api/v1/release-calendar', { country: 'GTM', releaseAt: '2099-02-15T10:00:00-06:00', level: 'members' });
  if (r.statusCode !== 201) throw new Error(`scheduling failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

// --- practices: drafts owned by the caller (or by Guatemala when the caller may not write) ---

const PRACTICE = { title: { es: 'Práctica de permisos' }, kind: 'tool', countries: ['GTM'], organisations: ['PERM-GTM'], objectives: [1] };
const BOUNDARY = 'perm-boundary';
const PDF_UPLOAD = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--${BOUNDARY}--\r\n`;
let published = { id: '', attachmentId: '' };

async function callAs(who: Exclude<Who, 'anonymous'>, method: 'POST' | 'GET', url: string, payload?: object, extraHeaders: Record<string, string> = {}) {
  const auth = await authFor(who);
  return t.app.inject({ method, url, headers: { ...auth.headers, ...extraHeaders }, ...(payload ? { payload } : {}) });
}

async function draftFor(who: Who): Promise<string> {
  const author: Exclude<Who, 'anonymous'> = who === 'anonymous' || who === 'member_viewer' ? 'focal_point' : who;
  const r = await callAs(author, 'POST', '/api/v1/practices', PRACTICE);
  if (r.statusCode !== 201) throw new Error(`draft by ${author} failed: ${r.body}`);
  return r.json<{ id: string }>().id;
}

beforeAll(async () => {
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
});

// --- commitments: a public roadmap with a Guatemalan action and one of PERM-GTM, a pledge ---

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

beforeAll(async () => {
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
});

// --- the tests -------------------------------------------------------------------------------

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

describe.each(Object.entries(MATRIX))('%s', (route, verdicts) => {
  const [method, path] = route.split(' ') as [string, string];
  it.each(WHO.map((who, i) => [who, verdicts[i]!] as const))('%s → %s', async (who, verdict) => {
    const auth = await authFor(who);
    const call = await REQUESTS[route]!(who, auth);
    expect(call.url.split('?')[0]!.split('/').length).toBe(path.split('/').length);
    const res = await t.app.inject({
      method: method as 'GET',
      url: call.url,
      headers: call.multipart ? { ...auth.headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } : auth.headers,
      ...(call.multipart ? { payload: PDF_UPLOAD } : call.payload !== undefined ? { payload: call.payload as object } : {}),
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
