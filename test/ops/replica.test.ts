import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { migrateAll, seedAll } from '../../src/server/composition.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createDatabase, type DatabaseHandle } from '../../src/server/platform/db/database.ts';
import type { ReplicaGate } from '../../src/server/platform/db/read-replica.ts';
import { hashPassword } from '../../src/server/modules/identity/crypto.ts';
import { createMailer } from '../../src/server/platform/mail/index.ts';
import { freePort } from './process.ts';
import type { FastifyInstance } from 'fastify';

/**
 * DATABASE_READ_URL (docs/adr/0010) against a real streaming replica: a primary made with
 * Debian's PostgreSQL 15 binaries in a temporary folder, a replica of it by
 * `pg_basebackup -R`, both on free ports of 127.0.0.1. Anonymous reads are answered by the
 * replica, signed-in reads and writes by the primary, and while the replica has not replayed
 * a release (replay paused) the release is still seen: those reads fall back to the primary.
 */
const BIN = '/usr/lib/postgresql/15/bin';
const HAVE_PG = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'].every((b) => fs.existsSync(path.join(BIN, b)));
if (!HAVE_PG) console.warn(`test/ops/replica.test.ts skipped: PostgreSQL 15 binaries not found in ${BIN} (apt-get install postgresql-15)`);

// initdb and postgres refuse to run as root: then they run as the `postgres` user.
const asRoot = os.userInfo().uid === 0;
const pgUser = asRoot && HAVE_PG ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};

