import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';

/**
 * The explorer's download of MISSING and DEAD (answered from the incidents registry,
 * read/incident-flows.ts) carries DEAD_OR_MISSING and INCIDENTS as the JSON answer has them:
 * the shipped records give only the sum, so a file without them would show empty cells.
 */
let t: TestApp;
let sec: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'incdl.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'incdl.sec@example.org');
  // Guatemala 2024: one incident split (3 dead, 1 missing), one only the sum (6 dead or missing).
  for (const body of [
    { date: '2024-03-10', countryCode: 'GTM', dead: 3, missing: 1 },
    { date: '2024-09-02', countryCode: 'GTM', deadAndMissing: 6 },
  ]) {
    const res = await sec.request({ method: 'POST', url: '/api/v1/incidents', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    expect((await sec.request({ method: 'POST', url: `/api/v1/incidents/${res.json().id}/verify` })).statusCode).toBe(200);
  }
});
afterAll(async () => t?.close());

const Q = 'FLOW=DEAD&REF_AREA=GTM&groupBy=REF_AREA,TIME_PERIOD&timeAggregation=year';

describe('MISSING and DEAD in the explorer download', () => {
  it('the CSV has the columns of the JSON answer, with the same figures, and says where they come from', async () => {
    const json = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${Q}` });
    expect(json.statusCode, json.body).toBe(200);
    const obs = json.json().observations as { OBS_VALUE: number | null; DEAD_OR_MISSING: number; INCIDENTS: number }[];
    expect(obs.map((o) => [o.OBS_VALUE, o.DEAD_OR_MISSING, o.INCIDENTS])).toEqual([[3, 6, 2]]);

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/observatory/download/MIG_FLOWS?${Q}&file=csv`, headers: { 'accept-language': 'es' } });
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    const table = lines.filter((l) => !l.startsWith('#'));
    expect(table[0]).toBe('País que informa (código),País que informa,Periodo,Personas,Estado,Muertos o desaparecidos (la fuente da solo la suma),Incidentes');
    expect(table.slice(1)).toEqual(['GTM,Guatemala,2024,3,Publicado,6,2']);
    expect(lines.some((l) => l.startsWith('#') && l.includes('registro de incidentes'))).toBe(true);
  });

  it('the spreadsheet has them too, in English', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/observatory/download/MIG_FLOWS?${Q}&file=xlsx&lang=en` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(-2)).toEqual(['Dead or missing (the source gives only the sum)', 'Incidents']);
    expect((ws.getRow(2).values as unknown[]).slice(-4)).toEqual([3, 'Published', 6, 2]);
  });

  it('a download of another flow keeps its columns', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/observatory/download/MIG_FLOWS?FLOW=REG_ENTRY&groupBy=REF_AREA&file=csv&lang=en' });
    expect(res.statusCode, res.body).toBe(200);
    const header = res.body.replace(/^\uFEFF/, '').split('\r\n').find((l) => !l.startsWith('#'));
    expect(header).toBe('Reporting country (code),Reporting country,Persons,Status');
  });
});
