import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

/**
 * The data API's MISSING and DEAD flows answer from the verified incidents (flows.ts through
 * the observatory's port), by country of incident and period, with the registry's source line,
 * and say which part of each figure the sources split.
 */
let t: TestApp;
let sec: Client;

const record = async (body: Record<string, unknown>) => {
  const res = await sec.request({ method: 'POST', url: '/api/v1/incidents', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'flows.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'flows.sec@example.org');
  // Mexico 2024: one incident split (1 dead, 2 missing), one only the sum (4 dead or missing).
  for (const id of [
    await record({ date: '2024-05-10', countryCode: 'MEX', dead: 1, missing: 2 }),
    await record({ date: '2024-08-03', countryCode: 'MEX', deadAndMissing: 4 }),
    // Panama 2023: only the sum (the shipped tidy copy's kind).
    await record({ date: '2023-11-20', countryCode: 'PAN', deadAndMissing: 7 }),
  ])
    expect((await sec.request({ method: 'POST', url: `/api/v1/incidents/${id}/verify` })).statusCode).toBe(200);
  // Reported, not verified: never in the public figures.
  await record({ date: '2024-06-01', countryCode: 'MEX', dead: 50, missing: 0 });
});
afterAll(async () => t?.close());

type Obs = { REF_AREA?: string; FLOW?: string; TIME_PERIOD?: string; OBS_VALUE: number | null; DEAD_OR_MISSING: number; INCIDENTS: number };
const ask = async (query: string, lang = 'es') => t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${query}`, headers: { 'accept-language': lang } });

describe('MISSING and DEAD from the incidents registry', () => {
  it('answers per country of incident and year, splitting only what the sources split', async () => {
    const res = await ask('FLOW=DEAD,MISSING&groupBy=REF_AREA,FLOW,TIME_PERIOD&timeAggregation=year');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const obs = (body.observations as Obs[]).map((o) => [o.REF_AREA, o.FLOW, o.TIME_PERIOD, o.OBS_VALUE, o.DEAD_OR_MISSING, o.INCIDENTS]);
    expect(obs).toEqual([
      ['MEX', 'DEAD', '2024', 1, 4, 2],
      ['MEX', 'MISSING', '2024', 2, 4, 2],
      // Panama's one incident gives only the sum: the dead alone are not known (null, not 0).
      ['PAN', 'DEAD', '2023', null, 7, 1],
      ['PAN', 'MISSING', '2023', null, 7, 1],
    ]);
    expect(body.releases).toEqual([]);
    expect(body.incidents.link).toBe('/observatory/missing-migrants');
    expect(body.incidents.note).toContain('registro de incidentes');
    expect(body.source).toEqual([expect.stringContaining('Proyecto Migrantes Desaparecidos')]);
  });

  it('sums both flows once per incident, and by month within the asked period', async () => {
    const both = (await ask('FLOW=DEAD,MISSING&groupBy=REF_AREA')).json().observations as Obs[];
    // MEX: 1 + 2 split, 4 unsplit (counted once, not once per flow), two incidents.
    expect(both.map((o) => [o.REF_AREA, o.OBS_VALUE, o.DEAD_OR_MISSING, o.INCIDENTS])).toEqual([
      ['MEX', 3, 4, 2],
      ['PAN', null, 7, 1],
    ]);
    const months = (await ask('FLOW=MISSING&REF_AREA=MEX&startPeriod=2024-06&endPeriod=2024-12&groupBy=TIME_PERIOD')).json().observations as Obs[];
    expect(months.map((o) => [o.TIME_PERIOD, o.OBS_VALUE, o.DEAD_OR_MISSING])).toEqual([['2024-08', null, 4]]);
  });

  it('refuses, in the reader language, what the registry cannot answer', async () => {
    const bySex = await ask('FLOW=DEAD&groupBy=SEX', 'en');
    expect(bySex.statusCode).toBe(400);
    expect(bySex.body).toContain('does not break people down by');
    const mixed = await ask('FLOW=DEAD,REG_ENTRY&groupBy=REF_AREA');
    expect(mixed.statusCode).toBe(400);
    expect(mixed.body).toContain('registro de incidentes');
  });

  it('the CSV download names the registry as its source', async () => {
    const csv = await ask('FLOW=DEAD&groupBy=REF_AREA&format=csv', 'en');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("International Organization for Migration");
    expect(csv.body).toMatch(/\r\nMEX,/);
  });
});
