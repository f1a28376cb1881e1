import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { measureRecall, recallQueries } from '../../../../bench/recall.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());

describe('practices search recall on the hand-written query set (bench/practices-recall.json)', () => {
  it('holds at least 40 queries in both languages, each naming seeded practices', () => {
    const queries = recallQueries();
    expect(queries.length).toBeGreaterThanOrEqual(40);
    expect(queries.some((q) => q.lang === 'es') && queries.some((q) => q.lang === 'en')).toBe(true);
  });

  it('finds the expected practices among the first five (recall@5 floor)', async () => {
    const slugs = new Set((await t.db.db.selectFrom('practice').select('slug').execute()).map((r) => r.slug));
    const result = await measureRecall(async (q, lang) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/practices?q=${encodeURIComponent(q)}&pageSize=5`, headers: { 'accept-language': lang } });
      expect(res.statusCode).toBe(200);
      return res.json<{ items: { slug: string }[] }>().items.map((i) => i.slug);
    });
    for (const r of result.perQuery) for (const k of r.missing) expect(slugs.has(k), `${r.q}: ${k} is not a seeded practice`).toBe(true);
    const misses = result.perQuery.filter((r) => r.recall < 1).map((r) => `${r.q} (${r.lang}) ${r.recall.toFixed(2)} missing ${r.missing.join(', ')}; top ${r.top.join(', ')}`);
    console.log(`recall@5 = ${result.recall.toFixed(3)}\n${misses.join('\n')}`);
    // The aim is 0.95; the floor leaves room for a query or two a later change may cost.
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
  });
});
