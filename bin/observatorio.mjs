#!/usr/bin/env node
// The `observatorio` command: runs src/cli/main.ts under tsx, wherever it is called from.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const tsx = require.resolve('tsx'); // the project's own tsx, not one on PATH
// A 32 MB young generation, as `npm start` has (package.json): an import of a large file
// allocates short-lived strings per row, and small semi-spaces made the collector a quarter
// of its time (ADR 0004, session 6).
const child = spawn(process.execPath, ['--max-semi-space-size=32', '--import', pathToFileURL(tsx).href, path.join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// Signals go to the tool itself, which closes the database cleanly.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal); // die of the same signal, as a shell expects
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
