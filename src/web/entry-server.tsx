import { AsyncLocalStorage } from 'node:async_hooks';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { prerenderToNodeStream } from 'react-dom/static';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import i18next, { type i18n as I18n, type ThirdPartyModule } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { configureClient, type Locale } from './api/client.ts';
import { App } from './app/App.tsx';
import { I18N_OPTIONS, IcuFormat } from './i18n.ts';
import { recordFormats } from './features/explore/format.ts';
import { recordOrigin } from './features/explore/hydration.ts';

/**
 * The server's rendering of a public page (ADR 0008), built by `vite build` into dist/ssr and
 * called by src/server/platform/http/prerender.ts. The page asks the data API what it would
 * ask in the browser — through `answer`, the server's own API routes — and is drawn again
 * with the answers until it asks nothing new; the answers travel with the HTML so the
 * browser's first render (hydration) draws exactly the same page without asking again.
 */
export interface RenderRequest {
  /** path and query of the page */
  url: string;
  lang: Locale;
  /** the site's address as the reader asked for it (scheme, host, port), e.g. for embed codes */
  origin?: string;
  /** GET one API address (with `lang=`); the server answers from its own routes. */
  answer: (url: string) => Promise<{ status: number; body: string }>;
}

export interface Rendered {
  html: string;
  /** the data the page was drawn from, for the browser's query client */
  state: DehydratedState;
  /** how many times the page was drawn (each time with the answers to what it asked before) */
  passes: number;
  /** the number and date texts the page was drawn with (format.ts), for the browser's hydration */
  formats: Record<string, string>;
}

const request = new AsyncLocalStorage<RenderRequest & { formats: Map<string, string> }>();
recordFormats(() => request.getStore()?.formats);
recordOrigin(() => request.getStore()?.origin);
configureClient({
  lang: () => request.getStore()?.lang ?? 'es',
  fallback: (kind) => (kind === 'network' ? 'Network error' : 'Unexpected error'),
  async fetch(url) {
    const r = request.getStore();
    if (!r) throw new Error('no page is being rendered');
    const res = await r.answer(url);
    return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
  },
});

// One i18next per language (read-only once made).
const instances = new Map<Locale, Promise<I18n>>();
function i18nFor(lang: Locale): Promise<I18n> {
  let inst = instances.get(lang);
  if (!inst) {
    inst = (lang === 'en' ? import('./locales/en.json') : import('./locales/es.json')).then(async (m) => {
      const i = i18next.createInstance();
      await i.use(IcuFormat as unknown as ThirdPartyModule).init({ ...I18N_OPTIONS, lng: lang, resources: { [lang]: { translation: m.default } } });
      return i;
    });
    instances.set(lang, inst);
  }
  return inst;
}

/**
 * One drawing of the page, as plain HTML (no streaming script: the page's CSP allows none).
 * A lazily loaded part not yet loaded leaves a client-render mark; it is then loaded (a
 * pre-render waits for it) and the page drawn again.
 */
async function draw(url: string, client: QueryClient, i18n: I18n): Promise<string> {
  const page = (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App client={client} location={url} />
      </I18nextProvider>
    </StrictMode>
  );
  const html = renderToString(page);
  if (!html.includes('<!--$!-->')) return html;
  const { prelude } = await prerenderToNodeStream(page);
  prelude.resume();
  await new Promise((resolve) => prelude.on('end', resolve));
  return renderToString(page);
}

/**
 * Questions the page never answers for the browser. None at present: even "who is signed in"
 * is asked, because only readers without a session cookie get a drawn page (prerender.ts), and
 * the API answers them "no one" (no user, no CSRF token) — so the browser shows the signed-out
 * header at once instead of asking and redrawing it while it adopts the page.
 */
const PRIVATE = new Set<string>();
const MAX_PASSES = 4;

export function render(req: RenderRequest): Promise<Rendered> {
  const formats = new Map<string, string>();
  return request.run({ ...req, formats }, async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const i18n = await i18nFor(req.lang);
    let html = await draw(req.url, client, i18n);
    let passes = 1;
    const done = new Set<string>();
    for (; passes < MAX_PASSES; passes++) {
      const asked = client
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.status === 'pending' && typeof q.options.queryFn === 'function' && !PRIVATE.has(String(q.queryKey[0])) && !done.has(q.queryHash));
      if (!asked.length) break;
      for (const q of asked) done.add(q.queryHash);
      await Promise.all(asked.map((q) => client.fetchQuery({ queryKey: q.queryKey, queryFn: q.options.queryFn, staleTime: 0 }).catch(() => undefined)));
      // A question the API refused is asked again by the browser, which shows the answer as it always did.
      client.removeQueries({ predicate: (q) => q.state.status === 'error' });
      html = await draw(req.url, client, i18n);
    }
    return { html, state: dehydrate(client), passes, formats: Object.fromEntries(formats) };
  });
}
