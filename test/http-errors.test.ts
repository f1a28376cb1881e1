import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/platform/db/database.ts';
import { createMailer } from '../src/server/platform/mail/index.ts';
import { adminQuery, emptyDatabase } from './helpers/db.ts';
import { createUser, signIn, testApp, type Client, type TestApp } from './helpers/app.ts';
import { registeredRoutes } from './helpers/routes.ts';

let t: TestApp;
beforeAll(async () => {
  // SSO configured (with a provider nobody runs) so its routes are part of the documented API.
  t = await testApp({ env: { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'observatorio' } });
});
afterAll(async () => t?.close());

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] }; requestId: string };
const en = { 'accept-language': 'en' };

function expectErrorJson(res: LightMyRequestResponse, code: string, message: string) {
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json<ErrorBody>();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBe(message);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

describe('errors are JSON in the caller language', () => {
  it('malformed JSON → 400', async () => {
    const send = (headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json', ...headers }, payload: '{"email": "a@b.c", ' });
    const es = await send();
    expect(es.statusCode).toBe(400);
    expectErrorJson(es, 'malformed_json', 'El cuerpo de la solicitud no es JSON válido.');
    const e = await send(en);
    expect(e.statusCode).toBe(400);
    expectErrorJson(e, 'malformed_json', 'The request body is not valid JSON.');
  });

  it('a body over 1 MB → 413', async () => {
    const big = JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(1024 * 1024 + 10) });
    const send = (headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json', ...headers }, payload: big });
    const es = await send();
    expect(es.statusCode).toBe(413);
    expectErrorJson(es, 'too_large', 'La solicitud es demasiado grande.');
    const e = await send(en);
    expect(e.statusCode).toBe(413);
    expectErrorJson(e, 'too_large', 'The request is too large.');
  });

  it('an unsupported content type → 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'text/csv', ...en }, payload: 'a,b' });
    expect(res.statusCode).toBe(415);
    expect(res.json<ErrorBody>().error.code).toBe('unsupported_media_type');
  });

  it('an unknown API route → 404', async () => {
    const es = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
    expect(es.statusCode).toBe(404);
    expectErrorJson(es, 'not_found', 'Esta dirección de la API no existe. Consulte /api/openapi.json.');
    const e = await t.app.inject({ method: 'DELETE', url: '/api/v2/anything', headers: en });
    expect(e.statusCode).toBe(404);
    expectErrorJson(e, 'not_found', 'This API address does not exist. See /api/openapi.json.');
  });

  it('a validation error → 400 with translated issues', async () => {
    const payload = { email: 'not an e-mail', password: 'x' };
    const es = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload });
    expect(es.statusCode).toBe(400);
    const b = expectErrorJson(es, 'invalid', 'Hay un dato no válido.');
    expect(b.error.issues).toHaveLength(1);
    expect(b.error.issues![0]!.path).toBe('email');
    expect(b.error.issues![0]!.message).toMatch(/^Campo «email»: /);

    const e = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: en, payload: { email: 'nope', password: '' } });
    expect(e.statusCode).toBe(400);
    const be = expectErrorJson(e, 'invalid', '2 values are not valid.');
    expect(be.error.issues!.map((i) => i.path).sort()).toEqual(['email', 'password']);
    for (const i of be.error.issues!) expect(i.message).toMatch(new RegExp(`^Field “${i.path}”: .+`));
  });

  it('a missing body on a JSON route → 400, never 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.message).toBeTruthy();
  });
});

describe('internal errors', () => {
  it('answer 500 with a reference and no internal detail when the database disappears', async () => {
    const broken = await testApp();
    try {
      expect((await broken.app.inject({ method: 'GET', url: '/api/v1/reference/gcm/principles' })).statusCode).toBe(200);
      await adminQuery(`drop database ${broken.db.name} with (force)`);
      const res = await broken.app.inject({ method: 'GET', url: '/api/v1/reference/gcm/principles', headers: en });
      expect(res.statusCode).toBe(500);
      const body = res.json<ErrorBody>();
      expect(body.error.code).toBe('internal');
      expect(body.error.message).toContain(body.requestId);
      expect(Object.keys(body)).toEqual(['error', 'requestId']);
      expect(Object.keys(body.error)).toEqual(['code', 'message']);
      expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+|stack|does not exist|obs_t_|postgres|kysely|pg-pool/i);

      const ready = await broken.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'unavailable', reason: 'La base de datos no responde.' });
      expect((await broken.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await broken.close();
    }
  });
});

