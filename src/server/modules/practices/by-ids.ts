import type { Executor } from '../../platform/db/database.ts';

/**
 * Practices by id, for modules that link to them (commitments' roadmap actions): their slug and
 * title to draw a link, their workflow state to hide what the reader may not see. The one way
 * other modules read the `practice` table (issue 16, item 3).
 */
export async function practicesByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('practice').select(['id', 'slug', 'title', 'workflow']).where('id', 'in', ids).execute();
}

/** Which of these ids are practices, for clear "unknown practice" messages before any write. */
export async function existingPracticeIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('practice').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
