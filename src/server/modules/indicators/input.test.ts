import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { IndicatorsReader } from './index.ts';

/**
 * Values from people and files on a real database, through the HTTP API: a focal point's
 * reports (own country only), the secretariat's decisions, the XLSX template round trip and
 * a custodian's file in the SDG Global Database layout.
 */
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'indicators', 'sdg-global-database-sample.csv');
let t: TestApp;
let fp: Client;
let sec: Client;
const YEAR = String(new Date().getUTCFullYear() - 1);

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'sec@example.org', role: 'secretariat' });
  fp = await signIn(t, 'fp.gtm@example.org');
  sec = await signIn(t, 'sec@example.org');
});
afterAll(async () => t?.close());

const valueCount = async () => Number((await t.db.db.selectFrom('ind_value').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const json = (c: Client, method: 'GET' | 'POST', url: string, payload?: object, lang = 'es') => c.request({ method, url, headers: { 'accept-language': lang }, ...(payload ? { payload } : {}) });

describe('reported by a focal point', () => {
  it('records a provisional value for its own country; another country is refused with 403 and nothing stored', async () => {
    const before = await valueCount();
    const other = await json(fp, 'POST', '/api/v1/indicators/report/values', { country: 'MEX', code: 'CRM.P01', period: YEAR, answer: 'yes' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toContain('GTM');
    expect(await valueCount()).toBe(before);

    const ok = await json(fp, 'POST', '/api/v1/indicators/report/values', { country: 'GTM', code: 'CRM.P01', period: YEAR, answer: 'Sí', evidenceUrl: 'https://igm.gob.gt/ley', narrative: 'Ley vigente desde 2023.' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'provisional' });

    // bad input: a clear message, in the caller's language, and nothing stored
    const bad = await json(fp, 'POST', '/api/v1/indicators/report/values', { country: 'GTM', code: 'CRM.P01', period: '2099', answer: 'quizá' }, 'en');
    expect(bad.statusCode).toBe(400);
    const messages = bad.json().error.issues.map((i: { message: string }) => i.message).join(' | ');
    expect(messages).toContain('The year 2099 is in the future');
    expect(messages).toContain('write yes, partial or no');
    expect(await valueCount()).toBe(before + 1);
  });

  it('the secretariat validates or rejects (with a reason); decisions are kept and audited', async () => {
    const queue = await json(sec, 'GET', '/api/v1/indicators/reported');
    const item = queue.json().items.find((i: { code: string }) => i.code === 'CRM.P01');
    expect(item).toMatchObject({ country: 'GTM', period: YEAR, answer: 'yes', status: 'provisional', evidenceUrl: 'https://igm.gob.gt/ley', narrative: 'Ley vigente desde 2023.' });

    const noReason = await json(sec, 'POST', `/api/v1/indicators/reported/${item.revisionId}/reject`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const fpTries = await json(fp, 'POST', `/api/v1/indicators/reported/${item.revisionId}/validate`, {});
    expect(fpTries.statusCode).toBe(403);
    const ok = await json(sec, 'POST', `/api/v1/indicators/reported/${item.revisionId}/validate`, {});
    expect(ok.json()).toMatchObject({ status: 'validated' });
    const again = await json(sec, 'POST', `/api/v1/indicators/reported/${item.revisionId}/validate`, {});
    expect(again.statusCode).toBe(409);
    const series = await new IndicatorsReader(t.db.db).series('CRM.P01', { country: 'GTM' });
    expect(series.find((p) => p.period === YEAR)).toMatchObject({ answer: 'yes', origin: 'reported', status: 'validated' });

    // a new report, rejected: the validated value comes back as the current one
    const r2 = await json(fp, 'POST', '/api/v1/indicators/report/values', { country: 'GTM', code: 'CRM.P01', period: YEAR, answer: 'no' });
    const rej = await json(sec, 'POST', `/api/v1/indicators/reported/${r2.json().revisionId}/reject`, { reason: 'La ley sigue vigente.' });
    expect(rej.json()).toMatchObject({ status: 'rejected' });
    expect(rej.json().restoredRevisionId).toBeGreaterThan(r2.json().revisionId);
    const after = await new IndicatorsReader(t.db.db).series('CRM.P01', { country: 'GTM' });
    expect(after.find((p) => p.period === YEAR)).toMatchObject({ answer: 'yes', status: 'validated' });
    const reviews = await t.db.db.selectFrom('ind_review').selectAll().where('revision_id', '=', r2.json().revisionId).execute();
    expect(reviews).toMatchObject([{ decision: 'rejected', reason: 'La ley sigue vigente.' }]);
    const audit = await t.db.db.selectFrom('audit_event').select('action').where('action', 'like', 'indicator.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['indicator.report', 'indicator.validate', 'indicator.reject']));
    // the focal point sees its reports (all statuses); the rejection's reason with it
    const mine = await json(fp, 'GET', '/api/v1/indicators/reported');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.every((i: { country: string }) => i.country === 'GTM')).toBe(true);
    const rejected = mine.json().items.find((i: { revisionId: number }) => i.revisionId === r2.json().revisionId);
    expect(rejected).toMatchObject({ status: 'rejected', current: false, decisions: [{ decision: 'rejected', reason: 'La ley sigue vigente.' }] });
    expect((await json(fp, 'GET', '/api/v1/indicators/reported?country=MEX')).statusCode).toBe(403);
  });
});

async function templateFor(c: Client, lang = 'es') {
  const res = await c.request({ method: 'GET', url: `/api/v1/indicators/report/template.xlsx?years=${YEAR}&lang=${lang}` });
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}
const rowOf = (ws: ExcelJS.Worksheet, code: string) => {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((r) => {
    if (r.getCell(1).value === code) found = r;
  });
  if (!found) throw new Error(`no row for ${code}`);
  return found;
};
const b64 = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');

describe('the XLSX template', () => {
  it('round-trips: download, fill, preview the diff, apply in one transaction', async () => {
    const wb = await templateFor(fp);
    const ws = wb.worksheets[0]!;
    expect(rowOf(ws, 'CRM.P01').getCell(7).value).toBe('sí'); // the validated value is in the sheet
    rowOf(ws, 'CRM.P02').getCell(7).value = 'parcial';
    rowOf(ws, 'CRM.P04').getCell(7).value = 3;
    rowOf(ws, 'CRM.P04').getCell(9).value = 'https://example.org/acuerdos';
    const content = await b64(wb);
    const preview = await json(fp, 'POST', '/api/v1/indicators/report/template/preview', { content, filename: 'plantilla.xlsx' });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.errors).toEqual([]);
    expect(p.counts).toMatchObject({ new: 2, changed: 0, unchanged: 1, refused: 0 });
    expect(p.canApply).toBe(true);
    const applied = await json(fp, 'POST', '/api/v1/indicators/report/template/apply', { content, filename: 'plantilla.xlsx', checksum: p.checksum });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: 2, new: 2 });
    const p04 = await t.db.db.selectFrom('ind_value').selectAll().where('code', '=', 'CRM.P04').where('country', '=', 'GTM').where('superseded_at', 'is', null).executeTakeFirstOrThrow();
    expect(p04).toMatchObject({ origin: 'reported', status: 'provisional', evidence: 'https://example.org/acuerdos' });
    expect(Number(p04.value)).toBe(3);
    // the same file again: the preview it was checked against is stale
    const stale = await json(fp, 'POST', '/api/v1/indicators/report/template/apply', { content, filename: 'plantilla.xlsx', checksum: p.checksum });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses the whole file with a reason per row (es and en), nothing stored', async () => {
    const before = await valueCount();
    const wb = await templateFor(fp, 'en');
    const ws = wb.worksheets[0]!;
    rowOf(ws, 'SDG.10.7.4').getCell(7).value = 'alto';
    rowOf(ws, 'SDG.17.3.2').getCell(7).value = 120;
    ws.addRow(['CRM.P03', '', '', '', 'GTM', 2099, 'yes']);
    ws.addRow(['CRM.P01', '', '', '', 'GTM', Number(YEAR), 'no']);
    ws.addRow(['CRM.ZZ9', '', '', '', 'GTM', Number(YEAR), '1']);
    ws.addRow(['CRM.P05', '', '', '', 'GTM', Number(YEAR), 'maybe']);
    const content = await b64(wb);
    for (const [lang, words] of [
      ['es', ['no es un número', 'debe estar entre 0 y 100', 'El año 2099 está en el futuro', 'Fila repetida', 'no está en el catálogo', 'escriba sí, parcial o no']],
      ['en', ['is not a number', 'must lie between 0 and 100', 'The year 2099 is in the future', 'Repeated row', 'is not in the catalogue', 'write yes, partial or no']],
    ] as const) {
      const res = await json(fp, 'POST', '/api/v1/indicators/report/template/preview', { content }, lang);
      const p = res.json();
      expect(p.canApply).toBe(false);
      const text = p.errors.map((e: { message: string }) => e.message).join(' | ');
      for (const w of words) expect(text).toContain(w);
      const apply = await json(fp, 'POST', '/api/v1/indicators/report/template/apply', { content, checksum: p.checksum }, lang);
      expect(apply.statusCode).toBe(400);
    }
    expect(await valueCount()).toBe(before);
  });
});

describe('a custodian’s file in the SDG Global Database layout', () => {
  const content = fs.readFileSync(FIXTURE).toString('base64');
  it('is previewed and applied in one transaction, each value citing the file and its source', async () => {
    const preview = await json(sec, 'POST', '/api/v1/indicators/imports/sdg/preview', { content, filename: 'sdg-global-database-sample.csv' });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.errors).toEqual([]);
    expect(p.counts).toMatchObject({ new: 12, outsideMembers: 1, regions: 2, noValue: 1 });
    expect((await json(fp, 'POST', '/api/v1/indicators/imports/sdg/preview', { content })).statusCode).toBe(403);
    const applied = await json(sec, 'POST', '/api/v1/indicators/imports/sdg/apply', { content, filename: 'sdg-global-database-sample.csv', checksum: p.checksum });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: 12 });
    const remittances = await new IndicatorsReader(t.db.db).series('SDG.17.3.2', { country: 'GTM' });
    expect(remittances).toMatchObject([{ period: '2022', value: 19.04, origin: 'imported', status: 'validated' }]);
    expect(remittances[0]!.source.file).toMatch(/^sdg-global-database-sample\.csv \(sha256 [0-9a-f]{16}\)$/);
    expect(remittances[0]!.source.note).toContain('Source: World Bank, World Development Indicators');
    const again = await json(sec, 'POST', '/api/v1/indicators/imports/sdg/preview', { content });
    expect(again.json().counts).toMatchObject({ new: 0, changed: 0, unchanged: 12 });
  });

  it('refuses an unknown M49 code, text for a rate, a share above 100 %, the year 2099 and a repeated row; nothing stored', async () => {
    const before = await valueCount();
    const csv = [
      'Goal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,GeoAreaName,TimePeriod,Value,Time_Detail,Source,FootNote,Nature,Units,[Sex]',
      '10,10.c,10.c.1,SI_RMT_COST,Remittance costs,999,Atlantis,2022,5.1,2022,WB,,C,PERCENT,',
      '10,10.7,10.7.4,SM_POP_REFG_OR,Refugees per 100000,862,Venezuela,2022,approx. 12,2022,UNHCR,,E,PER_100000_POP,',
      '17,17.3,17.3.2,BX_TRF_PWKR,Remittances % GDP,340,Honduras,2021,126.7,2021,WB,,C,PERCENT,',
      '17,17.3,17.3.2,BX_TRF_PWKR,Remittances % GDP,222,El Salvador,2099,23.8,2099,WB,,C,PERCENT,',
      '10,10.c,10.c.1,SI_RMT_COST,Remittance costs,340,Honduras,2021,5.2,2021,WB,,C,PERCENT,',
      '10,10.c,10.c.1,SI_RMT_COST,Remittance costs,340,Honduras,2021,5.3,2021,WB,,C,PERCENT,',
    ].join('\r\n');
    const body = { content: Buffer.from(csv).toString('base64'), filename: 'bad.csv' };
    const en = (await json(sec, 'POST', '/api/v1/indicators/imports/sdg/preview', body, 'en')).json();
    expect(en.canApply).toBe(false);
    expect(en.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'GeoAreaCode'],
      [3, 'Value'],
      [4, 'Value'],
      [5, 'TimePeriod'],
      [7, 'SeriesCode'],
    ]);
    expect(en.errors[0].message).toBe('The M49 area code “999” (Atlantis) is neither a country nor a known region.');
    expect(en.errors[1].message).toContain('this indicator is a rate');
    const es = (await json(sec, 'POST', '/api/v1/indicators/imports/sdg/preview', body, 'es')).json();
    expect(es.errors[4].message).toBe('Fila repetida: el mismo indicador, país, año y desagregación ya está en la fila 6.');
    const apply = await json(sec, 'POST', '/api/v1/indicators/imports/sdg/apply', { ...body, checksum: es.checksum });
    expect(apply.statusCode).toBe(400);
    expect(await valueCount()).toBe(before);
  });
});
