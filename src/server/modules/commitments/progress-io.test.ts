import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let sec: Client;
let roadmap = '';
const actions: string[] = [];

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'io.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'io.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
  sec = await signIn(t, 'io.sec@example.org');
  roadmap = (await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Hoja de ruta' }, periodStart: '2025-01-01', isPublic: true } })).json().id;
  for (const [title, country] of [
    ['=HYPERLINK("http://x")', 'PAN'],
    ['Segunda acción', 'MEX'],
    ['Tercera acción', 'CRI'],
  ] as const) {
    const r = await sec.request({ method: 'POST', url: `/api/v1/roadmaps/${roadmap}/actions`, payload: { title: { es: title, en: title }, responsibleCountry: country, dueDate: '2026-06-30' } });
    expect(r.statusCode, r.body).toBe(201);
    actions.push(r.json().id);
  }
});
afterAll(async () => t?.close());

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const state = async () =>
  (await t.db.db.selectFrom('roadmap_action').select(['id', 'status', 'due_date']).where('roadmap_id', '=', roadmap).orderBy('position').execute()).map((a) => `${a.status}|${a.due_date}`);
const updatesCount = async () => Number((await t.db.db.selectFrom('action_update').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const preview = (format: 'csv' | 'xlsx', content: string, lang = 'en') =>
  sec.request({ method: 'POST', url: `/api/v1/roadmaps/${roadmap}/actions/import`, payload: { format, content }, headers: { 'accept-language': lang } });
const apply = (format: 'csv' | 'xlsx', content: string, checksum: string, lang = 'en') =>
  sec.request({ method: 'POST', url: `/api/v1/roadmaps/${roadmap}/actions/import/apply`, payload: { format, content, checksum }, headers: { 'accept-language': lang } });

describe('export', () => {
  it('writes CSV with headers in the caller’s language and formulas neutralised', async () => {
    const es = await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmap}/actions/export.csv` });
    expect(es.statusCode).toBe(200);
    expect(es.headers['content-type']).toMatch(/text\/csv/);
    const lines = es.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Identificador,Acción,Responsable,Fecha límite,Estado,Último avance,Nuevo avance,Enlace de evidencia');
    expect(lines[1]).toContain(`${actions[0]},"'=HYPERLINK(""http://x"")",PAN,2026-06-30,No iniciada`);
    const en = await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmap}/actions/export.csv`, headers: { 'accept-language': 'en' } });
    expect(en.body).toContain('Identifier,Action,Responsible,Due date,Status');
  });
});

