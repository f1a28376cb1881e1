import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import { ping, poolOf } from './platform/db/database.ts';
import { ChangeListener } from './platform/db/changes.ts';
import { onReplica, ReplicaGate, routedDatabase } from './platform/db/read-replica.ts';
import { apiNotFound, registerErrorHandling } from './platform/http/error-handler.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { loadPrerenderer, sendHtml, type Prerenderer } from './platform/http/prerender.ts';
import { isLocale, negotiate, t } from './platform/i18n/index.ts';
import type { Mailer } from './platform/mail/index.ts';
import { WEB_DIST_DIR } from './platform/paths.ts';
import { isKnownPage } from '../shared/pages.ts';
import { migrationsCurrent } from './composition.ts';
import { registerAuthentication } from './modules/identity/index.ts';
import { createServices, type Services } from './services.ts';
import { registerApiRoutes } from './routes.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  /** A streaming replica of `db` (DATABASE_READ_URL): anonymous reads go there once it has caught up (ADR 0010). */
  readDb?: Database;
  mailer: Mailer;
  /** false in tests that do not want request logs */
  logger?: boolean;
  webDistDir?: string;
}

/** Every service the application made (services.ts); tests and tools reach them here. */
export type AppServices = Services;

/** The observatory's chart-only page (src/web/features/explore/EmbedPage.tsx), meant for iframes. */
export function isEmbedPage(url: string): boolean {
  const p = url.split('?')[0] ?? '';
  return p === '/observatory/embed' || p === '/observatory/embed/';
}

// Secrets in URLs (one-time links) never reach the logs.
function scrubUrl(url: string): string {
  return url.replace(/\/links?\/[A-Za-z0-9_-]+/g, '/link/[redacted]').replace(/([?&](code|state)=)[^&]+/g, '$1[redacted]');
}

/**
 * The application: the HTTP shell (hooks, error mapping, authentication), the services made once
 * (services.ts), their routes (routes.ts), and the web pages. Each step is a function below.
 */
export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: AppServices; pages: Prerenderer | null; replica: ReplicaGate | null }> {
  const { config, mailer } = deps;
  // With a replica, the services' database takes its connections from the replica inside
  // anonymous safe requests (see registerReplicaReads) and from the primary everywhere else.
  const db = deps.readDb ? routedDatabase(poolOf(deps.db), poolOf(deps.readDb)) : deps.db;
  const replica = deps.readDb ? new ReplicaGate(deps.readDb) : null;
  const app = createFastify(config, deps.logger);
  registerHeaders(app);
  registerErrorHandling(app);
  registerInputGuard(app);
  await app.register(cookie);

  const services = createServices({ config, db, mailer, log: (m) => app.log.warn(m) });
  registerAuthentication(app, services.auth);
  if (replica) registerReplicaReads(app, replica);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Observatorio API', version: '1.0.0', description: 'Regional Human Mobility Observatory and GCM exchange (CRM / CSM). Spanish by default; send Accept-Language: en for English.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'obs_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  registerHealth(app, deps.db);
  await app.register(async (api) => registerApiRoutes(api, services, { config, db }), { prefix: '/api/v1' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const pages = await registerPages(app, { primary: deps.db, webDir: deps.webDistDir ?? WEB_DIST_DIR, publicUrl: config.publicUrl, replica, services });
  return { app, services, pages, replica };
}

function createFastify(config: Config, logger: boolean | undefined): FastifyInstance {
  const app = Fastify({
    logger:
      logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: scrubUrl(req.url), id: req.id }),
            },
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // Forwarded headers are believed only from the configured proxies (TRUST_PROXY): trusting
    // any sender let a client pick a new address for every sign-in attempt.
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app;
}

/** The caller's language, the request id, and the security headers of every answer. */
function registerHeaders(app: FastifyInstance): void {
  app.decorateRequest('locale', 'es');
  app.addHook('onRequest', async (req, reply) => {
    const q = (req.query as Record<string, unknown> | undefined)?.lang;
    req.locale = isLocale(q) ? q : negotiate(req.headers['accept-language']);
    reply.header('x-request-id', req.id);
  });
  app.addHook('onSend', async (req, reply) => {
    // Answers depend on the language asked for: caches must keep one copy per language.
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    // The chart-only embed page is made to be framed by other sites; every other page may not be.
    const embeddable = isEmbedPage(req.url);
    if (!embeddable) reply.header('x-frame-options', 'DENY');
    reply.header(
      'content-security-policy',
      `default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors ${embeddable ? '*' : "'none'"}; base-uri 'self'; form-action 'self'`,
    );
  });
}

/**
 * After authentication (it needs the actor): readers who are not signed in, reading, are
 * answered by the replica when it has replayed every public change this instance heard of.
 */
function registerReplicaReads(app: FastifyInstance, replica: ReplicaGate): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const anonymous = req.actor.kind === 'anonymous' && !req.headers.authorization && !req.cookies.obs_session;
    if (!anonymous || (req.method !== 'GET' && req.method !== 'HEAD')) return done();
    replica.ready().then(
      (ok) => (ok ? onReplica(done) : done()),
      () => done(),
    );
  });
}

