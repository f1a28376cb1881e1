// Runs before `npm start`: builds the web app when dist/web is missing or older than
// its sources, so `npm install && npm start` is enough on a fresh machine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist', 'web', 'index.html');
const sources = [path.join(root, 'src', 'web'), path.join(root, 'src', 'shared'), path.join(root, 'vite.config.ts')];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

if (!fs.existsSync(path.join(root, 'src', 'web'))) process.exit(0);
// The server's rendering of the public pages (dist/ssr, ADR 0008) is built by the same `vite build`.
const ssr = path.join(root, 'dist', 'ssr', 'entry-server.js');
const built = fs.existsSync(out) && fs.existsSync(ssr) ? Math.min(fs.statSync(out).mtimeMs, fs.statSync(ssr).mtimeMs) : 0;
if (built >= Math.max(...sources.map(newest))) process.exit(0);
console.log('Building the web application (first start or sources changed)…');
execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // Always the production build of React, even when a test runner (NODE_ENV=test) asks for it.
  env: { ...process.env, NODE_ENV: 'production' },
});