describe('import', () => {
  it('round-trips an XLSX export: two changed statuses make a diff of exactly those two, applied at once', async () => {
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmap}/actions/export.xlsx`, headers: { 'accept-language': 'en' } });
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(5).value).toBe('Status');
    expect(ws.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://x")`);
    ws.getRow(2).getCell(5).value = 'Done';
    ws.getRow(3).getCell(5).value = 'En curso'; // either language is understood
    const content = b64(Buffer.from(await wb.xlsx.writeBuffer()));

    const before = await state();
    const p = await preview('xlsx', content);
    expect(p.statusCode, p.body).toBe(200);
    const body = p.json();
    expect(body.errors).toEqual([]);
    expect(body.canApply).toBe(true);
    expect(body.changes).toEqual([
      { row: 2, actionId: actions[0], action: '=HYPERLINK("http://x")', field: 'status', before: 'not_started', after: 'done' },
      { row: 3, actionId: actions[1], action: 'Segunda acción', field: 'status', before: 'not_started', after: 'in_progress' },
    ]);
    expect(await state()).toEqual(before); // a preview writes nothing

    const a = await apply('xlsx', content, body.checksum);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().applied).toBe(2);
    expect(await state()).toEqual(['done|2026-06-30', 'in_progress|2026-06-30', 'not_started|2026-06-30']);
    expect(await updatesCount()).toBe(0);
    const audit = await t.db.db.selectFrom('audit_event').select('action').where('entity_id', '=', roadmap).where('action', '=', 'roadmap_action.import').execute();
    expect(audit).toHaveLength(1);

    // The same preview cannot be applied twice: the actions changed since.
    expect((await apply('xlsx', content, body.checksum)).statusCode).toBe(409);
  });

  it('imports a progress update with its evidence link', async () => {
    const csv = ['id,title,responsible,dueDate,status,lastUpdate,update,evidenceUrl', `${actions[2]},x,CRI,2026-06-30,not_started,,"Taller realizado; acta firmada",https://example.org/acta.pdf`].join('\n');
    const p = (await preview('csv', b64(csv))).json();
    expect(p.changes).toEqual([{ row: 2, actionId: actions[2], action: 'Tercera acción', field: 'update', before: null, after: 'Taller realizado; acta firmada' }]);
    expect((await apply('csv', b64(csv), p.checksum)).statusCode).toBe(200);
    const upd = await t.db.db.selectFrom('action_update').selectAll().where('action_id', '=', actions[2]!).execute();
    expect(upd).toHaveLength(1);
    expect(upd[0]).toMatchObject({ text: 'Taller realizado; acta firmada', evidence_url: 'https://example.org/acta.pdf', author_label: expect.any(String) });
  });

  it('refuses to apply when an action changed after the preview', async () => {
    const csv = (await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${roadmap}/actions/export.csv` })).body.replace('No iniciada', 'Bloqueada');
    const p = (await preview('csv', b64(csv))).json();
    expect(p.changes).toHaveLength(1);
    const fp = await signIn(t, 'io.pan@example.org');
    expect((await fp.request({ method: 'PATCH', url: `/api/v1/roadmaps/${roadmap}/actions/${actions[0]}`, payload: { status: 'in_progress' } })).statusCode).toBe(200);
    const r = await apply('csv', b64(csv), p.checksum);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toMatch(/changed since the preview/);
    expect((await state())[2]).toBe('not_started|2026-06-30');
  });

  it('lists every bad cell with row, column and value, and stores nothing', async () => {
    const header = 'Identificador,Acción,Responsable,Fecha límite,Estado,Último avance,Nuevo avance,Enlace de evidencia';
    const csv = [
      header,
      `${actions[0]},x,PAN,2026-06-30,Done,,,`,
      `00000000-0000-4000-8000-000000000000,x,PAN,2026-06-30,done,,,`,
      `${actions[1]},x,MEX,2026-06-30,finished,,,`,
      `${actions[2]},x,CRI,2024-12-31,done,,,`,
      `${actions[2]},x,CRI,31/12/2026,done,,,`,
      `=cmd()|' /C calc'!A0,x,PAN,2026-06-30,done,,,`,
      `${actions[1]},x,MEX,2026-06-30,done,,texto,javascript:alert(1)`,
    ].join('\n');
    const before = await state();
    const n = await updatesCount();
    const r = await preview('csv', b64(csv));
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.canApply).toBe(false);
    const errs = body.errors.map((e: { row: number; column: string; value: string; message: string }) => `${e.row}|${e.column}|${e.value}|${e.message}`);
    expect(errs).toEqual([
      `3|Identifier|00000000-0000-4000-8000-000000000000|No action with this identifier exists in this roadmap.`,
      `4|Status|finished|Unknown status; use one of: Not started, In progress, Done, Blocked, Cancelled.`,
      `5|Due date|2024-12-31|The due date 2024-12-31 is before the roadmap starts (2025-01-01).`,
      `6|Identifier|${actions[2]}|This action already appears in an earlier row.`,
      `7|Identifier|=cmd()|' /C calc'!A0|The cell holds a formula; enter values only.`,
      `8|Identifier|${actions[1]}|This action already appears in an earlier row.`,
    ]);
    const a = await apply('csv', b64(csv), body.checksum, 'es');
    expect(a.statusCode).toBe(400);
    expect(a.json().error.issues[0].message).toBe('Fila 3, columna «Identificador» («00000000-0000-4000-8000-000000000000»): No hay ninguna acción con este identificador en esta hoja de ruta.');
    expect(await state()).toEqual(before);
    expect(await updatesCount()).toBe(n);
  });

  it('refuses bad dates, links and XLSX formula cells', async () => {
    const header = 'id,title,responsible,dueDate,status,lastUpdate,update,evidenceUrl';
    const csv = [header, `${actions[1]},x,MEX,31/12/2026,done,,texto,javascript:alert(1)`].join('\n');
    const errs = (await preview('csv', b64(csv))).json().errors.map((e: { column: string; message: string }) => `${e.column}: ${e.message}`);
    expect(errs).toEqual(['Due date: Invalid date; use YYYY-MM-DD.', 'Evidence link: Links must start with http:// or https://.']);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['id', 'title', 'responsible', 'dueDate', 'status']);
    ws.addRow([actions[1], 'x', 'MEX', '2026-06-30', 'done']);
    ws.getRow(2).getCell(5).value = { formula: 'CONCAT("do","ne")', result: 'done', date1904: false };
    const x = (await preview('xlsx', b64(Buffer.from(await wb.xlsx.writeBuffer())))).json();
    expect(x.errors).toEqual([expect.objectContaining({ row: 2, column: 'Status', message: 'The cell holds a formula; enter values only.' })]);
  });

  it('reports an unknown or changed responsible instead of ignoring it, and stores nothing', async () => {
    const before = await state();
    const csv = ['id,title,responsible,dueDate,status', `${actions[1]},x,XYZ,2026-06-30,done`, `${actions[2]},x,PAN,2026-06-30,done`, `${actions[0]},x,pan,2026-06-30,done`].join('\n');
    const body = (await preview('csv', b64(csv))).json();
    expect(body.canApply).toBe(false);
    expect(body.errors.map((e: { row: number; column: string; message: string }) => `${e.row}|${e.column}|${e.message}`)).toEqual([
      '2|Responsible|The country or organisation «XYZ» is not in the platform’s lists.',
      '3|Responsible|An action’s responsible is changed in the platform, not in the file; leave «CRI».',
    ]);
    expect((await apply('csv', b64(csv), body.checksum)).statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });

  it('refuses files that are too large, not base64, unreadable or without the columns', async () => {
    const huge = await preview('xlsx', Buffer.alloc(50 * 1024 * 1024).toString('base64'));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toBe('The request is too large.');
    const big = await preview('csv', Buffer.alloc(5.5 * 1024 * 1024, 'a').toString('base64'));
    expect(big.statusCode).toBe(400);
    expect(big.json().error.issues[0].message).toMatch(/5 MB/);
    expect((await preview('csv', 'not base64!')).json().error.issues[0].message).toMatch(/base64/);
    expect((await preview('xlsx', b64('id,status\n'))).json().error.issues[0].message).toBe('The file could not be read as XLSX.');
    const cols = (await preview('csv', b64('id,status\nx,done\n'))).json();
    expect(cols.error.issues[0].message).toBe('The column «Due date» is missing from the first row of the file.');
  });

  it('is for the secretariat only', async () => {
    const fp = await signIn(t, 'io.pan@example.org');
    const r = await fp.request({ method: 'POST', url: `/api/v1/roadmaps/${roadmap}/actions/import`, payload: { format: 'csv', content: b64('id\n') } });
    expect(r.statusCode).toBe(403);
  });
});
