import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openBenchDatabase, percentile, type Figure } from './lib.ts';

/**
 * Load (issue 20): 50 and then 200 kept-alive connections for 30 s on each of `/`, the observatory home, a
 * country profile, a data API question and a practices search — requests a second, p50, p99
 * and errors — against one instance (`npm start`, a process of its own) and against two
 * instances on the same database behind a tiny round-robin proxy (node:http, a process of its
 * own, started here). Everything on 127.0.0.1. The load is made by this process with Node's
 * own HTTP client (no new package); the servers and the proxy do not share its event loop.
 * BENCH_LOAD_SECONDS and BENCH_LOAD_CONNECTIONS (a comma list) change the defaults (bounded:
 * 1–60 s, 1–200 connections).
 */
const SECONDS = Math.min(60, Math.max(1, Number(process.env.BENCH_LOAD_SECONDS ?? 30)));
const CONNECTION_SETS = (process.env.BENCH_LOAD_CONNECTIONS ?? '50,200').split(',').map((v) => Math.min(200, Math.max(1, Number(v) || 50)));
const TARGETS: [string, string][] = [
  ['/', '/'],
  ['observatory home', '/observatory'],
  ['country profile (CRI)', '/observatory/countries/CRI'],
  ['data API (CRI 2024 by month)', '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=TIME_PERIOD'],
  ['practices search', '/api/v1/practices?q=migrantes&page=1'],
];
const HOST = '127.0.0.1';

interface Result {
  target: string;
  setup: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** `connections` loops, each one request at a time on its own kept-alive connection, for `seconds`. */
async function load(port: number, url: string, seconds: number, connections: number): Promise<Omit<Result, 'target' | 'setup'>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const times: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get({ host: HOST, port, path: url, agent, headers: { 'accept-encoding': 'br, gzip', accept: 'text/html,application/json' } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 400) errors++;
          else times.push(performance.now() - t0);
          resolve();
        });
        res.on('error', () => {
          errors++;
          resolve();
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  times.sort((a, b) => a - b);
  return { rps: times.length / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), errors };
}

/** The round-robin proxy: this same file run with `--proxy PORT BACKEND…` (a process of its own). */
function proxy(port: number, backends: number[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  http
    .createServer((req, res) => {
      const backend = backends[next++ % backends.length]!;
      const out = http.request({ host: HOST, port: backend, path: req.url, method: req.method, headers: req.headers, agent }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(out);
    })
    .listen(port, HOST, () => console.log('proxy ready'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = http.createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function spawnNode(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', ...args], { cwd: path.resolve('.'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', () => {});
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`  [${path.basename(args[0]!)}] ${d.toString()}`));
  return child;
}

async function ready(port: number, pathName = '/health', timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: HOST, port, path: pathName }, (res) => (res.resume(), resolve(res.statusCode === 200))).on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`127.0.0.1:${port}${pathName} not ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function benchLoad(): Promise<Figure[]> {
  console.log(`\n# load: ${CONNECTION_SETS.join(' and ')} connections × ${SECONDS} s per address, 1 instance and 2 behind a round-robin proxy`);
  if (!fs.existsSync('dist/ssr/entry-server.js') || !fs.existsSync('dist/web/index.html')) {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const db = await openBenchDatabase('obs_load');
  const children: ChildProcess[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-load-'));
  const results: Result[] = [];
  try {
    const env = (port: number, realData: 'on' | 'off'): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, PUBLIC_URL: `http://${HOST}:${port}`, DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', OBSERVATORY_REAL_DATA: realData };
      delete e.DATABASE_READ_URL;
      return e;
    };
    const [p1, p2, pp] = [await freePort(), await freePort(), await freePort()];
    // the first instance imports and releases the shipped real data; the second only serves
    children.push(spawnNode(['src/server/main.ts'], env(p1, 'on')));
    await ready(p1);
    const deadline = Date.now() + 600_000;
    for (;;) {
      const r = await sql<{ n: number; released: number }>`select (select count(distinct ref_area)::int from obs_rollup where valid_to is null) as n,
        (select count(distinct country_code)::int from obs_release where level = 'public') as released`.execute(db.db);
      if (r.rows[0]!.n > 0 && r.rows[0]!.released >= r.rows[0]!.n) break;
      if (Date.now() > deadline) throw new Error('the real data did not load');
      await new Promise((res) => setTimeout(res, 1000));
    }
    const run = async (instances: string, port: number) => {
      for (const connections of CONNECTION_SETS) {
        const setup = `${instances}, ${connections} conn`;
        for (const [target, url] of TARGETS) {
          await load(port, url, 1, connections); // warm: the first drawing, the data API's first answers
          const r = await load(port, url, SECONDS, connections);
          results.push({ target, setup, ...r });
          console.log(`  ${setup.padEnd(22)} ${target.padEnd(30)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  errors ${r.errors}`);
        }
      }
    };
    await run('1 instance', p1);
    children.push(spawnNode(['src/server/main.ts'], env(p2, 'off')));
    await ready(p2);
    children.push(spawnNode(['bench/load.ts', '--proxy', String(pp), String(p1), String(p2)], { ...process.env }));
    await ready(pp);
    await run('2 instances', pp);
  } finally {
    for (const c of children.reverse()) await stopChild(c);
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // Side by side: each address against `/` (the cheapest answer) in the same setup.
  const figures: Figure[] = [];
  for (const r of results) {
    const home = results.find((x) => x.setup === r.setup && x.target === '/')!;
    figures.push({ name: `load ${r.target}, ${r.setup}: req/s`, value: r.rps, unit: 'req/s', reference: `/ (${r.setup})`, referenceValue: home.rps, ratio: r.rps / home.rps });
    figures.push({ name: `load ${r.target}, ${r.setup}: p99`, value: r.p99, unit: 'ms', reference: `/ (${r.setup})`, referenceValue: home.p99, ratio: r.p99 / home.p99 });
    if (r.errors) figures.push({ name: `load ${r.target}, ${r.setup}: errors`, value: r.errors, unit: 'requests', reference: 'none', referenceValue: 0, ratio: Infinity });
  }
  return figures;
}

// `node --import tsx bench/load.ts` alone runs this benchmark; `--proxy` is the proxy's process.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('bench/load.ts')) {
  if (process.argv[2] === '--proxy') proxy(Number(process.argv[3]), process.argv.slice(4).map(Number));
  else {
    const { printTable, writeResults } = await import('./lib.ts');
    const figures = await benchLoad();
    printTable(figures);
    if (process.env.BENCH_LOAD_WRITE === '1') writeResults(figures);
    process.exit(0);
  }
}
