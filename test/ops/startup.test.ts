import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, cli, freePort, startNode, waitReady, type Running } from './process.ts';

/**
 * Starts the app exactly as `npm start` does (node --import tsx src/server/main.ts) on the
 * embedded PostgreSQL, whatever DATABASE_URL the rest of the suite uses: first start and
 * set-up link, clean stop on SIGTERM, restart keeping the data, recovery after SIGKILL.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-startup-'));
const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
const started: Running[] = [];
const email = 'first.admin@example.org';
const password = 'a first administrator password';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function start(port: number, pgPort: number): Promise<Running> {
  // The real-data load at start has its own test (startup-real-data.test.ts): backing up and
  // restoring 100 000 observations here would only slow this one down.
  const r = startNode('src/server/main.ts', childEnv({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn', OBSERVATORY_REAL_DATA: 'off' }, ['DATABASE_URL', 'PUBLIC_URL']));
  started.push(r);
  await waitReady(`http://127.0.0.1:${port}/ready`, r);
  return r;
}

async function signIn(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status === 200) expect(res.headers.get('set-cookie')).toMatch(/obs_session=/);
  return res.status;
}

async function waitGone(pid: number, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

afterAll(async () => {
  // Whatever happened, leave no process behind.
  for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && alive(pid)) {
      process.kill(pid, 'SIGINT');
      await waitGone(pid);
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('starts exactly as npm start does (embedded PostgreSQL)', () => {
  it('first start, set-up link, SIGTERM, restart with data kept, recovery after SIGKILL', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const pgPort = await freePort();

    // 1. First start: creates the database and prints the one-time set-up link.
    const first = await start(port, pgPort);
    const token = /\/link\/([A-Za-z0-9_-]{20,})/.exec(first.output())?.[1];
    expect(token, first.output()).toBeDefined();
    const done = await fetch(`http://127.0.0.1:${port}/api/v1/auth/links/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, displayName: 'First Admin' }),
    });
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await signIn(port)).toBe(200);

    // 2. SIGTERM: exits 0 and stops its PostgreSQL.
    const pgPid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(alive(pgPid)).toBe(true);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // PostgreSQL's own processes may take a moment to go on a loaded machine.
    expect(await waitGone(pgPid, 10_000)).toBe(true);
    expect(fs.existsSync(pidFile)).toBe(false);

    // 3. Second start on the same folder: no new link (an administrator exists), data kept.
    const second = await start(port, pgPort);
    expect(second.output()).not.toMatch(/\/link\//);
    expect(await signIn(port)).toBe(200);

    // 4. SIGKILL leaves PostgreSQL running; the next start recovers and is ready.
    const orphan = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    second.child.kill('SIGKILL');
    await second.exited;
    expect(alive(orphan)).toBe(true);
    const third = await start(port, pgPort);
    expect(third.output()).toMatch(/still running/);
    expect(await waitGone(orphan, 10_000)).toBe(true);
    expect(await signIn(port)).toBe(200);

    const pgPid3 = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);

    // 5. The command-line tool beside the running server uses the same embedded PostgreSQL
    //    and leaves it running: invite, back up, restore over it (--force), still signed in.
    const cliEnv = childEnv({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), LANG: 'en_US.UTF-8' }, ['DATABASE_URL']);
    const invite = await cli(['user', 'create', '--email', 'fp@example.org', '--role', 'focal_point', '--country', 'GTM'], cliEnv);
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toMatch(/\/link\//);
    const file = path.join(dataDir, 'backup.gz');
    const backup = await cli(['backup', file], cliEnv);
    expect(backup.code, backup.stderr).toBe(0);
    const restore = await cli(['restore', file, '--force'], cliEnv);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/app_user: 1 rows/);
    expect(alive(pgPid3)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    expect(await signIn(port)).toBe(200);

    third.child.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
    expect(await waitGone(pgPid3, 10_000)).toBe(true);
    expect(fs.existsSync(pidFile)).toBe(false);
  });
});