function run(bin: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN, bin), args, { ...pgUser, env: { ...process.env, LC_ALL: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(!HAVE_PG)('a read replica for public reads (DATABASE_READ_URL)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-replica-'));
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const started: string[] = [];
  let primary: DatabaseHandle;
  let replica: DatabaseHandle;
  let app: FastifyInstance;
  let gate: ReplicaGate;
  let replicaAdmin: pg.Client;
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    fs.chmodSync(dir, 0o755);
    if (asRoot) fs.chownSync(dir, pgUser.uid!, pgUser.gid!);
    const [p1, p2] = [await freePort(), await freePort()];
    await run('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    fs.appendFileSync(
      path.join(primaryDir, 'postgresql.conf'),
      `\nlisten_addresses = '127.0.0.1'\nport = ${p1}\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n`,
    );
    fs.appendFileSync(path.join(primaryDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    await run('pg_ctl', ['-D', primaryDir, '-l', path.join(dir, 'primary.log'), '-w', '-t', '60', 'start']);
    started.push(primaryDir);
    const primaryUrl = `postgres://postgres@127.0.0.1:${p1}/observatorio`;
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${p1}/postgres` });
    await admin.connect();
    await admin.query('create database observatorio');
    await admin.end();
    primary = createDatabase(primaryUrl, { max: 5 });
    await migrateAll(primary.db);
    await seedAll(primary.db);

    await run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p1), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast']);
    fs.appendFileSync(path.join(replicaDir, 'postgresql.conf'), `\nport = ${p2}\n`);
    await run('pg_ctl', ['-D', replicaDir, '-l', path.join(dir, 'replica.log'), '-w', '-t', '60', 'start']);
    started.push(replicaDir);
    replica = createDatabase(`postgres://postgres@127.0.0.1:${p2}/observatorio`, { max: 5 });
    replicaAdmin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${p2}/observatorio` });
    await replicaAdmin.connect();

    const config = loadConfig({ DATABASE_URL: primaryUrl, DATABASE_READ_URL: `postgres://postgres@127.0.0.1:${p2}/observatorio`, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' });
    const built = await buildApp({ config, db: primary.db, readDb: replica.db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
    app = built.app;
    gate = built.replica!;
    await app.ready();
    await primary.db.insertInto('app_user').values({ email: 'replica.sec@example.org', role: 'secretariat', password_hash: await hashPassword('correct horse battery') }).execute();
    // a write by a reader who is not signed in (the sign-in is recorded): never on the replica
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'replica.sec@example.org', password: 'correct horse battery' } });
    expect(res.statusCode, res.body).toBe(200);
    cookie = `obs_session=${res.cookies.find((c) => c.name === 'obs_session')!.value}`;
    csrf = res.json<{ csrfToken: string }>().csrfToken;
  }, 240_000);

  afterAll(async () => {
    await app?.close().catch(() => {});
    await replicaAdmin?.end().catch(() => {});
    await replica?.close().catch(() => {});
    await primary?.close().catch(() => {});
    // both servers stop whatever happened above (replica first: it follows the primary)
    for (const d of [...started].reverse()) await run('pg_ctl', ['-D', d, '-m', 'immediate', '-w', 'stop']).catch((err: unknown) => console.warn(String(err)));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const anonymous = (url: string) => app.inject({ method: 'GET', url });
  const signedIn = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, payload, headers: { cookie, 'x-csrf-token': csrf } });
  const calendar = async (res: Promise<{ json(): unknown }>) => ((await res).json() as { items: { country: string; announced: boolean; note: string | null }[] }).items;
  const GTM = '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-01&groupBy=REF_AREA';

  it('answers anonymous reads from the replica once it has replayed the primary, signed-in reads from the primary', async () => {
    await until('the replica to catch up', async () => (await anonymous('/api/v1/releases')).statusCode === 200 && gate.counts.replica > 0);
    // A row written on the primary without announcing it (no release: no NOTIFY), while the
    // replica does not replay: only the primary has it, so who sees it shows who answered.
    await replicaAdmin.query('select pg_wal_replay_pause()');
    try {
      await primary.pool.query(`insert into obs_release_calendar (dataflow_id, country_code, release_at, level, note) values ('MIG_FLOWS', 'PAN', '2099-05-01T10:00:00Z', 'public', 'only-on-primary')`);
      expect((await calendar(anonymous('/api/v1/releases'))).some((e) => e.note === 'only-on-primary')).toBe(false);
      expect((await calendar(signedIn('GET', '/api/v1/releases'))).some((e) => e.note === 'only-on-primary')).toBe(true);
    } finally {
      await replicaAdmin.query('select pg_wal_replay_resume()');
    }
    await until('the replica to replay the row', async () => (await calendar(anonymous('/api/v1/releases'))).some((e) => e.note === 'only-on-primary'));
  });

  it('never answers from a replica that has not replayed a release: falls back to the primary, then back to the replica', async () => {
    const rows = [
      { TIME_PERIOD: '2024-01', REF_AREA: 'GTM', FLOW: 'REG_ENTRY', CITIZENSHIP: 'VEN', SEX: '_T', OBS_VALUE: 13579 },
      { TIME_PERIOD: '2024-01', REF_AREA: 'GTM', FLOW: 'REG_ENTRY', CITIZENSHIP: 'HTI', SEX: '_T', OBS_VALUE: 120 },
    ];
    const sub = await signedIn('POST', '/api/v1/submissions', { rows });
    expect(sub.statusCode, sub.body).toBe(201);
    expect((await signedIn('POST', `/api/v1/submissions/${sub.json<{ id: string }>().id}/apply`)).json().status).toBe('applied');
    const before = await anonymous(GTM);
    expect(before.json().releases).toEqual([]);

    await replicaAdmin.query('select pg_wal_replay_pause()');
    try {
      const rel = await signedIn('POST', '/api/v1/releases', { country: 'GTM', level: 'public' });
      expect(rel.statusCode, rel.body).toBe(201);
      // the instance hears the release (NOTIFY) with the primary's position; the replica is
      // still paused before it, so the data API answers from the primary: the release is there
      await until('the release to be heard', async () => (await anonymous(GTM)).json().releases.length === 1, 5_000);
      const primaryAnswers = gate.counts.primary;
      const after = (await anonymous(GTM)).json();
      expect(after.releases[0]).toMatchObject({ country: 'GTM', level: 'public' });
      expect(after.observations.length).toBeGreaterThan(0);
      expect(gate.counts.primary).toBeGreaterThan(primaryAnswers);
      const paused = await replicaAdmin.query<{ paused: boolean }>('select pg_is_wal_replay_paused() as paused');
      expect(paused.rows[0]!.paused).toBe(true);
    } finally {
      await replicaAdmin.query('select pg_wal_replay_resume()');
    }
    // once replayed, the replica answers again, with the release
    const replicaAnswers = gate.counts.replica;
    await until('the replica to answer again', async () => (await anonymous(GTM)).json().releases.length === 1 && gate.counts.replica > replicaAnswers);
  });
});
