import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { KeyCodec } from '../structure/keys.ts';
import { Messages } from './messages.ts';
import { checkPartsAgainstTotals, partsAgainstTotals, runConcurrently, type DuplicateProbe } from './staging.ts';
import type { CheckedDimension } from './validate-types.ts';

/**
 * Parts against totals has three forms of the same query (staging.ts): on one packed bigint
 * group, on three integer columns when k + location + month pass 63 bits, and on the text
 * columns when the codes do not pack. They must find the same rows.
 */
let t: TestApp;
let sec: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'stage.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'stage.sec@example.org');
});
afterAll(async () => {
  await t?.close();
});

const row = (nat: string, sex: string, age: string, value: number) => ({ TIME_PERIOD: '2023-01', REF_AREA: 'CRI', FLOW: 'IRREG_ENTRY', CITIZENSHIP: nat, SEX: sex, AGE: age, OBS_VALUE: value });
const rows = [
  row('VEN', 'F', '_T', 10),
  row('VEN', 'M', '_T', 12),
  row('VEN', '_T', '_T', 22),
  row('HTI', 'F', '_T', 3),
  row('HTI', 'M', '_T', 4),
  row('HTI', '_T', '_T', 7),
  row('_T', 'F', '_T', 13),
  row('_T', 'M', '_T', 16),
  row('_T', '_T', '_T', 29),
  row('VEN', 'F', 'Y_LT5', 1),
  row('VEN', 'F', 'Y5T11', 2),
  row('VEN', 'F', 'Y12T17', 3),
  row('VEN', 'F', 'Y_LT18', 6),
];
const checked: CheckedDimension[] = [
  { id: 'CITIZENSHIP', col: 'CITIZENSHIP' },
  { id: 'SEX', col: 'SEX' },
  { id: 'AGE', col: 'AGE' },
];

describe('parts against totals', () => {
  it('finds the same parts over their total on one packed key, on three columns and on text', async () => {
    const res = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('validated');
    const db = t.db.db;
    const { stage_table: table } = await db.selectFrom('obs_submission').select(['stage_table']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
    // break three totals in the staged rows: the grand total, VEN's total, and Y_LT18 below its children
    await sql`update ${sql.table(table!)} set obs_value = 1 where citizenship = '_T' and sex = '_T'`.execute(db);
    await sql`update ${sql.table(table!)} set obs_value = 20 where citizenship = 'VEN' and sex = '_T'`.execute(db);
    await sql`update ${sql.table(table!)} set obs_value = 2 where age = 'Y_LT18'`.execute(db);
    const s = await t.services.observatory.structure('MIG_FLOWS');

    const found = async (codec: KeyCodec | null) => {
      const msgs = new Messages();
      await checkPartsAgainstTotals(db, s, table!, checked, msgs, codec);
      return msgs.sorted().map((m) => ({ row: m.row, column: m.column, key: m.key, params: m.params }));
    };
    const single = await found(new KeyCodec(s));
    const wide = new KeyCodec(s);
    for (let i = 0; i < 300; i++) wide.location(`L${i}`); // 9 bits of locations: 41 + 9 + 16 > 63
    const threeColumns = await found(wide);
    const text = await found(null);

    expect(threeColumns).toEqual(single);
    expect(text).toEqual(single);
    const byDimension = single.map((m) => [m.row, m.params.dimension, m.params.code]);
    expect(byDimension).toEqual(
      expect.arrayContaining([
        [4, 'SEX', '_T'], // rows count from 2, as below a header: VEN: F 10 + M 12 > 20
        [10, 'CITIZENSHIP', '_T'], // grand total 1 < 29
        [10, 'SEX', '_T'],
        [14, 'AGE', 'Y_LT18'], // children 6 > 2
      ]),
    );
    expect(single.every((m) => m.key === 'observatory.msg.partsExceedTotal')).toBe(true);
  });

  it('tells whether a key repeats from a parts query, when a breakdown has at most 63 codes', async () => {
    const res = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
    expect(res.json().status).toBe('validated');
    const db = t.db.db;
    const { stage_table: table } = await db.selectFrom('obs_submission').select(['stage_table']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
    const s = await t.services.observatory.structure('MIG_FLOWS');
    const probeOf = async (dims: CheckedDimension[]) => {
      const probe: DuplicateProbe = { covered: false, found: false };
      await runConcurrently(db, partsAgainstTotals(s, table!, dims, new KeyCodec(s), probe));
      return probe;
    };
    expect(await probeOf(checked)).toEqual({ covered: true, found: false });
    // citizenship alone has 257 codes: no bit mask holds them, the caller builds the unique index
    expect(await probeOf([checked[0]!])).toEqual({ covered: false, found: false });
    // HTI F again (row 5's key) as a later row
    await sql`insert into ${sql.table(table!)} select 99, ref_area, flow, citizenship, counterpart_area, sex, age, disability, ethnicity, location, time_period, 1, obs_status, comment, k, loc_id, period_id
      from ${sql.table(table!)} where row_number = 5`.execute(db);
    expect(await probeOf(checked)).toEqual({ covered: true, found: true });
    expect(await probeOf([checked[2]!])).toEqual({ covered: true, found: true });
  });
});
