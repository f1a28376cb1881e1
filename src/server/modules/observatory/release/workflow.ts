import type { Database } from '../../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../../platform/http/context.ts';
import { Invalid } from '../../../platform/http/errors.ts';
import { hasRole, requireRole } from '../../../platform/authz.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { Locale } from '../../../platform/i18n/index.ts';
import { applySubmission } from '../import/index.ts';
import { dropStage } from '../import/index.ts';
import { accessSubmission, notApplicable, submissionReport, SUBMITTERS, type ImportDeps } from '../import/index.ts';
import { policyOf } from './calendar.ts';
import type { WorkflowNotifier } from './notify.ts';

/**
 * The submission workflow (docs/adr/0007): validated → submitted by the country's focal point
 * → applied when the secretariat approves (at once where the country chose automatic approval)
 * or returned to the country with a comment. Applying is apply.ts's one transaction; until
 * then the figures stay in the submission's staging table, seen by nobody but the report.
 */

/** The person confirms a validated submission: the secretariat's applies; a country's waits for approval unless its policy says automatic. */
export async function confirmSubmission(d: ImportDeps, actor: Actor, meta: RequestMeta, id: string, locale: Locale, notify?: WorkflowNotifier) {
  const { user, sub } = await accessSubmission(d.db, actor, id);
  if (sub.status !== 'validated') throw notApplicable(locale, sub.status);
  const approver = hasRole(actor, 'admin', 'secretariat');
  const auto = !approver && sub.country_code !== null && (await policyOf(d.db, sub.dataflow_id, sub.country_code)).autoApprove;
  if (approver || auto) return applySubmission(d, actor, meta, id, locale);
  await d.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('obs_submission')
      .set({ status: 'submitted', submitted_at: new Date(), submitted_by: user.id, updated_at: new Date() })
      .where('id', '=', sub.id)
      .where('status', '=', 'validated')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notApplicable(locale, 'submitted');
    await recordAudit(tx, actor, meta, { action: 'observatory.submission_submit', entityType: 'obs_submission', entityId: sub.id, after: { status: 'submitted' } });
  });
  await notify?.submitted(sub.id);
  return submissionReport(d.db, actor, id, locale);
}

/** The secretariat approves a country's submission: it is applied (one transaction, apply.ts). */
export async function approveSubmission(d: ImportDeps, actor: Actor, meta: RequestMeta, id: string, locale: Locale, comment?: string, notify?: WorkflowNotifier) {
  requireRole(actor, 'admin', 'secretariat');
  const report = await applySubmission(d, actor, meta, id, locale, { from: 'submitted', comment });
  await notify?.reviewed(id);
  return report;
}

/** The secretariat returns a submission to its country with a comment; its staged figures are dropped. */
export async function returnSubmission(d: ImportDeps, actor: Actor, meta: RequestMeta, id: string, locale: Locale, comment: string, notify?: WorkflowNotifier) {
  const user = requireRole(actor, 'admin', 'secretariat');
  const text = comment.trim();
  if (!text) throw new Invalid([{ path: 'comment', key: 'errors.reviewCommentRequired' }]);
  const { sub } = await accessSubmission(d.db, actor, id);
  if (sub.status !== 'submitted') throw notApplicable(locale, sub.status);
  await d.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('obs_submission')
      .set({ status: 'returned', reviewed_at: new Date(), reviewed_by: user.id, review_comment: text, stage_table: null, updated_at: new Date() })
      .where('id', '=', sub.id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notApplicable(locale, 'returned');
    await recordAudit(tx, actor, meta, { action: 'observatory.submission_return', entityType: 'obs_submission', entityId: sub.id, after: { status: 'returned', comment: text } });
  });
  if (sub.stage_table) await dropStage(d.db, sub.stage_table);
  await notify?.reviewed(sub.id);
  return submissionReport(d.db, actor, id, locale);
}

export interface SubmissionFilter {
  dataflow?: string;
  status?: string;
  country?: string;
  limit: number;
}

/** The submissions a person may see: a focal point's country's (and their own), or every one for the secretariat. */
export async function listSubmissions(db: Database, actor: Actor, f: SubmissionFilter) {
  const user = requireRole(actor, ...SUBMITTERS);
  let q = db
    .selectFrom('obs_submission')
    .select(['id', 'dataflow_id', 'country_code', 'file_name', 'status', 'rows_read', 'error_count', 'warning_count', 'info_count', 'created_at', 'submitted_at', 'applied_at', 'user_label', 'reviewed_at', 'review_comment'])
    .orderBy('created_at', 'desc')
    .limit(f.limit);
  if (user.role === 'focal_point') q = q.where((eb) => eb.or([eb('country_code', '=', user.countryCode), eb('user_id', '=', user.id)]));
  if (f.dataflow) q = q.where('dataflow_id', '=', f.dataflow);
  if (f.status) q = q.where('status', '=', f.status as never);
  if (f.country) q = q.where('country_code', '=', f.country);
  const rows = await q.execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      dataflow: r.dataflow_id,
      country: r.country_code,
      fileName: r.file_name,
      status: r.status,
      rows: r.rows_read,
      errorCount: r.error_count,
      warningCount: r.warning_count,
      infoCount: r.info_count,
      createdAt: r.created_at.toISOString(),
      submittedAt: r.submitted_at?.toISOString() ?? null,
      appliedAt: r.applied_at?.toISOString() ?? null,
      userLabel: r.user_label,
      review: r.reviewed_at ? { at: r.reviewed_at.toISOString(), comment: r.review_comment } : null,
    })),
  };
}
