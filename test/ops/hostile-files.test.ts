import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../helpers/db.ts';
import { CORPUS, corpusFiles, fullKey, type Hostile } from '../helpers/hostile-corpus.ts';
import { hashPassword } from '../../src/server/modules/identity/crypto.ts';
import { catalogs } from '../../src/server/platform/i18n/index.ts';
import { childEnv, freePort, startNode, waitReady, type Running } from './process.ts';

/**
 * The hostile corpus (zip bombs, a 2 GiB cell, 10 M rows, deep XML, billion laughs, forged and
 * truncated archives, CSV and JSON past the limits) sent to every upload route of the real
 * server, run as `npm start` runs it, in a child process whose peak resident memory (VmHWM,
 * reset before each route through /proc/<pid>/clear_refs) must stay ≤ 400 MB. Every answer
 * is a 4xx whose message is one of the caller's language's, and the server still answers.
 */
// 300 MB until the PDF library, six more modules and the UNHCR files (imported in the background at
// start, while this test runs) joined the server: 303–331 MB measured on 2026-12-07. A hostile file
// held whole in memory (the corpus has a 2 GiB cell and a zip bomb) still goes far past this bound.
const PEAK_LIMIT_MB = 400;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-hostile-'));
const MEETING = 'champions-forum-ii-2024-san-salvador';
let tdb: TestDatabase;
let server: Running;
let base = '';
let auth: Record<string, string> = {};
let files: Map<string, string>;
const ids = { roadmap: '', action: '', practice: '' };

const status = (pid: number) => fs.readFileSync(`/proc/${pid}/status`, 'utf8');
const kB = (pid: number, field: 'VmHWM' | 'VmRSS') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status(pid))?.[1] ?? NaN);
/** Linux: writing 5 to clear_refs resets the peak resident set size of the process. */
const resetPeak = (pid: number) => fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');

async function call(method: string, url: string, body?: BodyInit, headers: Record<string, string> = {}) {
  const res = await fetch(base + url, { method, body, headers: { ...auth, ...headers } });
  const text = await res.text();
  let json: { id?: string; error?: { code: string; message: string; issues?: { path: string; message: string }[] } } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: the assertions below say so
  }
  return { status: res.status, json, text };
}
const form = (name: string, bytes: Buffer, fields: Record<string, string> = {}) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  fd.set('file', new Blob([new Uint8Array(bytes)]), name);
  return fd;
};

/** A message of the caller's catalogue (placeholders as wildcards): translated, not a key, not the other language. */
function templates(lang: 'es' | 'en') {
  const out: { key: string; re: RegExp }[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') {
      const re = node.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^{}]*\}/g, '.+?');
      out.push({ key: prefix, re: new RegExp(`^${re}$`, 's') });
    } else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(catalogs[lang].errors, 'errors');
  return out;
}
const TEMPLATES = { es: templates('es'), en: templates('en') };
const keyOf = (lang: 'es' | 'en', message: string) => TEMPLATES[lang].find((t) => t.re.test(message))?.key;

interface Route {
  name: string;
  send: (h: Hostile, bytes: Buffer, lang: 'es' | 'en') => Promise<{ status: number; json: { error?: { code: string; message: string; issues?: { message: string }[] } }; text: string }>;
  /** the route does not take files of this kind at all */
  skip?: (h: Hostile) => boolean;
  /** the answer expected: a message key, or a success status for a file the route may take */
  expect: (h: Hostile) => string | number | null;
}

const attachment = (h: Hostile) => (h.kind !== 'xlsx' ? null : h.storable ? 201 : fullKey(h));
const ROUTES: Route[] = [
  { name: 'POST /submissions', send: (h, b, lang) => call('POST', '/api/v1/submissions', form(h.name, b), { 'accept-language': lang }), expect: fullKey },
  {
    name: 'POST /submissions/inspect',
    send: (h, b, lang) => call('POST', '/api/v1/submissions/inspect', form(h.name, b), { 'accept-language': lang }),
    // inspect reads the first rows only: many rows are not its business
    expect: (h) => (h.name === 'rows-6m.csv' ? 200 : fullKey(h)),
  },
  {
    name: 'POST /roadmaps/:id/actions/import',
    send: (h, b, lang) => {
      // the route takes at most 5 MB (base64 in JSON): the start of the larger CSV files
      const content = (h.kind === 'csv' ? b.subarray(0, 4 * 1024 * 1024) : b).toString('base64');
      return call('POST', `/api/v1/roadmaps/${ids.roadmap}/actions/import`, JSON.stringify({ format: h.kind === 'xlsx' ? 'xlsx' : 'csv', content }), { 'content-type': 'application/json', 'accept-language': lang });
    },
    skip: (h) => h.kind === 'json',
    // 6,000 rows at most: the row bombs may be stopped by their rows before their size
    expect: (h) => (h.kind === 'xlsx' && !h.name.startsWith('rows-') && h.name !== 'lying-size.xlsx' ? fullKey(h) : null),
  },
  { name: 'POST /practices/:id/attachments', send: (h, b, lang) => call('POST', `/api/v1/practices/${ids.practice}/attachments`, form(h.name, b), { 'accept-language': lang }), expect: attachment },
  { name: 'POST /actions/:id/evidence', send: (h, b, lang) => call('POST', `/api/v1/actions/${ids.action}/evidence`, form(h.name, b), { 'accept-language': lang }), expect: attachment },
  {
    name: 'POST /meetings/:key/documents',
    send: (h, b, lang) => call('POST', `/api/v1/meetings/${MEETING}/documents?kind=report&language=es&title=X`, form(h.name, b), { 'accept-language': lang }),
    // plain text is a document too: the CSV files under 20 MB are taken
    expect: (h) => (h.kind === 'csv' && fs.statSync(files.get(h.name)!).size <= 20 * 1024 * 1024 ? 201 : attachment(h)),
  },
];

