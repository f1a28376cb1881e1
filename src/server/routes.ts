import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import type { Services } from './services.ts';
import { referenceRoutes } from './modules/reference/index.ts';
import { accountRoutes, adminRoutes, authRoutes, firstStepsRoutes, identityCounts, registerOidc } from './modules/identity/index.ts';
import { attachmentRoutes, catalogueRoutes, practiceEditingRoutes, practicesRoutes, publishingRoutes } from './modules/practices/index.ts';
import { exchangeRoutes, exploreRoutes, observatoryRoutes, workflowRoutes } from './modules/observatory/index.ts';
import { commitmentsEditingRoutes, commitmentsRoutes, evidenceRoutes, meetingDocumentRoutes, progressIoRoutes } from './modules/commitments/index.ts';
import { sitePagesRoutes } from './modules/sitepages/index.ts';
import { siteSearchRoutes } from './modules/sitesearch/index.ts';
import { incidentsRoutes } from './modules/incidents/index.ts';
import { indicatorInputRoutes, indicatorsRoutes } from './modules/indicators/index.ts';
import { objectivesRoutes } from './modules/objectives/index.ts';
import { reviewRoutes } from './modules/review/index.ts';
import { profileRoutes } from './modules/profiles/index.ts';
import { casesRoutes } from './modules/cases/index.ts';
import { cooperationRoutes } from './modules/cooperation/index.ts';
import { homeRoutes } from './modules/home/index.ts';
import { overviewAnswer } from '../shared/contracts/home.ts';

/**
 * The composition root's second half (the first is `services.ts`): every module's routes under
 * /api/v1, each given the services it answers from. A route file makes no service of its own.
 */
export async function registerApiRoutes(api: FastifyInstance, s: Services, { config, db }: { config: Config; db: Database }): Promise<void> {
  const { publicUrl } = config;
  const sso = { enabled: config.oidc !== undefined, label: config.oidc?.label ?? '' };
  await api.register(referenceRoutes(s.reference));
  await api.register(authRoutes(s.auth, s.account, { cookieSecure: config.cookieSecure, sso }));
  await api.register(accountRoutes(s.account));
  await api.register(adminRoutes(s.admin));
  await api.register(firstStepsRoutes(s.firstSteps));
  await api.register(practicesRoutes(s.practices));
  await api.register(practiceEditingRoutes(s.practiceEditing));
  await api.register(attachmentRoutes(s.attachments));
  await api.register(publishingRoutes(s.practicePublishing));
  await api.register(catalogueRoutes(s.catalogueImport));
  await api.register(observatoryRoutes(s.observatory, s.observatoryMappings, { publicUrl }));
  await api.register(exchangeRoutes(s.observatory, s.observatoryMappings, db));
  await api.register(workflowRoutes(s.observatory));
  await api.register(exploreRoutes(s.observatory, db, { publicUrl }));
  await api.register(commitmentsRoutes(s.commitments, s.dashboard));
  await api.register(commitmentsEditingRoutes(s.commitmentsEditing));
  await api.register(progressIoRoutes(s.progressIo));
  await api.register(evidenceRoutes(s.evidence));
  await api.register(meetingDocumentRoutes(s.meetingDocuments));
  await api.register(cooperationRoutes(db, s.hub, s.cooperations));
  await api.register(incidentsRoutes(s.incidents));
  await api.register(sitePagesRoutes(s.sitePages));
  await api.register(siteSearchRoutes(s.siteSearch));
  await api.register(homeRoutes(s.home, s.workspace));
  await api.register(objectivesRoutes(s.objectives));
  await api.register(indicatorInputRoutes(s.indicatorInputs));
  await api.register(reviewRoutes(s.review));
  await api.register(profileRoutes(db, s.reference, { publicUrl }));
  await api.register(casesRoutes(s.cases));
  await api.register(indicatorsRoutes({ reader: s.indicators, editing: s.indicatorEditing }));
  if (config.oidc) await registerOidc(api, { oidc: config.oidc, publicUrl, cookieSecure: config.cookieSecure, db, auth: s.auth });
  // Public counts of what the platform holds; never of its accounts (issue 21: no internal counters for the public).
  api.get('/overview', { schema: { tags: ['site'], summary: 'Public counts: countries, objectives, organisations, observers, practices', response: { 200: overviewAnswer } } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    const [r, i, p] = await Promise.all([
      s.reference.counts(),
      identityCounts(db),
      s.practices.search({ objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [], sort: 'newest', page: 1, pageSize: 1 }, 'es'),
    ]);
    return { ...r, organisations: i.organisations, observers: i.observers, practices: p.total };
  });
}
