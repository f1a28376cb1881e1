import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let iom: Client;
let practiceId: string;
let dataDir: string;
const BOUNDARY = '----obs-test-boundary';

function multipart(filename: string, content: Buffer | Readable): Readable {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return Readable.from(
    (async function* () {
      yield head;
      if (Buffer.isBuffer(content)) yield content;
      else for await (const c of content) yield c as Buffer;
      yield tail;
    })(),
  );
}

function upload(filename: string, content: Buffer | Readable, lang = 'es') {
  return iom.request({
    method: 'POST',
    url: `/api/v1/practices/${practiceId}/attachments`,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': lang },
    payload: multipart(filename, content),
  });
}

const storedFiles = () => {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.endsWith('tmp'));
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-files-'));
  t = await testApp({ env: { DATA_DIR: dataDir } });
  await createUser(t, { email: 'iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  iom = await signIn(t, 'iom@example.org');
  const r = await iom.request({
    method: 'POST',
    url: '/api/v1/practices',
    payload: { title: { es: 'Guía de retorno' }, kind: 'tool', organisations: ['IOM'], objectives: [21] },
  });
  practiceId = r.json<{ id: string }>().id;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('practice attachments', () => {
  it('stores a real PDF content-addressed and serves it back', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const r = await upload('informe final.pdf', pdf);
    expect(r.statusCode).toBe(201);
    expect(r.json().mediaType).toBe('application/pdf');
    const again = await upload('copia.pdf', pdf);
    expect(again.statusCode).toBe(201);
    expect(storedFiles()).toHaveLength(1); // same content, stored once
    const edit = await iom.request({ method: 'GET', url: `/api/v1/practices/${practiceId}/edit` });
    expect(edit.json().attachments.map((a: { filename: string }) => a.filename)).toEqual(['informe final.pdf', 'copia.pdf']);
    const got = await iom.request({ method: 'GET', url: `/api/v1/practices/${practiceId}/attachments/${r.json().id}` });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    // A draft's attachment is not public.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/practices/${practiceId}/attachments/${r.json().id}` })).statusCode).toBe(404);
  });

  it('refuses an .exe renamed .pdf, checking the content, and stores nothing', async () => {
    const before = storedFiles().length;
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(1000, 1)]);
    const r = await upload('manual.pdf', exe);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues[0].message).toMatch(/no es un PDF/);
    expect(storedFiles().length).toBe(before);
  });

  it('refuses a 200 MB upload with a clear message and stores nothing', async () => {
    const before = await t.db.db.selectFrom('practice_attachment').select('id').execute();
    let sent = 0;
    const big = new Readable({
      read() {
        if (sent >= 200 * 1024 * 1024) return this.push(null);
        sent += 1024 * 1024;
        this.push(Buffer.alloc(1024 * 1024, 0x25));
      },
    });
    const r = await upload('enorme.pdf', big, 'en');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues[0].message).toMatch(/larger than the 20 MB maximum/);
    const after = await t.db.db.selectFrom('practice_attachment').select('id').execute();
    expect(after.length).toBe(before.length);
    expect(fs.readdirSync(path.join(dataDir, 'files', 'tmp'))).toHaveLength(0);
  });
});
