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
    load = await loadRealData(t.db.db, t.services.observatory, { files: ['guatemala_returns.csv'] });
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

  it('is idempotent', async () => {
    const again = await loadRealData(t.db.db, t.services.observatory, { files: ['guatemala_returns.csv'] });
    expect(again).toEqual({ loaded: [], skippedFiles: ['guatemala_returns.csv'], released: [] });
  });
});
