import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { loadRealData, type RealDataLoad } from './real-data.ts';

/**
 * UNHCR's asylum applications and refugee recognitions in the Americas
 * (seed/observatory/unhcr-asylum), loaded as `npm start` does: annual periods, the key repeated
 * over procedure type, application type and stage summed (`sumRows`), rows counted in cases set
 * aside (`keepRows`), UNK → _U; then SOURCE.md's check figures read anonymously through the
 * public API. Issue 17 items 2 and 9.
 */
describe('real data: UNHCR asylum (annual periods)', () => {
  let t: TestApp;
  let load: RealDataLoad;
  beforeAll(async () => {
    t = await testApp();
    load = await loadRealData(t.db.db, t.services.observatory, { files: ['asylum_applications_americas.csv', 'asylum_decisions_americas.csv'] });
  }, 300_000);
  afterAll(async () => t?.close());

  const get = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().observations as Record<string, string | number | null>[];
  };

  it('imports both files with their saved mappings, cases set aside and said so', async () => {
    expect(load.loaded.map((o) => [o.file, o.skipped.length, !!o.applied])).toEqual([
      ['asylum_applications_americas.csv', 0, true],
      ['asylum_decisions_americas.csv', 0, true],
    ]);
    const infos = await t.db.db.selectFrom('obs_submission_message').select(['key', 'params']).where('severity', '=', 'info').where('key', '=', 'observatory.msg.rowsSetAside').execute();
    // SOURCE.md: app_pc / dec_pc C = cases, never added to persons
    expect(infos.map((m) => (m.params as { rows: number }).rows).sort((a, b) => a - b)).toEqual([881, 936]);
    const periods = await t.db.db.selectFrom('obs_observation').select('time_period').distinct().where('flow', '=', 'ASYLUM_APP').orderBy('time_period').execute();
    expect(periods.map((p) => p.time_period)).toEqual(['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    expect(load.released).toContain('MEX');
    expect(load.released).toContain('USA');
  });

  it("answers SOURCE.md's check figures anonymously: applications in Mexico and the USA, recognitions in Mexico, 2024", async () => {
    expect(await get('REF_AREA=MEX,USA&FLOW=ASYLUM_APP&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA')).toEqual([
      { REF_AREA: 'MEX', OBS_VALUE: 78966, CONF_STATUS: 'F' },
      { REF_AREA: 'USA', OBS_VALUE: 733912, CONF_STATUS: 'F' },
    ]);
    expect(await get('REF_AREA=MEX&FLOW=REFUGEE_RECOG&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'MEX', OBS_VALUE: 24966, CONF_STATUS: 'F' }]);
  });

  it('keeps annual figures whole: a yearly series, a monthly question answers the year as its own row, a range within the year has none', async () => {
    const years = await get('REF_AREA=MEX&FLOW=ASYLUM_APP&startPeriod=2023&endPeriod=2024&groupBy=TIME_PERIOD&timeAggregation=year');
    expect(years).toEqual([
      expect.objectContaining({ TIME_PERIOD: '2023', CONF_STATUS: 'F' }),
      { TIME_PERIOD: '2024', OBS_VALUE: 78966, CONF_STATUS: 'F' },
    ]);
    expect(await get('REF_AREA=MEX&FLOW=ASYLUM_APP&startPeriod=2024&endPeriod=2024&groupBy=TIME_PERIOD')).toEqual([{ TIME_PERIOD: '2024', OBS_VALUE: 78966, CONF_STATUS: 'F' }]);
    expect(await get('REF_AREA=MEX&FLOW=ASYLUM_APP&startPeriod=2024-03&endPeriod=2024-12&groupBy=REF_AREA')).toEqual([]);
    // a fiscal year starting in October cannot hold a calendar year: the year stays itself
    expect(await get('REF_AREA=MEX&FLOW=ASYLUM_APP&startPeriod=2024&endPeriod=2024&groupBy=TIME_PERIOD&timeAggregation=fiscalYear&fiscalYearStart=10')).toEqual([
      { TIME_PERIOD: '2024', OBS_VALUE: 78966, CONF_STATUS: 'F' },
    ]);
  });

  it('answers by nationality from the public cube', async () => {
    const rows = await get('REF_AREA=MEX&FLOW=ASYLUM_APP&startPeriod=2024&endPeriod=2024&groupBy=CITIZENSHIP');
    const shown = rows.filter((r) => r.CONF_STATUS === 'F');
    expect(shown.length).toBeGreaterThan(10);
    expect(rows.find((r) => r.CITIZENSHIP === 'HND')?.OBS_VALUE).toBeGreaterThan(1000);
  });
});