describe('health, readiness and the API document', () => {
  it('GET /health → 200', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready → 200 ready on a migrated database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('GET /ready → 503 with a reason while migrations are pending', async () => {
    const empty = await emptyDatabase();
    const handle = createDatabase(empty.url, { max: 2 });
    try {
      const config = loadConfig({ DATABASE_URL: empty.url, LOG_LEVEL: 'silent' });
      const { app } = await buildApp({
        config,
        db: handle.db,
        mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }),
        logger: false,
        webDistDir: '/nonexistent',
      });
      await app.ready();
      const es = await app.inject({ method: 'GET', url: '/ready' });
      expect(es.statusCode).toBe(503);
      expect(es.json()).toEqual({ status: 'unavailable', reason: 'Hay migraciones de base de datos pendientes.' });
      const e = await app.inject({ method: 'GET', url: '/ready', headers: en });
      expect(e.statusCode).toBe(503);
      expect(e.json().reason).toMatch(/migration/i);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      await app.close();
    } finally {
      await handle.close();
      await empty.drop();
    }
  });

  it('/api/openapi.json is an OpenAPI 3 document of every route under /api/v1/', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.paths['/api/v1/reference/countries']?.get).toBeDefined();

    // Every route the router knows under /api/v1/ is documented, except the SSO callback
    // (a redirect target for the identity provider, not something to call).
    const undocumented = new Set(['GET /api/v1/auth/oidc/callback']);
    const routes = registeredRoutes(t.app).filter((r) => r.split(' ')[1]!.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes
      .filter((r) => !undocumented.has(r))
      .filter((r) => {
        const [method, path] = r.split(' ') as [string, string];
        const oaPath = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        return doc.paths[oaPath]?.[method.toLowerCase()] === undefined;
      });
    expect(missing).toEqual([]);
    // …and nothing outside /api/v1/ is in it (health, readiness, the document itself, the web app).
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });
});

