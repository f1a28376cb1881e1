import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { IndicatorRecompute } from './index.ts';

/**
 * SDG 10.7.3 offered to the GCM indicators from the incidents registry (incident-values.ts):
 * per country of incident and for the region, per whole year, with its source, and recomputed
 * when an incident is verified — all read through the public API.
 */
let t: TestApp;
let sec: Client;
let recompute: IndicatorRecompute;

const verified = async (body: Record<string, unknown>) => {
  const res = await sec.request({ method: 'POST', url: '/api/v1/incidents', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  expect((await sec.request({ method: 'POST', url: `/api/v1/incidents/${res.json().id}/verify` })).statusCode).toBe(200);
};
type Point = { country: string; period: string; value: number | null; origin: string; status: string; source: { note?: string } };
const values = async (country: string) =>
  ((await t.app.inject({ method: 'GET', url: `/api/v1/indicators/SDG.10.7.3/values?country=${country}` })).json<{ items: Point[] }>().items ?? []).map((p) => [p.period, p.value]);

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'ind.inc.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'ind.inc.sec@example.org');
  await verified({ date: '2023-04-02', countryCode: 'MEX', deadAndMissing: 5 });
  await verified({ date: '2024-02-10', countryCode: 'MEX', dead: 1, missing: 2 });
  await verified({ date: '2024-12-30', countryCode: 'PAN', deadAndMissing: 4 });
  // 2025 has only March: not a whole year, left out
  await verified({ date: '2025-03-15', countryCode: 'PAN', deadAndMissing: 9 });
  // outside the Americas: not in the region's indicator
  await verified({ date: '2024-06-01', countryCode: 'LBY', deadAndMissing: 40 });
  recompute = new IndicatorRecompute(t.db.db, { delayMs: 50 });
  await recompute.start();
  await recompute.idle();
}, 60_000);
afterAll(async () => {
  await recompute?.stop();
  await t?.close();
});

describe('SDG 10.7.3 from the incidents', () => {
  it('gives whole years per country of incident and for the region, citing the registry', async () => {
    expect(await values('MEX')).toEqual([
      ['2023', 5],
      ['2024', 3],
    ]);
    expect(await values('PAN')).toEqual([['2024', 4]]);
    expect(await values('REG')).toEqual([
      ['2023', 5],
      ['2024', 7],
    ]);
    expect(await values('LBY')).toEqual([]);
    const one = (await t.app.inject({ method: 'GET', url: '/api/v1/indicators/SDG.10.7.3/values?country=MEX' })).json<{ items: Point[] }>().items[0]!;
    expect(one).toMatchObject({ origin: 'computed', status: 'validated' });
    expect(one.source.note).toContain('IOM Missing Migrants Project');
  });

  it('is recomputed when an incident is verified', async () => {
    await verified({ date: '2024-07-07', countryCode: 'MEX', deadAndMissing: 10 });
    await expect.poll(async () => values('MEX'), { timeout: 20_000 }).toEqual([
      ['2023', 5],
      ['2024', 13],
    ]);
    await recompute.idle();
    expect(await values('REG')).toEqual([
      ['2023', 5],
      ['2024', 17],
    ]);
  });

  it('objective 8 shows it as an indicator with the values', async () => {
    const o = (await t.app.inject({ method: 'GET', url: '/api/v1/objectives/8' })).json<{ indicators: { items: { code: string; countries: { country: string; latest: { period: string; value: number } | null }[] }[] } }>();
    const sdg = o.indicators.items.find((i) => i.code === 'SDG.10.7.3')!;
    expect(sdg.countries.find((c) => c.country === 'MEX')?.latest).toMatchObject({ period: '2024', value: 13 });
  });
});
