import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabase, type TestDatabase } from '../helpers/db.ts';
import { childEnv, cli, ROOT } from './process.ts';
import { writeSampleCsv } from '../../src/server/modules/observatory/import/sample.ts';
import { INTERRUPTED_KEY, VALIDATION_LOCK, sweepInterrupted } from '../../src/server/modules/observatory/import/recovery.ts';
import { submissionReport } from '../../src/server/modules/observatory/import/submit.ts';
import type { UserActor } from '../../src/server/platform/http/context.ts';

/**
 * Interrupted work recovers by itself (recovery.ts): an `observatorio import` killed with
 * SIGKILL while it validates leaves its submission `validating` and its staging table; the
 * next start (here: the next `observatorio import`) marks it failed with a message saying so
 * and drops the table. A validation still running in another process is never swept.
 */
let tdb: TestDatabase;
let env: NodeJS.ProcessEnv;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-recovery-cli-'));
const big = path.join(dir, 'cri-big.csv');
const T = { timeout: 400_000 };

beforeAll(async () => {
  tdb = await testDatabase();
  env = childEnv({ DATABASE_URL: tdb.url, DATA_DIR: dir, LANG: 'en_US.UTF-8' });
  // large enough that reading it takes seconds (several hundred thousand rows of one country)
  writeSampleCsv(big, { rows: 300_000, seed: 3, countries: ['CRI'], start: '2000-01' });
});
afterAll(async () => {
  await tdb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function startImport(file: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', '--country', 'CRI', '--file', file, '--yes'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

const stageExists = async (id: string) => {
  const r = await sql<{ t: string | null }>`select to_regclass(${'obs_stage_' + id.replace(/-/g, '')}) as t`.execute(tdb.db);
  return r.rows[0]!.t !== null;
};
const submission = (id: string) => tdb.db.selectFrom('obs_submission').select(['status', 'phase', 'failure_key', 'stage_table']).where('id', '=', id).executeTakeFirstOrThrow();
const validationLocks = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from pg_locks where locktype = 'advisory' and classid = ${VALIDATION_LOCK} and granted`.execute(tdb.db)).rows[0]!.n);

/** Waits until the importer is reading the file into its staging table; returns the submission id. */
async function whileReading(run: ReturnType<typeof startImport>, fileName: string): Promise<string> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && run.child.exitCode === null) {
    const s = await tdb.db.selectFrom('obs_submission').select(['id', 'status', 'rows_read']).where('file_name', '=', fileName).orderBy('created_at', 'desc').executeTakeFirst();
    if (s && s.status === 'validating' && s.rows_read > 0 && (await stageExists(s.id))) return s.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the importer never started reading: ${run.output()}`);
}

const admin: UserActor = { kind: 'user', id: '00000000-0000-0000-0000-000000000000', email: 'x', displayName: '', role: 'admin', countryCode: null, organisationId: null, locale: 'es', via: 'session' };

describe('an import killed while it validates', () => {
  it('is marked failed with a message saying so at the next start, and its staging table dropped', T, async () => {
    const run = startImport(big);
    const id = await whileReading(run, 'cri-big.csv');
    run.child.kill('SIGKILL');
    expect(await run.exited).toBeNull();
    // as the process left it: validating for ever, 1 M rows' worth of staging table kept
    expect(await submission(id)).toMatchObject({ status: 'validating' });
    expect(await stageExists(id)).toBe(true);
    // PostgreSQL ends the dead client's sessions, and with them its lock
    const gone = Date.now() + 60_000;
    while ((await validationLocks()) > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(await validationLocks()).toBe(0);

    // the next start of the tool sweeps before it imports
    const small = path.join(dir, 'cri-small.csv');
    fs.writeFileSync(small, 'TIME_PERIOD,REF_AREA,FLOW,OBS_VALUE\n2023-01,CRI,REG_ENTRY,7\n');
    const next = await cli(['import', '--country', 'CRI', '--file', small, '--yes'], env);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(await submission(id)).toMatchObject({ status: 'failed', phase: 'failed', failure_key: INTERRUPTED_KEY, stage_table: null });
    expect(await stageExists(id)).toBe(false);
    // the person reads what happened and what to do, in their language
    const es = await submissionReport(tdb.db, admin, id, 'es');
    expect(es.progress.failure).toBe('La validación se interrumpió; vuelva a validar el archivo.');
    const en = await submissionReport(tdb.db, admin, id, 'en');
    expect(en.progress.failure).toBe('Validation was interrupted; validate the file again.');
    const audit = await tdb.db.selectFrom('audit_event').select('action').where('entity_id', '=', id).where('action', '=', 'observatory.submission_interrupted').execute();
    expect(audit).toHaveLength(1);
  });

  it('leaves alone a validation running in another process, which then finishes', T, async () => {
    const run = startImport(big);
    const id = await whileReading(run, 'cri-big.csv');
    // "another instance": this process sweeps while the importer's process validates
    const swept = await sweepInterrupted(tdb.db, { jobs: { waiting: async () => false } });
    expect(swept.failed).not.toContain(id);
    expect(swept.dropped).not.toContain(`obs_stage_${id.replace(/-/g, '')}`);
    // (it may have finished validating meanwhile; never failed, and its stage is there until apply)
    const during = (await submission(id)).status;
    expect(['validating', 'validated']).toContain(during);
    expect(await stageExists(id)).toBe(true);
    const code = await run.exited;
    expect(code, run.output()).toBe(0);
    expect(run.output()).toMatch(/Applied: \d+ new/);
    expect((await submission(id)).status).toBe('applied');
  });

  it('drops a staging table no live submission needs, and keeps one a validated submission needs', T, async () => {
    await sql`create unlogged table obs_stage_0123456789abcdef0123456789abcdef (x int)`.execute(tdb.db);
    // a failed submission's stage is an orphan too (the one killed above)
    const failed = await tdb.db.selectFrom('obs_submission').select('id').where('status', '=', 'failed').executeTakeFirstOrThrow();
    const name = `obs_stage_${failed.id.replace(/-/g, '')}`;
    await sql`create unlogged table ${sql.table(name)} (x int)`.execute(tdb.db);
    const swept = await sweepInterrupted(tdb.db);
    expect(swept.dropped).toEqual(expect.arrayContaining(['obs_stage_0123456789abcdef0123456789abcdef', name]));
    const validated = await tdb.db.selectFrom('obs_submission').select('id').where('file_name', '=', 'cri-small.csv').executeTakeFirstOrThrow();
    const live = `obs_stage_${validated.id.replace(/-/g, '')}`;
    await tdb.db.updateTable('obs_submission').set({ status: 'validated', stage_table: live }).where('id', '=', validated.id).execute();
    await sql`create unlogged table ${sql.table(live)} (x int)`.execute(tdb.db);
    expect((await sweepInterrupted(tdb.db)).dropped).not.toContain(live);
    expect(await stageExists(validated.id)).toBe(true);
  });
});
