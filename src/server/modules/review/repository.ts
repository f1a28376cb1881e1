import type { Executor } from '../../platform/db/database.ts';
import type { ReportModel } from './model.ts';
import type { ReviewReportTable } from './tables.ts';

/** The only code touching the review module's tables. */

export type ReportRow = Omit<ReviewReportTable, 'id' | 'created_at' | 'model'> & { id: string; created_at: Date; model: ReportModel };
const LIST_COLUMNS = ['id', 'title', 'language', 'objectives', 'country_scope', 'countries', 'period_from', 'period_to', 'as_of', 'created_by', 'created_by_label', 'created_at'] as const;

export async function insertReport(db: Executor, r: Omit<ReportRow, 'id' | 'created_at'>): Promise<{ id: string; created_at: Date }> {
  return db
    .insertInto('review_report')
    .values({ ...r, model: JSON.stringify(r.model) })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function listReports(db: Executor) {
  return db.selectFrom('review_report').select(LIST_COLUMNS).orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
}

export async function findReport(db: Executor, id: string): Promise<ReportRow | undefined> {
  return (await db.selectFrom('review_report').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function texts(db: Executor, reportId: string) {
  return db.selectFrom('review_section_text').selectAll().where('report_id', '=', reportId).orderBy('section').orderBy('version').execute();
}

/** A new version of a section's text; the lock on the report serialises concurrent saves. */
export async function insertText(db: Executor, t: { report_id: string; section: string; status: 'draft' | 'final'; body: string; author_id: string | null; author_label: string }) {
  await db.selectFrom('review_report').select('id').where('id', '=', t.report_id).forUpdate().execute();
  const last = await db.selectFrom('review_section_text').select((eb) => eb.fn.max('version').as('v')).where('report_id', '=', t.report_id).where('section', '=', t.section).executeTakeFirst();
  const version = (last?.v ?? 0) + 1;
  return db.insertInto('review_section_text').values({ ...t, version }).returning(['version', 'created_at']).executeTakeFirstOrThrow();
}
