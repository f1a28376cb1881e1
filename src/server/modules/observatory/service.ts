import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/http/errors.ts';
import { hasRole, requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import type { FileStore } from '../../platform/files.ts';
import { describeStructure, DIMENSION_COLUMNS, DIMENSION_IDS, loadStructure, type Structure } from './structure.ts';
import { openSource, sniffKind, type FileKind } from './reader.ts';
import { validateRecords, type ColumnMapping, type Message, type NormalizedRow, type ValidationResult } from './validate.ts';
import { queryCells, refreshRollup, type Access, type DataQuery } from './query.ts';
import { suppress } from './disclosure.ts';

const SUBMITTERS = ['admin', 'secretariat', 'focal_point'] as const;
const STAGE_BATCH = 5000;

export interface SubmitInput {
  dataflowId: string;
  fileName: string;
  /** a file on disk (moved into the file store) */
  tmpPath: string;
  mapping: ColumnMapping;
  idempotencyKey?: string | null;
}

/** Flow statistics: structures, submissions (validate → apply), releases and the data API. */
export class ObservatoryService {
  private readonly structures = new Map<string, Promise<Structure | null>>();

  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

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

  // --- submissions -------------------------------------------------------------------------

  private async storedCodes(dataflowId: string, country: string | null) {
    const rows = await this.db
      .selectFrom('obs_code_mapping')
      .select(['country_code', 'dimension_id', 'national_code', 'code'])
      .where('dataflow_id', '=', dataflowId)
      .where('country_code', 'in', country ? ['*', country] : ['*'])
      .orderBy('country_code')
      .execute();
    const out: Record<string, Record<string, string>> = {};
    for (const r of rows) (out[r.dimension_id] ??= {})[r.national_code] = r.code;
    return out;
  }

  private async run(user: UserActor, s: Structure, file: string, kind: FileKind, mapping: ColumnMapping, onRow?: (r: NormalizedRow) => void | Promise<void>, db: Executor = this.db) {
    const anyCountry = hasRole(user, 'admin', 'secretariat');
    const { info, records } = openSource(file, kind);
    const result = await validateRecords(
      records,
      {
        structure: s,
        actorCountry: user.countryCode,
        anyCountry,
        now: this.clock(),
        storedCodes: await this.storedCodes(s.id, anyCountry ? null : user.countryCode),
        existingSeries: async (countries) => {
          const cols = DIMENSION_IDS.map((d) => sql.ref(DIMENSION_COLUMNS[d]));
          const r = await sql<{ k: string }>`select distinct concat_ws('|', ${sql.join(cols)}) as k from obs_observation
            where dataflow_id = ${s.id} and ref_area = any(${countries}::text[]) and valid_to is null`.execute(db);
          return new Set(r.rows.map((x) => x.k));
        },
      },
      mapping,
      onRow,
    );
    return { result, info };
  }

  /** Validates a file; nothing reaches the observations. Returns the report. */
  async submit(actor: Actor, meta: RequestMeta, input: SubmitInput, locale: Locale) {
    const user = requireRole(actor, ...SUBMITTERS);
    if (user.role === 'focal_point' && !user.countryCode) throw new Forbidden();
    if (input.idempotencyKey) {
      const prior = await this.db.selectFrom('obs_submission').select('id').where('user_id', '=', user.id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      if (prior) {
        fs.rmSync(input.tmpPath, { force: true });
        return { ...(await this.report(actor, prior.id, locale)), replayed: true };
      }
    }
    const s = await this.structure(input.dataflowId);
    const stored = await this.files.receive(fs.createReadStream(input.tmpPath));
    fs.rmSync(input.tmpPath, { force: true });
    try {
      if (stored.size === 0) throw new Invalid([{ path: 'file', key: 'errors.fileEmpty' }]);
      const kind = sniffKind(stored.tmpPath);
      const { result } = await this.run(user, s, stored.tmpPath, kind, input.mapping);
      const country = user.role === 'focal_point' ? user.countryCode : result.countries.length === 1 ? result.countries[0]! : null;
      const id = await this.db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('obs_submission')
          .values({
            dataflow_id: s.id,
            country_code: country,
            user_id: user.id,
            user_label: user.email,
            file_name: input.fileName.slice(0, 255),
            file_sha256: stored.sha256,
            file_kind: kind,
            mapping: JSON.stringify(input.mapping),
            status: result.errorCount > 0 ? 'rejected' : 'validated',
            idempotency_key: input.idempotencyKey ?? null,
            rows_read: result.rows,
            error_count: result.errorCount,
            warning_count: result.warningCount,
            preview: JSON.stringify(result.preview),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await saveMessages(tx, row.id, result.messages);
        await recordAudit(tx, actor, meta, { action: 'observatory.submission_validate', entityType: 'obs_submission', entityId: row.id, after: { file: input.fileName, rows: result.rows, errors: result.errorCount, warnings: result.warningCount, sha256: stored.sha256 } });
        return row.id;
      });
      this.files.commit(stored);
      return this.report(actor, id, locale);
    } catch (err) {
      this.files.discard(stored);
      throw err;
    }
  }

  private async submission(actor: Actor, id: string) {
    const user = requireRole(actor, ...SUBMITTERS);
    const sub = /^[0-9a-f-]{36}$/i.test(id) ? await this.db.selectFrom('obs_submission').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!sub) throw new NotFound('errors.submissionNotFound');
    if (user.role === 'focal_point' && sub.country_code !== user.countryCode && sub.user_id !== user.id) throw new NotFound('errors.submissionNotFound');
    return { user, sub };
  }

  async report(actor: Actor, id: string, locale: Locale) {
    const { sub } = await this.submission(actor, id);
    const msgs = await this.db.selectFrom('obs_submission_message').selectAll().where('submission_id', '=', sub.id).orderBy('seq').execute();
    const render = (m: (typeof msgs)[number]) => ({ row: m.row_number, column: m.column_name, value: m.value, key: m.key, message: t(locale, m.key, m.params) });
    return {
      id: sub.id,
      dataflow: sub.dataflow_id,
      country: sub.country_code,
      fileName: sub.file_name,
      status: sub.status,
      rows: sub.rows_read,
      errorCount: sub.error_count,
      warningCount: sub.warning_count,
      errors: msgs.filter((m) => m.severity === 'error').map(render),
      warnings: msgs.filter((m) => m.severity === 'warning').map(render),
      preview: sub.preview as Record<string, string | number>[],
      applied: sub.applied_counts as { added: number; changed: number; unchanged: number } | null,
      createdAt: sub.created_at,
      appliedAt: sub.applied_at,
    };
  }

  /** Writes a validated submission in one transaction: all of it, or nothing. */
  async apply(actor: Actor, meta: RequestMeta, id: string, locale: Locale) {
    const { user, sub } = await this.submission(actor, id);
    if (sub.status !== 'validated') throw new Conflict('errors.submissionNotApplicable', { status: t(locale, `observatory.status.${sub.status}`) });
    const s = await this.structure(sub.dataflow_id);
    const file = storedPath(this.files, sub.file_sha256);
    if (!file) throw new NotFound('errors.submissionFileMissing');
    const counts = await this.db.transaction().execute(async (tx) => {
      // One apply or release at a time per dataflow; the stamp is taken after the lock so
      // a release's cutoff never precedes revisions committed after it.
      await sql`select pg_advisory_xact_lock(hashtext(${'obs:' + s.id}))`.execute(tx);
      const again = await tx.selectFrom('obs_submission').select('status').where('id', '=', sub.id).forUpdate().executeTakeFirstOrThrow();
      if (again.status !== 'validated') throw new Conflict('errors.submissionNotApplicable', { status: t(locale, `observatory.status.${again.status}`) });
      const stamp = (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(tx)).rows[0]!.now;
      const stage = await stageRows(tx, (onRow) => this.run(user, s, file, sub.file_kind, sub.mapping as ColumnMapping, onRow, tx));
      if (stage.result.errorCount > 0) throw new Conflict('errors.submissionRevalidationFailed', { count: stage.result.errorCount });
      // temporary tables have no statistics until analysed: without them the joins below go row by row
      await sql`analyze obs_stage`.execute(tx);
      const dims: string[] = DIMENSION_IDS.map((d) => DIMENSION_COLUMNS[d]);
      const match = sql.join(dims.concat('time_period').map((c) => sql`o.${sql.ref(c)} = st.${sql.ref(c)}`), sql` and `);
      const closed = await sql`update obs_observation o set valid_to = ${stamp} from obs_stage st
        where o.dataflow_id = ${s.id} and o.valid_to is null and ${match}
          and (o.obs_value <> st.obs_value or o.obs_status <> st.obs_status or o.comment is distinct from st.comment)`.execute(tx);
      const cols = sql.join(dims.concat('time_period', 'obs_value', 'obs_status', 'comment').map((c) => sql.ref(c)));
      const stCols = sql.join(dims.concat('time_period', 'obs_value', 'obs_status', 'comment').map((c) => sql`st.${sql.ref(c)}`));
      const inserted = await sql`insert into obs_observation (dataflow_id, ${cols}, submission_id, valid_from)
        select ${s.id}, ${stCols}, ${sub.id}::uuid, ${stamp}::timestamptz from obs_stage st
        where not exists (select 1 from obs_observation o where o.dataflow_id = ${s.id} and o.valid_to is null and ${match})`.execute(tx);
      const changed = Number(closed.numAffectedRows ?? 0);
      const written = Number(inserted.numAffectedRows ?? 0);
      if (written > 0) {
        await sql`create temp table obs_keys on commit drop as select distinct ref_area, flow, time_period from obs_stage`.execute(tx);
        await sql`analyze obs_keys`.execute(tx);
        await refreshRollup(tx, s, 'obs_keys', stamp);
      }
      const applied = { added: written - changed, changed, unchanged: stage.rows - written };
      await tx.updateTable('obs_submission').set({ status: 'applied', applied_at: stamp, applied_by: user.id, applied_counts: JSON.stringify(applied) }).where('id', '=', sub.id).execute();
      await recordAudit(tx, actor, meta, { action: 'observatory.submission_apply', entityType: 'obs_submission', entityId: sub.id, after: applied });
      return applied;
    });
    return { ...(await this.report(actor, id, locale)), applied: counts };
  }

  /** The person's own rows with an error column added (messages in their language). */
  async reportCsv(actor: Actor, id: string, locale: Locale): Promise<AsyncGenerator<string>> {
    const { sub } = await this.submission(actor, id);
    const file = storedPath(this.files, sub.file_sha256);
    if (!file) throw new NotFound('errors.submissionFileMissing');
    const msgs = await this.db.selectFrom('obs_submission_message').selectAll().where('submission_id', '=', sub.id).orderBy('seq').execute();
    const byRow = new Map<number, string[]>();
    const general: string[] = [];
    for (const m of msgs) {
      const text = `${m.severity === 'error' ? t(locale, 'observatory.report.error') : t(locale, 'observatory.report.warning')}: ${t(locale, m.key, m.params)}`;
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
      const cutoff = (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(tx)).rows[0]!.now;
      const releaseAt = input.releaseAt && input.releaseAt > cutoff ? input.releaseAt : cutoff;
      const r = await tx
        .insertInto('obs_release')
        .values({ dataflow_id: s.id, country_code: input.country, level: input.level, cutoff, release_at: releaseAt, note: input.note ?? null, created_by: actor.kind === 'user' ? actor.id : null })
        .returning(['id', 'dataflow_id', 'country_code', 'level', 'cutoff', 'release_at', 'note'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, meta, { action: 'observatory.release_create', entityType: 'obs_release', entityId: r.id, after: r });
      return releaseOut(r);
    });
  }

  /** The release calendar: past and scheduled releases (dates only, no figures). */
  async releases(dataflowId: string) {
    const s = await this.structure(dataflowId);
    const rows = await this.db.selectFrom('obs_release').select(['id', 'dataflow_id', 'country_code', 'level', 'cutoff', 'release_at', 'note']).where('dataflow_id', '=', s.id).orderBy('release_at', 'desc').limit(500).execute();
    return { items: rows.map(releaseOut) };
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

  async data(actor: Actor, dataflowId: string, q: DataQuery) {
    const s = await this.structure(dataflowId);
    const access = this.accessOf(actor);
    const { cells, scope, rollup } = await queryCells(this.db, s, q, access, this.clock());
    // Figures a caller sees unsuppressed: everything for the secretariat; one's own country alone.
    const own = access.kind === 'all' || (access.kind === 'country' && q.filters.REF_AREA?.length === 1 && q.filters.REF_AREA[0] === access.country);
    const published = own ? cells.map((c) => ({ ...c, suppressed: false })) : suppress(cells, q.groupBy, s.suppressionThreshold);
    return {
      structure: s,
      rollup,
      body: {
        dataflow: s.urn,
        releases: scope.releases.map((r) => ({ id: r.id, country: r.country, level: r.level, releasedAt: r.releaseAt.toISOString(), cutoff: r.cutoff.toISOString() })),
        ...(scope.privileged.length || scope.all ? { unreleased: scope.all ? 'all' : scope.privileged } : {}),
        observations: published.map((c) => ({ ...c.key, OBS_VALUE: c.suppressed ? null : c.value, CONF_STATUS: c.suppressed ? 'C' : 'F' })),
      },
    };
  }
}

/** Where the content-addressed store keeps a file (the importer reads it again on apply). */
function storedPath(files: FileStore, sha256: string): string | null {
  const stream = files.open(sha256);
  if (!stream) return null;
  stream.destroy();
  return String(stream.path);
}

function releaseOut(r: { id: string; dataflow_id: string; country_code: string; level: string; cutoff: Date; release_at: Date; note: string | null }) {
  return { id: r.id, dataflow: r.dataflow_id, country: r.country_code, level: r.level, cutoff: r.cutoff.toISOString(), releaseAt: r.release_at.toISOString(), note: r.note };
}

export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function saveMessages(tx: Executor, submissionId: string, messages: Message[]) {
  for (let i = 0; i < messages.length; i += 1000) {
    await tx
      .insertInto('obs_submission_message')
      .values(
        messages.slice(i, i + 1000).map((m, j) => ({
          submission_id: submissionId,
          seq: i + j,
          severity: m.severity,
          row_number: m.row,
          column_name: m.column,
          value: m.value === null ? null : m.value.slice(0, 500),
          key: m.key,
          params: JSON.stringify(m.params),
        })),
      )
      .execute();
  }
}

/** Streams validated rows into a temporary table in batches (unnest), inside the transaction. */
async function stageRows(tx: Executor, validate: (onRow: (r: NormalizedRow) => Promise<void>) => Promise<{ result: ValidationResult }>) {
  await sql`create temp table obs_stage (ref_area text, flow text, citizenship text, counterpart_area text, sex text, age text, disability text,
    ethnicity text, location text, time_period text, obs_value bigint, obs_status text, comment text) on commit drop`.execute(tx);
  let batch: NormalizedRow[] = [];
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    const colsOf = (i: number) => batch.map((r) => r.dims[i]!);
    await sql`insert into obs_stage select * from unnest(
      ${colsOf(0)}::text[], ${colsOf(1)}::text[], ${colsOf(2)}::text[], ${colsOf(3)}::text[], ${colsOf(4)}::text[], ${colsOf(5)}::text[],
      ${colsOf(6)}::text[], ${colsOf(7)}::text[], ${colsOf(8)}::text[], ${batch.map((r) => r.period)}::text[],
      ${batch.map((r) => r.value)}::bigint[], ${batch.map((r) => r.status)}::text[], ${batch.map((r) => r.comment)}::text[])`.execute(tx);
    rows += batch.length;
    batch = [];
  };
  const { result } = await validate(async (r) => {
    batch.push(r);
    if (batch.length >= STAGE_BATCH) await flush();
  });
  await flush();
  return { result, rows };
}

/** A temporary file for an upload that arrives as JSON rows or from the command line. */
export function tempFile(content: string | Buffer): string {
  const p = path.join(os.tmpdir(), `obs-upload-${crypto.randomUUID()}`);
  fs.writeFileSync(p, content);
  return p;
}
