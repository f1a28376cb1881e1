import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import { createFileStore } from './platform/file-store.ts';
import type { Mailer } from './platform/mail/index.ts';
import { ReferenceService, referenceAuditLabels } from './modules/reference/index.ts';
import { AccountService, AdminService, AuthService, FirstSteps, identityAuditLabels } from './modules/identity/index.ts';
import { AttachmentService, CatalogueImport, PracticeEditingService, PracticePublishing, PracticesService, practicesAuditLabels } from './modules/practices/index.ts';
import { mailNotifier, MappingStore, observatoryAuditLabels, ObservatoryService, PublicDataReader } from './modules/observatory/index.ts';
import {
  ActionsProgressIO,
  CommitmentsDashboard,
  CommitmentsEditing,
  CommitmentsService,
  commitmentsAuditLabels,
  EvidenceFiles,
  MeetingDocuments,
} from './modules/commitments/index.ts';
import { SitePages, sitePagesAuditLabels } from './modules/sitepages/index.ts';
import { SiteSearch } from './modules/sitesearch/index.ts';
import { IncidentAnswerCache, IncidentFlowReader, IncidentImports, IncidentQueries, IncidentRecords } from './modules/incidents/index.ts';
import { IndicatorEditing, indicatorInputs, indicatorsAuditLabels, IndicatorsReader } from './modules/indicators/index.ts';
import { GCM_MEMBER_COUNTRIES, ObjectivesService } from './modules/objectives/index.ts';
import { ReviewService, ReviewSources, reviewAuditLabels } from './modules/review/index.ts';
import { CaseCandidates, CaseGrants, CaseRecords, loadKeys } from './modules/cases/index.ts';
import { CooperationService, Cooperations, cooperationAuditLabels } from './modules/cooperation/index.ts';
import { HomeService, WorkspaceService } from './modules/home/index.ts';

/**
 * Every service of the application, made once, each given what it uses through its constructor
 * (issue 16, item 5): the composition root's first half. The second half, `routes.ts`, hands
 * them to the modules' routes. Services hold no state of their own beyond their dependencies,
 * except the caches named here, so one instance of each serves every route.
 */
export interface ServiceDeps {
  config: Config;
  /** the services' database (with a replica, the routed one: app.ts) */
  db: Database;
  mailer: Mailer;
  /** where a service reports what it could not do (a mail not sent) */
  log: (message: string) => void;
}

export type Services = ReturnType<typeof createServices>;

export function createServices({ config, db, mailer, log }: ServiceDeps) {
  const { publicUrl } = config;
  const auth = new AuthService(db, mailer, { publicUrl, sessionTtlHours: config.sessionTtlHours, signIn: config.signIn });
  const reference = new ReferenceService(db);
  // The audit trail names entities of every module; each module declares its own.
  const auditLabels = { ...identityAuditLabels, ...referenceAuditLabels, ...practicesAuditLabels, ...commitmentsAuditLabels, ...observatoryAuditLabels, ...sitePagesAuditLabels, ...indicatorsAuditLabels, ...reviewAuditLabels, ...cooperationAuditLabels };
  // One store for every module's uploads: a folder, or the database when instances share it.
  const files = createFileStore(config.fileStore, db, config.dataDir);
  const attachments = new AttachmentService(db, files);
  const practices = new PracticesService(db, attachments);
  const observatory = new ObservatoryService(db, files, {
    // The explorer's MISSING and DEAD flows are answered from the incidents registry (issue 19).
    incidentFlows: new IncidentFlowReader(db),
    notifier: mailNotifier(db, mailer, publicUrl, log),
  });
  const commitments = new CommitmentsService(db);
  const dashboard = new CommitmentsDashboard(db);
  const indicators = new IndicatorsReader(db);
  const incidentQueries = new IncidentQueries(db);
  const hub = new CooperationService(db);
  const practiceEditing = new PracticeEditingService(db);
  // The missing-persons exchange: off (503, saying why) without CASES_KEY (docs/adr/0014).
  const caseKeys = loadKeys(config.casesKey, config.casesKeyPrevious);
  const caseRecords = new CaseRecords(db, caseKeys);
  return {
    auth,
    account: new AccountService(db),
    admin: new AdminService(db, auth, mailer, reference, auditLabels),
    firstSteps: new FirstSteps(db, config.smtpUrl !== undefined),
    reference,
    files,
    practices,
    practiceEditing,
    attachments,
    practicePublishing: new PracticePublishing(db, publicUrl),
    catalogueImport: new CatalogueImport(db),
    observatory,
    observatoryMappings: new MappingStore(db),
    commitments,
    dashboard,
    commitmentsEditing: new CommitmentsEditing(db),
    progressIo: new ActionsProgressIO(db),
    evidence: new EvidenceFiles(db, files),
    meetingDocuments: new MeetingDocuments(db, files),
    hub,
    cooperations: new Cooperations(db, hub, { mailer, publicUrl, log }),
    incidents: { queries: incidentQueries, records: new IncidentRecords(db), imports: new IncidentImports(db), cache: new IncidentAnswerCache() },
    sitePages: new SitePages(db),
    siteSearch: new SiteSearch({ practices, commitments, reference, observatory, indicators }),
    home: new HomeService({ reader: new PublicDataReader(db, 'MIG_FLOWS'), observatory, practices, commitments, reference, members: GCM_MEMBER_COUNTRIES }),
    workspace: new WorkspaceService({ observatory, publicReader: (id) => new PublicDataReader(db, id), editing: practiceEditing, reference }),
    objectives: new ObjectivesService({ reference, practices, commitments, dashboard, incidents: incidentQueries, observatory, indicators }),
    indicators,
    indicatorEditing: new IndicatorEditing(db),
    indicatorInputs: indicatorInputs(db, files),
    review: new ReviewService(db, new ReviewSources(reference, practices, commitments, indicators)),
    cases: { grants: new CaseGrants(db), records: caseRecords, candidates: new CaseCandidates(db, caseRecords), enabled: caseKeys !== null },
  };
}