function registerHealth(app: FastifyInstance, primary: Database): void {
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (req, reply) => {
    try {
      await ping(primary); // the primary: readiness is about the database that takes writes
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: t(req.locale, 'errors.databaseUnreachable') });
    }
    let current = false;
    try {
      current = await migrationsCurrent(primary);
    } catch (err) {
      req.log.warn({ err }, 'migration check failed');
    }
    if (!current) {
      return reply.status(503).send({ status: 'unavailable', reason: t(req.locale, 'errors.migrationsPending') });
    }
    return { status: 'ready' };
  });
}

interface PageDeps {
  primary: Database;
  webDir: string;
  publicUrl: string;
  replica: ReplicaGate | null;
  services: Services;
}

/** The web app's files and pages: static assets, pages drawn on the server, 404s. */
async function registerPages(app: FastifyInstance, { primary, webDir, publicUrl, replica, services }: PageDeps): Promise<Prerenderer | null> {
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    // preCompressed: the build writes .br/.gz beside each asset (vite.config.ts), sent when accepted.
    // wildcard: false registers one route per file of the build, so unknown paths reach the
    // not-found handler (the app's 404 page).
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      cacheControl: false,
      preCompressed: true,
      setHeaders(reply, filePath) {
        // Hashed file names under assets/: safe to cache for a year.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  const indexHtml = hasWeb ? fs.readFileSync(path.join(webDir, 'index.html'), 'utf8') : null;
  // The observatory's public pages arrive drawn, with their data (ADR 0008).
  // "Who is signed in" is asked by every page; drawn pages ask it only as no one.
  const prerender = indexHtml ? await loadPrerenderer(app, webDir, indexHtml, new URL(publicUrl).origin, { sameForEveryAnonymousReader: ['/api/v1/auth/session'] }) : null;
  // Releases and publications made through any instance (or the CLI) reach every instance's
  // kept pages at once, and tell the replica gate the primary's position then (docs/adr/0010):
  // one dedicated connection LISTENs.
  if (prerender || replica) {
    const changes = new ChangeListener({ connection: poolOf(primary).options, trackLsn: replica !== null, log: (m) => app.log.warn(m) });
    changes.onChange((c) => {
      replica?.heard(c.lsn);
      prerender?.invalidate();
      services.incidents.cache.invalidate();
    });
    await changes.start();
    app.addHook('onClose', async () => changes.close());
  }

  // Pages whose existence depends on a record: a link to a practice that does not exist (or
  // is not published) answers 404, as a search engine or a link checker expects.
  const recordPages: [RegExp, (id: string) => Promise<boolean>][] = [
    [/^\/practices\/(?!coverage$|new$)([A-Za-z0-9_-]{1,130})$/, (id) => services.practices.exists(id)],
    [/^\/indicators\/(?!new$|report$|review$)([A-Za-z0-9][A-Za-z0-9._-]{0,59})$/, (code) => services.indicators.exists(code)],
  ];
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || req.method !== 'GET' || !indexHtml) return apiNotFound(req, reply);
    // Every page is the single-page app; unknown pages get the same app with a 404 status,
    // and the client shows its "page not found" page.
    reply.header('cache-control', 'no-cache');
    let known = isKnownPage(url);
    const pagePath = url.length > 1 ? url.replace(/\/$/, '') : url;
    for (const [re, exists] of recordPages) {
      const m = known ? re.exec(pagePath) : null;
      if (m?.[1]) known = await exists(decodeURIComponent(m[1]));
    }
    if (known && prerender) {
      try {
        const page = await prerender.page(req, pagePath);
        if (page) return sendHtml(req, reply.status(200), page);
      } catch (err) {
        req.log.warn({ err }, 'page not drawn on the server; the browser draws it');
      }
    }
    return reply.status(known ? 200 : 404).type('text/html').send(indexHtml);
  });
  return prerender;
}
