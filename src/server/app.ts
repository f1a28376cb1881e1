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
import { ReferenceService, referenceAuditLabels, referenceRoutes } from './modules/reference/index.ts';
import {
  AccountService,
  AdminService,
  AuthService,
  accountRoutes,
  adminRoutes,
  FirstSteps,
  firstStepsRoutes,
  authRoutes,
  identityAuditLabels,
  identityCounts,
  registerAuthentication,
  registerOidc,
} from './modules/identity/index.ts';
import {
  AttachmentService,
  PracticeEditingService,
  PracticePublishing,
  PracticesService,
  attachmentRoutes,
  practicesAuditLabels,
  practiceEditingRoutes,
  practicesRoutes,
  publishingRoutes,
  CatalogueImport,
  catalogueRoutes,
} from './modules/practices/index.ts';
import { createFileStore } from './platform/file-store.ts';
import { exchangeRoutes, exploreRoutes, mailNotifier, MappingStore, observatoryAuditLabels, observatoryRoutes, ObservatoryService, PublicDataReader, workflowRoutes } from './modules/observatory/index.ts';
import {
  ActionsProgressIO,
  CommitmentsDashboard,
  CommitmentsEditing,
  CommitmentsService,
  commitmentsAuditLabels,
  commitmentsEditingRoutes,
  commitmentsRoutes,
  progressIoRoutes,
  EvidenceFiles,
  evidenceRoutes,
  MeetingDocuments,
  meetingDocumentRoutes,
} from './modules/commitments/index.ts';
import { SitePages, sitePagesAuditLabels, sitePagesRoutes } from './modules/sitepages/index.ts';
import { SiteSearch, siteSearchRoutes } from './modules/sitesearch/index.ts';
import { IncidentAnswerCache, IncidentFlowReader, IncidentImports, IncidentQueries, IncidentRecords, incidentsRoutes } from './modules/incidents/index.ts';
import { IndicatorEditing, indicatorInputRoutes, indicatorInputs, indicatorsAuditLabels, IndicatorsReader, indicatorsRoutes } from './modules/indicators/index.ts';
import { GCM_MEMBER_COUNTRIES, objectivesRoutes, ObjectivesService } from './modules/objectives/index.ts';
import { ReviewService, ReviewSources, reviewAuditLabels, reviewRoutes } from './modules/review/index.ts';
import { profileRoutes } from './modules/profiles/index.ts';
import { CaseCandidates, CaseGrants, CaseRecords, casesRoutes, loadKeys } from './modules/cases/index.ts';
import { CooperationService, Cooperations, cooperationAuditLabels, cooperationRoutes } from './modules/cooperation/index.ts';
import { HomeService, homeRoutes, WorkspaceService } from './modules/home/index.ts';
import { overviewAnswer } from '../shared/contracts/home.ts';

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

export interface AppServices {
  auth: AuthService;
  account: AccountService;
  admin: AdminService;
  reference: ReferenceService;
  observatory: ObservatoryService;
}

/** The observatory's chart-only page (src/web/features/explore/EmbedPage.tsx), meant for iframes. */
export function isEmbedPage(url: string): boolean {
  const p = url.split('?')[0] ?? '';
  return p === '/observatory/embed' || p === '/observatory/embed/';
}

// Secrets in URLs (one-time links) never reach the logs.
function scrubUrl(url: string): string {
  return url.replace(/\/links?\/[A-Za-z0-9_-]+/g, '/link/[redacted]').replace(/([?&](code|state)=)[^&]+/g, '$1[redacted]');
}

