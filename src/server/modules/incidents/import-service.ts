import type { Database, Executor } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import { requireRole } from '../../platform/authz.ts';
import { Conflict, NotFound } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import { columnsOf, diffWithStored, readIncidentsFile, type ImportReport } from './import.ts';
import type { IncidentInput, RowIssue } from './layouts.ts';
import { canVerify, ensureRoutes, snapshot } from './records.ts';

/**
 * The incidents import: the whole file is read and checked (nothing stored but the pending
 * import itself), the person sees the report — errors and warnings by row in their language,
 * what is new and what a newer export changes — and confirms; the apply is one transaction.
 */
export const IMPORTERS = ['admin', 'secretariat', 'contributor'] as const;
const SHOWN = 200;

export interface ImportView {
  id: string;
  status: 'validated' | 'refused' | 'applied';
  fileName: string;
  layout: string;
  rows: number;
  valid: number;
  added: number;
  changed: number;
  unchanged: number;
  errorCount: number;
  warningCount: number;
  errors: { row: number; message: string }[];
  warnings: { row: number; message: string }[];
  changes: { key: string; id: string; fields: string[] }[];
}

function translate(locale: Locale, list: RowIssue[]) {
  return list.slice(0, SHOWN).map((i) => ({ row: i.row, message: t(locale, 'incidents.import.rowPrefix', { row: i.row }) + t(locale, i.key, i.params) }));
}

function view(row: { id: string; status: ImportView['status']; file_name: string; layout: string; report: unknown }, locale: Locale): ImportView {
  const r = row.report as ImportReport;
  return {
    id: row.id,
    status: row.status,
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

export class IncidentImports {
  constructor(private readonly db: Database) {}

  async validate(actor: Actor, fileName: string, buf: Buffer, locale: Locale): Promise<ImportView> {
    const user = requireRole(actor, ...IMPORTERS);
    const { layout, inputs, issues, rows } = await readIncidentsFile(this.db, buf, fileName);
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
    const status = errors.length ? 'refused' : 'validated';
    const row = await this.db
      .insertInto('inc_import')
      .values({ user_id: user.id, file_name: fileName.slice(0, 255), layout, status, rows: JSON.stringify(errors.length ? [] : inputs), report: JSON.stringify(report) })
      .returning(['id', 'status', 'file_name', 'layout', 'report'])
      .executeTakeFirstOrThrow();
    return view(row, locale);
  }

  async get(actor: Actor, id: string, locale: Locale): Promise<ImportView> {
    const user = requireRole(actor, ...IMPORTERS);
    const row = await this.db.selectFrom('inc_import').select(['id', 'status', 'file_name', 'layout', 'report', 'user_id']).where('id', '=', id).executeTakeFirst();
    if (!row || (row.user_id !== user.id && !['admin', 'secretariat'].includes(user.role))) throw new NotFound('incidents.errors.importNotFound');
    return view(row, locale);
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
        .returning(['id', 'status', 'file_name', 'layout', 'report'])
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
