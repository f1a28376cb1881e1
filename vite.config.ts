import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const api = 'http://localhost:3000';

// The web application: built into dist/web, which the Fastify server serves for every page.
export default defineConfig({
  root: path.join(root, 'src/web'),
  plugins: [react()],
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
