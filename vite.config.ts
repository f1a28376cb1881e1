import fs from 'node:fs';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const api = 'http://localhost:3000';

/**
 * Writes a .br and a .gz beside every script, style sheet and data file of the build, once,
 * so the server sends them compressed without compressing on each request
 * (@fastify/static `preCompressed`).
 */
function precompress(): Plugin {
  return {
    name: 'observatorio-precompress',
    apply: 'build',
    closeBundle() {
      const dir = path.join(root, 'dist/web/assets');
      if (!fs.existsSync(dir)) return;
      for (const f of fs.readdirSync(dir)) {
        if (!/\.(js|css|json|svg|html)$/.test(f)) continue;
        const body = fs.readFileSync(path.join(dir, f));
        if (body.length < 1024) continue;
        fs.writeFileSync(path.join(dir, `${f}.br`), zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(path.join(dir, `${f}.gz`), zlib.gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The web application: built into dist/web, which the Fastify server serves for every page.
export default defineConfig({
  root: path.join(root, 'src/web'),
  plugins: [react(), precompress()],
  build: {
    outDir: path.join(root, 'dist/web'),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': api,
      '/health': api,
      '/ready': api,
    },
  },
});
