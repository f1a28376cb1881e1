import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { migrations } from '../../src/server/composition.ts';
import { loadConfig } from '../../src/server/config.ts';
import { backupDatabase, restoreDatabase } from '../../src/server/platform/db/backup.ts';
import { createDatabase } from '../../src/server/platform/db/database.ts';
import { createMailer } from '../../src/server/platform/mail/index.ts';
import { startObservatoryJobs, VALIDATE_QUEUE } from '../../src/server/modules/observatory/index.ts';
import { VALIDATION_LOCK } from '../../src/server/modules/observatory/recovery.ts';
import { createStage } from '../../src/server/modules/observatory/staging.ts';
import { tempFile } from '../../src/server/modules/observatory/temp-file.ts';
import type { UserActor } from '../../src/server/platform/http/context.ts';
import { createUser, signIn, testApp, type Client, type TestApp } from '../helpers/app.ts';
import { emptyDatabase } from '../helpers/db.ts';

/**
 * The restore drill: a backup of a busy installation — a country's submission awaiting the
 * secretariat's approval (with its staging table), a validation queued in pg-boss and one
 * running on another instance (lock held, half-filled staging table), practice attachments,
 * roadmap evidence, meeting documents — restored onto a fresh database and data folder. Every
 * public and signed-in answer is the same before and after; the awaiting submission is
 * approved on both sides with the same result (re-staged from its kept file on the restored
 * one); the two validations caught midway are marked failed, saying so, at the restored
 * installation's first start.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-drill-'));
const backupFile = path.join(dir, 'drill.obsbak.gz');
const targetData = path.join(dir, 'target-data');
let src: TestApp;
let restored: { app: Awaited<ReturnType<typeof buildApp>>['app']; services: Awaited<ReturnType<typeof buildApp>>['services']; db: ReturnType<typeof createDatabase>['db']; close(): Promise<void> };
let target: { url: string; drop(): Promise<void> };
let sec: Client;
let cri: Client;
let pan: Client;
let iom: Client;
let runningWorker: pg.Client;
const ids = { practice: '', attachment: '', roadmap: '', action: '', evidence: '', document: '', awaiting: '', queued: '', running: '' };
const MEETING = 'champions-forum-ii-2024-san-salvador';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const BOUNDARY = 'drill-boundary';
const multipart = (filename: string, content: Buffer) =>
  Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`), content, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
const upload = async (who: Client, url: string, filename: string, content: Buffer) => {
  const r = await who.request({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: multipart(filename, content) });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
};
const created = async (who: Client, url: string, payload: object, status = 201) => {
  const r = await who.request({ method: 'POST', url, payload });
  expect(r.statusCode, `${url}: ${r.body}`).toBe(status);
  return r.json<{ id: string; status?: string }>();
};
const rows = (month: string, ven: number) => [
  { TIME_PERIOD: month, REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'VEN', SEX: '_T', OBS_VALUE: ven },
  { TIME_PERIOD: month, REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'NIC', SEX: '_T', OBS_VALUE: 60 },
];

beforeAll(async () => {
  src = await testApp({ env: { DATA_DIR: path.join(dir, 'source-data') } });
  const secId = await createUser(src, { email: 'drill.sec@example.org', role: 'secretariat' });
  await createUser(src, { email: 'drill.cri@example.org', role: 'focal_point', countryCode: 'CRI' });
  await createUser(src, { email: 'drill.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
  await createUser(src, { email: 'drill.iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  [sec, cri, pan, iom] = (await Promise.all(['sec', 'cri', 'pan', 'iom'].map((u) => signIn(src, `drill.${u}@example.org`)))) as [Client, Client, Client, Client];

  // practices: a draft with an attachment
  ids.practice = (await created(iom, '/api/v1/practices', { title: { es: 'Guía de retorno' }, kind: 'tool', organisations: ['IOM'], objectives: [21] })).id;
  ids.attachment = await upload(iom, `/api/v1/practices/${ids.practice}/attachments`, 'informe.pdf', PDF);
  // commitments: a public roadmap whose action cites evidence; a meeting document
  ids.roadmap = (await created(sec, '/api/v1/roadmaps', { title: { es: 'Hoja de ruta' }, isPublic: true })).id;
  ids.action = (await created(sec, `/api/v1/roadmaps/${ids.roadmap}/actions`, { title: { es: 'Acción' }, responsibleCountry: 'PAN' })).id;
  ids.evidence = await upload(pan, `/api/v1/actions/${ids.action}/evidence`, 'acta.pdf', Buffer.concat([PDF, Buffer.from('% evidence\n')]));
  await created(pan, `/api/v1/actions/${ids.action}/updates`, { text: 'Acta firmada', evidenceFile: ids.evidence });
  ids.document = await upload(sec, `/api/v1/meetings/${MEETING}/documents?kind=communique&language=es&title=Comunicado`, 'comunicado.pdf', Buffer.concat([PDF, Buffer.from('% doc\n')]));

  // observatory: released figures, and a country's resubmission awaiting approval
  const first = await created(sec, '/api/v1/submissions', { rows: rows('2024-01', 500) });
  await created(sec, `/api/v1/submissions/${first.id}/apply`, {}, 200);
  await created(sec, '/api/v1/releases', { dataflow: 'MIG_FLOWS', country: 'CRI', level: 'public' });
  const awaiting = await created(cri, '/api/v1/submissions', { rows: [...rows('2024-01', 520), ...rows('2024-02', 480)] });
  expect((await created(cri, `/api/v1/submissions/${awaiting.id}/apply`, {}, 200)).status).toBe('submitted');
  ids.awaiting = awaiting.id;

  // a validation queued in pg-boss (no worker runs here) and one running on "another instance"
  const boss = new PgBoss({ connectionString: src.db.url, max: 2 });
  await boss.start();
  await boss.createQueue(VALIDATE_QUEUE);
  src.services.observatory.attachJobs({ enqueue: (id) => boss.send(VALIDATE_QUEUE, { id }) });
  const actor: UserActor = { kind: 'user', id: secId, email: 'drill.sec@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'session' };
  const csv = 'TIME_PERIOD,REF_AREA,FLOW,OBS_VALUE\n2024-03,CRI,REG_EXIT,70\n';
  const submitQueued = (name: string) => src.services.observatory.submit(actor, { requestId: null, ip: null }, { dataflowId: 'MIG_FLOWS', fileName: name, tmpPath: tempFile(csv), mapping: {}, background: true }, 'es');
  ids.queued = (await submitQueued('queued.csv')).id;
  ids.running = (await submitQueued('running.csv')).id;
  src.services.observatory.attachJobs(null);
  await boss.stop({ graceful: false, wait: true });
  // the queued job has waited a while (a submission younger than a minute is left to its worker)
  await src.db.db.updateTable('obs_submission').set({ updated_at: new Date(Date.now() - 5 * 60_000) }).where('id', '=', ids.queued).execute();
  runningWorker = new pg.Client({ connectionString: src.db.url });
  await runningWorker.connect();
  await runningWorker.query('select pg_advisory_lock($1, hashtext($2::text))', [VALIDATION_LOCK, ids.running]);
  await src.db.db.updateTable('obs_submission').set({ phase: 'reading', rows_read: 1 }).where('id', '=', ids.running).execute();
  const stage = `obs_stage_${ids.running.replace(/-/g, '')}`;
  await createStage(src.db.db, stage);
  await sql`insert into ${sql.table(stage)} select 2, 'CRI', 'REG_EXIT', '_T', '_T', '_T', '_T', '_T', '_T', '_T', '2024-03', 70, 'A', null, 0, 0, 0`.execute(src.db.db);

  const result = await backupDatabase(src.db.url, backupFile, { filesDir: path.join(dir, 'source-data', 'files') });
  // the staging tables are not in the backup; the files are
  expect(result.tables.map((t) => t.table).filter((t) => t.startsWith('obs_stage_'))).toEqual([]);
  expect(result.files.count).toBeGreaterThanOrEqual(5);

  target = await emptyDatabase();
  const restoredResult = await restoreDatabase(target.url, backupFile, { migrations: migrations(), filesDir: path.join(targetData, 'files') });
  expect(restoredResult.skippedTables).toEqual([]);
  const handle = createDatabase(target.url, { max: 5 });
  const config = loadConfig({ DATABASE_URL: target.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000', DATA_DIR: targetData });
  const built = await buildApp({ config, db: handle.db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
  await built.app.ready();
  restored = {
    ...built,
    db: handle.db,
    close: async () => {
      await built.app.close();
      await handle.close();
    },
  };
}, 300_000);

afterAll(async () => {
  await runningWorker?.end().catch(() => {});
  await restored?.close().catch(() => {});
  await target?.drop().catch(() => {});
  await src?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Who = Client | null;
/** The same request on both installations (the restored database holds the same sessions, so the same cookies work). */
async function both(who: Who, opts: InjectOptions) {
  const on = (app: typeof restored.app) =>
    app.inject({ ...opts, headers: { ...opts.headers, ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}) } }).then((r) => ({ status: r.statusCode, type: r.headers['content-type'], etag: r.headers.etag, body: r.rawPayload.toString('base64') }));
  return { before: await on(src.app), after: await on(restored.app) };
}

