import { listPopulation } from './read/index.ts';
import { csvCell } from '../../platform/csv.ts';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Invalid, NotFound } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { t, type Locale, dynamicKey } from '../../platform/i18n/index.ts';
import type { FileStore } from '../../platform/files.ts';
import { describeStructure, loadStructure, type Structure } from './structure/index.ts';
import { openSource } from './import/index.ts';
import { accessSubmission, submissionReport, submitFile, validateSubmission, type ImportDeps, type SubmitInput } from './import/index.ts';
import { applySubmission } from './import/index.ts';
import { sweepInterrupted, type JobProbe, type SweepResult } from './import/index.ts';
import type { Access, DataQuery } from './read/index.ts';
import { answerFromIncidents, asksIncidentFlows, type IncidentFlowPort } from './read/index.ts';
import { answerData, type DataOptions } from './read/index.ts';
import { confirmSubmission, approveSubmission, returnSubmission, listSubmissions, type SubmissionFilter } from './release/index.ts';
import { cancelScheduled, checkLevel, listCalendar, listPolicies, publishNow, publishRelease, runDueReleases, scheduleRelease, setPolicy } from './release/index.ts';
import type { ObsVisibility } from './tables.ts';
import { setSource, sourcesOf, type SourceInput } from './structure/index.ts';
import type { WorkflowNotifier } from './release/index.ts';

export type { SubmitInput } from './import/index.ts';

/**
 * What the service is given besides its storage, at construction (issue 16, item 5: no setters
 * after the fact). All optional: a tool (the CLI, a bench) needs none of them.
 */
export interface ObservatoryPorts {
  /** E-mail to the secretariat and the submitter as submissions move (notify.ts). */
  notifier?: WorkflowNotifier;
  /** MISSING and DEAD answered from the incidents registry (incident-flows.ts); without it they are asked of the cube like any flow. */
  incidentFlows?: IncidentFlowPort;
  clock?: () => Date;
}

