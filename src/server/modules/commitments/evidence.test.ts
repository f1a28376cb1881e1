import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let sec: Client;
let pan: Client;
let mex: Client;
let publicRoadmap = '';
let privateRoadmap = '';
let panAction = '';
let privateAction = '';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const BOUNDARY = 'evidence-boundary';
const multipart = (filename: string, content: Buffer, type = 'application/pdf') =>
  Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
const upload = (who: Client, actionId: string, filename: string, content: Buffer, lang = 'es') =>
  who.request({ method: 'POST', url: `/api/v1/actions/${actionId}/evidence`, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': lang }, payload: multipart(filename, content) });
const files = async () => (await t.db.db.selectFrom('action_evidence_file').select(['id', 'update_id']).execute()).length;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'ev.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'ev.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
  await createUser(t, { email: 'ev.mex@example.org', role: 'focal_point', countryCode: 'MEX' });
  sec = await signIn(t, 'ev.sec@example.org');
  pan = await signIn(t, 'ev.pan@example.org');
  mex = await signIn(t, 'ev.mex@example.org');
  const created = async (url: string, payload: object) => {
    const r = await sec.request({ method: 'POST', url, payload });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  publicRoadmap = await created('/api/v1/roadmaps', { title: { es: 'Pública' }, isPublic: true });
  privateRoadmap = await created('/api/v1/roadmaps', { title: { es: 'Interna' } });
  panAction = await created(`/api/v1/roadmaps/${publicRoadmap}/actions`, { title: { es: 'Acción de Panamá' }, responsibleCountry: 'PAN' });
  privateAction = await created(`/api/v1/roadmaps/${privateRoadmap}/actions`, { title: { es: 'Acción interna' }, responsibleCountry: 'PAN' });
});
afterAll(async () => t?.close());

describe('evidence files of progress updates', () => {
  it('takes a PDF from the responsible focal point, cites it in an update and serves it with the roadmap’s visibility', async () => {
    const up = await upload(pan, panAction, 'acta firmada.pdf', PDF);
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json<{ id: string; filename: string; mediaType: string; size: number }>();
    expect(file).toMatchObject({ filename: 'acta firmada.pdf', mediaType: 'application/pdf', size: PDF.length });
    // Not cited yet: only its uploader can fetch it.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/actions/${panAction}/evidence/${file.id}` })).statusCode).toBe(404);
    expect((await pan.request({ method: 'GET', url: `/api/v1/actions/${panAction}/evidence/${file.id}` })).statusCode).toBe(200);
    // Someone else cannot cite it.
    const stolen = await sec.request({ method: 'POST', url: `/api/v1/actions/${panAction}/updates`, payload: { text: 'Avance', evidenceFile: file.id } });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.issues[0]).toMatchObject({ path: 'evidenceFile' });

    const r = await pan.request({ method: 'POST', url: `/api/v1/actions/${panAction}/updates`, payload: { text: 'Acta firmada', evidenceFile: file.id } });
    expect(r.statusCode, r.body).toBe(201);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/roadmaps/${publicRoadmap}` })).json();
    expect(detail.actionList[0].updates[0]).toMatchObject({ text: 'Acta firmada', evidenceFile: { id: file.id, filename: 'acta firmada.pdf', mediaType: 'application/pdf' } });
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/actions/${panAction}/evidence/${file.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toContain("filename*=UTF-8''acta%20firmada.pdf");
    expect(got.rawPayload.equals(PDF)).toBe(true);
    // A file is cited once.
    expect((await pan.request({ method: 'POST', url: `/api/v1/actions/${panAction}/updates`, payload: { text: 'Otra vez', evidenceFile: file.id } })).statusCode).toBe(400);
  });

  it('keeps files of members-only roadmaps from anonymous readers', async () => {
    const file = (await upload(pan, privateAction, 'informe.pdf', PDF)).json<{ id: string }>().id;
    expect((await pan.request({ method: 'POST', url: `/api/v1/actions/${privateAction}/updates`, payload: { text: 'Informe', evidenceFile: file } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/actions/${privateAction}/evidence/${file}` })).statusCode).toBe(404);
    expect((await mex.request({ method: 'GET', url: `/api/v1/actions/${privateAction}/evidence/${file}` })).statusCode).toBe(200);
  });

  it('refuses files of other types (by content, not name), empty or over 20 MB, and from people who do not answer for the action; stores nothing', async () => {
    const before = await files();
    const exe = await upload(pan, panAction, 'informe.pdf', Buffer.from('MZ\x90\x00 not a pdf'), 'en');
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.issues[0].message).toBe('“informe.pdf” is not a PDF, DOCX, XLSX or image (the content is checked, not the name).');
    const big = await upload(pan, panAction, 'grande.pdf', Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 10, 0x20)]));
    expect(big.statusCode).toBe(400);
    expect(big.json().error.issues[0].message).toMatch(/20 MB/);
    expect((await upload(pan, panAction, 'vacío.pdf', Buffer.alloc(0))).statusCode).toBe(400);
    expect((await upload(mex, panAction, 'acta.pdf', PDF)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/actions/${panAction}/evidence`, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: multipart('a.pdf', PDF) })).statusCode).toBe(401);
    expect(await files()).toBe(before);
  });
});
