import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.ts';
import { start, type Running } from '../../src/server/server.ts';
import { startEmbedded, type EmbeddedHandle } from '../../src/server/platform/db/embedded.ts';
import { hashPassword } from '../../src/server/modules/identity/crypto.ts';
import { startSmtp, type SmtpCapture } from '../../test/helpers/smtp.ts';

/**
 * One journey file's world: a fresh database, a real SMTP server that keeps what it
 * receives, the application started exactly as `npm start` does (in-process, on a free
 * port), an administrator with a known password, and Debian's Chromium.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
export const ADMIN = { email: 'admin@example.org', password: 'admin password 2024' };

export interface E2eEnv {
  url: string;
  smtp: SmtpCapture;
  running: Running;
  browser: Browser;
  /** A new browser context (its own cookies and storage) with one page. */
  newPage(opts?: { locale?: string }): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    await c.end().catch(() => {});
    return false;
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The PostgreSQL server to create the journey's database on: DATABASE_URL, the local one, or an embedded one. */
async function postgresServer(): Promise<{ adminUrl: string; embedded?: EmbeddedHandle; tmp?: string }> {
  const candidates = [process.env.E2E_DATABASE_URL, process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'].filter((u): u is string => !!u);
  for (const url of candidates) if (await reachable(url)) return { adminUrl: url };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-e2e-pg-'));
  const embedded = await startEmbedded({ dataDir: tmp, port: await freePort() });
  return { adminUrl: embedded.url, embedded, tmp };
}

/** dist/web must exist and be current: the server serves it. */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web-if-stale.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) throw new Error('dist/web/index.html is missing after the build');
}

/**
 * `realData`: load the shipped americas-flows files at start as `npm start` does. Off by
 * default: only the observatory journeys need them, and loading them costs every other
 * journey CPU time on a 2-core machine.
 */
export async function startEnv(name: string, opts: { realData?: boolean; env?: Record<string, string> } = {}): Promise<E2eEnv> {
  ensureWebBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const server = await postgresServer();
  const dbName = `obs_e2e_${name.replace(/\W/g, '_')}_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(server.adminUrl, `create database ${dbName}`);
  const smtp = await startSmtp();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const quiet = console.log;
  // start() prints the set-up link and the address: not useful in test output.
  console.log = () => {};
  let running: Running;
  try {
    running = await start(
      loadConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, DATABASE_URL: withDb(server.adminUrl, dbName), SMTP_URL: smtp.url, LOG_LEVEL: 'silent', OBSERVATORY_REAL_DATA: opts.realData ? 'on' : 'off', ...opts.env }),
    );
  } finally {
    console.log = quiet;
  }
  await running.database.db
    .insertInto('app_user')
    .values({ email: ADMIN.email, display_name: 'Ana Administradora', role: 'admin', password_hash: await hashPassword(ADMIN.password) })
    .execute();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const contexts: BrowserContext[] = [];

  return {
    url,
    smtp,
    running,
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext({ baseURL: url, locale: opts.locale ?? 'es-ES', viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      // Script errors and Content-Security-Policy violations; failed HTTP statuses are expected in some journeys.
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
      });
      return { context, page, problems };
    },
    async shot(page, shotName) {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${shotName}.png`), fullPage: true });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await running.stop().catch(() => {});
      await smtp.close().catch(() => {});
      await adminQuery(server.adminUrl, `drop database if exists ${dbName} with (force)`).catch(() => {});
      await server.embedded?.stop().catch(() => {});
      if (server.tmp) fs.rmSync(server.tmp, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form. */
export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(/Correo electrónico|E-mail/).fill(email);
  await page.getByLabel(/^(Contraseña|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Iniciar sesión|Sign in)$/ }).click();
  await page.getByRole('link', { name: /Mi cuenta|My account/ }).waitFor();
}
