import { sql } from 'kysely';
import type { AuditLabel, AuditLabelSource } from '../../platform/audit/labels.ts';

/** A release has no name of its own: the trail shows its data flow, country and date, in each language. */
export const releaseLabel: AuditLabelSource = async (db, ids) => {
  const one = (lang: string) => sql<string>`coalesce(d.name->>${lang}, d.id) || ' · ' || coalesce(c.name->>${lang}, r.country_code) || ' · ' || to_char(r.release_at at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await sql<{ id: string; label: AuditLabel }>`
    select r.id::text as id, jsonb_build_object('es', ${one('es')}, 'en', ${one('en')}) as label
    from obs_release r join obs_dataflow d on d.id = r.dataflow_id left join ref_country c on c.code = r.country_code
    where r.id::text = any(${ids}::text[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.label]));
};
