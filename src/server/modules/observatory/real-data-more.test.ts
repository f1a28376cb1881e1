import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { loadRealData, type RealDataLoad } from './real-data.ts';
import { SYSTEM_USER_ID } from './system-account.ts';

/**
 * The shipped files besides americas-flows (seed/observatory/guatemala-returns and
 * population-wpp2024), loaded as `npm start` does — system account, saved regional mapping,
 * public release with its source line — and SOURCE.md's check figures read anonymously
 * through the public API. Only the small files, so the test stays quick (americas-flows:
 * real-data.test.ts).
 */
describe('real data: Guatemala returns and population', () => {
  let t: TestApp;
  let load: RealDataLoad;
  beforeAll(async () => {
    t = await testApp();
    load = await loadRealData(t.db.db, t.services.observatory, { files: ['guatemala_returns.csv', 'population.csv'] });
  }, 120_000);
  afterAll(async () => t?.close());

  const get = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().observations as Record<string, string | number | null>[];
  };

  it('imports IGM returns with the saved mapping: children accompanied or not are one Y_LT18 cell, summed and said so', async () => {
    const [o] = load.loaded;
    expect(o).toMatchObject({ file: 'guatemala_returns.csv', rows: 736, skipped: [] });
    expect(o!.warnings.join(' ')).toContain('«» se registró como «_U» en 88 filas');
    // month × sex × adult/child × returning country; 452 rows (both kinds of child) became 226 cells
    expect(o!.applied?.added).toBe(510);
    const sub = await t.db.db.selectFrom('obs_submission').select(['user_id', 'id']).where('status', '=', 'applied').executeTakeFirstOrThrow();
    expect(sub.user_id).toBe(SYSTEM_USER_ID);
    const infos = await t.db.db.selectFrom('obs_submission_message').select(['key', 'params']).where('submission_id', '=', sub.id).where('severity', '=', 'info').execute();
    expect(infos.find((m) => m.key === 'observatory.msg.mergedCodesSummed')?.params).toEqual({ rows: 452, cells: 226 });
    const saved = await t.db.db.selectFrom('obs_column_mapping').select('name').where('name', '=', 'igm-guatemala-returns').execute();
    expect(saved).toHaveLength(1);
  });

  it('releases Guatemala publicly with the source line of its producer', async () => {
    expect(load.released).toEqual(['GTM']);
    const r = await t.db.db.selectFrom('obs_release').select(['note', 'level', 'created_by']).executeTakeFirstOrThrow();
    expect(r).toEqual({ note: 'IGM Guatemala, via IOM gdidata (seed/observatory/guatemala-returns/SOURCE.md)', level: 'public', created_by: SYSTEM_USER_ID });
  });

  it("answers SOURCE.md's check figure (2024 total = 76,768) and the breakdowns anonymously", async () => {
    expect(await get('REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'GTM', OBS_VALUE: 76768, CONF_STATUS: 'F' }]);
    const byAge = await get('REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2024&endPeriod=2024&groupBy=AGE');
    expect(byAge.map((c) => c.AGE).sort()).toEqual(['Y_GE18', 'Y_LT18']);
    expect(byAge.reduce((a, c) => a + Number(c.OBS_VALUE), 0)).toBe(76768);
    const bySender = await get('REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2024&endPeriod=2024&groupBy=COUNTERPART_AREA');
    // from 2024 the file leaves the other returning country empty: the mapping records it as _U (not stated)
    expect(Object.fromEntries(bySender.map((c) => [c.COUNTERPART_AREA, c.OBS_VALUE]))).toEqual({ MEX: 15088, _U: 61680 });
  });

  it("stores WPP 2024's population and answers SOURCE.md's check figures at /population", async () => {
    expect(load.population).toBe(5640);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/population?REF_AREA=MEX,USA&startYear=2023&endYear=2023' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      source: ['UN DESA, World Population Prospects 2024 (seed/observatory/population-wpp2024/SOURCE.md)'],
      items: [
        { REF_AREA: 'MEX', year: 2023, populationThousands: 129739.5, netMigrationThousands: -101.044 },
        { REF_AREA: 'USA', year: 2023, populationThousands: 343489.5, netMigrationThousands: 1322.668 },
      ],
    });
    // the world figure (8,091,521) is not a row of the file: its 236 coded countries sum to 8,090,113.2 (Kosovo has no ISO code)
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/population?startYear=2023&endYear=2023' })).json().items as { populationThousands: number }[];
    expect(Math.round(all.reduce((a, r) => a + r.populationThousands, 0) * 10) / 10).toBe(8090113.2);
  });

  it('gives returns per 1,000 inhabitants, naming the population year (WPP estimates end in 2023)', async () => {
    const rates = await get('REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2022&endPeriod=2024&groupBy=REF_AREA,TIME_PERIOD&timeAggregation=year&perCapita=1000');
    expect(rates).toEqual([
      { REF_AREA: 'GTM', TIME_PERIOD: '2022', OBS_VALUE: 94216, CONF_STATUS: 'F', PER_CAPITA: 5.279, POPULATION_YEAR: 2022 },
      { REF_AREA: 'GTM', TIME_PERIOD: '2023', OBS_VALUE: 79697, CONF_STATUS: 'F', PER_CAPITA: 4.397, POPULATION_YEAR: 2023 },
      { REF_AREA: 'GTM', TIME_PERIOD: '2024', OBS_VALUE: 76768, CONF_STATUS: 'F', PER_CAPITA: 4.235, POPULATION_YEAR: 2023 },
    ]);
    const one = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2023-01&endPeriod=2023-12&perCapita=1000' });
    expect(one.json().perCapita).toEqual({ per: 1000, source: ['UN DESA, World Population Prospects 2024 (seed/observatory/population-wpp2024/SOURCE.md)'] });
    expect(one.json().observations).toEqual([{ OBS_VALUE: 79697, CONF_STATUS: 'F', PER_CAPITA: 4.397, POPULATION_YEAR: 2023 }]);
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2023&endPeriod=2023&groupBy=REF_AREA&perCapita=1000&format=csv' });
    expect(csv.body).toContain('REF_AREA,OBS_VALUE,CONF_STATUS,PER_CAPITA,POPULATION_YEAR\r\nGTM,79697,F,4.397,2023\r\n');
    // one country and one year per cell, or a 400 saying so in the reader's language
    const noYear = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?FLOW=RETURN_RECEIVED&startPeriod=2022&endPeriod=2024&groupBy=REF_AREA&perCapita=1000&lang=en' });
    expect(noYear.statusCode).toBe(400);
    expect(noYear.body).toContain('keep TIME_PERIOD in groupBy');
    const sdmx = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&startPeriod=2023&endPeriod=2023&perCapita=1000&format=sdmx-json' });
    expect(sdmx.statusCode).toBe(400);
  });

  it('is idempotent', async () => {
    const again = await loadRealData(t.db.db, t.services.observatory, { files: ['guatemala_returns.csv', 'population.csv'] });
    expect(again).toEqual({ loaded: [], skippedFiles: ['guatemala_returns.csv'], released: [], population: 0 });
  });
});
