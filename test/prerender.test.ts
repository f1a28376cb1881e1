import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type TestApp } from './helpers/app.ts';

/**
 * Server-drawn public pages (ADR 0008, src/server/platform/http/prerender.ts), with a small
 * stand-in for the server build (dist/ssr/entry-server.js) that asks the real API through
 * the `answer` it is given, as the real one does.
 */
describe('server-drawn observatory pages', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-ssr-'));
  const web = path.join(dist, 'web');
  const index = '<!doctype html>\n<html lang="es">\n<head><title>Observatorio</title><script type="module" crossorigin src="/assets/boot-1.js"></script>\n<link rel="modulepreload" crossorigin href="/assets/main-1.js"></head>\n<body><div id="root"></div></body>\n</html>\n';
  let t: TestApp;
  beforeAll(async () => {
    fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
    fs.mkdirSync(path.join(web, '.vite'));
    fs.mkdirSync(path.join(dist, 'ssr'));
    fs.writeFileSync(path.join(web, 'index.html'), index);
    for (const f of ['boot-1.js', 'main-1.js', 'app-1.js', 'app-1.css', 'explore-1.js', 'incidents-1.js', 'shared-1.js', 'explore-1.css', 'es-1.js', 'en-1.js']) fs.writeFileSync(path.join(web, 'assets', f), '/**/');
    fs.writeFileSync(
      path.join(web, '.vite', 'manifest.json'),
      JSON.stringify({
        'boot.ts': { file: 'assets/boot-1.js', isEntry: true },
        'features/explore/index.ts': { file: 'assets/explore-1.js', imports: ['_shared-1.js'], css: ['assets/explore-1.css'] },
        'features/incidents/index.ts': { file: 'assets/incidents-1.js', imports: ['_shared-1.js'] },
        '_shared-1.js': { file: 'assets/shared-1.js' },
        'main.tsx': { file: 'assets/main-1.js', imports: ['_app-1.js'] },
        '_app-1.js': { file: 'assets/app-1.js', css: ['assets/app-1.css'] },
        'locales/es.json': { file: 'assets/es-1.js' },
        'locales/en.json': { file: 'assets/en-1.js' },
      }),
    );
    fs.writeFileSync(
      path.join(dist, 'ssr', 'entry-server.js'),
      `let drawings = 0;
      export async function render({ url, lang, answer }) {
        if (url.includes('ZZZ')) throw new Error('cannot draw');
        // what every real page asks: who is signed in (as no one), and here the countries and the release calendar
        const session = JSON.parse((await answer('/api/v1/auth/session')).body);
        const res = await answer('/api/v1/reference/countries?lang=' + lang);
        const releases = JSON.parse((await answer('/api/v1/releases?dataflow=MIG_FLOWS')).body).items.filter((r) => !r.announced).length;
        // an answer without a public Cache-Control (no cache may keep it)
        if (url.includes('private')) await answer('/api/v1/observatory/policies');
        // a question asked before its parameters are known (a country profile's first drawing): refused as malformed
        if (url.includes('early')) await answer('/api/v1/data/MIG_FLOWS?REF_AREA=CRI&startPeriod=&endPeriod=');
        if (url.includes('slow')) await new Promise((r) => setTimeout(r, 400));
        const n = JSON.parse(res.body).items.length;
        drawings++;
        return { html: '<h1>' + url + ' ' + lang + ' ' + n + '</h1><p>drawing ' + drawings + '</p><p>releases ' + releases + '</p><p>user ' + session.user + '</p>', state: { queries: [{ note: '</script><script>alert(1)</script>' }] }, passes: 1 };
      }`,
    );
    t = await testApp({ webDistDir: web });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const page = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity', ...headers } });

  it('draws the page with the API’s answers, names its chunks, and keeps the CSP strict', async () => {
    const res = await page('/observatory/countries/CRI');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self';");
    const countries = (await t.app.inject({ method: 'GET', url: '/api/v1/reference/countries?lang=es' })).json().items.length;
    expect(res.body).toContain(`<div id="root"><h1>/observatory/countries/CRI es ${countries}</h1><p>drawing 1</p><p>releases 0</p><p>user null</p></div>`);
    expect(res.body).toMatch(/data-preload="[^"]*\/assets\/explore-1.js/);
    expect(res.body).toMatch(/data-preload="[^"]*\/assets\/shared-1.js/);
    expect(res.body).toMatch(/data-preload="[^"]*\/assets\/es-1.js/);
    expect(res.body).not.toContain('en-1.js');
    expect(res.body).toContain('<link rel="stylesheet" crossorigin href="/assets/explore-1.css">');
    // The answers travel as data that no browser runs, and cannot close their own element.
    // The shell's own preloads wait for the first paint too (boot.ts).
    expect(res.body).not.toContain('<link rel="modulepreload"');
    expect(res.body).toMatch(/data-preload="\/assets\/main-1.js [^"]*"/);
    const data = /<script type="application\/json" id="obs-ssr"[^>]*>(.*?)<\/script>/s.exec(res.body)?.[1] ?? '';
    expect(data).not.toContain('</script>');
    // With the platform's public address (embed codes are drawn with it).
    expect(JSON.parse(data)).toEqual({ lang: 'es', state: { queries: [{ note: '</script><script>alert(1)</script>' }] }, origin: new URL(t.config.publicUrl).origin });
  });

  it('draws every public observatory page: home, explorer, countries, a profile, corridors, mirror', async () => {
    for (const url of ['/observatory', '/observatory/explorer?flow=REG_ENTRY', '/observatory/countries', '/observatory/countries/CRI', '/observatory/corridors?nationality=VEN', '/observatory/mirror?a=CRI&b=COL']) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(`<div id="root"><h1>${url} es `);
    }
  });

  it('draws the home page with the app chunk’s style sheet and no route chunk', async () => {
    const res = await page('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root"><h1>/ es ');
    expect(res.body).toContain('<link rel="stylesheet" crossorigin href="/assets/app-1.css">');
    expect(res.body).toMatch(/data-preload="[^"]*\/assets\/app-1.js/);
    expect(res.body).not.toMatch(/data-preload="[^"]*\/assets\/explore-1.js/);
  });

  it('draws the missing-migrants page with its own chunk (not the explorer’s)', async () => {
    const res = await page('/observatory/missing-migrants?route=Central+American+Route');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root"><h1>/observatory/missing-migrants?route=Central+American+Route es ');
    expect(res.body).toMatch(/data-preload="[^"]*\/assets\/incidents-1.js/);
    expect(res.body).not.toMatch(/data-preload="[^"]*\/assets\/explore-1.js/);
    // an incident's own page and the signed-in forms stay the single-page app
    expect((await page('/observatory/missing-migrants/new')).body).toContain('<div id="root"></div>');
  });

  it('keeps a drawn page while its answers are fresh, per address and language, never one drawn from a private answer', async () => {
    const first = await page('/observatory/countries/PAN');
    expect(drawing((await page('/observatory/countries/PAN')).body)).toBe(drawing(first.body));
    expect(drawing((await page('/observatory/countries/PAN?x=1')).body)).not.toBe(drawing(first.body));
    expect(drawing((await page('/observatory/countries/PAN', { cookie: 'obs_lang=en' })).body)).not.toBe(drawing(first.body));
    // a malformed question is refused to everyone alike: the page is still kept
    const early = await page('/observatory/countries/CRI?early=1');
    expect(drawing((await page('/observatory/countries/CRI?early=1')).body)).toBe(drawing(early.body));
    const a = await page('/observatory/explorer?private=1');
    const b = await page('/observatory/explorer?private=1');
    expect(a.statusCode).toBe(200);
    expect(drawing(b.body)).not.toBe(drawing(a.body));
  });

  it('never draws a forged Host header into the page', async () => {
    const res = await page('/observatory/countries/CRI', { host: 'evil.example', 'x-forwarded-host': 'evil.example' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('evil.example');
  });

  it('draws in the language the reader chose (cookie), else Spanish', async () => {
    const en = await page('/observatory', { cookie: 'obs_lang=en' });
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('<h1>/observatory en ');
    expect(en.body).toContain('/assets/en-1.js');
    const es = await page('/observatory', { 'accept-language': 'en' });
    expect(es.body).toContain('<h1>/observatory es ');
  });

  it('sends the drawn page compressed when the browser accepts it', async () => {
    const br = await page('/observatory/explorer?flow=REG_ENTRY', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toContain('<h1>/observatory/explorer?flow=REG_ENTRY es ');
    const gz = await page('/observatory', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toContain('<h1>/observatory es ');
  });

  it('gives the plain application to signed-in readers, to other pages, and when drawing fails', async () => {
    for (const [url, headers] of [
      ['/observatory', { cookie: 'obs_session=anything' }],
      ['/practices', {}],
      ['/observatory/embed?flow=REG_ENTRY', {}],
      ['/observatory/countries/ZZZ', {}],
    ] as const) {
      const res = await page(url, headers);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(index);
    }
    expect((await page('/observatory/nothing-here')).statusCode).toBe(404);
    // an indicator code that names no catalogue entry is a missing page, as a link checker expects
    expect((await page('/indicators/NO.SUCH.CODE')).statusCode).toBe(404);
    // an API token is the signed-in path too (a wrong one is refused before any page)
    expect((await page('/observatory', { authorization: 'Bearer obs_nothing' })).body).not.toContain('<div id="root"><h1>');
  });

  const drawing = (body: string) => /drawing (\d+)/.exec(body)?.[1];
  const releases = (body: string) => Number(/releases (\d+)/.exec(body)?.[1]);

  it('answers a kept page from memory: no drawing, no API question, no database connection', async () => {
    const first = await page('/observatory?kept=1');
    expect(first.body).toContain('<p>user null</p>');
    const pool = t.db.pool;
    let checkouts = 0;
    const count = () => checkouts++;
    pool.on('acquire', count);
    const before = t.pages!.stats();
    try {
      for (let i = 0; i < 5; i++) expect(drawing((await page('/observatory?kept=1')).body)).toBe(drawing(first.body));
    } finally {
      pool.off('acquire', count);
    }
    const after = t.pages!.stats();
    expect(after.served - before.served).toBe(5);
    expect(after.drawings).toBe(before.drawings);
    expect(checkouts).toBe(0);
  });

  it('draws a page once for readers who arrive together', async () => {
    const before = t.pages!.stats().drawings;
    const all = await Promise.all(Array.from({ length: 8 }, () => page('/observatory?together=1')));
    expect(new Set(all.map((r) => drawing(r.body))).size).toBe(1);
    expect(t.pages!.stats().drawings - before).toBe(1);
  });

  it('does not keep a page whose drawing began before a change', async () => {
    const pending = page('/observatory?slow=1');
    // the stand-in waits 400 ms after asking its questions; the change arrives meanwhile
    await new Promise((r) => setTimeout(r, 150));
    t.pages!.invalidate();
    const a = await pending;
    const b = await page('/observatory?slow=1');
    expect(drawing(b.body)).not.toBe(drawing(a.body));
  });

  it('a release through another instance makes this instance’s kept page fresh within a second', async () => {
    const other = await testApp({ webDistDir: web, database: t.db });
    try {
      await createUser(t, { email: 'ssr.sec@example.org', role: 'secretariat' });
      const sec = await signIn(t, 'ssr.sec@example.org');
      const kept = await other.app.inject({ method: 'GET', url: '/observatory' });
      expect(drawing((await other.app.inject({ method: 'GET', url: '/observatory' })).body)).toBe(drawing(kept.body));
      const rel = await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'HND', level: 'public' } });
      expect(rel.statusCode, rel.body).toBe(201);
      const released = Date.now();
      let seen = releases(kept.body);
      while (seen === releases(kept.body) && Date.now() - released < 1000) {
        seen = releases((await other.app.inject({ method: 'GET', url: '/observatory' })).body);
        if (seen === releases(kept.body)) await new Promise((r) => setTimeout(r, 20));
      }
      expect(seen).toBe(releases(kept.body) + 1);
      expect(Date.now() - released).toBeLessThan(1000);
    } finally {
      await other.close();
    }
  });

  it('after losing its listening connection, forgets what it kept and hears changes again', async () => {
    const kept = await page('/observatory?lost=1');
    const before = t.pages!.stats().invalidations;
    await t.db.pool.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'observatorio-listen'`);
    // one reset on the loss, one on the new connection
    const deadline = Date.now() + 10_000;
    while (t.pages!.stats().invalidations < before + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(t.pages!.stats().invalidations).toBeGreaterThanOrEqual(before + 2);
    expect(drawing((await page('/observatory?lost=1')).body)).not.toBe(drawing(kept.body));
    // and the new connection listens
    const again = await page('/observatory?lost=1');
    const n = t.pages!.stats().invalidations;
    await t.db.pool.query(`select pg_notify('observatorio_public_change', '{"kind":"test"}')`);
    while (t.pages!.stats().invalidations === n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(drawing((await page('/observatory?lost=1')).body)).not.toBe(drawing(again.body));
  });
});
