import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { IndicatorsReader, IndicatorValues } from './index.ts';

/** The catalogue as seeded, and values with revisions on a real database (as-of, supersede, totals). */
let t: TestDatabase;
let reader: IndicatorsReader;
let values: IndicatorValues;
const pause = () => new Promise((r) => setTimeout(r, 15));

beforeAll(async () => {
  t = await testDatabase();
  reader = new IndicatorsReader(t.db);
  values = new IndicatorValues(t.db);
});
afterAll(async () => t.drop());

describe('catalogue', () => {
  it('holds the 48 entries of gcm-indicators.json with their provenance', async () => {
    const all = await reader.catalogue();
    expect(all).toHaveLength(48);
    expect(all.filter((i) => i.official)).toHaveLength(24);
    expect(all.filter((i) => i.code.startsWith('CRM.'))).toHaveLength(24);
    expect(all.filter((i) => i.code.startsWith('CRM.') && i.computable)).toHaveLength(13);
    // no official Spanish wording: null, never invented
    const local = all.find((i) => i.code === 'A79590.O23.LOCAL_AUTH')!;
    expect(local.name.es).toBeNull();
    expect(local.nameEsDraft).toBe(false);
    expect(local.official).toBe(true);
    expect(local.inA79590).toMatch(/^confirmed/);
    // a regional proposal's Spanish name is a draft translation
    const f04 = all.find((i) => i.code === 'CRM.F04')!;
    expect(f04.name.es).toBe('Permisos de residencia y regularizaciones otorgados');
    expect(f04.nameEsDraft).toBe(true);
    expect(f04.official).toBe(false);
    // an official SDG title is not a draft
    expect(all.find((i) => i.code === 'SDG.10.7.3')!.nameEsDraft).toBe(false);
    expect(all.find((i) => i.code === 'SDG.10.7.3')!.direction).toBe('decrease');
  });

  it('filters by objective and keeps the whole provenance of an entry', async () => {
    const o8 = await reader.catalogue({ objective: 8 });
    expect(o8.map((i) => i.code).sort()).toEqual(['CRM.F09', 'CRM.P03', 'SDG.10.7.3']);
    const d = await reader.indicator('CRM.F09');
    expect(d.migFlows.computable).toBe('yes');
    expect(d.definition.es).toBeNull();
    expect(d.definition.en).toMatch(/National-authority counterpart/);
    expect(d.nameEsStatus).toBe('draft translation, not official');
    expect(d.directionBasis).toMatch(/objective 8/);
    const versions = await t.db.selectFrom('ind_indicator_version').selectAll().where('code', '=', 'CRM.F09').execute();
    expect(versions.map((v) => [v.version, v.change])).toEqual([[1, 'seed']]);
  });

  it('answers NotFound for an unknown code', async () => {
    await expect(reader.series('NOPE.1')).rejects.toMatchObject({ status: 404, key: 'indicators.errors.unknownIndicator' });
  });
});

