import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { IndicatorRecompute, IndicatorsReader } from './index.ts';

/**
 * Computed indicators on real releases: figures submitted, approved and released through the
 * observatory's own routes; the recomputation heard on the public-change channel; a new
 * release changes a value, the earlier value answers as of the earlier moment, and a value
 * the release did not change gets no new revision.
 */
let t: TestApp;
let sec: Client;
const fp: Record<string, Client> = {};
let recompute: IndicatorRecompute;
let reader: IndicatorsReader;

const months = (year: number, n = 12) => Array.from({ length: n }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

async function release(country: string, rows: Record<string, string | number>[]): Promise<string> {
  const c = fp[country]!;
  const r = await c.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows: rows.map((x) => ({ REF_AREA: country, ...x })) } });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json<{ id: string }>().id;
  const a = await c.request({ method: 'POST', url: `/api/v1/submissions/${id}/apply` });
  expect(a.statusCode, a.body).toBe(200);
  if (a.json<{ status: string }>().status === 'submitted') {
    const ap = await sec.request({ method: 'POST', url: `/api/v1/submissions/${id}/approve`, payload: {} });
    expect(ap.statusCode, ap.body).toBe(200);
  }
  const rel = await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country, level: 'public' } });
  expect(rel.statusCode, rel.body).toBe(201);
  return rel.json<{ id: string }>().id;
}

const flowRows = (flow: string, ms: string[], value: number) => ms.map((m) => ({ TIME_PERIOD: m, FLOW: flow, CITIZENSHIP: 'VEN', OBS_VALUE: value }));

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'cmp.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'cmp.sec@example.org');
  for (const c of ['GTM', 'HND']) {
    await createUser(t, { email: `cmp.${c}@example.org`, role: 'focal_point', countryCode: c });
    fp[c] = await signIn(t, `cmp.${c}@example.org`);
  }
  reader = new IndicatorsReader(t.db.db);
  recompute = new IndicatorRecompute(t.db.db, { delayMs: 50 });
  await recompute.start();
}, 60_000);
afterAll(async () => {
  await recompute?.stop();
  await t?.close();
});

const valueOf = async (code: string, country: string, period: string, asOf?: Date) =>
  (await reader.series(code, { country, asOf })).find((p) => p.period === period) ?? null;

describe('computed indicators', () => {
  let firstRelease: string;
  let before: Date;

  it('compute from released figures, whole years only, per country and for the region, citing the releases', async () => {
    // GTM: 2021 and 2022 complete, 2023 three months only; HND: 2021 complete
    firstRelease = await release('GTM', [
      ...flowRows('IRREG_ENTRY', months(2021), 10),
      ...flowRows('REG_ENTRY', months(2021), 100),
      ...flowRows('IRREG_ENTRY', months(2022), 20),
      ...flowRows('REG_ENTRY', months(2022), 100),
      ...flowRows('IRREG_ENTRY', months(2023, 3), 30),
      ...flowRows('REG_ENTRY', months(2023, 3), 100),
    ]);
    const hnd = await release('HND', flowRows('IRREG_ENTRY', months(2021), 50));
    await expect.poll(async () => (await valueOf('CRM.F07', 'HND', '2021'))?.value, { timeout: 20_000 }).toBe(600);
    await recompute.idle();
    // irregular entries: 12 × 10 and 12 × 20; 2023 is not a whole year yet
    expect((await reader.series('CRM.F07', { country: 'GTM' })).map((p) => [p.period, p.value])).toEqual([
      ['2021', 120],
      ['2022', 240],
    ]);
    const gtm2021 = (await valueOf('CRM.F07', 'GTM', '2021'))!;
    expect(gtm2021).toMatchObject({ origin: 'computed', status: 'validated', source: { releases: [firstRelease] } });
    // the region: the sum over the countries whose year is complete
    const reg = (await valueOf('CRM.F07', 'REG', '2021'))!;
    expect(reg.value).toBe(720);
    expect(reg.source.releases?.sort()).toEqual([firstRelease, hnd].sort());
    expect(reg.source.note).toBe('sum of 2 countries: GTM, HND');
    // regular share of entries, 2021: 1200 / (1200 + 120) × 100 = 90.909… → 90.91
    expect((await valueOf('CRM.F05', 'GTM', '2021'))!.value).toBe(90.91);
    // HND reports no regular entries: no share is made up for it
    expect(await valueOf('CRM.F05', 'HND', '2021')).toBeNull();
    // a breakdown is a disaggregation of its own
    const byNat = await reader.series('CRM.F07', { country: 'GTM', disaggregated: true });
    expect(byNat.filter((p) => p.period === '2021').map((p) => [p.disaggregation, p.value])).toContainEqual([{ CITIZENSHIP: 'VEN' }, 120]);
  });

  it('change when a new release is applied, and answer the old value as of the earlier date', async () => {
    const old2021 = (await valueOf('CRM.F07', 'GTM', '2021'))!;
    await new Promise((r) => setTimeout(r, 20));
    before = new Date();
    await new Promise((r) => setTimeout(r, 20));
    // a correction of January 2022: 20 → 140
    const second = await release('GTM', flowRows('IRREG_ENTRY', ['2022-01'], 140));
    await expect.poll(async () => (await valueOf('CRM.F07', 'GTM', '2022'))?.value, { timeout: 20_000 }).toBe(360);
    await recompute.idle();
    const now2022 = (await valueOf('CRM.F07', 'GTM', '2022'))!;
    expect(now2022.source.releases).toEqual([second]);
    expect((await valueOf('CRM.F07', 'GTM', '2022', before))!.value).toBe(240);
    expect((await valueOf('CRM.F07', 'REG', '2022', before))!.value).toBe(240);
    // 2021 did not change: no new revision was written for it
    expect((await valueOf('CRM.F07', 'GTM', '2021'))!.revisionId).toBe(old2021.revisionId);
    // a second run without a change writes nothing
    const r = await recompute.computer.recomputeAll();
    expect(r.written).toBe(0);
    expect(r.unchanged).toBeGreaterThan(0);
    expect(r.failed).toEqual([]);
  });
});
