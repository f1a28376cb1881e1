import { sql } from 'kysely';
import type { Actor, RequestMeta } from '../../../platform/http/context.ts';
import { Conflict } from '../../../platform/http/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { Locale } from '../../../platform/i18n/index.ts';
import { DIMENSION_COLUMNS, DIMENSION_IDS } from '../structure/index.ts';
import { refreshRollup } from '../read/index.ts';
import { stagedRows, traced } from './staging.ts';
import { removedSql, stateChecksum, structureHash } from './diff.ts';
import { accessSubmission, notApplicable, stageFile, submissionReport, type ImportDeps } from './submit.ts';

export interface ApplyOptions {
  /** `submitted`: the secretariat approving a country's submission (workflow.ts). */
  from?: 'validated' | 'submitted';
  comment?: string;
}

/**
 * Applying a validated submission: ONE transaction that closes the revisions it changes
 * (valid_to), inserts the new ones, removes (closes) what a replacing file no longer holds,
 * refreshes the rollup, raises the countries' state version and drops the staging table.
 * Killed at any moment, PostgreSQL keeps all of it or none of it.
 *
 * The file is not read again: the rows come from the staging table the validation filled,
 * trusted because apply is bound to what the validation saw — the same structure (code
 * lists), and the same state of the countries' figures (else 409: the diff shown to the
 * person would no longer be true; submit again).
 */
export async function applySubmission(d: ImportDeps, actor: Actor, meta: RequestMeta, id: string, locale: Locale, opts: ApplyOptions = {}) {
  const from = opts.from ?? 'validated';
  const { user, sub } = await accessSubmission(d.db, actor, id);
  if (sub.status !== from) throw notApplicable(locale, sub.status);
  const s = await d.structure(sub.dataflow_id);
  if (structureHash(s) !== sub.structure_hash) throw new Conflict('errors.submissionStructureChanged');
  const table = sub.stage_table!;
  // An unlogged table is emptied when PostgreSQL restarts after a crash: stage the file again.
  if ((await stagedRows(d.db, table)) !== sub.stage_rows) {
    const { result, msgs } = await stageFile(d, sub, user, s, false);
    if (msgs.errorCount > 0 || result.staged !== sub.stage_rows) throw new Conflict('errors.submissionRevalidationFailed', { count: msgs.errorCount });
  }
  const countries = (sub.state_checksum ?? '').split(',').filter(Boolean).map((x) => x.split(':')[0]!);
  const dims: string[] = DIMENSION_IDS.map((dd) => DIMENSION_COLUMNS[dd]);
  const st = sql.table(table);
  const counts = await d.db.transaction().execute(async (tx) => {
    // One apply or release at a time per dataflow; the stamp is taken after the lock so
    // a release's cutoff never precedes revisions committed after it.
    await sql`select pg_advisory_xact_lock(hashtext(${'obs:' + s.id}))`.execute(tx);
    await sql`set local work_mem = '128MB'`.execute(tx);
    const again = await tx.selectFrom('obs_submission').select(['status', 'state_checksum']).where('id', '=', sub.id).forUpdate().executeTakeFirstOrThrow();
    if (again.status !== from) throw notApplicable(locale, again.status);
    if ((await stateChecksum(tx, s.id, countries)) !== again.state_checksum) throw new Conflict('errors.submissionStateChanged');
    const stamp = (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(tx)).rows[0]!.now;
    const match = sql.join(dims.concat('time_period').map((c) => sql`o.${sql.ref(c)} = st.${sql.ref(c)}`), sql` and `);
    const closed = await traced('close changed revisions', () => sql`update obs_observation o set valid_to = ${stamp} from ${st} st
      where o.dataflow_id = ${s.id} and o.valid_to is null and ${match}
        and (o.obs_value <> st.obs_value or o.obs_status <> st.obs_status or o.comment is distinct from st.comment)`.execute(tx));
    let removed = 0;
    if (sub.mode === 'replace') {
      const r = await sql`update obs_observation o set valid_to = ${stamp} where o.id in (select g.id from (${removedSql(s, table)}) g)`.execute(tx);
      removed = Number(r.numAffectedRows ?? 0);
    }
    const cols = sql.join(dims.concat('time_period', 'obs_value', 'obs_status', 'comment').map((c) => sql.ref(c)));
    const stCols = sql.join(dims.concat('time_period', 'obs_value', 'obs_status', 'comment').map((c) => sql`st.${sql.ref(c)}`));
    // The validation's diff holds for this state (checked above): when it found none of the
    // file's keys among the current figures (a new month, a first submission), every row is
    // inserted without probing for a current revision of its key. Were it wrong, the unique
    // index of current revisions would refuse the insert and roll everything back. Rows go in
    // in the file's order: sorting a million rows by the index's ten columns first cost more
    // (13.7 s against 10.6 s for the insert of the benchmark's 1,000,000 rows) than it saved.
    const diff = sub.diff as { changed?: number; unchanged?: number } | null;
    const allNew = diff?.changed === 0 && diff.unchanged === 0;
    const inserted = await traced('insert new revisions', () => sql`insert into obs_observation (dataflow_id, ${cols}, submission_id, valid_from)
      select ${s.id}, ${stCols}, ${sub.id}::uuid, ${stamp}::timestamptz from ${st} st
      ${allNew ? sql`` : sql`where not exists (select 1 from obs_observation o where o.dataflow_id = ${s.id} and o.valid_to is null and ${match})`}
    `.execute(tx));
    const changed = Number(closed.numAffectedRows ?? 0);
    const written = Number(inserted.numAffectedRows ?? 0);
    if (written > 0 || removed > 0) {
      await sql`create temp table obs_keys on commit drop as select distinct ref_area, flow, time_period from ${st}`.execute(tx);
      await sql`analyze obs_keys`.execute(tx);
      await traced('rollup', () => refreshRollup(tx, s, 'obs_keys', stamp));
    }
    await sql`insert into obs_series_state (dataflow_id, ref_area, version, updated_at) select ${s.id}, c, 1, ${stamp}::timestamptz from unnest(${countries}::text[]) as c
      on conflict (dataflow_id, ref_area) do update set version = obs_series_state.version + 1, updated_at = ${stamp}`.execute(tx);
    const applied = { added: written - changed, changed, unchanged: (sub.stage_rows ?? 0) - written, ...(sub.mode === 'replace' ? { removed } : {}) };
    await sql`drop table ${st}`.execute(tx);
    await tx
      .updateTable('obs_submission')
      .set({
        status: 'applied',
        applied_at: stamp,
        applied_by: user.id,
        applied_counts: JSON.stringify(applied),
        stage_table: null,
        updated_at: new Date(),
        // approving a country's submission is the secretariat's review of it
        ...(from === 'submitted' ? { reviewed_at: stamp, reviewed_by: user.id, review_comment: opts.comment ?? null } : {}),
      })
      .where('id', '=', sub.id)
      .execute();
    await recordAudit(tx, actor, meta, { action: from === 'submitted' ? 'observatory.submission_approve' : 'observatory.submission_apply', entityType: 'obs_submission', entityId: sub.id, after: applied });
    return applied;
  });
  return { ...(await submissionReport(d.db, actor, id, locale)), applied: counts };
}
