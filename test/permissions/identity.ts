import crypto from 'node:crypto';
import { TEST_PASSWORD } from '../helpers/app.ts';
import { EMAIL, orgId, t, targetUserId, uniq, type Area } from './harness.ts';

// The requests for the rows of matrix.ts about sessions, links, accounts, administration and organisations.

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

const REQUESTS: Area['requests'] = {
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
};

export const identity: Area = { requests: REQUESTS };
