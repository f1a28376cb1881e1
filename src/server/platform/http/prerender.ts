import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Server-rendered public pages (ADR 0008). The observatory's public pages are drawn on the
 * server by the web application itself (dist/ssr/entry-server.js, built by `vite build` from
 * src/web/entry-server.tsx), with the answers of this server's own data API — asked through
 * `app.inject`, exactly the questions the page asks in the browser, so no figure is computed
 * anywhere else. The page arrives with its text and figures (first paint needs no script),
 * with the style sheets it needs, the list of chunks to fetch once it has painted, and the
 * API answers for the browser to hydrate from without asking again.
 *
 * Only for readers who are not signed in (a member may see more than the public releases)
 * and only for the pages below; every other page is the single-page app as before.
 */

/** The pages drawn here, each with the route chunk it is drawn with (see the lazy imports in src/web/app/App.tsx). */
const PAGES: { re: RegExp; module: string }[] = [
  { re: /^\/observatory$/, module: 'features/explore/index.ts' },
  { re: /^\/observatory\/(explorer|countries|corridors|mirror)$/, module: 'features/explore/index.ts' },
  { re: /^\/observatory\/countries\/[A-Za-z]{3}$/, module: 'features/explore/index.ts' },
  // Missing migrants (issue 19): its list, chart and SDG table; the map is drawn in the browser.
  { re: /^\/observatory\/missing-migrants$/, module: 'features/incidents/index.ts' },
  // The GCM objectives (issue 18): the list and a page per objective; an indicator's map is drawn in the browser.
  { re: /^\/objectives(\/([1-9]|1[0-9]|2[0-3]))?$/, module: 'features/objectives/index.ts' },
  // The home (issue 21): in the app's own chunk (main.tsx), with that chunk's style sheet.
  { re: /^\/$/, module: 'main.tsx' },
  // The GCM indicator catalogue and a page per indicator (issue 18); not the members' pages under /indicators.
  { re: /^\/indicators(\/(?!(report|review|new)$)[A-Za-z0-9][A-Za-z0-9._-]{0,59})?$/, module: 'features/indicators/public-index.ts' },
];
/** The chunk that must be in a web build for this server build to draw anything (the observatory's). */
const ROUTE_MODULE = 'features/explore/index.ts';
const LANG_COOKIE = 'obs_lang';
const SESSION_COOKIE = 'obs_session';

type Locale = 'es' | 'en';
interface Renderer {
  render(req: { url: string; lang: Locale; origin: string; answer: (url: string) => Promise<{ status: number; body: string }> }): Promise<{ html: string; state: unknown; passes: number; formats?: Record<string, string> }>;
}
interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/** A drawn page, with its compressed forms made once (on first need) for as long as it is kept. */
export interface DrawnPage {
  html: string;
  encoded: { br?: Buffer; gzip?: Buffer };
}

export interface Prerenderer {
  /** The page drawn on the server, or null when this request gets the plain single-page app. */
  page(req: FastifyRequest, pagePath: string): Promise<DrawnPage | null>;
  /**
   * Public content changed (a release, a publication; heard through PostgreSQL NOTIFY on every
   * instance, docs/adr/0010): forget every kept page and answer, including drawings under way.
   */
  invalidate(): void;
  /** Counters, for tests and the benchmark: pages drawn, pages served from memory, invalidations. */
  stats(): { drawings: number; served: number; invalidations: number };
}

export interface PrerenderOptions {
  /**
   * API addresses whose answer to a reader who is not signed in is the same for every such
   * reader for the life of the process ("who is signed in": no one). The page asks them, but
   * their `no-store` is about signed-in readers; drawn pages only ever ask as no one.
   */
  sameForEveryAnonymousReader?: string[];
}

export function isPrerenderedPage(pagePath: string): boolean {
  return PAGES.some((p) => p.re.test(pagePath));
}