const reads = (): [string, Who, string][] => [
  ['public data', null, '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&groupBy=CITIZENSHIP'],
  ['public data csv', null, '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&format=csv&lang=en'],
  ['releases', null, '/api/v1/releases?dataflow=MIG_FLOWS'],
  ['public roadmap', null, `/api/v1/roadmaps/${ids.roadmap}`],
  ['evidence file', null, `/api/v1/actions/${ids.action}/evidence/${ids.evidence}`],
  ['meeting', null, `/api/v1/meetings/${MEETING}`],
  ['meeting document', null, `/api/v1/meetings/${MEETING}/documents/${ids.document}`],
  ['secretariat data', sec, '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&groupBy=CITIZENSHIP,TIME_PERIOD'],
  ['approval queue', sec, '/api/v1/submissions?status=submitted'],
  ['awaiting report', sec, `/api/v1/submissions/${ids.awaiting}`],
  ['awaiting report (country)', cri, `/api/v1/submissions/${ids.awaiting}?lang=en`],
  ['country data', cri, '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&groupBy=TIME_PERIOD'],
  ['practice draft', iom, `/api/v1/practices/${ids.practice}/edit`],
  ['practice attachment', iom, `/api/v1/practices/${ids.practice}/attachments/${ids.attachment}`],
  ['own account', pan, '/api/v1/account'],
];

