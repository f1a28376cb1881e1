import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresFileStore, randomBytesFile } from '../src/server/platform/file-store-pg.ts';
import { LocalFileStore, type FileStore } from '../src/server/platform/files.ts';
import { openBenchDatabase, type Figure } from './lib.ts';

/**
 * The file stores (docs/adr/0011): upload (receive + commit) and download (open + read)
 * of one 64 MiB file, the database store beside the folder store on the same machine.
 * Best of three runs each, a new content every upload (no de-duplication shortcut).
 */
const SIZE = 64 * 1024 * 1024;
const RUNS = 3;

async function drain(s: NodeJS.ReadableStream): Promise<number> {
  let n = 0;
  for await (const c of s as AsyncIterable<Buffer>) n += c.length;
  return n;
}

async function measure(store: FileStore, dir: string): Promise<{ up: number; down: number }> {
  let up = Infinity;
  let down = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const src = randomBytesFile(dir, SIZE);
    let t0 = performance.now();
    const f = await store.receive(fs.createReadStream(src));
    await store.commit(f);
    up = Math.min(up, (performance.now() - t0) / 1000);
    fs.rmSync(src);
    t0 = performance.now();
    const stream = await store.open(f.sha256);
    if (!stream || (await drain(stream)) !== SIZE) throw new Error('file store benchmark: read back a different size');
    down = Math.min(down, (performance.now() - t0) / 1000);
  }
  return { up, down };
}

export async function benchFileStore(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_files');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-bench-files-'));
  try {
    console.log('file store: 64 MiB up and down, database store beside folder store…');
    const local = await measure(new LocalFileStore(path.join(dir, 'local')), dir);
    const pg = await measure(new PostgresFileStore(h.db, path.join(dir, 'pg')), dir);
    const mb = SIZE / 1024 / 1024;
    const fig = (name: string, value: number, ref: number): Figure => ({ name, value: Math.round(value), unit: 'MB/s', reference: 'folder store (DATA_DIR/files)', referenceValue: Math.round(ref), ratio: Math.round((value / ref) * 100) / 100 });
    return [fig('file store (postgres): upload 64 MiB', mb / pg.up, mb / local.up), fig('file store (postgres): download 64 MiB', mb / pg.down, mb / local.down)];
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchFileStore());
  process.exit(0);
}
