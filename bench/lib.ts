import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateAll, seedAll } from '../src/server/composition.ts';
import { createDatabase, type DatabaseHandle } from '../src/server/platform/db/database.ts';
import { startEmbedded, type EmbeddedHandle } from '../src/server/platform/db/embedded.ts';

/** Shared pieces of the benchmarks: a database to run on, timing, and the results file. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  reference: string;
  referenceValue: number;
  ratio: number;
}

export async function benchDatabase(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-bench-pg-'));
  const pg: EmbeddedHandle = await startEmbedded({ dataDir: dir, port: 56000 + Math.floor(Math.random() * 3000) });
  return {
    adminUrl: pg.url,
    async stop() {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated and seeded database of its own, made for one benchmark run. */
export interface BenchDatabase extends DatabaseHandle {
  /** The database's name on the bench server (`<prefix>_<random hex>`). */
  name: string;
  /** Its connection URL, for a configuration or a raw client. */
  url: string;
}

/**
 * A fresh database on the bench server (benchDatabase()), under a random name so runs never
 * meet, migrated and seeded. `close()` (in the benchmark's `finally`) closes and drops it and
 * stops the server, unless `keep` (for EXPLAIN ANALYZE sessions afterwards; the name is
 * printed then). A failed migration or seed cleans up before the error goes on.
 */
export async function openBenchDatabase(prefix: string, opts: { keep?: boolean } = {}): Promise<BenchDatabase> {
  const server = await benchDatabase();
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  const h = createDatabase(url.toString());
  const close = async () => {
    await h.close();
    if (opts.keep) console.log(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await server.stop();
  };
  try {
    await migrateAll(h.db);
    await seedAll(h.db);
  } catch (err) {
    await close();
    throw err;
  }
  return { db: h.db, pool: h.pool, name, url: url.toString(), close };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function timeMany(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Times several ways of answering the same n questions: question i is answered every way back
 * to back, starting with a different way each time, so that background load and cache warmth
 * fall on every way alike. Returns each way's sorted times.
 */
export async function timeInterleaved(n: number, ways: ((i: number) => Promise<unknown>)[]): Promise<number[][]> {
  const out: number[][] = ways.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < ways.length; k++) {
      const w = (i + k) % ways.length;
      const t0 = performance.now();
      await ways[w]!(i);
      out[w]!.push(performance.now() - t0);
    }
  }
  return out.map((times) => times.sort((a, b) => a - b));
}

/**
 * GET through a kept-alive connection with Node's own HTTP client, the body read whole. A
 * benchmark's client should cost little beside what it measures: `fetch` (undici) spends
 * 1–2 ms a request of the same event loop the server under test runs on.
 */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
export function httpGet(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: keepAlive }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [f.name, `${round(f.value)} ${f.unit}`, f.reference, `${round(f.referenceValue)} ${f.unit}`, Number.isFinite(f.ratio) ? `${round(f.ratio)}×` : '—']);
  const head = ['benchmark', 'value', 'reference', 'reference value', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}

export function writeResults(figures: Figure[]): void {
  const file = path.resolve('bench/results/latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(figures.map((f) => ({ ...f, value: round(f.value), referenceValue: round(f.referenceValue), ratio: round(f.ratio) })), null, 2) + '\n');
}
