/**
 * DuckDB is only the benchmarks' reference, not a dependency of the platform: npm 11 writes
 * a lock file without its other-platform bindings and `npm ci` then refuses the lock, so it
 * is installed on demand here (npm registry, no change to package.json or the lock file).
 */
export interface DuckResult {
  getRowObjectsJson(): Promise<Record<string, unknown>[]>;
}
export interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<DuckResult>;
  closeSync(): void;
}
export interface DuckModule {
  DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<{ connect(): Promise<DuckConnection> }> };
}
// A specifier in a variable: the type-checker must not require the package to be installed.
const DUCKDB = '@duckdb/node-api';
export const DUCKDB_VERSION = '1.5.6-r.1';
export async function loadDuckDB(): Promise<DuckModule> {
  try {
    return (await import(DUCKDB)) as DuckModule;
  } catch {
    const { execFileSync } = await import('node:child_process');
    console.log('installing @duckdb/node-api for the DuckDB reference (not saved)…');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `${DUCKDB}@${DUCKDB_VERSION}`], { stdio: 'inherit' });
    // the loader remembers that the package was missing: import its main file by path
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const dir = path.resolve('node_modules', DUCKDB);
    const main = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main?: string }).main ?? 'index.js';
    return (await import(pathToFileURL(path.join(dir, main)).href)) as DuckModule;
  }
}