export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: AppServices; pages: Prerenderer | null; replica: ReplicaGate | null }> {
  const { config, mailer } = deps;
  // With a replica, the services' database takes its connections from the replica inside
  // anonymous safe requests (see the hook below) and from the primary everywhere else.
  const db = deps.readDb ? routedDatabase(poolOf(deps.db), poolOf(deps.readDb)) : deps.db;
  const replica = deps.readDb ? new ReplicaGate(deps.readDb) : null;
  const app = Fastify({
    logger:
      deps.logger === false
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
  registerErrorHandling(app);
  registerInputGuard(app);
  await app.register(cookie);

  const auth = new AuthService(db, mailer, { publicUrl: config.publicUrl, sessionTtlHours: config.sessionTtlHours, signIn: config.signIn });
  const account = new AccountService(db);
  const reference = new ReferenceService(db);
  // The audit trail names entities of every module; each module declares its own (the composition root joins them).
  const auditLabelSources = { ...identityAuditLabels, ...referenceAuditLabels, ...practicesAuditLabels, ...commitmentsAuditLabels, ...observatoryAuditLabels, ...sitePagesAuditLabels, ...indicatorsAuditLabels, ...reviewAuditLabels, ...cooperationAuditLabels };
  const admin = new AdminService(db, auth, mailer, reference, auditLabelSources);
  // One store for every module's uploads: a folder, or the database when instances share it.
  const files = createFileStore(config.fileStore, db, config.dataDir);
  const attachments = new AttachmentService(db, files);
  const practices = new PracticesService(db, attachments);
  const observatory = new ObservatoryService(db, files);
  const incidentAnswers = new IncidentAnswerCache();
  // The explorer's MISSING and DEAD flows are answered from the incidents registry (issue 19).
  observatory.attachIncidentFlows(new IncidentFlowReader(db));
  observatory.attachNotifier(mailNotifier(db, mailer, config.publicUrl, (m) => app.log.warn(m)));
  registerAuthentication(app, auth);
  if (replica) {
    // After authentication (it needs the actor): readers who are not signed in, reading, are
    // answered by the replica when it has replayed every public change this instance heard of.
    app.addHook('onRequest', (req, _reply, done) => {
      const anonymous = req.actor.kind === 'anonymous' && !req.headers.authorization && !req.cookies.obs_session;
      if (!anonymous || (req.method !== 'GET' && req.method !== 'HEAD')) return done();
      replica.ready().then(
        (ok) => (ok ? onReplica(done) : done()),
        () => done(),
      );
    });
  }

  await app.register(swagger, {
    openapi: {
      info: { title: 'Observatorio API', version: '1.0.0', description: 'Regional Human Mobility Observatory and GCM exchange (CRM / CSM). Spanish by default; send Accept-Language: en for English.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'obs_session' } } },
    },
    transform: jsonSchemaTransform,
  });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (req, reply) => {
    try {
      await ping(deps.db); // the primary: readiness is about the database that takes writes
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: t(req.locale, 'errors.databaseUnreachable') });
    }
    let current = false;
    try {
      current = await migrationsCurrent(deps.db);
    } catch (err) {
      req.log.warn({ err }, 'migration check failed');
    }
    if (!current) {
      return reply.status(503).send({ status: 'unavailable', reason: t(req.locale, 'errors.migrationsPending') });
    }
    return { status: 'ready' };
  });

  const sso = { enabled: config.oidc !== undefined, label: config.oidc?.label ?? '' };
  await app.register(
    async (api) => {
      await api.register(referenceRoutes(reference));
      await api.register(authRoutes(auth, account, { cookieSecure: config.cookieSecure, sso }));
      await api.register(accountRoutes(account));
      await api.register(adminRoutes(admin));
      await api.register(firstStepsRoutes(new FirstSteps(db, config.smtpUrl !== undefined)));
      await api.register(practicesRoutes(practices));
      await api.register(practiceEditingRoutes(new PracticeEditingService(db)));
      await api.register(attachmentRoutes(attachments));
      await api.register(publishingRoutes(new PracticePublishing(db, config.publicUrl)));
      await api.register(catalogueRoutes(new CatalogueImport(db)));
      const obsMappings = new MappingStore(db);
      await api.register(observatoryRoutes(observatory, obsMappings, { publicUrl: config.publicUrl }));
      await api.register(exchangeRoutes(observatory, obsMappings, db));
      await api.register(workflowRoutes(observatory));
      await api.register(exploreRoutes(observatory, db, { publicUrl: config.publicUrl }));
      const commitmentsReads = new CommitmentsService(db);
      await api.register(commitmentsRoutes(commitmentsReads, new CommitmentsDashboard(db)));
      await api.register(commitmentsEditingRoutes(new CommitmentsEditing(db)));
      await api.register(progressIoRoutes(new ActionsProgressIO(db)));
      await api.register(evidenceRoutes(new EvidenceFiles(db, files)));
      await api.register(meetingDocumentRoutes(new MeetingDocuments(db, files)));
      const hub = new CooperationService(db);
      await api.register(cooperationRoutes(db, hub, new Cooperations(db, hub, { mailer, publicUrl: config.publicUrl, log: (m) => app.log.warn(m) })));
      await api.register(incidentsRoutes({ queries: new IncidentQueries(db), records: new IncidentRecords(db), imports: new IncidentImports(db), cache: incidentAnswers }));
      await api.register(sitePagesRoutes(new SitePages(db)));
      await api.register(siteSearchRoutes(new SiteSearch({ practices, commitments: commitmentsReads, reference, observatory, indicators: new IndicatorsReader(db) })));
      await api.register(
        homeRoutes(
          new HomeService({ reader: new PublicDataReader(db, 'MIG_FLOWS'), observatory, practices, commitments: commitmentsReads, reference, members: GCM_MEMBER_COUNTRIES }),
          new WorkspaceService({ observatory, publicReader: (id) => new PublicDataReader(db, id), editing: new PracticeEditingService(db), reference }),
        ),
      );
      await api.register(
        objectivesRoutes(
          new ObjectivesService({ reference, practices, commitments: new CommitmentsService(db), dashboard: new CommitmentsDashboard(db), incidents: new IncidentQueries(db), observatory, indicators: new IndicatorsReader(db) }),
        ),
      );
      await api.register(indicatorInputRoutes(indicatorInputs(db, files)));
      await api.register(reviewRoutes(new ReviewService(db, new ReviewSources(reference, practices, new CommitmentsService(db), new IndicatorsReader(db)))));
      await api.register(profileRoutes(db, reference, { publicUrl: config.publicUrl }));
      // The missing-persons exchange: off (503, saying why) without CASES_KEY (docs/adr/0014).
      const caseKeys = loadKeys(config.casesKey, config.casesKeyPrevious);
      const caseRecords = new CaseRecords(db, caseKeys);
      await api.register(casesRoutes({ grants: new CaseGrants(db), records: caseRecords, candidates: new CaseCandidates(db, caseRecords), enabled: caseKeys !== null }));
      await api.register(indicatorsRoutes({ reader: new IndicatorsReader(db), editing: new IndicatorEditing(db) }));
      if (config.oidc) await registerOidc(api, { oidc: config.oidc, publicUrl: config.publicUrl, cookieSecure: config.cookieSecure, db, auth });
      // Public counts of what the platform holds; never of its accounts (issue 21: no internal counters for the public).
      api.get('/overview', { schema: { tags: ['site'], summary: 'Public counts: countries, objectives, organisations, observers, practices', response: { 200: overviewAnswer } } }, async (_req, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        const [r, i, p] = await Promise.all([reference.counts(), identityCounts(db), practices.search({ objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [], sort: 'newest', page: 1, pageSize: 1 }, 'es')]);
        return { ...r, organisations: i.organisations, observers: i.observers, practices: p.total };
      });
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webDir = deps.webDistDir ?? WEB_DIST_DIR;
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
  const prerender = indexHtml ? await loadPrerenderer(app, webDir, indexHtml, new URL(config.publicUrl).origin, { sameForEveryAnonymousReader: ['/api/v1/auth/session'] }) : null;
  // Releases and publications made through any instance (or the CLI) reach every instance's
  // kept pages at once, and tell the replica gate the primary's position then (docs/adr/0010):
  // one dedicated connection LISTENs.
  if (prerender || replica) {
    const changes = new ChangeListener({ connection: poolOf(deps.db).options, trackLsn: replica !== null, log: (m) => app.log.warn(m) });
    changes.onChange((c) => {
      replica?.heard(c.lsn);
      prerender?.invalidate();
      incidentAnswers.invalidate();
    });
    await changes.start();
    app.addHook('onClose', async () => changes.close());
  }

  // Pages whose existence depends on a record: a link to a practice that does not exist (or
  // is not published) answers 404, as a search engine or a link checker expects.
  const recordPages: [RegExp, (id: string) => Promise<boolean>][] = [
    [/^\/practices\/(?!coverage$|new$)([A-Za-z0-9_-]{1,130})$/, (id) => practices.exists(id)],
    [/^\/indicators\/(?!new$|report$|review$)([A-Za-z0-9][A-Za-z0-9._-]{0,59})$/, (code) => new IndicatorsReader(db).exists(code)],
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

  return { app, services: { auth, account, admin, reference, observatory }, pages: prerender, replica };
}
