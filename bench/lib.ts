import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
