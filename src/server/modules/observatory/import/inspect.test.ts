import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';

/** POST /submissions/inspect: a file's columns before it is sent, read as the import reads it. */
const BOUNDARY = 'obs-inspect';
function multipart(fields: Record<string, string>, file: { name: string; content: Buffer; type?: string } | null, headers: Record<string, string> = {}) {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return {
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: Buffer.concat([
      Buffer.from(parts.join('')),
      ...(file
        ? [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`), file.content, Buffer.from('\r\n')]
        : []),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]),
  };
}

let t: TestApp;
let cri: Client;
let sec: Client;
let contributor: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'in.cri@example.org', role: 'focal_point', countryCode: 'CRI' });
  await createUser(t, { email: 'in.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'in.contrib@example.org', role: 'contributor', organisationCode: 'IOM' });
  [cri, sec, contributor] = (await Promise.all(['in.cri', 'in.sec', 'in.contrib'].map((u) => signIn(t, `${u}@example.org`)))) as [Client, Client, Client];
}, 120_000);
afterAll(async () => t?.close());

// A government's own layout: Windows-1252, semicolons, a title row, Spanish headers with and without accents.
const lines = ['Movimientos migratorios mensuales — Costa Rica', 'País;Flujo;NACIONALIDAD;Mes;Personas;Observación'];
for (let m = 1; m <= 8; m++) lines.push(`CRI;REG_ENTRY;${m % 2 ? 'NIC' : 'COL'};2024-0${m};${100 + m};`);
const GOV_CSV = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');

describe('POST /api/v1/submissions/inspect', () => {
  it('reads a Windows-1252 file with semicolons past its title row: columns, the first 5 rows, and suggestions by name', async () => {
    const res = await cri.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({}, { name: 'cr.csv', content: GOV_CSV }) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.columns).toEqual(['País', 'Flujo', 'NACIONALIDAD', 'Mes', 'Personas', 'Observación']);
    expect(body.headerRow).toBe(2);
    expect(body.sample).toHaveLength(5);
    expect(body.sample[0]).toEqual(['CRI', 'REG_ENTRY', 'NIC', '2024-01', '101', '']);
    expect(body.sample[4]).toEqual(['CRI', 'REG_ENTRY', 'NIC', '2024-05', '105', '']);
    // "Flujo" and "Nacionalidad" are the Spanish names of FLOW and CITIZENSHIP; the others are the person's to say
    expect(body.suggested).toEqual({ columns: { Flujo: 'FLOW', NACIONALIDAD: 'CITIZENSHIP' } });
    // nothing is stored
    const subs = await t.db.db.selectFrom('obs_submission').select('id').execute();
    expect(subs).toEqual([]);
  });

  it('suggests ids and English names without accents or case, and the mapping built from the answer validates the file', async () => {
    const csv = Buffer.from('ref_area,flow,Citizenship,Time period,value,country of birth\nCRI,REG_EXIT,PAN,2024-02,7,x\nCRI,REG_EXIT,NIC,2024-02,9,y\n');
    const res = await cri.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({ dataflow: 'MIG_FLOWS' }, { name: 'en.csv', content: csv }, { 'accept-language': 'en' }) }).then((r) => r.json());
    expect(res.suggested.columns).toEqual({ ref_area: 'REF_AREA', flow: 'FLOW', Citizenship: 'CITIZENSHIP', 'Time period': 'TIME_PERIOD', value: 'OBS_VALUE' });
    expect(res.sample).toEqual([
      ['CRI', 'REG_EXIT', 'PAN', '2024-02', '7', 'x'],
      ['CRI', 'REG_EXIT', 'NIC', '2024-02', '9', 'y'],
    ]);
    // as the web page sends it: every column, the unknown one ignored
    const mapping = { columns: { ...res.suggested.columns, 'country of birth': '' } };
    const sub = await cri.request({ method: 'POST', url: '/api/v1/submissions', ...multipart({ mapping: JSON.stringify(mapping) }, { name: 'en.csv', content: csv }) });
    expect(sub.statusCode, sub.body).toBe(201);
    expect(sub.json()).toMatchObject({ status: 'validated', rows: 2, errorCount: 0 });

    // the government file, with the person's choices for the columns not suggested
    const gov = await cri.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({}, { name: 'cr.csv', content: GOV_CSV }) }).then((r) => r.json());
    const govMapping = { columns: { ...gov.suggested.columns, País: 'REF_AREA', Mes: 'TIME_PERIOD', Personas: 'OBS_VALUE', Observación: '' } };
    const govSub = await cri.request({ method: 'POST', url: '/api/v1/submissions', ...multipart({ mapping: JSON.stringify(govMapping) }, { name: 'cr.csv', content: GOV_CSV }) });
    expect(govSub.statusCode, govSub.body).toBe(201);
    expect(govSub.json()).toMatchObject({ status: 'validated', rows: 8, errorCount: 0 });
  });

  it('reads the first sheet of an XLSX file (the template: headers are the ids)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Datos');
    ws.addRow(['REF_AREA', 'FLOW', 'SEX', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'COMMENT']);
    for (let i = 0; i < 7; i++) ws.addRow(['CRI', 'REG_ENTRY', i % 2 ? 'F' : 'M', '2024-03', 10 + i, 'A', '']);
    wb.addWorksheet('Otra').addRow(['not', 'read']);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await sec.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({}, { name: 'plantilla.xlsx', content, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.columns).toEqual(['REF_AREA', 'FLOW', 'SEX', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'COMMENT']);
    expect(Object.values(body.suggested.columns)).toEqual(body.columns);
    expect(body.sample).toHaveLength(5);
    expect(body.sample[1]).toEqual(['CRI', 'REG_ENTRY', 'F', '2024-03', '11', 'A', '']);
  });

  it('reads a CSV cut at an arbitrary byte (the page sends only the first megabyte of a large file)', async () => {
    const cut = GOV_CSV.subarray(0, GOV_CSV.indexOf('2024-04') + 3);
    const body = await cri.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({}, { name: 'cr.csv', content: cut }) }).then((r) => r.json());
    expect(body.columns).toHaveLength(6);
    expect(body.sample.slice(0, 3).map((r: string[]) => r[3])).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it("refuses people who may not submit, and explains a missing or empty file in the caller's language", async () => {
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({}, { name: 'a.csv', content: GOV_CSV }) });
    expect(anon.statusCode).toBe(401);
    const denied = await contributor.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({}, { name: 'a.csv', content: GOV_CSV }) });
    expect(denied.statusCode).toBe(403);
    const missing = await cri.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({ dataflow: 'MIG_FLOWS' }, null, { 'accept-language': 'en' }) });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('Attach a file in the “file” field.');
    const empty = await cri.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({}, { name: 'vacio.csv', content: Buffer.from('\r\n\r\n') }) });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('El archivo está vacío.');
    const unknown = await cri.request({ method: 'POST', url: '/api/v1/submissions/inspect', ...multipart({ dataflow: 'NO_SUCH' }, { name: 'a.csv', content: GOV_CSV }) });
    expect(unknown.statusCode).toBe(404);
  });
});
