import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { firstMonth, lastMonth, parsePeriod, periodId } from './periods.ts';

/** Periods of any length (issue 17 item 2, docs/adr/0017): import, storage, the data API. */
let t: TestApp;
let sec: Client;
beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'per.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'per.sec@example.org');
});
afterAll(async () => t?.close());

type Report = { id: string; status: string; errorCount: number; errors: { message: string }[]; infos?: { message: string }[] };
const submit = async (rows: object[], mapping: object = {}, lang = 'es') => {
  const res = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows, mapping }, headers: { 'accept-language': lang } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Report>();
};
const apply = async (id: string) => expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${id}/apply` })).statusCode).toBe(200);
const data = async (qs: string) => {
  const res = await sec.request({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().observations as Record<string, unknown>[];
};
const stored = async (country: string, flow: string) =>
  (await t.db.db.selectFrom('obs_observation').select(['time_period', 'obs_value']).where('ref_area', '=', country).where('flow', '=', flow).where('valid_to', 'is', null).orderBy('time_period').execute()).map((r) => [r.time_period, Number(r.obs_value)]);
const row = (country: string, flow: string, period: string, value: number) => ({ REF_AREA: country, FLOW: flow, TIME_PERIOD: period, OBS_VALUE: value });

describe('periods as people write them', () => {
  it('reads months, quarters and years; January written as a date is marked', () => {
    expect(parsePeriod('2024-08')).toEqual({ period: '2024-08', januaryDate: false });
    expect(parsePeriod('2024-01-01')).toEqual({ period: '2024-01', januaryDate: true });
    expect(parsePeriod('2024')).toEqual({ period: '2024', januaryDate: false });
    for (const q of ['2024-Q3', '2024Q3', '2024 q3', 'Q3 2024']) expect(parsePeriod(q)).toEqual({ period: '2024-Q3', januaryDate: false });
    expect(parsePeriod('2024-Q5')).toEqual({ error: 'periodMalformed' });
    expect(parsePeriod('2024-S1')).toEqual({ error: 'periodNotMonthly' });
    expect(parsePeriod('2024-03-15')).toEqual({ error: 'periodNotMonthly' });
    expect(parsePeriod('1850')).toEqual({ error: 'periodMalformed' });
  });

  it('gives every period its months and a distinct staged id', () => {
    expect([firstMonth('2024-Q2'), lastMonth('2024-Q2'), firstMonth('2024'), lastMonth('2024'), lastMonth('2024-07')]).toEqual(['2024-04', '2024-06', '2024-01', '2024-12', '2024-07']);
    const ids = ['2024', '2025', '2024-Q1', '2024-Q4', '2025-Q1', '2024-01', '2024-12', '2099-12', '2099', '2099-Q4'].map(periodId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.max(...ids)).toBeLessThan(2 ** 16);
  });
});

describe('annual and quarterly figures through import, storage and the data API', () => {
  it('stores years and quarters as themselves and never adds them to months', async () => {
    const r = await submit([row('CRI', 'ASYLUM_APP', '2022', 1200), row('CRI', 'ASYLUM_APP', '2023', 1500), row('PAN', 'ASYLUM_APP', '2023-Q1', 100), row('PAN', 'ASYLUM_APP', '2023-Q2', 120)]);
    expect(r.status, JSON.stringify(r.errors)).toBe('validated');
    await apply(r.id);
    expect(await stored('CRI', 'ASYLUM_APP')).toEqual([['2022', 1200], ['2023', 1500]]);
    expect(await data('FLOW=ASYLUM_APP&startPeriod=2023&endPeriod=2023&groupBy=REF_AREA')).toEqual([
      { REF_AREA: 'CRI', OBS_VALUE: 1500, CONF_STATUS: 'F' },
      { REF_AREA: 'PAN', OBS_VALUE: 220, CONF_STATUS: 'F' },
    ]);
    // quarterly rows: CRI's years stay whole rows; PAN's quarters are themselves
    expect(await data('FLOW=ASYLUM_APP&startPeriod=2023&endPeriod=2023&groupBy=REF_AREA,TIME_PERIOD&timeAggregation=quarter')).toEqual([
      { REF_AREA: 'CRI', TIME_PERIOD: '2023', OBS_VALUE: 1500, CONF_STATUS: 'F' },
      { REF_AREA: 'PAN', TIME_PERIOD: '2023-Q1', OBS_VALUE: 100, CONF_STATUS: 'F' },
      { REF_AREA: 'PAN', TIME_PERIOD: '2023-Q2', OBS_VALUE: 120, CONF_STATUS: 'F' },
    ]);
    // by year, PAN's 2023 holds two quarters of four: partial, and says which months
    expect(await data('FLOW=ASYLUM_APP&REF_AREA=PAN&groupBy=TIME_PERIOD&timeAggregation=year')).toEqual([{ TIME_PERIOD: '2023', OBS_VALUE: 220, CONF_STATUS: 'F', TIME_COVERAGE: '2023-01/2023-06' }]);
    // a range that cuts a figure's period leaves it out (a year is not in 2023-03..2023-12)
    expect(await data('FLOW=ASYLUM_APP&REF_AREA=CRI&startPeriod=2023-03&endPeriod=2023-12&groupBy=REF_AREA')).toEqual([]);
    expect(await data('FLOW=ASYLUM_APP&REF_AREA=PAN&startPeriod=2023-04&endPeriod=2023-12&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'PAN', OBS_VALUE: 120, CONF_STATUS: 'F' }]);
  });

  it('refuses an annual and a monthly figure for the same year and cell, in the file or against what is stored', async () => {
    const mixed = await submit([row('HND', 'REG_ENTRY', '2023', 5000), row('HND', 'REG_ENTRY', '2023-05', 400)]);
    expect(mixed.status).toBe('rejected');
    expect(mixed.errors.map((e) => e.message).join(' ')).toContain('HND, REG_ENTRY, 2023: el archivo da cifras de periodos de distinta duración para el mismo año (A+M');
    const monthly = await submit([row('CRI', 'ASYLUM_APP', '2023-05', 400)], {}, 'en');
    expect(monthly.status).toBe('rejected');
    expect(monthly.errors.map((e) => e.message)).toContain(
      'CRI, ASYLUM_APP, 2023: the file gives M figures but the stored figures of that year are A (A annual, Q quarterly, M monthly). A year is reported in one length only: correct the file or withdraw the stored figures first.',
    );
    expect(await stored('HND', 'REG_ENTRY')).toEqual([]);
  });

  it('asks what annual totals dated as January are, and stores them as years when told so', async () => {
    const rows = [row('GTM', 'REG_ENTRY', '2015-01-01', 90000), row('GTM', 'REG_ENTRY', '2016-01-01', 95000), row('GTM', 'REG_ENTRY', '2017-01-01', 8000), row('GTM', 'REG_ENTRY', '2017-02-01', 7000)];
    const asked = await submit(rows);
    expect(asked.status).toBe('rejected');
    expect(asked.errors.map((e) => e.message).join(' ')).toContain('2 años (2015, 2016) solo tienen cifras fechadas el 1 de enero');
    expect(await stored('GTM', 'REG_ENTRY')).toEqual([]);
    const annual = await submit(rows, { januaryDates: 'year' });
    expect(annual.status, JSON.stringify(annual.errors)).toBe('validated');
    await apply(annual.id);
    expect(await stored('GTM', 'REG_ENTRY')).toEqual([['2015', 90000], ['2016', 95000], ['2017-01', 8000], ['2017-02', 7000]]);
    // "really January" is a choice too
    const january = await submit([row('BLZ', 'REG_ENTRY', '2015-01-01', 10), row('BLZ', 'REG_ENTRY', '2016-01-01', 12)], { januaryDates: 'month' });
    expect(january.status).toBe('validated');
  });

  it('sums rows that coincide only when asked, and reads only the rows kept', async () => {
    const rows = [
      { ...row('ECU', 'ASYLUM_APP', '2020', 10), unit: 'P', stage: 'FI' },
      { ...row('ECU', 'ASYLUM_APP', '2020', 15), unit: 'P', stage: 'AR' },
      { ...row('ECU', 'ASYLUM_APP', '2020', 99), unit: 'C', stage: 'FI' },
    ];
    const refused = await submit(rows, { columns: { unit: '', stage: '' } });
    expect(refused.status).toBe('rejected');
    const ok = await submit(rows, { columns: { unit: '', stage: '' }, sumRows: true, keepRows: { column: 'unit', values: ['P'] } });
    expect(ok.status, JSON.stringify(ok.errors)).toBe('validated');
    await apply(ok.id);
    expect(await stored('ECU', 'ASYLUM_APP')).toEqual([['2020', 25]]);
  });
});

describe('fiscal years and partial periods of months', () => {
  it('totals a fiscal year starting in October and marks the partial calendar years of the same range', async () => {
    const months = ['2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09'];
    const r = await submit(months.map((m, i) => row('MEX', 'IRREG_ENTRY', m, 100 + i)));
    await apply(r.id);
    const total = months.reduce((a, _, i) => a + 100 + i, 0);
    expect(await data('REF_AREA=MEX&FLOW=IRREG_ENTRY&groupBy=TIME_PERIOD&timeAggregation=fiscalYear&fiscalYearStart=10')).toEqual([{ TIME_PERIOD: '2022-10/2023-09', OBS_VALUE: total, CONF_STATUS: 'F' }]);
    expect(await data('REF_AREA=MEX&FLOW=IRREG_ENTRY&groupBy=TIME_PERIOD&timeAggregation=year')).toEqual([
      { TIME_PERIOD: '2022', OBS_VALUE: 303, CONF_STATUS: 'F', TIME_COVERAGE: '2022-10/2022-12' },
      { TIME_PERIOD: '2023', OBS_VALUE: total - 303, CONF_STATUS: 'F', TIME_COVERAGE: '2023-01/2023-09' },
    ]);
    // any range total
    expect(await data('REF_AREA=MEX&FLOW=IRREG_ENTRY&startPeriod=2022-11&endPeriod=2023-02&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'MEX', OBS_VALUE: 101 + 102 + 103 + 104, CONF_STATUS: 'F' }]);
  });

  it('refuses a fiscal year starting in month 13, in the caller language', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?groupBy=TIME_PERIOD&timeAggregation=fiscalYear&fiscalYearStart=13', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('fiscal year');
  });
});
