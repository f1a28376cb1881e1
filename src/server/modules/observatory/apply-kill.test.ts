import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import type { UserActor } from '../../platform/http/context.ts';
import { SAMPLE_ROWS_PER_SLICE, writeSampleCsv } from './sample.ts';
import { tempFile } from './temp-file.ts';

/**
 * "Killing the process at any moment leaves either all or nothing": a child process applies
 * a large submission and is killed with SIGKILL once its INSERT into obs_observation is
 * running; the observations must then be exactly as before (or, had the commit won the race,
 * exactly as after), and applying again must succeed.
 */
let t: TestApp;
let dataDir: string;
let actor: UserActor;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-kill-'));
  t = await testApp({ env: { DATA_DIR: dataDir } });
  const id = await createUser(t, { email: 'kill.sec@example.org', role: 'secretariat' });
  actor = { kind: 'user', id, email: 'kill.sec@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'session' };
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const meta = { requestId: null, ip: null };
async function state() {
  const r = await t.db.pool.query<{ n: number; total: string; revisions: number; rollup: number }>(
    `select (select count(*)::int from obs_observation where valid_to is null) as n,
            (select coalesce(sum(obs_value), 0)::text from obs_observation where valid_to is null) as total,
            (select count(*)::int from obs_observation) as revisions,
            (select count(*)::int from obs_rollup where valid_to is null) as rollup`,
  );
  return r.rows[0]!;
}
function fileTotal(file: string): number {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.reduce((a, l) => a + Number(l.slice(l.lastIndexOf(',') + 1)), 0);
}

describe('apply killed midway', () => {
  it('leaves all or nothing, and a new apply afterwards succeeds', async () => {
    // before: a first, small file applied
    const small = tempFile('');
    // whole slices: a file cut inside a cell would get that cell's missing parts as "not stated" rows (one total per cell)
    writeSampleCsv(small, { rows: 7 * SAMPLE_ROWS_PER_SLICE, seed: 1 });
    const first = await t.services.observatory.submit(actor, meta, { dataflowId: 'MIG_FLOWS', fileName: 'small.csv', tmpPath: small, mapping: {} }, 'es');
    expect(first.status).toBe('validated');
    await t.services.observatory.apply(actor, meta, first.id, 'es');
    const before = await state();
    expect(before.n).toBe(7 * SAMPLE_ROWS_PER_SLICE);

    // the large resubmission: the same first keys (7 slices) with other values, and many more
    const largeFile = path.join(dataDir, 'large.csv');
    const { rows } = writeSampleCsv(largeFile, { rows: Math.ceil(150_000 / SAMPLE_ROWS_PER_SLICE) * SAMPLE_ROWS_PER_SLICE, seed: 2 });
    const expectedTotal = fileTotal(largeFile);
    const large = await t.services.observatory.submit(actor, meta, { dataflowId: 'MIG_FLOWS', fileName: 'large.csv', tmpPath: tempFile(fs.readFileSync(largeFile)), mapping: {}, background: false }, 'es');
    expect(large.status, JSON.stringify(large.errors.slice(0, 3))).toBe('validated');
    expect(large.diff).toMatchObject({ added: rows - 7 * SAMPLE_ROWS_PER_SLICE });

    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/server/modules/observatory/testing/apply-child.ts'), t.db.url, dataDir, large.id, actor.id], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // wait until the apply is writing observations, then kill the process outright
    let backend: number | null = null;
    const deadline = Date.now() + 120_000;
    while (backend === null && Date.now() < deadline && child.exitCode === null) {
      const r = await t.db.pool.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = current_database() and state = 'active' and query ilike 'insert into obs_observation%' and pid <> pg_backend_pid()",
      );
      if (r.rows[0]) backend = r.rows[0].pid;
      else await new Promise((res) => setTimeout(res, 25));
    }
    expect(backend, `the child never started inserting: ${out}`).not.toBeNull();
    child.kill('SIGKILL');
    expect(await exited).toBeNull(); // killed by the signal, not finished
    expect(out).not.toContain('applied');

    // PostgreSQL notices the lost client and rolls the transaction back; wait for that backend to end
    const gone = Date.now() + 120_000;
    for (;;) {
      const r = await t.db.pool.query('select 1 from pg_stat_activity where pid = $1', [backend]);
      if (r.rowCount === 0) break;
      if (Date.now() > gone) {
        // it would end by itself when its statement finishes; do not let the test hang on it
        await t.db.pool.query('select pg_terminate_backend($1)', [backend]);
      }
      await new Promise((res) => setTimeout(res, 100));
    }

    const afterKill = await state();
    const sub = await t.db.db.selectFrom('obs_submission').select(['status']).where('id', '=', large.id).executeTakeFirstOrThrow();
    if (sub.status === 'validated') {
      // nothing: exactly the state before, to the revision
      expect(afterKill).toEqual(before);
    } else {
      // all: the commit had reached PostgreSQL before the kill
      expect(sub.status).toBe('applied');
      expect(afterKill.n).toBe(rows);
      expect(Number(afterKill.total)).toBe(expectedTotal);
    }

    // applying again succeeds and gives the whole file
    if (sub.status === 'validated') {
      const applied = await t.services.observatory.apply(actor, meta, large.id, 'es');
      expect(applied.applied).toMatchObject({ added: rows - 7 * SAMPLE_ROWS_PER_SLICE });
    }
    const done = await state();
    expect(done.n).toBe(rows);
    expect(Number(done.total)).toBe(expectedTotal);
    expect(done.rollup).toBeGreaterThan(0);
  }, 300_000);
});
