import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/config.ts';
import { createUser, signIn, testApp, TEST_PASSWORD, type TestApp } from './helpers/app.ts';

/**
 * Requests an attacker (or a broken client) sends: null characters, forged forwarded
 * headers, forged Host headers. Each must be answered clearly and change nothing.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'admin@example.org', role: 'admin' });
});
afterAll(async () => t?.close());

type ErrorBody = { error: { code: string; message: string } };

describe('null and control characters answer 400 in the caller language, never 500', () => {
  const urls = [
    '/api/v1/practices?q=%00',
    '/api/v1/practices?q=trata%00retorno',
    '/api/v1/practices/export.csv?q=%00',
    '/api/v1/practices/export.xlsx?q=%00',
    '/api/v1/meetings/%00',
    '/api/v1/practices/abc%00def',
    '/api/v1/reference/countries?x=%01',
    '/api/v1/practices?q=%E0%A4%A',
  ];
  for (const url of urls) {
    it(`GET ${url}`, async () => {
      const es = await t.app.inject({ method: 'GET', url });
      expect(es.statusCode).toBe(400);
      expect(es.json<ErrorBody>().error.message).toBe('La solicitud contiene un carácter no permitido (por ejemplo, el carácter nulo U+0000). Quítelo y vuelva a intentarlo.');
      const en = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } });
      expect(en.statusCode).toBe(400);
      expect(en.json<ErrorBody>().error.message).toMatch(/^The request contains a character that is not allowed/);
    });
  }

  it('a display name with a null character is refused and the account is unchanged', async () => {
    const admin = await signIn(t, 'admin@example.org');
    const before = await t.db.db.selectFrom('app_user').select('display_name').where('email', '=', 'admin@example.org').executeTakeFirstOrThrow();
    const res = await admin.request({ method: 'PATCH', url: '/api/v1/account', payload: { displayName: 'Ana\u0000Pérez' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.code).toBe('bad_request');
    const after = await t.db.db.selectFrom('app_user').select('display_name').where('email', '=', 'admin@example.org').executeTakeFirstOrThrow();
    expect(after.display_name).toBe(before.display_name);
  });

  it('keeps tabs and line breaks, which forms carry legitimately', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/practices?q=trata%0Aretorno%09' });
    expect(res.statusCode).toBe(200);
  });

  it('a null character that reaches the database by another path is still a 400 (error mapper safety net)', async () => {
    // A multipart field is read by its handler, not by the JSON guard.
    const admin = await signIn(t, 'admin@example.org');
    const boundary = '----obs';
    const payload = [`--${boundary}`, 'Content-Disposition: form-data; name="dataflow"', '', 'MIG\u0000FLOWS', `--${boundary}--`, ''].join('\r\n');
    const res = await admin.request({ method: 'POST', url: '/api/v1/submissions', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe('forwarded headers are believed only from configured proxies', () => {
  async function spray(app: TestApp, email: string) {
    const statuses: number[] = [];
    // A different X-Forwarded-For on every attempt: the per-address limit must still count them together.
    for (let i = 0; i < 24; i++) {
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        payload: { email: `${email}${i}@example.org`, password: 'wrong password here' },
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it('without TRUST_PROXY, a forged X-Forwarded-For does not reset the per-address limit', async () => {
    const statuses = await spray(t, 'spray.a.');
    // 5 failures per e-mail × 4 = 20 per address: the last attempts are refused.
    expect(statuses.slice(0, 19)).toEqual(Array<number>(19).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    // The blocked address cannot sign in with another header either.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'x-forwarded-for': '203.0.113.77' },
      payload: { email: 'admin@example.org', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(429);
    const ips = await t.db.db.selectFrom('sign_in_attempt').select('ip').distinct().execute();
    expect(ips.map((r) => r.ip)).toEqual(['127.0.0.1']);
  });

  it('with TRUST_PROXY naming the proxy, the client address it forwards is the one counted', async () => {
    const behind = await testApp({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const statuses = await spray(behind, 'spray.b.');
      // Each attempt comes from its own (forwarded) client: no per-address block.
      expect(statuses).toEqual(Array<number>(24).fill(401));
      const ips = await behind.db.db.selectFrom('sign_in_attempt').select('ip').distinct().execute();
      expect(ips).toHaveLength(24);
    } finally {
      await behind.close();
    }
  });

  it('TRUST_PROXY is validated at start, naming the variable', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', 'loopback']);
    expect(loadConfig({}).trustProxy).toEqual([]);
  });
});

describe('citations name PUBLIC_URL, never the request host', () => {
  it('a forged Host / X-Forwarded-Host never reaches a public, cacheable data answer', async () => {
    for (const format of ['json', 'csv']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/data/MIG_FLOWS?format=${format}`,
        headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('evil.example');
      expect(res.body).toContain('http://localhost:3000/api/v1/data/MIG_FLOWS');
    }
  });
});