describe('restore drill', () => {
  it('answers every public and signed-in question exactly as the installation it was taken from', async () => {
    for (const [label, who, url] of reads()) {
      const r = await both(who, { method: 'GET', url });
      expect(r.before.status, `${label}: ${Buffer.from(r.before.body, 'base64').toString().slice(0, 300)}`).toBe(200);
      expect(r.after, label).toEqual(r.before);
    }
  });

  it('marks the validations caught midway failed, saying so, at its first start', { timeout: 120_000 }, async () => {
    const jobs = await startObservatoryJobs({ connectionString: target.url, service: restored.services.observatory });
    try {
      for (const id of [ids.queued, ids.running]) {
        const r = await restored.app.inject({ method: 'GET', url: `/api/v1/submissions/${id}?lang=en`, headers: { cookie: sec.cookie } });
        expect(r.json(), id).toMatchObject({ status: 'failed', progress: { phase: 'failed', failure: 'Validation was interrupted; validate the file again.' } });
      }
      const stages = await sql<{ n: string }>`select count(*) as n from pg_class where relname like 'obs\_stage\_%'`.execute(restored.db);
      expect(Number(stages.rows[0]!.n)).toBe(0);
    } finally {
      await jobs.stop();
    }
    // at the source, the running validation is alive (its lock is held) and is left alone
    await src.services.observatory.recover({ jobs: { waiting: async () => true } });
    expect((await src.db.db.selectFrom('obs_submission').select('status').where('id', '=', ids.running).executeTakeFirstOrThrow()).status).toBe('validating');
  });

  it('approves the awaiting submission on both sides with the same figures (restaged from its kept file)', { timeout: 120_000 }, async () => {
    const approve = await both(sec, { method: 'POST', url: `/api/v1/submissions/${ids.awaiting}/approve`, payload: {} });
    expect(approve.before.status).toBe(200);
    expect(approve.after.status, Buffer.from(approve.after.body, 'base64').toString()).toBe(200);
    const applied = (b: string) => (JSON.parse(Buffer.from(b, 'base64').toString()) as { status: string; applied: unknown }).applied;
    expect(applied(approve.after.body)).toEqual(applied(approve.before.body));
    for (const [label, who, url] of reads().filter(([l]) => /data|queue/.test(l))) {
      const r = await both(who, { method: 'GET', url });
      expect(r.after, label).toEqual(r.before);
    }
  });
});