describe('values', () => {
  it('supersedes a revision and answers the old one as of an earlier moment', async () => {
    const src = { note: 'test' };
    const first = await values.recordNow({ code: 'CRM.P04', country: 'CRI', period: '2020', value: 3, origin: 'reported', status: 'validated', source: src, recordedBy: null });
    await pause();
    const between = new Date();
    await pause();
    const second = await values.recordNow({ code: 'CRM.P04', country: 'CRI', period: '2020', value: 4, origin: 'reported', status: 'validated', source: src, recordedBy: null });
    expect(second).not.toBe(first);
    const now = await reader.series('CRM.P04', { country: 'CRI' });
    expect(now.map((p) => [p.period, p.value, p.revisionId])).toEqual([['2020', 4, second]]);
    const then = await reader.series('CRM.P04', { country: 'CRI', asOf: between });
    expect(then.map((p) => [p.period, p.value, p.revisionId])).toEqual([['2020', 3, first]]);
    const before = await reader.series('CRM.P04', { country: 'CRI', asOf: new Date(Date.parse(then[0]!.recordedAt) - 1) });
    expect(before).toEqual([]);
    // the old row is kept, not overwritten
    const rows = await t.db.selectFrom('ind_value').select(['id', 'value', 'superseded_at']).where('code', '=', 'CRM.P04').orderBy('id').execute();
    expect(rows.map((r) => [r.id, Number(r.value), r.superseded_at !== null])).toEqual([[first, 3, true], [second, 4, false]]);
  });

  it('answers totals unless asked for disaggregations, each disaggregation its own revision line', async () => {
    const base = { code: 'CRM.F13', country: 'GTM', period: '2022', origin: 'computed' as const, status: 'validated' as const, source: { releases: ['r1'] }, recordedBy: null };
    await values.recordNow({ ...base, value: 100 });
    await values.recordNow({ ...base, value: 40, disaggregation: { SEX: 'F' } });
    await values.recordNow({ ...base, value: 60, disaggregation: { SEX: 'M' } });
    await values.recordNow({ ...base, value: 61, disaggregation: { SEX: 'M' } });
    const totals = await reader.series('CRM.F13', { country: 'GTM' });
    expect(totals.map((p) => [p.disaggregation, p.value])).toEqual([[{}, 100]]);
    expect(totals[0]!.source).toEqual({ releases: ['r1'] });
    const all = await reader.series('CRM.F13', { country: 'GTM', disaggregated: true });
    expect(all.map((p) => [p.disaggregation, p.value])).toEqual([
      [{ SEX: 'F' }, 40],
      [{ SEX: 'M' }, 61],
      [{}, 100],
    ].sort((a, b) => JSON.stringify(a[0]).localeCompare(JSON.stringify(b[0]))));
  });

  it('keeps provisional values out of the default answers, and as of a moment uses the status then', async () => {
    const id = await values.recordNow({ code: 'CRM.P01', country: 'HND', period: '2023', value: null, answer: 'partial', origin: 'reported', status: 'provisional', source: { evidenceUrl: 'https://example.org/law' }, narrative: 'Draft law', recordedBy: null });
    expect(await reader.series('CRM.P01', { country: 'HND' })).toEqual([]);
    const provisional = await reader.series('CRM.P01', { country: 'HND', statuses: ['provisional', 'validated'] });
    expect(provisional.map((p) => [p.answer, p.status, p.source.evidenceUrl, p.narrative])).toEqual([['partial', 'provisional', 'https://example.org/law', 'Draft law']]);
    await pause();
    const beforeValidation = new Date();
    await pause();
    await t.db.transaction().execute((tx) => values.setStatus(tx, id, 'validated', 'secretariat@example.org'));
    expect((await reader.series('CRM.P01', { country: 'HND' })).map((p) => p.status)).toEqual(['validated']);
    expect(await reader.series('CRM.P01', { country: 'HND', asOf: beforeValidation })).toEqual([]);
  });

  it('refuses a malformed value and stores nothing', async () => {
    await expect(values.recordNow({ code: 'CRM.P04', country: 'Costa Rica', period: '20', value: Number.NaN, origin: 'reported', status: 'validated', source: {}, recordedBy: null })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'country' }, { path: 'period' }, { path: 'value' }],
    });
    await expect(values.recordNow({ code: 'NOPE', country: 'CRI', period: '2020', value: 1, origin: 'reported', status: 'validated', source: {}, recordedBy: null })).rejects.toMatchObject({ status: 404 });
    expect((await t.db.selectFrom('ind_value').select('id').where('code', '=', 'NOPE').execute()).length).toBe(0);
  });

  it('progress reads only validated totals, per country, as of a moment', async () => {
    const base = { code: 'SDG.10.7.3', country: 'MEX', origin: 'imported' as const, status: 'validated' as const, source: { file: 'sdg.csv' }, recordedBy: null };
    for (const [period, value] of [['2017', 50], ['2018', 100], ['2019', 90], ['2020', 81]] as const) await values.recordNow({ ...base, period, value });
    const [p] = await reader.progress({ codes: ['SDG.10.7.3'], countries: ['MEX'] });
    // baseline 2018 (100), latest 2020 (81): CAGR = (81/100)^(1/2) - 1 = -10 %; desired decrease → significant progress
    expect(p).toMatchObject({ code: 'SDG.10.7.3', country: 'MEX', points: 3, status: 'significant_progress' });
    expect(p!.baseline!.period).toBe('2018');
    expect(p!.cagr).toBeCloseTo(-0.1, 10);
    const none = await reader.progress({ codes: ['SDG.10.7.3'], countries: ['PER'] });
    expect(none[0]).toMatchObject({ status: 'insufficient_data', points: 0, baseline: null, latest: null });
  });
});
