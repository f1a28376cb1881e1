import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { PracticeInput } from '../../../shared/practice-schema.ts';

/** Writes to the practices tables (the read side is repository.ts). */

export function columns(p: PracticeInput) {
  return {
    kind: p.kind,
    title: JSON.stringify(p.title),
    summary: JSON.stringify(p.summary),
    description: p.description,
    original_language: p.originalLanguage,
    status: p.status,
    period_start: p.periodStart,
    period_end: p.periodEnd,
    source: p.source,
    lead_institution: p.leadInstitution,
    partners: p.partners,
    target_groups: p.targetGroups,
    links: JSON.stringify(p.links),
    benefit: JSON.stringify(p.benefit),
    impact: JSON.stringify(p.impact),
    evaluated: p.evaluated,
    evaluation_url: p.evaluationUrl,
    contact: p.contact,
  };
}

export async function insertPractice(
  db: Executor,
  p: PracticeInput,
  meta: { slug: string; createdBy: string; ownerCountry: string | null; ownerOrganisation: string | null; validation: 'state' | 'stakeholder' },
) {
  const row = await db
    .insertInto('practice')
    .values({
      ...columns(p),
      slug: meta.slug,
      created_by: meta.createdBy,
      owner_country: meta.ownerCountry,
      owner_organisation: meta.ownerOrganisation,
      validation: meta.validation,
      workflow: 'draft',
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await replaceRelations(db, row.id, p);
  return row.id;
}

/** Optimistic concurrency: the update applies only if nobody saved since `expectedVersion`. */
export async function updatePractice(db: Executor, id: string, p: PracticeInput, expectedVersion: number): Promise<boolean> {
  const r = await db
    .updateTable('practice')
    .set({ ...columns(p), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (!r.numUpdatedRows) return false;
  await replaceRelations(db, id, p);
  return true;
}

export async function replaceRelations(db: Executor, id: string, p: PracticeInput) {
  await db.deleteFrom('practice_country').where('practice_id', '=', id).execute();
  await db.deleteFrom('practice_organisation').where('practice_id', '=', id).execute();
  await db.deleteFrom('practice_objective').where('practice_id', '=', id).execute();
  await db.deleteFrom('practice_principle').where('practice_id', '=', id).execute();
  if (p.countries.length) await db.insertInto('practice_country').values(p.countries.map((c) => ({ practice_id: id, country_code: c }))).execute();
  if (p.organisations.length) {
    await sql`insert into practice_organisation (practice_id, organisation_id)
      select ${id}::uuid, o.id from organisation o where o.code = any(${p.organisations}::text[])`.execute(db);
  }
  await db
    .insertInto('practice_objective')
    .values(p.objectives.map((o) => ({ practice_id: id, objective: o, is_primary: o === p.primaryObjective })))
    .execute();
  if (p.principles.length) await db.insertInto('practice_principle').values(p.principles.map((x) => ({ practice_id: id, principle: x }))).execute();
}

export function setWorkflow(
  db: Executor,
  id: string,
  workflow: 'draft' | 'submitted' | 'changes_requested' | 'published' | 'rejected',
  extra: { reviewComment?: string | null; publishedAt?: Date } = {},
) {
  return db
    .updateTable('practice')
    .set({
      workflow,
      version: sql`version + 1`,
      updated_at: new Date(),
      ...(extra.reviewComment !== undefined ? { review_comment: extra.reviewComment } : {}),
      ...(extra.publishedAt ? { published_at: extra.publishedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export function endorse(db: Executor, id: string, userId: string) {
  return db
    .updateTable('practice')
    .set({ validation: 'state', endorsed_by: userId, endorsed_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function existingCodes(db: Executor, p: PracticeInput) {
  const [countries, orgs, objectives, principles] = await Promise.all([
    p.countries.length ? db.selectFrom('ref_country').select('code').where('code', 'in', p.countries).execute() : [],
    p.organisations.length ? db.selectFrom('organisation').select('code').where('code', 'in', p.organisations).execute() : [],
    db.selectFrom('ref_gcm_objective').select('number').where('number', 'in', p.objectives).execute(),
    p.principles.length ? db.selectFrom('ref_gcm_principle').select('code').where('code', 'in', p.principles).execute() : [],
  ]);
  return {
    countries: new Set(countries.map((c) => c.code)),
    organisations: new Set(orgs.map((o) => o.code)),
    objectives: new Set(objectives.map((o) => o.number)),
    principles: new Set(principles.map((x) => x.code)),
  };
}

export function slugTaken(db: Executor, slug: string) {
  return db.selectFrom('practice').select('id').where('slug', '=', slug).executeTakeFirst();
}

export async function insertVersion(db: Executor, id: string, by: { id: string | null; label: string }, note: string | null) {
  await sql`insert into practice_version (practice_id, version, snapshot, workflow, changed_by, changed_by_label, note)
    select p.id, p.version, ${snapshotSql(id)}, p.workflow, ${by.id}::uuid, ${by.label}, ${note}
    from practice p where p.id = ${id}::uuid`.execute(db);
}

/** The whole editable record as JSON (the same shape as PracticeInput). */
function snapshotSql(id: string | RawBuilder<unknown>) {
  return sql`(select jsonb_build_object(
      'title', p.title, 'summary', p.summary, 'description', p.description, 'originalLanguage', p.original_language,
      'kind', p.kind, 'status', p.status, 'periodStart', p.period_start, 'periodEnd', p.period_end, 'source', p.source,
      'leadInstitution', p.lead_institution, 'partners', p.partners, 'targetGroups', to_jsonb(p.target_groups),
      'links', p.links, 'benefit', p.benefit, 'impact', p.impact, 'evaluated', p.evaluated, 'evaluationUrl', p.evaluation_url,
      'contact', p.contact,
      'countries', coalesce((select jsonb_agg(country_code order by country_code) from practice_country where practice_id = p.id), '[]'),
      'organisations', coalesce((select jsonb_agg(o.code order by o.code) from practice_organisation x join organisation o on o.id = x.organisation_id where x.practice_id = p.id), '[]'),
      'objectives', coalesce((select jsonb_agg(objective order by objective) from practice_objective where practice_id = p.id), '[]'),
      'primaryObjective', (select objective from practice_objective where practice_id = p.id and is_primary limit 1),
      'principles', coalesce((select jsonb_agg(principle order by principle) from practice_principle where practice_id = p.id), '[]')
    ) from practice p where p.id = ${id}::uuid)`;
}

export async function snapshot(db: Executor, id: string): Promise<Record<string, unknown> | undefined> {
  const r = await sql<{ s: Record<string, unknown> }>`select ${snapshotSql(id)} as s`.execute(db);
  return r.rows[0]?.s ?? undefined;
}

export function versions(db: Executor, id: string) {
  return db
    .selectFrom('practice_version')
    .select(['version', 'snapshot', 'workflow', 'changed_by_label', 'changed_at', 'note'])
    .where('practice_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
}

export function version(db: Executor, id: string, v: number) {
  return db.selectFrom('practice_version').select(['version', 'snapshot']).where('practice_id', '=', id).where('version', '=', v).executeTakeFirst();
}

export function head(db: Executor, id: string) {
  return db
    .selectFrom('practice')
    .select(['id', 'slug', 'workflow', 'version', 'owner_country', 'owner_organisation', 'created_by', 'validation', 'review_comment', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Deletes the practice only while it is in one of `workflows` (its versions, links and attachment rows cascade). */
export async function deleteIn(db: Executor, id: string, workflows: readonly ('draft' | 'changes_requested')[]): Promise<boolean> {
  const r = await db.deleteFrom('practice').where('id', '=', id).where('workflow', 'in', [...workflows]).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function listForActor(db: Executor, f: { ownerCountry?: string | null; ownerOrganisation?: string | null; workflow?: string[]; all?: boolean }) {
  let q = db.selectFrom('practice').select(['id', 'slug', 'title', 'workflow', 'version', 'updated_at', 'review_comment', 'validation']);
  if (!f.all) {
    q = q.where((eb) =>
      eb.or([
        ...(f.ownerCountry ? [eb('owner_country', '=', f.ownerCountry)] : []),
        ...(f.ownerOrganisation ? [eb('owner_organisation', '=', f.ownerOrganisation)] : []),
        eb.val(false),
      ]),
    );
  }
  if (f.workflow?.length) q = q.where('workflow', 'in', f.workflow as ('draft' | 'submitted')[]);
  return q.orderBy('updated_at', 'desc').limit(500).execute();
}

export async function attachments(db: Executor, id: string) {
  const rows = await db
    .selectFrom('practice_attachment')
    .select(['id', 'filename', 'media_type', 'size_bytes'])
    .where('practice_id', '=', id)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, mediaType: r.media_type, size: r.size_bytes }));
}

/**
 * Many new practices at once (a partner's catalogue): one statement per table instead of
 * one per row. Versions are written by `insertVersions` once the links are in.
 */
export async function insertPractices(
  db: Executor,
  rows: { p: PracticeInput; slug: string; createdBy: string; ownerOrganisation: string | null; validation: 'state' | 'stakeholder'; publishedAt: Date | null }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const inserted = await db
      .insertInto('practice')
      .values(
        chunk.map((r) => ({
          ...columns(r.p),
          slug: r.slug,
          created_by: r.createdBy,
          owner_country: null,
          owner_organisation: r.ownerOrganisation,
          validation: r.validation,
          workflow: r.publishedAt ? ('published' as const) : ('draft' as const),
          published_at: r.publishedAt,
        })),
      )
      .returning(['id', 'slug'])
      .execute();
    const bySlug = new Map(inserted.map((x) => [x.slug, x.id]));
    ids.push(...chunk.map((r) => bySlug.get(r.slug)!));
  }
  const links = rows.map((r, i) => ({ id: ids[i]!, p: r.p }));
  const countries = links.flatMap((l) => l.p.countries.map((c) => ({ practice_id: l.id, country_code: c })));
  const objectives = links.flatMap((l) => l.p.objectives.map((o) => ({ practice_id: l.id, objective: o, is_primary: o === l.p.primaryObjective })));
  const orgs = links.flatMap((l) => l.p.organisations.map((code) => ({ id: l.id, code })));
  for (let i = 0; i < countries.length; i += 2000) await db.insertInto('practice_country').values(countries.slice(i, i + 2000)).execute();
  for (let i = 0; i < objectives.length; i += 2000) await db.insertInto('practice_objective').values(objectives.slice(i, i + 2000)).execute();
  if (orgs.length) {
    await sql`insert into practice_organisation (practice_id, organisation_id)
      select x.id, o.id from unnest(${orgs.map((o) => o.id)}::uuid[], ${orgs.map((o) => o.code)}::text[]) as x(id, code)
      join organisation o on o.code = x.code`.execute(db);
  }
  return ids;
}

/** Version 1 of many practices in one statement (the same snapshot as `insertVersion`). */
export async function insertVersions(db: Executor, ids: string[], by: { id: string | null; label: string }, note: string | null) {
  if (!ids.length) return;
  await sql`insert into practice_version (practice_id, version, snapshot, workflow, changed_by, changed_by_label, note)
    select p0.id, p0.version, ${snapshotSql(sql`p0.id`)}, p0.workflow, ${by.id}::uuid, ${by.label}, ${note}
    from practice p0 where p0.id = any(${ids}::uuid[])`.execute(db);
}

/** Every slug in use (an import picks free ones for hundreds of rows without asking each time). */
export async function slugsLike(db: Executor, bases: string[]): Promise<Set<string>> {
  if (!bases.length) return new Set();
  const r = await sql<{ slug: string }>`select slug from practice where split_part(slug, '-', 1) = any(${[...new Set(bases.map((b) => b.split('-')[0]!))]}::text[])`.execute(db);
  return new Set(r.rows.map((x) => x.slug));
}
