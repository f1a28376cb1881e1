import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

/**
 * While a focal point's report waits for validation (or once it is rejected), the public keeps
 * reading the last validated value of that cell; members see the waiting report, marked
 * provisional. Real database, through the HTTP API.
 */
let t: TestApp;
let fp: Client;
let sec: Client;
const CODE = 'CRM.P04';
const URL = `/api/v1/indicators/${CODE}/values?country=GTM&from=2022&to=2022`;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'fp.fallback@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'sec.fallback@example.org', role: 'secretariat' });
  fp = await signIn(t, 'fp.fallback@example.org');
  sec = await signIn(t, 'sec.fallback@example.org');
});
afterAll(async () => t?.close());

const report = async (value: number) => {
  const r = await fp.request({ method: 'POST', url: '/api/v1/indicators/report/values', payload: { country: 'GTM', code: CODE, period: '2022', value } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().revisionId as number;
};
const decide = async (id: number, decision: 'validate' | 'reject') => {
  const r = await sec.request({ method: 'POST', url: `/api/v1/indicators/reported/${id}/${decision}`, payload: decision === 'reject' ? { reason: 'No coincide con el registro oficial.' } : {} });
  expect(r.statusCode, r.body).toBe(200);
};
const publicValues = async (query = '') => {
  const r = await t.app.inject({ method: 'GET', url: URL + query });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as { value: number; status: string }[]).map((i) => [i.value, i.status]);
};
const memberValues = async () => (await sec.request({ method: 'GET', url: URL })).json().items.map((i: { value: number; status: string }) => [i.value, i.status]);

describe('a provisional report does not hide the validated value from the public', () => {
  it('validated 10, then 12 waiting → the public sees 10; rejected → 10; 12 again and validated → 12', async () => {
    await decide(await report(10), 'validate');
    expect(await publicValues()).toEqual([[10, 'validated']]);

    const waiting = await report(12);
    expect(await publicValues()).toEqual([[10, 'validated']]);
    expect(await memberValues()).toEqual([[12, 'provisional']]);
    // the public's progress reads the same validated value
    const progress = await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${CODE}/progress?country=GTM` });
    expect(progress.json().items[0].latest).toMatchObject({ period: '2022', value: 10 });
    const whileWaiting = new Date().toISOString();

    await decide(waiting, 'reject');
    expect(await publicValues()).toEqual([[10, 'validated']]);
    expect(await memberValues()).toEqual([[10, 'validated']]);

    const again = await report(12);
    expect(await publicValues()).toEqual([[10, 'validated']]);
    await decide(again, 'validate');
    expect(await publicValues()).toEqual([[12, 'validated']]);
    // as of the moment the first 12 was waiting, the public answer was 10
    expect(await publicValues(`&asOf=${encodeURIComponent(whileWaiting)}`)).toEqual([[10, 'validated']]);
  });

  it('the CSV download says the same as the JSON: one row, the validated value', async () => {
    const csv = (await t.app.inject({ method: 'GET', url: `${URL}&format=csv` })).body;
    const rows = csv.split('\r\n').filter((l) => l.startsWith('GTM,'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(',12,');
  });
});