/** Loads the server build beside the web build (dist/web → dist/ssr); null when there is none. */
export async function loadPrerenderer(app: FastifyInstance, webDir: string, indexHtml: string, publicOrigin: string, opts: PrerenderOptions = {}): Promise<Prerenderer | null> {
  const entry = path.join(webDir, '..', 'ssr', 'entry-server.js');
  const manifestFile = path.join(webDir, '.vite', 'manifest.json');
  if (!fs.existsSync(entry) || !fs.existsSync(manifestFile)) return null;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  // A server build left from another web build would name chunks that do not exist.
  if (!manifest[ROUTE_MODULE] || !fs.existsSync(path.join(webDir, manifest[ROUTE_MODULE].file))) return null;
  const renderer = (await import(pathToFileURL(entry).href)) as Renderer;

  // The page's scripts are fetched once it has painted (boot.ts reads `data-preload`): on a
  // slow network they would otherwise share the bandwidth with the style sheets the first paint waits for.
  const modulePreload = /\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g;
  const shellScripts = [...indexHtml.matchAll(modulePreload)].map((m) => m[1]!);
  const page = indexHtml.replace(modulePreload, '');

  const head = (module: string, lang: Locale) => {
    const scripts = new Set<string>();
    const styles = new Set<string>();
    const visit = (key: string) => {
      const c = manifest[key];
      if (!c || scripts.has(c.file)) return;
      scripts.add(c.file);
      for (const css of c.css ?? []) styles.add(css);
      for (const i of c.imports ?? []) visit(i);
    };
    visit(module);
    visit(`locales/${lang}.json`);
    return {
      styles: [...styles].filter((f) => !indexHtml.includes(`/${f}"`)).map((f) => `<link rel="stylesheet" crossorigin href="/${f}">`).join(''),
      scripts: [...new Set([...shellScripts, ...[...scripts].filter((f) => !indexHtml.includes(`/${f}"`)).map((f) => `/${f}`)])].join(' '),
    };
  };
  // Per route chunk and language; a page whose chunk this web build lacks is not drawn (the app draws it).
  const heads = new Map<string, { styles: string; scripts: string }>();
  for (const m of new Set(PAGES.map((p) => p.module))) {
    if (!manifest[m] || !fs.existsSync(path.join(webDir, manifest[m].file))) continue;
    for (const lang of ['es', 'en'] as const) heads.set(`${m} ${lang}`, head(m, lang));
  }
  const headFor = (pagePath: string, lang: Locale) => {
    const p = PAGES.find((x) => x.re.test(pagePath));
    return p ? heads.get(`${p.module} ${lang}`) : undefined;
  };

  // Every kept answer and page belongs to a generation; a public change starts a new one, so
  // a drawing that began before the change (with old answers) is not kept after it.
  let generation = 0;
  const counters = { drawings: 0, served: 0, invalidations: 0 };
  const constant = new Set(opts.sameForEveryAnonymousReader ?? []);

  // The API's public answers, kept as long as their Cache-Control lets any cache keep them
  // (what a browser or a CDN in front would do), or until public content changes; never
  // answers that are not `public` (but see `sameForEveryAnonymousReader`).
  const cache = new Map<string, { until: number; status: number; body: string }>();
  const CACHE_ENTRIES = 500;
  const ask = async (apiUrl: string, lang: Locale) => {
    const key = `${lang} ${apiUrl}`;
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit;
    const asked = generation;
    const res = await app.inject({ method: 'GET', url: apiUrl, headers: { accept: 'application/json', 'accept-language': lang } });
    const answer = { until: 0, status: res.statusCode, body: res.body };
    const cc = /^public,\s*max-age=(\d+)$/.exec(String(res.headers['cache-control'] ?? ''));
    if (res.statusCode === 200 && cc) answer.until = Date.now() + Number(cc[1]) * 1000;
    else if (res.statusCode === 200 && constant.has(apiUrl.split('?')[0]!)) answer.until = Infinity;
    // A question refused as malformed (a page asks some before it knows their parameters: a
    // country profile before its latest month) is refused to everyone, whatever the data: it
    // does not stop the page from being kept (nor is it kept itself: it costs no database).
    else if (res.statusCode === 400) answer.until = Infinity;
    if (answer.until > 0 && res.statusCode === 200 && asked === generation) {
      cache.delete(key);
      cache.set(key, answer);
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    }
    return answer;
  };

  // Whole pages, kept as long as the answers they were drawn from (the earliest of their
  // `until`) or until public content changes (`invalidate`, on every instance through NOTIFY):
  // a reader of a popular page gets it without it being drawn again, and without the database
  // being asked. A page that used an answer no cache may keep is not kept. Bounded: addresses
  // are the reader's to vary.
  const pages = new Map<string, { until: number; page: DrawnPage; generation: number }>();
  const PAGE_ENTRIES = 100;
  const STALE_GRACE_MS = 30_000;
  // One drawing per page at a time: under load, the readers who arrive while it is drawn wait
  // for that drawing instead of each starting their own.
  const drawing = new Map<string, Promise<DrawnPage>>();

  const draw = async (key: string, url: string, lang: Locale, h: { styles: string; scripts: string }): Promise<DrawnPage> => {
    const started = generation;
    // The platform's public address (PUBLIC_URL), never the request's Host header: a page
    // drawn for a forged Host must not carry it (a shared cache would serve it to others).
    const origin = publicOrigin;
    let until = Infinity;
    const unkept: string[] = [];
    const { html, state, formats } = await renderer.render({
      url,
      lang,
      origin,
      answer: async (apiUrl) => {
        const a = await ask(apiUrl, lang);
        until = Math.min(until, a.until);
        if (a.until === 0) unkept.push(`${apiUrl} (${a.status})`);
        return a;
      },
    });
    // why a page is drawn for every reader: the answers no cache may keep
    if (unkept.length) app.log.debug({ page: url, answers: unkept }, 'drawn page not kept');
    counters.drawings++;
    // The answers (and the number and date texts drawn from them, so the browser adopts the
    // page without making its formats first) travel as data, not script:
    // Content-Security-Policy stays `script-src 'self'`.
    const data = JSON.stringify({ lang, state, formats, origin }).replace(/</g, '\\u003c');
    const full = page
      .replace(/<html lang="[a-z]+"/, `<html lang="${lang}"`)
      .replace('</head>', `${h.styles}</head>`)
      .replace('<div id="root"></div>', `<div id="root">${html}</div><script type="application/json" id="obs-ssr" data-preload="${h.scripts}">${data}</script>`);
    // Only answers every cache may keep (a finite `until`; the constant ones do not bound it,
    // but a page of constant answers alone is not worth keeping forever either).
    const drawn: DrawnPage = { html: full, encoded: {} };
    if (until > Date.now() && Number.isFinite(until) && started === generation) {
      pages.delete(key);
      pages.set(key, { until, page: drawn, generation: started });
      if (pages.size > PAGE_ENTRIES) pages.delete(pages.keys().next().value!);
    }
    return drawn;
  };

  const drawOnce = (key: string, url: string, lang: Locale, h: { styles: string; scripts: string }): Promise<DrawnPage> => {
    const k = `${generation} ${key}`;
    let p = drawing.get(k);
    if (!p) {
      p = draw(key, url, lang, h).finally(() => drawing.delete(k));
      drawing.set(k, p);
    }
    return p;
  };

  return {
    async page(req, pagePath) {
      // Only readers who are not signed in: a session cookie or an API token is the signed-in path.
      if (req.method !== 'GET' || !isPrerenderedPage(pagePath) || req.cookies[SESSION_COOKIE] || req.headers.authorization) return null;
      // The language the browser will show: the reader's remembered choice (src/web/i18n.ts), else Spanish.
      const lang: Locale = req.cookies[LANG_COOKIE] === 'en' ? 'en' : 'es';
      const h = headFor(pagePath, lang);
      if (!h) return null;
      const key = `${lang} ${req.url}`;
      const kept = pages.get(key);
      const now = Date.now();
      if (kept && kept.generation === generation && kept.until + STALE_GRACE_MS > now) {
        counters.served++;
        // Past its time but not invalidated by a change: served (for a short grace) while it is
        // drawn again in the background, so readers do not queue behind the drawing.
        if (kept.until <= now) void drawOnce(key, req.url, lang, h).catch((err: unknown) => req.log.warn({ err }, 'page not drawn again'));
        return kept.page;
      }
      return drawOnce(key, req.url, lang, h);
    },
    invalidate() {
      generation++;
      counters.invalidations++;
      cache.clear();
      pages.clear();
    },
    stats: () => ({ ...counters }),
  };
}

/**
 * Sends a drawn page compressed (brotli or gzip, as the browser accepts). A kept page is
 * compressed once per encoding: under load, compressing every answer again would cost more
 * than the answer itself.
 */
export function sendHtml(req: FastifyRequest, reply: FastifyReply, page: DrawnPage | string): FastifyReply {
  const p: DrawnPage = typeof page === 'string' ? { html: page, encoded: {} } : page;
  const accepts = String(req.headers['accept-encoding'] ?? '');
  reply.type('text/html; charset=utf-8');
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
  if (/\bbr\b/.test(accepts)) {
    reply.header('content-encoding', 'br');
    p.encoded.br ??= zlib.brotliCompressSync(p.html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    return reply.send(p.encoded.br);
  }
  if (/\bgzip\b/.test(accepts)) {
    reply.header('content-encoding', 'gzip');
    p.encoded.gzip ??= zlib.gzipSync(p.html, { level: 6 });
    return reply.send(p.encoded.gzip);
  }
  return reply.send(p.html);
}
