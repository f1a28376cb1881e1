import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { migrations } from '../../src/server/composition.ts';
import { loadConfig } from '../../src/server/config.ts';
import { backupDatabase, restoreDatabase } from '../../src/server/platform/db/backup.ts';
import { createDatabase } from '../../src/server/platform/db/database.ts';
import { PG_CHUNK_BYTES, PostgresFileStore } from '../../src/server/platform/file-store-pg.ts';
import { createMailer } from '../../src/server/platform/mail/index.ts';
import { createUser, TEST_PASSWORD } from '../helpers/app.ts';
import { emptyDatabase, testDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * FILE_STORE=postgres: two app instances on one database, each with its own DATA_DIR (as on
 * two machines), read each other's uploads; a backup of the database carries the files.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-filestore-'));
let tdb: TestDatabase;

async function instance(url: string, name: string): Promise<FastifyInstance> {
  const db = createDatabase(url, { max: 4 }).db;
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000', FILE_STORE: 'postgres', DATA_DIR: path.join(root, name) });
  const { app } = await buildApp({ config, db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
  await app.ready();
  return app;
}

async function session(app: FastifyInstance, email: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: TEST_PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = `obs_session=${res.cookies.find((c) => c.name === 'obs_session')!.value}`;
  return { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
}

const BOUNDARY = 'obs-store-boundary';
function multipart(fields: Record<string, string>, file: { name: string; type: string; content: Buffer }) {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** A PDF of `size` bytes (the type is read from the content: it must start as a PDF does). */
function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n');
  return Buffer.concat([head, crypto.randomBytes(size - head.length)]);
}

beforeAll(async () => {
  tdb = await testDatabase();
  await createUser({ db: tdb } as never, { email: 'iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser({ db: tdb } as never, { email: 'fp.cri@example.org', role: 'focal_point', countryCode: 'CRI' });
});
afterAll(async () => {
  await tdb?.drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the PostgreSQL file store', () => {
  it('keeps a file in chunks, reads it back whole, keeps one copy of the same content, and discards cleanly', async () => {
    const store = new PostgresFileStore(tdb.db, path.join(root, 'unit'));
    const content = crypto.randomBytes(PG_CHUNK_BYTES * 3 + 12345);
    const sha = crypto.createHash('sha256').update(content).digest('hex');
    expect(await store.open(sha)).toBeNull();
    const first = await store.receive(Readable.from([content]));
    expect(first.sha256).toBe(sha);
    await store.commit(first);
    await store.commit(await store.receive(Readable.from([content])));
    const rows = await tdb.db.selectFrom('stored_file_chunk').select(({ fn }) => fn.countAll<number>().as('n')).where('sha256', '=', sha).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(4);
    expect(await store.usage()).toMatchObject({ files: 1, bytes: content.length });
    const back: Buffer[] = [];
    for await (const c of (await store.open(sha))!) back.push(c as Buffer);
    expect(Buffer.concat(back).equals(content)).toBe(true);
    // Another instance (another local folder, no cache) gets a local copy for readers that need a path.
    const other = new PostgresFileStore(tdb.db, path.join(root, 'unit-other'));
    const p = await other.localPath(sha);
    expect(p && fs.readFileSync(p).equals(content)).toBe(true);
    const refused = await store.receive(Readable.from([Buffer.from('never kept')]));
    store.discard(refused);
    expect(fs.existsSync(refused.tmpPath)).toBe(false);
    expect(await store.open(refused.sha256)).toBeNull();
  });
});

describe('two instances with FILE_STORE=postgres', () => {
  let a: FastifyInstance;
  let b: FastifyInstance;
  beforeAll(async () => {
    a = await instance(tdb.url, 'a');
    b = await instance(tdb.url, 'b');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a practice attachment uploaded to one is downloaded from the other', async () => {
    const iomA = await session(a, 'iom@example.org');
    const draft = await a.inject({ method: 'POST', url: '/api/v1/practices', headers: iomA, payload: { title: { es: 'Práctica con anexo' }, kind: 'tool', organisations: ['IOM'], objectives: [8] } });
    expect([200, 201]).toContain(draft.statusCode);
    const id = draft.json<{ id: string }>().id;
    const content = pdf(2 * PG_CHUNK_BYTES + 77);
    const up = await a.inject({
      method: 'POST',
      url: `/api/v1/practices/${id}/attachments`,
      headers: { ...iomA, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipart({}, { name: 'informe.pdf', type: 'application/pdf', content }),
    });
    expect(up.statusCode, up.body).toBe(201);
    const attachment = up.json<{ id: string }>().id;
    // Nothing of it in instance b's folder: b reads it from the database.
    expect(fs.existsSync(path.join(root, 'b', 'files'))).toBe(false);
    const iomB = await session(b, 'iom@example.org');
    const down = await b.inject({ method: 'GET', url: `/api/v1/practices/${id}/attachments/${attachment}`, headers: iomB });
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(content)).toBe(true);
  });

  it("a submission received by one instance is read again by the other (the report with the person's rows)", async () => {
    const fpA = await session(a, 'fp.cri@example.org');
    const csv = Buffer.from('REF_AREA,FLOW,CITIZENSHIP,SEX,AGE,TIME_PERIOD,OBS_VALUE\nCRI,REG_ENTRY,NIC,F,_T,2024-01,1234\nCRI,REG_ENTRY,NIC,M,_T,2024-01,abc\n');
    const res = await a.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { ...fpA, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipart({ dataflow: 'MIG_FLOWS' }, { name: 'entradas.csv', type: 'text/csv', content: csv }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    const fpB = await session(b, 'fp.cri@example.org');
    const report = await b.inject({ method: 'GET', url: `/api/v1/submissions/${id}/report.csv`, headers: fpB });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.body).toContain('CRI,REG_ENTRY,NIC,M,_T,2024-01,abc');
  });

  it('a backup of the database carries the files, and a restored installation with an empty DATA_DIR serves them', async () => {
    const file = path.join(root, 'store.obsbak.gz');
    const result = await backupDatabase(tdb.url, file, { filesDir: path.join(root, 'a', 'files-none') });
    expect(result.files.count).toBe(0); // nothing in a folder: every file is in the tables
    const target = await emptyDatabase();
    try {
      await restoreDatabase(target.url, file, { migrations: migrations() });
      const c = await instance(target.url, 'c');
      try {
        const row = await tdb.db.selectFrom('practice_attachment').select(['id', 'practice_id', 'sha256']).executeTakeFirstOrThrow();
        const iom = await session(c, 'iom@example.org');
        const down = await c.inject({ method: 'GET', url: `/api/v1/practices/${row.practice_id}/attachments/${row.id}`, headers: iom });
        expect(down.statusCode).toBe(200);
        expect(crypto.createHash('sha256').update(down.rawPayload).digest('hex')).toBe(row.sha256);
      } finally {
        await c.close();
      }
    } finally {
      await target.drop();
    }
  });
});
