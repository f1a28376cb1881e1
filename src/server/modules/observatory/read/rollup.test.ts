import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { queryCells } from './query.ts';

/**
 * The headline rollup (country × flow × month, every breakdown resolved to its total) kept at
 * apply time equals the same question answered from the raw observations — for months that
 * report their total row (read directly) and for months that report parts only or partial
 * totals (resolved dimension by dimension), after a first file and after a correction.
 */
let t: TestApp;
let sec: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'obs.rollup.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'obs.rollup.sec@example.org');
}, 60_000);
afterAll(async () => t?.close());

const row = (REF_AREA: string, TIME_PERIOD: string, CITIZENSHIP: string, SEX: string, OBS_VALUE: number) => ({ REF_AREA, FLOW: 'REG_ENTRY', TIME_PERIOD, CITIZENSHIP, SEX, OBS_VALUE });

async function submit(rows: Record<string, string | number>[]) {
  const sub = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
  expect(sub.statusCode, sub.body).toBe(201);
  expect(sub.json().errors).toEqual([]);
  const applied = await sec.request({ method: 'POST', url: `/api/v1/submissions/${sub.json().id}/apply` });
  expect(applied.statusCode, applied.body).toBe(200);
}

async function compare(expected: Record<string, number>) {
  const s = await t.services.observatory.structure('MIG_FLOWS');
  const q = { filters: { REF_AREA: ['CRI', 'PAN'] }, groupBy: ['REF_AREA', 'FLOW', 'TIME_PERIOD'] as ('REF_AREA' | 'FLOW' | 'TIME_PERIOD')[], timeAggregation: 'month' as const };
  const fromRollup = await queryCells(t.db.db, s, q, { kind: 'all' }, new Date());
  const fromRows = await queryCells(t.db.db, s, { ...q, noRollup: true }, { kind: 'all' }, new Date());
  expect(fromRollup.rollup).toBe(true);
  expect(fromRows.rollup).toBe(false);
  expect(fromRollup.cells).toEqual(fromRows.cells);
  expect(Object.fromEntries(fromRollup.cells.map((c) => [`${c.key.REF_AREA} ${c.key.TIME_PERIOD}`, c.value]))).toEqual(expected);
}

describe('headline rollup', () => {
  it('equals the raw observations resolved to totals, with and without total rows, before and after a correction', async () => {
    await submit([
      // CRI 2024-01: the total row and its parts
      row('CRI', '2024-01', '_T', '_T', 100),
      row('CRI', '2024-01', 'VEN', '_T', 60),
      row('CRI', '2024-01', 'NIC', '_T', 40),
      row('CRI', '2024-01', '_T', 'F', 55),
      row('CRI', '2024-01', '_T', 'M', 45),
      // CRI 2024-02: parts only (no total row)
      row('CRI', '2024-02', 'VEN', 'F', 3),
      row('CRI', '2024-02', 'VEN', 'M', 4),
      row('CRI', '2024-02', 'NIC', 'F', 10),
      // PAN 2024-01: the sex total per nationality, no nationality total
      row('PAN', '2024-01', 'VEN', '_T', 70),
      row('PAN', '2024-01', 'VEN', 'F', 30),
      row('PAN', '2024-01', 'VEN', 'M', 40),
      row('PAN', '2024-01', 'COL', '_T', 9),
    ]);
    await compare({ 'CRI 2024-01': 100, 'CRI 2024-02': 17, 'PAN 2024-01': 79 });
    // a correction: CRI 2024-02 gains its total row (which wins), PAN's Colombian figure changes
    await submit([row('CRI', '2024-02', '_T', '_T', 18), row('CRI', '2024-02', 'COL', 'M', 1), row('PAN', '2024-01', 'COL', '_T', 11)]);
    await compare({ 'CRI 2024-01': 100, 'CRI 2024-02': 18, 'PAN 2024-01': 81 });
  });
});
