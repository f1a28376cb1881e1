import type { Database, Executor } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import { requireRole } from '../../platform/authz.ts';
import { Conflict, Invalid, NotFound } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { t, type Locale, dynamicKey } from '../../platform/i18n/index.ts';
import { columnsOf, diffWithStored, readIncidentsFile, type ImportReport, type ReadProgress } from './import.ts';
import type { IncidentInput, RowIssue } from './layouts.ts';
import { canVerify, ensureRoutes, snapshot } from './records.ts';
import type { ImportReport as ImportReportOut } from '../../../shared/contracts/incidents.ts';

/**
 * The incidents import: the whole file is read and checked (nothing stored but the pending
 * import itself), the person sees the report — errors and warnings by row in their language,
 * what is new and what a newer export changes — and confirms; the apply is one transaction.
 */
export const IMPORTERS = ['admin', 'secretariat', 'contributor'] as const;
const SHOWN = 200;

/** The whole-file report, in the person's language: the API's contract (src/shared/contracts/incidents.ts). */
export type ImportView = ImportReportOut;

function translate(locale: Locale, list: RowIssue[]) {
  return list.slice(0, SHOWN).map((i) => ({ row: i.row, message: t(locale, 'incidents.import.rowPrefix', { row: i.row }) + t(locale, dynamicKey(i.key), i.params) }));
}

type ImportRow = { id: string; status: ImportView['status']; file_name: string; layout: string; report: unknown; rows_read: number; rows_total: number | null; failure: { key: string; params?: Record<string, unknown> } | null; created_at: Date | string };

function view(row: ImportRow, locale: Locale): ImportView {
  // while validating the report is still empty: zeros until it is written
  const r = { rows: 0, valid: 0, added: 0, changed: 0, unchanged: 0, errors: [], warnings: [], changes: [], ...(row.report as Partial<ImportReport>) } as ImportReport;
  return {
    id: row.id,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    progress: { read: row.rows_read, total: row.rows_total },
    failure: row.failure ? t(locale, dynamicKey(row.failure.key), row.failure.params ?? {}) : null,
    fileName: row.file_name,
    layout: row.layout,
    rows: r.rows,
    valid: r.valid,
    added: r.added,
    changed: r.changed,
    unchanged: r.unchanged,
    errorCount: r.errors.length,
    warningCount: r.warnings.length,
    errors: translate(locale, r.errors),
    warnings: translate(locale, r.warnings),
    changes: r.changes,
  };
}

const COLUMNS = ['id', 'status', 'file_name', 'layout', 'report', 'rows_read', 'rows_total', 'failure', 'created_at'] as const;
/** Files larger than this are read in the background with progress (about 3,500 rows of IOM's current export). */
export const BACKGROUND_BYTES = 1024 * 1024;
/** A reading without progress for this long was interrupted (its process stopped). */
const STALE_MS = 5 * 60_000;

export class IncidentImports {
  constructor(
    private readonly db: Database,
    private readonly backgroundBytes = BACKGROUND_BYTES,
  ) {}

  /**
   * Reads and checks the whole file. A file over `backgroundBytes` is read after the answer
   * (status `validating`, 202): the import records the rows read so far, the page polls it and
   * shows progress, and the person may leave and reopen it from their pending imports.
   */
  async validate(actor: Actor, fileName: string, buf: Buffer, locale: Locale): Promise<ImportView> {
    const user = requireRole(actor, ...IMPORTERS);
    if (buf.length > this.backgroundBytes) {
      const row = await this.db
        .insertInto('inc_import')
        .values({ user_id: user.id, file_name: fileName.slice(0, 255), layout: 'pending', status: 'validating', rows: '[]', report: JSON.stringify({}) })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      const work = this.readInBackground(row.id, fileName, buf);
      this.reading.add(work);
      void work.finally(() => this.reading.delete(work));
      return view(row, locale);
    }
    const { layout, report, inputs } = await this.check(fileName, buf);
    const status = report.errors.length ? 'refused' : 'validated';
    const row = await this.db
      .insertInto('inc_import')
      .values({ user_id: user.id, file_name: fileName.slice(0, 255), layout, status, rows: JSON.stringify(report.errors.length ? [] : inputs), report: JSON.stringify(report) })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return view(row, locale);
  }

  /** Background readings of this process (tests wait for them). */
  private readonly reading = new Set<Promise<void>>();
  async idle(): Promise<void> {
    await Promise.all([...this.reading]);
  }

  private async check(fileName: string, buf: Buffer, onProgress?: ReadProgress) {
    const { layout, inputs, issues, rows } = await readIncidentsFile(this.db, buf, fileName, onProgress);
    const errors = issues.filter((i) => i.severity === 'error');
    const warnings = issues.filter((i) => i.severity === 'warning');
    const diff = errors.length ? { added: [], changed: [], unchanged: 0 } : await diffWithStored(this.db, inputs);
    const report: ImportReport = {
      layout,
      rows,
      valid: inputs.length,
      added: diff.added.length,
      changed: diff.changed.length,
      unchanged: diff.unchanged,
      errors,
      warnings,
      changes: diff.changed.slice(0, SHOWN).map((c) => ({ key: c.input.mainId ?? c.input.sourceKey ?? '', id: c.id, fields: c.fields })),
    };
    return { layout, report, inputs };
  }

