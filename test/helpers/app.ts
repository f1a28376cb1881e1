import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppServices } from '../../src/server/app.ts';
import type { Prerenderer } from '../../src/server/platform/http/prerender.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { createMailer, type Mailer } from '../../src/server/platform/mail/index.ts';
import type { Role } from '../../src/server/platform/db/schema.ts';
import { hashPassword } from '../../src/server/modules/identity/crypto.ts';
import { testDatabase, type TestDatabase } from './db.ts';

/**
 * An app on its own database, driven through fastify.inject (real HTTP handling, real
 * PostgreSQL, no network port).
 */
export interface TestApp {
  app: FastifyInstance;
  services: AppServices;
  /** The server-drawn pages, when a web build (or a stand-in) was given. */
  pages: Prerenderer | null;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/**
 * `database`: another instance's database (several instances of the platform on one
 * database, as behind a load balancer); it is then left for its owner to drop.
 */
export async function testApp(opts: { env?: Record<string, string>; mailer?: Mailer; webDistDir?: string; database?: TestDatabase } = {}): Promise<TestApp> {
  const db = opts.database ?? (await testDatabase());
  const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000', ...opts.env });
  const mailer = opts.mailer ?? createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} });
  const { app, services, pages } = await buildApp({ config, db: db.db, mailer, logger: false, webDistDir: opts.webDistDir ?? '/nonexistent' });
  await app.ready();
  return {
    app,
    services,
    pages,
    db,
    config,
    async close() {
      await app.close();
      if (!opts.database) await db.drop();
    },
  };
}

export const TEST_PASSWORD = 'correct horse battery';

/** Creates a user directly (the way the CLI does) and returns its id. */
export async function createUser(
  t: TestApp,
  u: { email: string; role: Role; countryCode?: string | null; organisationCode?: string | null; password?: string },
): Promise<string> {
  let organisationId: string | null = null;
  if (u.organisationCode) {
    const org = await t.db.db.selectFrom('organisation').select('id').where('code', '=', u.organisationCode).executeTakeFirstOrThrow();
    organisationId = org.id;
  }
  const row = await t.db.db
    .insertInto('app_user')
    .values({
      email: u.email,
      role: u.role,
      country_code: u.countryCode ?? null,
      organisation_id: organisationId,
      password_hash: await hashPassword(u.password ?? TEST_PASSWORD),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A signed-in browser-like client: keeps the session cookie and sends the CSRF header. */
export interface Client {
  cookie: string;
  csrf: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'obs_session');
  if (!set) throw new Error('no session cookie');
  const cookie = `obs_session=${set.value}`;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    cookie,
    csrf,
    request: (o) => t.app.inject({ ...o, headers: { cookie, 'x-csrf-token': csrf, ...(o.headers ?? {}) } }),
  };
}