describe('audit trail of writes through the API', () => {
  let admin: Client;
  let sec: Client;
  let targetId: string;
  const SECRET_KEY = /password|hash|token$|^token|secret|csrf/i;

  beforeAll(async () => {
    await createUser(t, { email: 'audit.admin@example.org', role: 'admin' });
    await createUser(t, { email: 'audit.sec@example.org', role: 'secretariat' });
    targetId = await createUser(t, { email: 'audit.target@example.org', role: 'member_viewer' });
    admin = await signIn(t, 'audit.admin@example.org');
    sec = await signIn(t, 'audit.sec@example.org');
  });

  function keysOf(v: unknown): string[] {
    if (Array.isArray(v)) return v.flatMap(keysOf);
    if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...keysOf(x)]);
    return [];
  }

  async function audited(actor: { client: Client; email: string }, run: (c: Client) => Promise<LightMyRequestResponse>) {
    const last = await t.db.db.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const res = await run(actor.client);
    expect(res.statusCode, res.body).toBeLessThan(300);
    const rows = await t.db.db
      .selectFrom('audit_event')
      .selectAll()
      .where('id', '>', Number(last.id ?? 0))
      .execute();
    expect(rows, JSON.stringify(rows)).toHaveLength(1);
    const row = rows[0]!;
    const user = await t.db.db.selectFrom('app_user').select('id').where('email', '=', actor.email).executeTakeFirstOrThrow();
    expect(row.actor_user_id).toBe(user.id);
    expect(row.actor_label).toBe(actor.email);
    expect(row.request_id).toBeTruthy();
    expect(row.before !== null || row.after !== null).toBe(true);
    const secretKeys = keysOf([row.before, row.after]).filter((k) => SECRET_KEY.test(k));
    expect(secretKeys).toEqual([]);
    expect(JSON.stringify([row.before, row.after])).not.toMatch(/\$argon2|obs_[A-Za-z0-9_-]{43}/);
    return { row, res };
  }

  it('account update', async () => {
    const { row } = await audited({ client: admin, email: 'audit.admin@example.org' }, (c) =>
      c.request({ method: 'PATCH', url: '/api/v1/account', payload: { displayName: 'Auditora', locale: 'en' } }),
    );
    expect(row).toMatchObject({ action: 'account.update', entity_type: 'user' });
    expect(row.after).toMatchObject({ display_name: 'Auditora', locale: 'en' });
    expect(row.before).toMatchObject({ locale: 'es' });
  });

  it('API token create and revoke', async () => {
    const created = await audited({ client: admin, email: 'audit.admin@example.org' }, (c) =>
      c.request({ method: 'POST', url: '/api/v1/account/tokens', payload: { name: 'auditoría' } }),
    );
    const { id, token: secret, prefix } = created.res.json<{ id: string; token: string; prefix: string }>();
    expect(created.row).toMatchObject({ action: 'api_token.create', entity_type: 'api_token', entity_id: id, after: { name: 'auditoría', prefix } });
    expect(JSON.stringify(created.row)).not.toContain(secret);

    const revoked = await audited({ client: admin, email: 'audit.admin@example.org' }, (c) => c.request({ method: 'DELETE', url: `/api/v1/account/tokens/${id}` }));
    expect(revoked.row).toMatchObject({ action: 'api_token.revoke', entity_type: 'api_token', entity_id: id, before: { name: 'auditoría' } });
  });

  it('organisation create and update', async () => {
    const created = await audited({ client: sec, email: 'audit.sec@example.org' }, (c) =>
      c.request({ method: 'POST', url: '/api/v1/organisations', payload: { code: 'AUDIT-ORG', kind: 'civil_society', name: { es: 'Red', en: 'Network' } } }),
    );
    const org = created.res.json<{ id: string }>();
    expect(created.row).toMatchObject({ action: 'organisation.create', entity_type: 'organisation', entity_id: org.id, after: { code: 'AUDIT-ORG', name: { es: 'Red', en: 'Network' } } });

    const updated = await audited({ client: sec, email: 'audit.sec@example.org' }, (c) =>
      c.request({ method: 'PATCH', url: `/api/v1/organisations/${org.id}`, payload: { acronym: 'RED' } }),
    );
    expect(updated.row).toMatchObject({ action: 'organisation.update', entity_id: org.id, before: { acronym: null }, after: { acronym: 'RED' } });
  });

  it('country update', async () => {
    const { row } = await audited({ client: sec, email: 'audit.sec@example.org' }, (c) =>
      c.request({ method: 'PATCH', url: '/api/v1/reference/countries/CRI', payload: { name: { es: 'Costa Rica', en: 'Costa Rica (edited)' } } }),
    );
    expect(row).toMatchObject({ action: 'country.update', entity_type: 'country', entity_id: 'CRI', before: { name: { en: 'Costa Rica' } }, after: { name: { en: 'Costa Rica (edited)' } } });
  });

  it('user update by an administrator', async () => {
    const { row } = await audited({ client: admin, email: 'audit.admin@example.org' }, (c) =>
      c.request({ method: 'PATCH', url: `/api/v1/admin/users/${targetId}`, payload: { role: 'focal_point', countryCode: 'CRI' } }),
    );
    expect(row).toMatchObject({
      action: 'user.update',
      entity_type: 'user',
      entity_id: targetId,
      before: { role: 'member_viewer', country_code: null },
      after: { role: 'focal_point', country_code: 'CRI' },
    });
  });

  it('a refused write leaves no audit row', async () => {
    const last = await t.db.db.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const res = await sec.request({ method: 'PATCH', url: `/api/v1/admin/users/${targetId}`, payload: { status: 'disabled' } });
    expect(res.statusCode).toBe(403);
    const bad = await admin.request({ method: 'PATCH', url: `/api/v1/admin/users/${targetId}`, payload: { role: 'contributor' } });
    expect(bad.statusCode).toBe(400);
    const rows = await t.db.db.selectFrom('audit_event').select('id').where('id', '>', Number(last.id ?? 0)).execute();
    expect(rows).toHaveLength(0);
  });
});