beforeAll(async () => {
  files = await corpusFiles();
  tdb = await testDatabase();
  await tdb.db
    .insertInto('app_user')
    .values({ email: 'hostile.admin@example.org', role: 'admin', password_hash: await hashPassword('a hostile test password') })
    .execute();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startNode('src/server/main.ts', childEnv({ DATABASE_URL: tdb.url, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', OBSERVATORY_REAL_DATA: 'off' }, ['PUBLIC_URL']));
  await waitReady(`${base}/ready`, server);
  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'hostile.admin@example.org', password: 'a hostile test password' }) });
  expect(signIn.status).toBe(200);
  const cookie = /obs_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
  auth = { cookie, 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken };
  const json = { 'content-type': 'application/json' };
  ids.roadmap = (await call('POST', '/api/v1/roadmaps', JSON.stringify({ title: { es: 'Hoja de ruta' }, periodStart: '2025-01-01' }), json)).json.id!;
  ids.action = (await call('POST', `/api/v1/roadmaps/${ids.roadmap}/actions`, JSON.stringify({ title: { es: 'Acción' }, responsibleCountry: 'PAN' }), json)).json.id!;
  const practice = await call('POST', '/api/v1/practices', JSON.stringify({ title: { es: 'Guía de retorno' }, kind: 'tool', organisations: ['IOM'], objectives: [21] }), json);
  expect(practice.status, practice.text).toBe(201);
  ids.practice = practice.json.id!;
}, 300_000);

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await tdb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hostile files on every upload route', () => {
  it(`are refused in the caller's language, store nothing, and keep the server under ${PEAK_LIMIT_MB} MB`, { timeout: 900_000 }, async () => {
    const pid = server.child.pid!;
    const peaks: Record<string, number> = { 'after start': Math.round(kB(pid, 'VmHWM') / 1024) };
    const wrong: string[] = [];
    for (const route of ROUTES) {
      resetPeak(pid);
      if (process.env.HOSTILE_TRACE) console.log('reset', route.name, Math.round(kB(pid, 'VmRSS') / 1024));
      let n = 0;
      for (const h of CORPUS) {
        if (route.skip?.(h)) continue;
        const lang = n++ % 2 ? 'en' : 'es';
        const r = await route.send(h, fs.readFileSync(files.get(h.name)!), lang);
        const want = route.expect(h);
        // the issue carries the specific refusal (the top message of a 400 is the generic "one value is not valid")
        const got = r.status < 300 ? r.status : keyOf(lang, r.json.error?.issues?.[0]?.message ?? r.json.error?.message ?? '');
        if (process.env.HOSTILE_TRACE) console.log(route.name, h.name, r.status, Math.round(kB(pid, 'VmRSS') / 1024), Math.round(kB(pid, 'VmHWM') / 1024));
        const where = `${route.name} ${h.name} (${lang}): ${r.status} ${r.text.slice(0, 200)}`;
        if (r.status >= 500) wrong.push(`5xx: ${where}`);
        else if (typeof want === 'number' ? got !== want : r.status < 400 || !got || (want !== null && got !== want)) wrong.push(`expected ${want ?? 'a translated 4xx'}: ${where}`);
      }
      peaks[route.name] = Math.round(kB(pid, 'VmHWM') / 1024);
    }
    console.log('peak resident memory (MB) per route:', peaks);
    expect(wrong).toEqual([]);
    for (const [route, mb] of Object.entries(peaks)) expect(mb, route).toBeLessThanOrEqual(PEAK_LIMIT_MB);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const stored = await tdb.db.selectFrom('obs_submission').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });
});
