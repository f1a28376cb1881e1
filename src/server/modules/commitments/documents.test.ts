import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { isPlainText } from './documents.ts';

let t: TestApp;
let sec: Client;
let contributor: Client;

const MEETING = 'champions-forum-ii-2024-san-salvador';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
// A Windows executable's header ("MZ…", NUL bytes) renamed .pdf.
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(64), Buffer.from('This program cannot be run in DOS mode.', 'latin1')]);
const BOUNDARY = 'document-boundary';
const multipart = (filename: string, content: Buffer, type = 'application/pdf') =>
  Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
const upload = (who: Client, filename: string, content: Buffer, query = 'kind=communique&language=es&title=Comunicado', lang = 'es') =>
  who.request({
    method: 'POST',
    url: `/api/v1/meetings/${MEETING}/documents?${query}`,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': lang },
    payload: multipart(filename, content),
  });
const count = async () => (await t.db.db.selectFrom('meeting_document').select('id').execute()).length;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'doc.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'doc.contrib@example.org', role: 'contributor', organisationCode: 'IOM' });
  sec = await signIn(t, 'doc.sec@example.org');
  contributor = await signIn(t, 'doc.contrib@example.org');
});
afterAll(async () => t?.close());

describe('meeting documents', () => {
  it('seeds the original communiqués and report as plain-text documents of their meetings, downloadable by anyone', async () => {
    const plenary = (await t.app.inject({ method: 'GET', url: '/api/v1/meetings/crm-csm-iv-plenary-2023-panama' })).json<{ documents: { id: string; kind: string; language: string; mediaType: string; filename: string }[] }>();
    expect(plenary.documents.map((d) => `${d.kind}:${d.language}`).sort()).toEqual(['communique:en', 'communique:es']);
    const forum = (await t.app.inject({ method: 'GET', url: '/api/v1/meetings/champions-forum-i-2023-panama' })).json<{ documents: { id: string; kind: string }[] }>();
    expect(forum.documents.map((d) => d.kind).sort()).toEqual(['communique', 'report']);
    const report = forum.documents.find((d) => d.kind === 'report')!;
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/champions-forum-i-2023-panama/documents/${report.id}` });
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.body).toContain('I FORO REGIONAL DE PAÍSES PRECURSORES');
  });

  it('takes a PDF from the secretariat, lists it with the meeting and serves it to an anonymous caller', async () => {
    const up = await upload(sec, 'comunicado final.pdf', PDF);
    expect(up.statusCode, up.body).toBe(201);
    const doc = up.json<{ id: string; filename: string; mediaType: string; size: number; kind: string; language: string; title: string }>();
    expect(doc).toMatchObject({ filename: 'comunicado final.pdf', mediaType: 'application/pdf', size: PDF.length, kind: 'communique', language: 'es', title: 'Comunicado' });
    const meeting = (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${MEETING}` })).json<{ documents: { id: string }[] }>();
    expect(meeting.documents.map((d) => d.id)).toContain(doc.id);
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${MEETING}/documents/${doc.id}` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toContain('comunicado%20final.pdf');
    expect(r.rawPayload.equals(PDF)).toBe(true);
    // The same file twice on one meeting is refused.
    const again = await upload(sec, 'copia.pdf', PDF);
    expect(again.statusCode).toBe(400);
    const audit = await t.db.db.selectFrom('audit_event').select('action').where('action', '=', 'meeting_document.upload').execute();
    expect(audit.length).toBe(1);
  });

  it('refuses an .exe renamed .pdf, with a message in the caller’s language, and stores nothing', async () => {
    const before = await count();
    const r = await upload(sec, 'informe.pdf', EXE, 'kind=report&language=es&title=Informe', 'en');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues[0]).toMatchObject({ path: 'file' });
    expect(r.json().error.issues[0].message).toContain('plain-text');
    expect(await count()).toBe(before);
  });

  it('refuses a bad kind or a missing title before reading the file', async () => {
    expect((await upload(sec, 'a.pdf', PDF, 'kind=minutes&language=es&title=X')).statusCode).toBe(400);
    expect((await upload(sec, 'a.pdf', PDF, 'kind=report&language=es')).statusCode).toBe(400);
  });

  it('lets neither a contributor nor an anonymous caller upload or delete', async () => {
    const before = await count();
    expect((await upload(contributor, 'informe.pdf', PDF)).statusCode).toBe(403);
    const anon = await t.app.inject({ method: 'POST', url: `/api/v1/meetings/${MEETING}/documents?kind=report&language=es&title=X`, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: multipart('a.pdf', PDF) });
    expect(anon.statusCode).toBe(401);
    const doc = (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${MEETING}` })).json<{ documents: { id: string }[] }>().documents[0]!;
    expect((await contributor.request({ method: 'DELETE', url: `/api/v1/meetings/${MEETING}/documents/${doc.id}` })).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it('lets the secretariat delete a document', async () => {
    const up = await upload(sec, 'agenda.txt', Buffer.from('Agenda del foro\n1. Apertura\n'), 'kind=agenda&language=es&title=Agenda');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ mediaType: 'text/plain', filename: 'agenda.txt' });
    const id = up.json<{ id: string }>().id;
    expect((await sec.request({ method: 'DELETE', url: `/api/v1/meetings/${MEETING}/documents/${id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${MEETING}/documents/${id}` })).statusCode).toBe(404);
    expect((await sec.request({ method: 'DELETE', url: `/api/v1/meetings/${MEETING}/documents/${id}` })).statusCode).toBe(404);
  });
});

describe('isPlainText', () => {
  it('accepts UTF-8 text and refuses binary content', () => {
    expect(isPlainText(Buffer.from('Comunicado conjunto\r\n\tPanamá, 2023\n'))).toBe(true);
    expect(isPlainText(EXE)).toBe(false);
    expect(isPlainText(Buffer.from([0xc3, 0x28]))).toBe(false);
    expect(isPlainText(Buffer.alloc(0))).toBe(false);
  });
});