/** Flow statistics: structures, submissions (validate → apply), releases and the data API. */
export class ObservatoryService {
  private readonly structures = new Map<string, Promise<Structure | null>>();
  private readonly clock: () => Date;

  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
    ports: ObservatoryPorts = {},
  ) {
    this.clock = ports.clock ?? (() => new Date());
    this.notifier = ports.notifier;
    this.incidentFlows = ports.incidentFlows ?? null;
  }

  async structure(id: string): Promise<Structure> {
    let p = this.structures.get(id);
    if (!p) {
      p = loadStructure(this.db, id);
      this.structures.set(id, p);
      // a missing dataflow may be created later: do not remember the miss
      void p.then((s) => s === null && this.structures.delete(id));
    }
    const s = await p;
    if (!s) throw new NotFound('errors.dataflowNotFound', { id });
    return s;
  }

  async dataflows(locale: Locale) {
    const rows = await this.db.selectFrom('obs_dataflow').selectAll().orderBy('id').execute();
    return { items: rows.map((r) => ({ id: r.id, urn: `${r.agency}:${r.id}(${r.version})`, agency: r.agency, version: r.version, name: r.name[locale] ?? r.name.es ?? r.id, names: r.name, frequency: r.frequency, unit: r.unit })) };
  }

  async dataflow(id: string, locale: Locale) {
    return describeStructure(await this.structure(id), locale);
  }

  // --- submissions (submit.ts, apply.ts) ----------------------------------------------------

  private jobs: ImportDeps['jobs'] = null;

  /** Large submissions are validated by this queue (jobs.ts) when it is attached. */
  attachJobs(jobs: ImportDeps['jobs']): void {
    this.jobs = jobs;
  }

  private get imports(): ImportDeps {
    return { db: this.db, files: this.files, clock: this.clock, structure: (id) => this.structure(id), jobs: this.jobs };
  }

  /** Stores the file and validates it (in the background when large); nothing reaches the observations. */
  async submit(actor: Actor, meta: RequestMeta, input: SubmitInput, locale: Locale) {
    return submitFile(this.imports, actor, meta, input, locale);
  }

  /** Dead validations marked failed, staging tables nobody needs dropped (recovery.ts). */
  async recover(opts: { jobs?: JobProbe; log?: (msg: string) => void } = {}): Promise<SweepResult> {
    return sweepInterrupted(this.db, opts);
  }

  /** The background job's work: validate a queued submission. */
  async runValidation(id: string): Promise<void> {
    await validateSubmission(this.imports, id);
  }

  private async submission(actor: Actor, id: string) {
    return accessSubmission(this.db, actor, id);
  }

  async report(actor: Actor, id: string, locale: Locale) {
    return submissionReport(this.db, actor, id, locale);
  }

  /** Writes a validated submission in one transaction: all of it, or nothing. */
  async apply(actor: Actor, meta: RequestMeta, id: string, locale: Locale) {
    return applySubmission(this.imports, actor, meta, id, locale);
  }

  /** The person's own rows with an error column added (messages in their language). */
  async reportCsv(actor: Actor, id: string, locale: Locale): Promise<AsyncGenerator<string>> {
    const { sub } = await this.submission(actor, id);
    const file = await this.files.localPath(sub.file_sha256);
    if (!file) throw new NotFound('errors.submissionFileMissing');
    const msgs = await this.db.selectFrom('obs_submission_message').selectAll().where('submission_id', '=', sub.id).orderBy('seq').execute();
    const byRow = new Map<number, string[]>();
    const general: string[] = [];
    for (const m of msgs) {
      const text = `${t(locale, `observatory.report.${m.severity}`)}: ${t(locale, dynamicKey(m.key), m.params)}`;
      if (m.row_number === null) general.push(text);
      else byRow.set(m.row_number, [...(byRow.get(m.row_number) ?? []), text]);
    }
    const { records } = openSource(file, sub.file_kind);
    const heading = t(locale, 'observatory.report.column');
    const rowLabel = t(locale, 'observatory.report.row');
    return (async function* () {
      yield '\uFEFF';
      if (general.length) yield [rowLabel, general.join(' | ')].map(csvCell).join(',') + '\r\n';
      let first = true;
      for await (const r of records) {
        const notes = byRow.get(r.row) ?? [];
        const last = first ? [heading, ...notes].join(' | ') : notes.join(' | ');
        first = false;
        yield [String(r.row), ...r.values, last].map(csvCell).join(',') + '\r\n';
      }
    })();
  }

  // --- releases ----------------------------------------------------------------------------

  async createRelease(actor: Actor, meta: RequestMeta, input: { dataflowId: string; country: string; level: 'members' | 'public'; releaseAt?: Date; note?: string }) {
    requireRole(actor, 'admin', 'secretariat');
    const s = await this.structure(input.dataflowId);
    if (!s.byId.get('REF_AREA')?.codes.has(input.country)) throw new Invalid([{ path: 'country', key: 'errors.countryNotFound', params: { code: input.country } }]);
    return this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${'obs:' + s.id}))`.execute(tx);
      await checkLevel(tx, s, input.country, input.level);
      const cutoff = (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(tx)).rows[0]!.now;
      const releaseAt = input.releaseAt && input.releaseAt > cutoff ? input.releaseAt : cutoff;
      const r = await publishRelease(tx, s, { country: input.country, level: input.level, cutoff, releaseAt, note: input.note ?? null, createdBy: actor.kind === 'user' ? actor.id : null });
      await recordAudit(tx, actor, meta, { action: 'observatory.release_create', entityType: 'obs_release', entityId: r.id, after: r });
      return releaseOut(r);
    });
  }

  // --- workflow (workflow.ts) and calendar (calendar.ts) ---------------------------------------

  /** Confirms a validated submission: applied, or submitted for the secretariat's approval. */
  private readonly notifier: WorkflowNotifier | undefined;

  async confirm(actor: Actor, meta: RequestMeta, id: string, locale: Locale) {
    return confirmSubmission(this.imports, actor, meta, id, locale, this.notifier);
  }

  async approve(actor: Actor, meta: RequestMeta, id: string, locale: Locale, comment?: string) {
    return approveSubmission(this.imports, actor, meta, id, locale, comment, this.notifier);
  }

  async returnToCountry(actor: Actor, meta: RequestMeta, id: string, locale: Locale, comment: string) {
    return returnSubmission(this.imports, actor, meta, id, locale, comment, this.notifier);
  }

  async submissions(actor: Actor, f: SubmissionFilter) {
    return listSubmissions(this.db, actor, f);
  }

  /** Who produced each country's figures of each flow (sources.ts). */
  async sources(dataflowId: string, countries: string[], flows: string[]) {
    return sourcesOf(this.db, (await this.structure(dataflowId)).id, countries, flows);
  }

  async setSource(actor: Actor, meta: RequestMeta, dataflowId: string, country: string, flow: string, input: SourceInput) {
    return setSource(this.db, actor, meta, await this.structure(dataflowId), country, flow, input);
  }

  async policies(dataflowId: string) {
    return listPolicies(this.db, await this.structure(dataflowId));
  }

  async setPolicy(actor: Actor, meta: RequestMeta, dataflowId: string, country: string, input: { visibility: ObsVisibility; autoApprove: boolean }) {
    return setPolicy(this.db, actor, meta, await this.structure(dataflowId), country, input);
  }

  async calendar(dataflowId: string, f: { country?: string; from?: Date }, locale: Locale) {
    return listCalendar(this.db, await this.structure(dataflowId), f, locale);
  }

  async schedule(actor: Actor, meta: RequestMeta, dataflowId: string, input: { country: string; releaseAt: Date; level?: 'members' | 'public'; note?: string; repeatMonths?: number }, locale: Locale) {
    return scheduleRelease(this.db, actor, meta, await this.structure(dataflowId), input, this.clock(), locale);
  }

  /** "Publish now": the country's approved figures released at once (calendar.ts). */
  async publishNow(actor: Actor, meta: RequestMeta, dataflowId: string, input: { country: string; level?: 'members' | 'public'; note?: string }, locale: Locale) {
    return publishNow(this.db, actor, meta, await this.structure(dataflowId), input, locale);
  }

  async cancelScheduled(actor: Actor, meta: RequestMeta, id: string, locale: Locale) {
    return cancelScheduled(this.db, actor, meta, id, locale);
  }

  /** The scheduled job's work (jobs.ts): due calendar entries become releases. */
  async runDueReleases(log?: (msg: string) => void) {
    return runDueReleases(this.db, (id) => this.structure(id), this.clock(), log);
  }

  /**
   * The release calendar: releases made (published or under embargo) and the moments the
   * countries announced that are still to come (`announced: true`, no cutoff yet; calendar.ts).
   * Dates only, no figures.
   */
  async releases(dataflowId: string) {
    const s = await this.structure(dataflowId);
    const rows = await this.db.selectFrom('obs_release').select(['id', 'dataflow_id', 'country_code', 'level', 'cutoff', 'release_at', 'note']).where('dataflow_id', '=', s.id).orderBy('release_at', 'desc').limit(500).execute();
    const announced = await this.db
      .selectFrom('obs_release_calendar')
      .select(['id', 'dataflow_id', 'country_code', 'level', 'release_at', 'note'])
      .where('dataflow_id', '=', s.id)
      .where('status', '=', 'scheduled')
      .orderBy('release_at', 'desc')
      .limit(500)
      .execute();
    const items = [
      ...announced.map((r) => ({ id: r.id, dataflow: r.dataflow_id, country: r.country_code, level: r.level, cutoff: null, releaseAt: r.release_at.toISOString(), note: r.note, announced: true })),
      ...rows.map((r) => ({ ...releaseOut(r), announced: false })),
    ].sort((a, b) => b.releaseAt.localeCompare(a.releaseAt));
    return { items: items.slice(0, 500) };
  }

  /** Population by country and year (population.ts): public reference figures. */
  population(q: Parameters<typeof listPopulation>[1]) {
    return listPopulation(this.db, q);
  }

  async countriesWithData(dataflowId: string): Promise<string[]> {
    const r = await sql<{ ref_area: string }>`select distinct ref_area from obs_rollup where dataflow_id = ${dataflowId} and valid_to is null order by 1`.execute(this.db);
    return r.rows.map((x) => x.ref_area);
  }

  // --- reading -----------------------------------------------------------------------------

  accessOf(actor: Actor): Access {
    if (actor.kind !== 'user') return { kind: 'public' };
    if (actor.role === 'admin' || actor.role === 'secretariat') return { kind: 'all' };
    if (actor.countryCode && (actor.role === 'focal_point' || actor.role === 'contributor')) return { kind: 'country', country: actor.countryCode };
    return { kind: 'members' };
  }

  /** The data API (data-service.ts). */
  async data(actor: Actor, dataflowId: string, q: DataQuery, locale?: Locale) {
    const r = await this.dataAnswer(actor, dataflowId, q, { locale });
    if (r.notModified) throw new Error('unreachable: no If-None-Match given');
    return r;
  }

  private readonly incidentFlows: IncidentFlowPort | null;

  async dataAnswer(actor: Actor, dataflowId: string, q: DataQuery, opts: DataOptions = {}) {
    const s = await this.structure(dataflowId);
    if (this.incidentFlows && asksIncidentFlows(s, q)) return answerFromIncidents(this.incidentFlows, s, q, opts.locale ?? 'es');
    return answerData(this.db, s, this.accessOf(actor), q, this.clock(), opts);
  }
}

function releaseOut(r: { id: string; dataflow_id: string; country_code: string; level: 'members' | 'public'; cutoff: Date; release_at: Date; note: string | null }) {
  return { id: r.id, dataflow: r.dataflow_id, country: r.country_code, level: r.level, cutoff: r.cutoff.toISOString(), releaseAt: r.release_at.toISOString(), note: r.note };
}