  private async readInBackground(id: string, fileName: string, buf: Buffer): Promise<void> {
    const progress: ReadProgress = async (read, total) => {
      await this.db.updateTable('inc_import').set({ rows_read: read, rows_total: total, updated_at: new Date() }).where('id', '=', id).where('status', '=', 'validating').execute();
    };
    try {
      const { layout, report, inputs } = await this.check(fileName, buf, progress);
      const status = report.errors.length ? 'refused' : 'validated';
      await this.db
        .updateTable('inc_import')
        .set({ layout, status, rows: JSON.stringify(report.errors.length ? [] : inputs), report: JSON.stringify(report), rows_read: report.rows, rows_total: report.rows, updated_at: new Date() })
        .where('id', '=', id)
        .where('status', '=', 'validating')
        .execute();
    } catch (err) {
      // A file that cannot be read at all (not CSV, unknown columns…) says why, as a small upload would.
      const failure = err instanceof Invalid && err.issues[0] ? { key: err.issues[0].key, params: err.issues[0].params ?? {} } : { key: 'incidents.import.failed', params: {} };
      await this.db.updateTable('inc_import').set({ status: 'failed', failure: JSON.stringify(failure), updated_at: new Date() }).where('id', '=', id).where('status', '=', 'validating').execute();
    }
  }

  async get(actor: Actor, id: string, locale: Locale): Promise<ImportView> {
    const user = requireRole(actor, ...IMPORTERS);
    // A reading whose process stopped (a restart) never finishes: after STALE_MS without progress it is said failed.
    await this.db
      .updateTable('inc_import')
      .set({ status: 'failed', failure: JSON.stringify({ key: 'incidents.import.interrupted', params: {} }), updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'validating')
      .where('updated_at', '<', new Date(Date.now() - STALE_MS))
      .execute();
    const row = await this.db.selectFrom('inc_import').select([...COLUMNS, 'user_id']).where('id', '=', id).executeTakeFirst();
    if (!row || (row.user_id !== user.id && !['admin', 'secretariat'].includes(user.role))) throw new NotFound('incidents.errors.importNotFound');
    return view(row, locale);
  }

  /** The person's own imports still waiting: being read, or validated and not yet applied (newest first). */
  async pending(actor: Actor, locale: Locale): Promise<ImportView[]> {
    const user = requireRole(actor, ...IMPORTERS);
    const rows = await this.db.selectFrom('inc_import').select(COLUMNS).where('user_id', '=', user.id).where('status', 'in', ['validating', 'validated']).orderBy('created_at', 'desc').limit(50).execute();
    return rows.map((r) => ({ ...view(r, locale), errors: [], warnings: [], changes: [] }));
  }

  /** Applies a validated import in one transaction, comparing again with what is stored now. */
  async apply(actor: Actor, meta: RequestMeta, id: string, locale: Locale): Promise<ImportView> {
    const user = requireRole(actor, ...IMPORTERS);
    const verified = await canVerify(this.db, user);
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('inc_import').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row || row.user_id !== user.id) throw new NotFound('incidents.errors.importNotFound');
      if (row.status !== 'validated') throw new Conflict('incidents.errors.importNotApplicable', { status: t(locale, `incidents.importStatus.${row.status}`) });
      const inputs = row.rows as unknown as IncidentInput[];
      const { added, changed, unchanged } = await diffWithStored(tx, inputs);
      await ensureRoutes(tx, inputs.map((x) => x.route));
      await insertAll(tx, user, added, verified ? 'verified' : 'reported');
      for (const c of changed) {
        const updated = await tx
          .updateTable('inc_incident')
          .set({ ...columnsOf(c.input), version: (eb) => eb('version', '+', 1), updated_at: new Date() })
          .where('id', '=', c.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx.insertInto('inc_incident_revision').values({ incident_id: c.id, version: updated.version, actor_label: user.email, change: `import: ${c.fields.join(', ')}`, data: JSON.stringify(snapshot(updated)) }).execute();
      }
      const report = { ...(row.report as ImportReport), added: added.length, changed: changed.length, unchanged };
      const done = await tx
        .updateTable('inc_import')
        .set({ status: 'applied', applied_at: new Date(), rows: '[]', report: JSON.stringify(report) })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, meta, { action: 'incident.import', entityType: 'inc_import', entityId: id, after: { file: row.file_name, layout: row.layout, added: added.length, changed: changed.length, unchanged } });
      // Verified records (or corrections of them) change the public missing-migrants page (drawn pages are dropped, ADR 0010).
      if (verified || changed.length) await announcePublicChange(tx, { kind: 'incidents' });
      return view(done, locale);
    });
  }
}

/** New records in batches, each with its first revision. */
async function insertAll(tx: Executor, user: UserActor, inputs: IncidentInput[], status: 'verified' | 'reported'): Promise<void> {
  for (let i = 0; i < inputs.length; i += 1000) {
    const batch = inputs.slice(i, i + 1000);
    const rows = await tx
      .insertInto('inc_incident')
      .values(
        batch.map((x) => ({
          ...columnsOf(x),
          status,
          recorded_by: user.id,
          recorded_by_label: user.email,
          recorder_country: user.countryCode,
          recorder_organisation: user.organisationId,
          verified_by: status === 'verified' ? user.id : null,
          verified_at: status === 'verified' ? new Date() : null,
        })),
      )
      .returningAll()
      .execute();
    await tx
      .insertInto('inc_incident_revision')
      .values(rows.map((r) => ({ incident_id: r.id, version: 1, actor_label: user.email, change: 'import', data: JSON.stringify(snapshot(r)) })))
      .execute();
  }
}
