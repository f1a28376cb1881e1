import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/**
 * Countries that completed roadmap actions (status done) in roadmaps on the given GCM
 * objectives: the cooperation hub proposes them as partners who have done it before.
 */
export async function countriesWithDoneActions(db: Executor, objectives: number[]): Promise<{ country: string; objectives: number[]; actions: number }[]> {
  if (objectives.length === 0) return [];
  const rows = await sql<{ country: string; objectives: number[]; actions: number }>`
    select a.responsible_country as country, array_agg(distinct ro.objective order by ro.objective) as objectives, count(distinct a.id)::int as actions
    from roadmap_action a
    join roadmap_objective ro on ro.roadmap_id = a.roadmap_id and ro.objective = any(${objectives}::int[])
    where a.status = 'done' and a.responsible_country is not null
    group by a.responsible_country`.execute(db);
  return rows.rows.map((r) => ({ ...r, country: r.country.trim() }));
}
