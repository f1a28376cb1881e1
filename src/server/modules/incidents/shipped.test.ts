import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { AMERICAS, loadShippedIncidents, SHIPPED_INCIDENTS_PATH } from './index.ts';

/**
 * The shipped copy of IOM's Missing Migrants Project, loaded as a first start loads it, and
 * SDG 10.7.3 for the Americas by year as the public API gives it, checked against a sum
 * this test makes from the file by itself (the file's `dead` is dead or missing).
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await loadShippedIncidents(t.db.db);
}, 240_000);
afterAll(async () => t?.close());

function fromFile(): Map<number, number> {
  const rows = parse<Record<string, string>>(fs.readFileSync(SHIPPED_INCIDENTS_PATH, 'utf8'), { columns: true });
  const americas = new Set(AMERICAS);
  const byYear = new Map<number, number>();
  for (const r of rows) {
    if (!americas.has(r.geo!)) continue;
    const year = Number(r.t!.slice(0, 4));
    byYear.set(year, (byYear.get(year) ?? 0) + Number(r.dead));
  }
  return byYear;
}

describe("IOM's Missing Migrants Project on a first start", () => {
  it('holds every record, public', async () => {
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?pageSize=1' });
    expect(all.json().total).toBe(19669);
  });

  it('answers SDG 10.7.3 for the Americas by year exactly as the file sums', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/incidents/summary?region=americas' });
    expect(res.statusCode).toBe(200);
    const api = new Map((res.json().rows as { year: number; value: number }[]).map((r) => [r.year, r.value]));
    const file = fromFile();
    expect([...api.entries()].sort()).toEqual([...file.entries()].sort());
    // The figures the closing note states.
    console.log(`SDG 10.7.3, Americas: 2023 = ${api.get(2023)}, 2024 = ${api.get(2024)}`);
    expect(api.get(2023)).toBeGreaterThan(0);
  });

  it('a second start loads nothing again', async () => {
    expect(await loadShippedIncidents(t.db.db)).toBeNull();
  });
});
