import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { people, REASON, REMAINS, REPORT, SECRETS, TEST_CASES_KEY } from '../../../../test/helpers/cases.ts';
import { childEnv, freePort, startNode, waitReady, type Running } from '../../../../test/ops/process.ts';

/**
 * The real server (npm start's main.ts) at debug level, driven over HTTP through the whole
 * exchange; its log must contain none of the fixtures' names, contacts or references.
 */
let t: TestApp;
let server: Running;
let base: string;
beforeAll(async () => {
  t = await testApp({ env: { CASES_KEY: TEST_CASES_KEY } });
  await people(t); // accounts and confirmed grants, written to the database the server will use
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startNode('src/server/main.ts', childEnv({ DATABASE_URL: t.db.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'debug', OBSERVATORY_REAL_DATA: 'off', CASES_KEY: TEST_CASES_KEY }));
  await waitReady(`${base}/ready`, server);
}, 120_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await t?.close();
});

async function client(email: string) {
  const r = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'correct horse battery' }) });
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return (method: string, url: string, body?: unknown) =>
    fetch(`${base}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
}

it('a server log written through the whole exchange holds no personal field', async () => {
  const sv = await client('cases.saslv@example.org');
  const mx = await client('cases.fsmex@example.org');
  const report = ((await (await sv('POST', '/api/v1/cases/reports', REPORT)).json()) as { id: string }).id;
  const remains = ((await (await mx('POST', '/api/v1/cases/remains', REMAINS)).json()) as { id: string }).id;
  expect((await sv('POST', `/api/v1/cases/records/${report}/read`, REASON)).status).toBe(200);
  expect((await sv('GET', `/api/v1/cases/records/${report}/candidates`)).status).toBe(200);
  const pair = `/api/v1/cases/candidates/${report}/${remains}`;
  await sv('POST', `${pair}/open`, { reason: 'Comparar con Rosa Amelia Quintanilla' });
  await mx('POST', `${pair}/open`, REASON);
  expect((await mx('POST', `${pair}/read`, REASON)).status).toBe(200);
  // refused and invalid requests with personal data in them
  expect((await sv('POST', '/api/v1/cases/reports', { ...REPORT, caseRef: 'Rosa Amelia Quintanilla' })).status).toBe(400);
  expect((await mx('POST', `/api/v1/cases/records/${report}/status`, { status: 'closed' })).status).toBe(404);
  await new Promise((r) => setTimeout(r, 500));
  const log = server.output();
  expect(log).toMatch(/cases/); // the requests were logged
  for (const s of [...SECRETS, 'Rosa Amelia Quintanilla']) expect(log.includes(s), s).toBe(false);
}, 120_000);
