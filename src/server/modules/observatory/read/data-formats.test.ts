import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import type { UserActor } from '../../../platform/http/context.ts';
import { importAmericasFlows, REAL_DATA_DIR } from '../real-data.ts';
import { queryCells } from './query.ts';

/** The data API's formats, release naming and HTTP caching, on the real regular-entries file (the copy shipped in seed/, so this never skips). */
const DIR = REAL_DATA_DIR;
const CRI_2024 = 'REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA';

describe('data API formats', () => {
  let t: TestApp;
  let sec: Client;
  beforeAll(async () => {
    t = await testApp();
    const id = await createUser(t, { email: 'obs.formats@example.org', role: 'secretariat' });
    const actor: UserActor = { kind: 'user', id, email: 'obs.formats@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
    await importAmericasFlows(t.services.observatory, actor, { requestId: null, ip: null }, DIR, { files: ['regin.csv'], release: 'public' });
    sec = await signIn(t, 'obs.formats@example.org');
  }, 240_000);
  afterAll(async () => t?.close());

  const get = (qs: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}`, headers });

  it('answers the CRI 2024 regular entries (5066194) in every format, naming the release', async () => {
    const json = await get(CRI_2024);
    expect(json.statusCode, json.body).toBe(200);
    const body = json.json();
    expect(body.observations).toEqual([{ REF_AREA: 'CRI', OBS_VALUE: 5066194, CONF_STATUS: 'F' }]);
    expect(body.releases).toHaveLength(1);
    const release = body.releases[0];
    expect(release).toMatchObject({ country: 'CRI', level: 'public' });
    expect(body.citation).toContain('CRM:MIG_FLOWS(1.0)');
    expect(json.headers['x-releases']).toBe(`CRI:${release.id}@${release.releasedAt}`);

    const csv = await get(`${CRI_2024}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['x-releases']).toContain(release.id);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(`# releases: CRI:${release.id}@${release.releasedAt}`);
    expect(lines[1]).toMatch(/^# Observatorio de Movilidad Humana/);
    // then what the file holds, as `#` lines (issue 17, item 4), and the table
    expect(lines.filter((l) => !l.startsWith('#')).slice(0, 2)).toEqual(['REF_AREA,OBS_VALUE,CONF_STATUS', 'CRI,5066194,F']);
    expect(lines).toContain('# Flujo: REG_ENTRY (Entradas regulares)');
    expect(lines).toContain('# Unidad: personas (PS)');
    expect(lines).toContain('# Filtros: REF_AREA=CRI; TIME_PERIOD=2024-01/2024-12; groupBy=REF_AREA');
    // no source recorded for CRI in this test: the country alone, nothing guessed
    expect(lines.find((l) => l.startsWith('# Fuente:'))).toMatch(/^# Fuente: Costa Rica\. Publicado por la fuente: no indicado; en el Observatorio: \d{4}-\d{2}-\d{2}\.$/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="MIG_FLOWS_REG_ENTRY_CRI_2024-01_2024-12.csv"');
    // release ids only in the citation
    expect(body.citation).toContain(`(${release.id.slice(0, 8)})`);
    expect(body.source.join(' ')).not.toContain(release.id.slice(0, 8));

    const sdmxCsv = await get(`${CRI_2024}&format=sdmx-csv`);
    expect(sdmxCsv.headers['content-type']).toContain('application/vnd.sdmx.data+csv');
    expect(sdmxCsv.headers['x-releases']).toContain(release.id);
    expect(sdmxCsv.body.replace(/^\uFEFF/, '').split('\r\n').slice(0, 2)).toEqual([
      'STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,FLOW,CITIZENSHIP,COUNTERPART_AREA,SEX,AGE,DISABILITY,ETHNICITY,LOCATION,TIME_PERIOD,OBS_VALUE,CONF_STATUS',
      'dataflow,CRM:MIG_FLOWS(1.0),I,CRI,REG_ENTRY,_T,_T,_T,_T,_T,_T,_T,2024-01/2024-12,5066194,F',
    ]);

    const sj = await get(`${CRI_2024}&format=sdmx-json`, { 'accept-language': 'en' });
    expect(sj.headers['content-type']).toContain('application/vnd.sdmx.data+json');
    const msg = sj.json();
    expect(msg.meta.releases[0].id).toBe(release.id);
    expect(msg.meta.contentLanguages).toEqual(['en']);
    const st = msg.data.structures[0];
    expect(st.dimensions.observation.map((d: { id: string }) => d.id)).toEqual(['REF_AREA']);
    expect(st.dimensions.observation[0].values).toEqual([{ id: 'CRI', name: 'Costa Rica', names: expect.any(Object) }]);
    expect(st.dimensions.dataSet.find((d: { id: string }) => d.id === 'FLOW').values[0].id).toBe('REG_ENTRY');
    expect(st.attributes.observation[0].id).toBe('CONF_STATUS');
    expect(msg.data.dataSets[0]).toMatchObject({ structure: 0, action: 'Information', observations: { '0': [5066194, 0] } });

    const xlsx = await get(`${CRI_2024}&format=xlsx`, { 'accept-language': 'en' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const data = wb.getWorksheet('Data')!;
    expect(data.getRow(1).values).toEqual([undefined, 'Reporting country (code)', 'Reporting country', 'Value', 'Confidentiality']);
    expect(data.getRow(2).values).toEqual([undefined, 'CRI', 'Costa Rica', 5066194, 'Free']);
    const rel = wb.getWorksheet('Releases')!;
    expect(rel.getRow(1).getCell(2).text).toContain('CRM:MIG_FLOWS(1.0)');
    const ids: unknown[] = [];
    rel.eachRow((r) => ids.push(r.getCell(5).value));
    expect(ids).toContain(release.id);
    // what the workbook holds, on a sheet of its own, and a name that says it
    const about = wb.getWorksheet('About')!;
    const pairs: string[] = [];
    about.eachRow((r) => pairs.push(`${r.getCell(1).text}: ${r.getCell(2).text}`));
    expect(pairs).toContain('Flow: REG_ENTRY (Regular entries)');
    expect(pairs).toContain('Unit: persons (PS)');
    expect(pairs.some((p) => p.startsWith('Source: Source: Costa Rica. Published by the source: not stated; in the Observatory: '))).toBe(true);
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="MIG_FLOWS_REG_ENTRY_CRI_2024-01_2024-12.xlsx"');
    expect(msg.data.structures[0].attributes.dataSet.map((a: { id: string }) => a.id)).toEqual(['UNIT_MEASURE', 'SOURCE_DETAIL', 'LICENCE']);
  });

  it('public answers carry a strong ETag and answer 304; signed-in answers are private', async () => {
    const first = await get(CRI_2024);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const again = await get(CRI_2024, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    // another representation is another entity
    const csv = await get(`${CRI_2024}&format=csv`, { 'if-none-match': etag });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers.etag).not.toBe(etag);
    // the secretariat may see unreleased figures: never shared, never tagged
    const own = await sec.request({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${CRI_2024}`, headers: { 'if-none-match': etag } });
    expect(own.statusCode).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.headers.etag).toBeUndefined();
    // a new release is a new entity
    expect((await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'CRI', level: 'public' } })).statusCode).toBe(201);
    const after = await get(CRI_2024, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().observations[0].OBS_VALUE).toBe(5066194);
    // the earlier release is still answerable by id, and names itself
    const first_ = first.json().releases[0].id as string;
    const old = (await get(`${CRI_2024}&release=${first_}`)).json();
    expect(old.releases.map((r: { id: string }) => r.id)).toEqual([first_]);
    expect(old.observations[0].OBS_VALUE).toBe(5066194);
  });

  it("a country's users read other countries as released, from the same cubes as everyone", async () => {
    await createUser(t, { email: 'obs.formats.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
    const pan = await signIn(t, 'obs.formats.pan@example.org');
    const qs = 'REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-01&groupBy=CITIZENSHIP';
    const theirs = await pan.request({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });
    const everyone = await get(qs);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers['cache-control']).toBe('private, no-store');
    expect(theirs.json().unreleased).toBeUndefined();
    expect(theirs.json().observations).toEqual(everyone.json().observations);
    expect(everyone.json().observations.some((o: { CONF_STATUS: string }) => o.CONF_STATUS === 'C')).toBe(true);
  });

  it('answers from the release cube equal the answers from raw observations', async () => {
    const questions = [
      { filters: { REF_AREA: ['CRI'] }, groupBy: ['TIME_PERIOD'] as const, timeAggregation: 'year' as const },
      { filters: { FLOW: ['REG_ENTRY'] }, groupBy: ['REF_AREA', 'CITIZENSHIP'] as const, timeAggregation: 'month' as const, startPeriod: '2024' , endPeriod: '2024' },
      { filters: { CITIZENSHIP: ['VEN', 'NIC'] }, groupBy: ['REF_AREA', 'TIME_PERIOD'] as const, timeAggregation: 'quarter' as const },
      { filters: { SEX: ['_T'] }, groupBy: ['REF_AREA'] as const, timeAggregation: 'month' as const },
      { filters: {}, groupBy: ['CITIZENSHIP', 'SEX'] as const, timeAggregation: 'month' as const, startPeriod: '2023-01', endPeriod: '2023-06' },
    ];
    const s = await t.services.observatory.structure('MIG_FLOWS');
    const now = new Date();
    for (const q of questions) {
      const base = { ...q, groupBy: [...q.groupBy] };
      const cube = await queryCells(t.db.db, s, base, { kind: 'public' }, now);
      const raw = await queryCells(t.db.db, s, { ...base, noRollup: true }, { kind: 'public' }, now);
      expect(cube.cube).toBe(true);
      expect(raw.cube).toBe(false);
      expect(cube.cells.length).toBeGreaterThan(0);
      // the same cells, values and partial-period coverage (periods.ts) by both paths
      const plain = (c: { key: Record<string, string>; value: number; coverage?: string | null }) => ({ key: c.key, value: c.value, coverage: c.coverage });
      expect(cube.cells.map(plain)).toEqual(raw.cells.map(plain));
    }
  });
});
