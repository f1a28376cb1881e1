import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { checkNewSeries, computeDiff, hasCurrentFigures } from './diff.ts';
import { Messages } from './messages.ts';

/**
 * A first submission skips the anti-joins against the current figures (diff.ts): its new
 * series and its diff must be exactly what the general path gives on the same staged rows.
 */
let t: TestApp;
let sec: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'diff.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'diff.sec@example.org');
});
afterAll(async () => {
  await t?.close();
});

// 2 countries × 2 flows × 3 nationalities × 2 sexes = 24 series (more than the 20 listed), two months, month by month
const rows = ['2023-01', '2023-02'].flatMap((period, m) =>
  ['CRI', 'PAN'].flatMap((area) =>
    ['REG_ENTRY', 'REG_EXIT'].flatMap((flow) =>
      ['VEN', 'COL', 'HTI'].flatMap((nat, i) => ['F', 'M'].map((sex, j) => ({ TIME_PERIOD: period, REF_AREA: area, FLOW: flow, CITIZENSHIP: nat, SEX: sex, OBS_VALUE: 10 + m + 2 * i + j }))),
    ),
  ),
);

describe('first submission', () => {
  it('lists the same new series and the same diff without the anti-joins', async () => {
    const db = t.db.db;
    expect(await hasCurrentFigures(db, 'MIG_FLOWS', ['CRI', 'PAN'])).toBe(false);
    const res = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows, mode: 'replace' } });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report.status).toBe('validated');
    expect(report.diff).toMatchObject({ mode: 'replace', added: 48, changed: 0, unchanged: 0, removed: 0 });
    expect(report.diff.examples.added.map((x: { row: number }) => x.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    const sub = await db.selectFrom('obs_submission').select(['stage_table']).where('id', '=', report.id).executeTakeFirstOrThrow();
    const s = await t.services.observatory.structure('MIG_FLOWS');
    const table = sub.stage_table!;
    const general = new Messages();
    await checkNewSeries(db, s, table, general, { noCurrent: false, packed: false });
    for (const packed of [true, false]) {
      const fast = new Messages();
      await checkNewSeries(db, s, table, fast, { noCurrent: true, packed });
      expect(fast.list).toEqual(general.list);
    }
    expect(general.list).toHaveLength(21);
    expect(general.list[0]).toMatchObject({ row: 2, value: 'CRI|REG_ENTRY|VEN|_T|F|_T|_T|_T|_T' });
    expect(general.list[20]).toMatchObject({ key: 'observatory.msg.newSeriesMore', params: { count: 4, total: 24 } });
    // the report the validation stored is the fast path's (no current figures for CRI or PAN)
    expect(report.infos.map((m: { row: number | null; value: string | null }) => [m.row, m.value])).toEqual(general.sorted().map((m) => [m.row, m.value]));
    const diff = await computeDiff(db, s, table, 'replace');
    expect(await computeDiff(db, s, table, 'replace', { noCurrent: true })).toEqual(diff);
    expect(await computeDiff(db, s, table, 'replace', { noCurrent: true, rows: 48 })).toEqual(diff);

    expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${report.id}/apply` })).statusCode).toBe(200);
    expect(await hasCurrentFigures(db, 'MIG_FLOWS', ['CRI'])).toBe(true);
    expect(await hasCurrentFigures(db, 'MIG_FLOWS', ['MEX'])).toBe(false);

    // a second submission has current figures: the general path, which sees the unchanged rows
    const again = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows: rows.slice(0, 3) } });
    expect(again.json().diff).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
  });
});
