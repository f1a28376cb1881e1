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
    applyToEnvironment: (env) => env.name === 'client',
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

/**
 * The application (main.tsx) is imported by the small entry (boot.ts); the page names it and
 * its chunks as module preloads so they download with the page, not after the entry runs.
 */
function preloadApplication(): Plugin {
  return {
    name: 'observatorio-preload-application',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const main = chunks.find((c) => c.facadeModuleId?.endsWith('/src/web/main.tsx'));
        if (!main) return [];
        const files = new Set<string>();
        const visit = (name: string) => {
          const c = chunks.find((x) => x.fileName === name);
          if (!c || files.has(name)) return;
          files.add(name);
          c.imports.forEach(visit);
        };
        visit(main.fileName);
        return [...files].filter((f) => !html.includes(`/${f}"`)).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

// The web application: built into dist/web, which the Fastify server serves for every page;
// and the same pages for the server to render (dist/ssr, ADR 0008): `vite build` builds both.
export default defineConfig({
  root: path.join(root, 'src/web'),
  plugins: [react(), precompress(), preloadApplication()],
  build: {
    outDir: path.join(root, 'dist/web'),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: which chunks and style sheets a page needs (the server
    // names them in the rendered page so they download at once). Dot-files are not served.
    manifest: true,
    rolldownOptions: {
      output: {
        // The libraries every page runs, in two chunks of their own: a page the server drew
        // (ADR 0008) evaluates them one task each (boot.ts) instead of the whole application
        // in one long task. The application's own modules in few chunks: `app` (everything
        // main.tsx imports, with the small components the lazy areas share with it), `explore`
        // (the observatory pages) and `boot` (what the entry shares with them). Every chunk a
        // drawn page fetches after painting is a request its main thread starts (1–2 ms on this
        // 2-core machine, often 10–20 while the other chunks are being compiled beside it):
        // 9 instead of 16, small shared chunks no longer each their own.
        codeSplitting: {
          groups: [
            { name: 'boot', test: /preload-helper|src[\\/]web[\\/]app[\\/]tasks\.ts/, priority: 3 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            { name: 'libs', test: /node_modules[\\/](react-router|@tanstack|i18next|react-i18next|i18next-icu|intl-messageformat|@formatjs|cookie|set-cookie-parser|use-sync-external-store|html-parse-stringify|void-elements|tslib)[\\/]/, priority: 1 },
            { name: 'app', test: /src[\\/]web[\\/](main\.tsx|features[\\/]explore[\\/]ObservatoryNav\.tsx)$/, priority: 0 },
            { name: 'explore', test: /src[\\/]web[\\/]features[\\/]explore[\\/]index\.ts$/, priority: 0 },
          ],
        },
      },
    },
  },
  environments: {
    ssr: {
      // Bundled, not imported from node_modules at run time: Node reads intl-messageformat's
      // CommonJS default export differently from the browser build (ICU messages came out raw).
      resolve: { noExternal: ['i18next-icu', 'intl-messageformat', /^@formatjs\//] },
      build: {
        outDir: path.join(root, 'dist/ssr'),
        emptyOutDir: true,
        manifest: false,
        rollupOptions: { input: path.join(root, 'src/web/entry-server.tsx') },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.ssr!);
    },
  },
  server: {
    proxy: {
      '/api': api,
      '/health': api,
      '/ready': api,
    },
  },
});
