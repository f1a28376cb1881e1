import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { IndicatorValues } from './index.ts';

/** The indicators API: catalogue, values (JSON and CSV), progress, the secretariat's edits; errors in es/en. */
let t: TestApp;
let sec: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'ind.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'ind.sec@example.org');
  const values = new IndicatorValues(t.db.db);
  for (const [period, value] of [['2018', 100], ['2019', 90], ['2020', 81]] as const) {
    await values.recordNow({ code: 'SDG.10.7.3', country: 'MEX', period, value, origin: 'imported', status: 'validated', source: { file: 'sdg.csv' }, recordedBy: null });
  }
});
afterAll(async () => t?.close());

const get = (url: string, lang = 'es') => t.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });

describe('indicators API', () => {
  it('lists the catalogue with filters, and one entry with its provenance', async () => {
    const all = (await get('/api/v1/indicators')).json<{ items: { code: string; official: boolean }[] }>().items;
    expect(all).toHaveLength(48);
    const proposals = (await get('/api/v1/indicators?official=false&objective=21')).json<{ items: { code: string }[] }>().items;
    expect(proposals.map((i) => i.code)).toEqual(['CRM.F02', 'CRM.F13', 'CRM.F14']);
    const one = (await get('/api/v1/indicators/A79590.O23.LOCAL_AUTH')).json<{ name: { es: string | null }; inA79590: string; official: boolean }>();
    expect(one).toMatchObject({ name: { es: null }, official: true });
  });

  it('answers 404 for an unknown code and 400 for bad parameters, in Spanish and English', async () => {
    const es = await get('/api/v1/indicators/NOPE.1/values');
    expect(es.statusCode).toBe(404);
    expect(es.json<{ error: { message: string } }>().error.message).toBe('No existe el indicador «NOPE.1».');
    const en = await get('/api/v1/indicators/NOPE.1', 'en');
    expect(en.json<{ error: { message: string } }>().error.message).toBe('There is no indicator "NOPE.1".');
    expect((await get('/api/v1/indicators/SDG.10.7.3/values?from=20x')).statusCode).toBe(400);
    expect((await get('/api/v1/indicators/SDG.10.7.3/values?asOf=yesterday')).statusCode).toBe(400);
    expect((await get('/api/v1/indicators?objective=24')).statusCode).toBe(400);
  });

  it('gives values as JSON and CSV (with its # lines first), and progress with a one-line explanation', async () => {
    const v = (await get('/api/v1/indicators/SDG.10.7.3/values?country=MEX')).json<{ items: { period: string; value: number }[] }>();
    expect(v.items.map((p) => [p.period, p.value])).toEqual([['2018', 100], ['2019', 90], ['2020', 81]]);
    const csv = await get('/api/v1/indicators/SDG.10.7.3/values?country=MEX&format=csv', 'en');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^# SDG\.10\.7\.3 — Number of people who died/);
    // what the table is: name, unit, source, licence, as of, citation
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(6);
    expect(lines[2]).toMatch(/^# Source: "?Custodian: IOM\. Typical source: IOM Missing Migrants Project/);
    expect(lines[3]).toBe("# Licence: Not stated in the catalogue. Each row's source keeps its own terms.");
    expect(lines[6]).toBe('country,period,disaggregation,value,answer,origin,status,revisionId,recordedAt,releases,note');
    expect(lines[7]).toMatch(/^MEX,2018,,100,,imported,validated,\d+,.*,sdg\.csv$/);

    // the XLSX: the same columns and rows on one sheet, the same metadata on another (es here)
    const xlsx = await get('/api/v1/indicators/SDG.10.7.3/values?country=MEX&format=xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="SDG.10.7.3.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const data = wb.getWorksheet('Valores')!;
    expect(data.getRow(1).values).toEqual([undefined, ...lines[6]!.split(',')]);
    expect((data.getRow(2).values as unknown[]).slice(1, 8)).toEqual(['MEX', '2018', '', 100, undefined, 'imported', 'validated']);
    expect(data.getRow(2).getCell(11).value).toBe('sdg.csv');
    expect(data.rowCount).toBe(4);
    const about: string[] = [];
    wb.getWorksheet('Acerca de')!.eachRow((r) => about.push(`${r.getCell(1).text}: ${r.getCell(2).text}`));
    expect(about[0]).toMatch(/^Indicador: SDG\.10\.7\.3 — N\S+ de personas/);
    expect(about).toContain('Licencia: No consta en el catálogo. La fuente de cada fila conserva sus propias condiciones.');
    expect(about.some((a) => a.startsWith('Fuente: Organismo custodio: IOM.'))).toBe(true);
    expect(about.some((a) => a.startsWith('Cómo citar: Cite: Observatorio CRM/CSM, indicador SDG.10.7.3'))).toBe(true);
    const p = (await get('/api/v1/indicators/SDG.10.7.3/progress?country=MEX', 'en')).json<{ items: { status: string; explanation: string }[] }>();
    expect(p.items[0]).toMatchObject({ status: 'significant_progress' });
    expect(p.items[0]!.explanation).toBe('Significant progress: -10.00 % a year in the desired direction between 2018 and 2020 (compound annual growth rate, threshold 1 %).');
  });

  it('lets the secretariat add, edit (versioned, audited) and retire an indicator', async () => {
    const input = { name: { es: 'Prueba', en: 'Test' }, nameEsDraft: true, objectives: [3], type: 'share', direction: 'increase', definition: { en: 'A test.', es: null }, official: false };
    const c = await sec.request({ method: 'POST', url: '/api/v1/indicators', payload: { code: 'CRM.T01', ...input } });
    expect(c.statusCode, c.body).toBe(201);
    const e = await sec.request({ method: 'PUT', url: '/api/v1/indicators/CRM.T01', payload: { ...input, unit: '%', version: 1 } });
    expect(e.json<{ version: number; unit: string }>()).toMatchObject({ version: 2, unit: '%' });
    const stale = await sec.request({ method: 'PUT', url: '/api/v1/indicators/CRM.T01', payload: { ...input, version: 1 } });
    expect(stale.statusCode).toBe(409);
    const r = await sec.request({ method: 'POST', url: '/api/v1/indicators/CRM.T01/retire', payload: { retired: true } });
    expect(r.json<{ retired: boolean }>().retired).toBe(true);
    expect((await get('/api/v1/indicators')).json<{ items: { code: string }[] }>().items.map((i) => i.code)).not.toContain('CRM.T01');
    const versions = (await get('/api/v1/indicators/CRM.T01/versions')).json<{ items: { version: number; change: string }[] }>().items;
    expect(versions.map((v) => [v.version, v.change])).toEqual([[3, 'retire'], [2, 'edit'], [1, 'create']]);
    const audit = await t.db.db.selectFrom('audit_event').select('action').where('entity_type', '=', 'indicator').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['indicator.create', 'indicator.update', 'indicator.retire']);
    const dup = await sec.request({ method: 'POST', url: '/api/v1/indicators', payload: { code: 'CRM.T01', ...input } });
    expect(dup.statusCode).toBe(400);
  });

  it('keeps the desired direction a proposal until the secretariat confirms it, whatever else is edited', async () => {
    const seeded = (await get('/api/v1/indicators/SDG.10.7.3')).json<{ direction: string; directionConfirmed: boolean; version: number }>();
    expect(seeded).toMatchObject({ direction: 'decrease', directionConfirmed: false });
    const input = { name: { es: 'Prueba', en: 'Test' }, objectives: [3], type: 'share', direction: 'increase', definition: { en: 'A test.', es: null }, official: false };
    // the secretariat's own entry: its direction is theirs
    const c = await sec.request({ method: 'POST', url: '/api/v1/indicators', payload: { code: 'CRM.T02', ...input } });
    expect(c.json<{ directionConfirmed: boolean }>().directionConfirmed).toBe(true);
    const u = await sec.request({ method: 'PUT', url: '/api/v1/indicators/CRM.T02', payload: { ...input, directionConfirmed: false, version: 1 } });
    expect(u.json<{ directionConfirmed: boolean }>().directionConfirmed).toBe(false);
    // an edit that does not name it leaves it as it was
    const e = await sec.request({ method: 'PUT', url: '/api/v1/indicators/CRM.T02', payload: { ...input, unit: '%', version: 2 } });
    expect(e.json<{ directionConfirmed: boolean; version: number }>()).toMatchObject({ directionConfirmed: false, version: 3 });
    const ok = await sec.request({ method: 'PUT', url: '/api/v1/indicators/CRM.T02', payload: { ...input, directionConfirmed: true, version: 3 } });
    expect(ok.json<{ directionConfirmed: boolean }>().directionConfirmed).toBe(true);
    // who saved a version is named to members only
    const pub = (await get('/api/v1/indicators/CRM.T02/versions')).json<{ items: { actor: string | null }[] }>().items;
    expect(pub.every((v) => v.actor === null)).toBe(true);
    const mine = (await sec.request({ method: 'GET', url: '/api/v1/indicators/CRM.T02/versions' })).json<{ items: { actor: string | null }[] }>().items;
    expect(mine[0]!.actor).toBe('ind.sec@example.org');
  });

  it('lets any cache keep public reads a minute and revalidate them by ETag; members get no-store', async () => {
    for (const url of ['/api/v1/indicators', '/api/v1/indicators/SDG.10.7.3', '/api/v1/indicators/SDG.10.7.3/values?country=MEX', '/api/v1/indicators/SDG.10.7.3/progress', '/api/v1/indicators/SDG.10.7.3/values?country=MEX&format=csv']) {
      const a = await get(url);
      expect(a.statusCode, url).toBe(200);
      expect(a.headers['cache-control'], url).toBe('public, max-age=60');
      const tag = String(a.headers.etag);
      expect(tag, url).toMatch(/^"[\w-]{32}"$/);
      // the same answer, the same tag (values: although their body holds the moment asked)
      expect((await get(url)).headers.etag, url).toBe(tag);
      const again = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'es', 'if-none-match': tag } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      const member = await sec.request({ method: 'GET', url });
      expect(member.headers['cache-control'], url).toBe('private, no-store');
      expect(member.headers.etag, url).toBeUndefined();
    }
    // a new value: a new answer, a new tag
    const url = '/api/v1/indicators/SDG.10.7.3/values?country=MEX';
    const before = String((await get(url)).headers.etag);
    await new IndicatorValues(t.db.db).recordNow({ code: 'SDG.10.7.3', country: 'MEX', period: '2021', value: 75, origin: 'imported', status: 'validated', source: { file: 'sdg.csv' }, recordedBy: null });
    const after = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': before } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before);
  });
});
