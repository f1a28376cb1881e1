import { sql } from 'kysely';
import { announcePublicChange } from '../../platform/db/changes.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Invalid, NotFound, Conflict } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import type { ObsVisibility } from './tables.ts';
import type { Structure } from './structure.ts';
import { buildReleaseCube } from './cube.ts';

/**
 * What each country chose (visibility of its released figures, automatic approval) and its
 * release calendar: announced moments at which its approved figures become visible. The
 * scheduled job (jobs.ts, every minute) calls `runDueReleases`; a release's cutoff is the
 * announced moment, so what it publishes does not depend on when the job happened to run.
 */

export type Level = 'members' | 'public';
export interface Policy {
  country: string;
  visibility: ObsVisibility;
  autoApprove: boolean;
  updatedAt: string | null;
}

/** Without a row: public, and the secretariat approves. */
export async function policyOf(db: Executor, dataflowId: string, country: string): Promise<Policy> {
  const r = await db.selectFrom('obs_country_policy').selectAll().where('dataflow_id', '=', dataflowId).where('country_code', '=', country).executeTakeFirst();
  return { country, visibility: r?.visibility ?? 'public', autoApprove: r?.auto_approve ?? false, updatedAt: r?.updated_at.toISOString() ?? null };
}

/** A release at `level` is allowed by a visibility of at least that level. */
export function levelAllowed(visibility: ObsVisibility, level: Level): boolean {
  return visibility === 'public' || (visibility === 'members' && level === 'members');
}

/** The secretariat, or the country's own focal point, decides for the country. */
import { requireCountry, requireCountryManager } from './access.ts';

export async function listPolicies(db: Database, s: Structure): Promise<{ items: Policy[] }> {
  const rows = await db.selectFrom('obs_country_policy').selectAll().where('dataflow_id', '=', s.id).execute();
  const by = new Map(rows.map((r) => [r.country_code, r]));
  const countries = [...(s.byId.get('REF_AREA')?.codes.values() ?? [])].filter((c) => !c.isAggregate && !c.code.startsWith('_')).map((c) => c.code).sort();
  return {
    items: countries.map((c) => {
      const r = by.get(c);
      return { country: c, visibility: r?.visibility ?? 'public', autoApprove: r?.auto_approve ?? false, updatedAt: r?.updated_at.toISOString() ?? null };
    }),
  };
}

export async function setPolicy(db: Database, actor: Actor, meta: RequestMeta, s: Structure, country: string, input: { visibility: ObsVisibility; autoApprove: boolean }): Promise<Policy> {
  const user = requireCountryManager(actor, country);
  requireCountry(s, country);
  return db.transaction().execute(async (tx) => {
    const before = await policyOf(tx, s.id, country);
    // releases read the policy in the same lock as apply and release (query.ts reads it per answer)
    await sql`select pg_advisory_xact_lock(hashtext(${'obs:' + s.id}))`.execute(tx);
    await tx
      .insertInto('obs_country_policy')
      .values({ dataflow_id: s.id, country_code: country, visibility: input.visibility, auto_approve: input.autoApprove, updated_by: user.id, updated_at: new Date() })
      .onConflict((oc) => oc.columns(['dataflow_id', 'country_code']).doUpdateSet({ visibility: input.visibility, auto_approve: input.autoApprove, updated_by: user.id, updated_at: new Date() }))
      .execute();
    const after = await policyOf(tx, s.id, country);
    // a narrower visibility hides released figures: no instance may keep showing them
    await announcePublicChange(tx, { kind: 'policy' });
    await recordAudit(tx, actor, meta, { action: 'observatory.policy_update', entityType: 'obs_country_policy', entityId: `${s.id}:${country}`, before, after });
    return after;
  });
}

/** Publishes a country's figures as they stood at `cutoff` from `releaseAt`, and builds its cube (cube.ts). Caller holds the dataflow lock. */
export async function publishRelease(
  tx: Executor,
  s: Structure,
  input: { country: string; level: Level; cutoff: Date; releaseAt: Date; note: string | null; createdBy: string | null },
) {
  const r = await tx
    .insertInto('obs_release')
    .values({ dataflow_id: s.id, country_code: input.country, level: input.level, cutoff: input.cutoff, release_at: input.releaseAt, note: input.note, created_by: input.createdBy })
    .returning(['id', 'dataflow_id', 'country_code', 'level', 'cutoff', 'release_at', 'note'])
    .executeTakeFirstOrThrow();
  // released figures are pre-aggregated, with their disclosure pattern, once
  await buildReleaseCube(tx, s, { id: r.id, country: r.country_code, cutoff: r.cutoff });
  // every instance drops its kept pages and answers when this commits (docs/adr/0010); an
  // embargoed release is heard again at its moment
  await announcePublicChange(tx, { kind: 'release', visibleAt: r.release_at > r.cutoff ? r.release_at.toISOString() : undefined });
  return r;
}

/** Refuses a release the country's visibility does not allow, in the reader's language. */
export async function checkLevel(db: Executor, s: Structure, country: string, level: Level): Promise<void> {
  const p = await policyOf(db, s.id, country);
  if (!levelAllowed(p.visibility, level)) throw new Conflict('errors.releaseLevelNotAllowed', { country, level, visibility: p.visibility });
}

export interface CalendarEntry {
  id: string;
  dataflow: string;
  country: string;
  releaseAt: string;
  level: Level;
  note: string | null;
  status: 'scheduled' | 'released' | 'cancelled' | 'skipped';
  releaseId: string | null;
  reason: string | null;
}

type CalendarRow = {
  id: string;
  dataflow_id: string;
  country_code: string;
  release_at: Date;
  level: Level;
  note: string | null;
  status: CalendarEntry['status'];
  release_id: string | null;
  reason: string | null;
};
const entryOut = (r: CalendarRow, locale: Locale): CalendarEntry => ({
  id: r.id,
  dataflow: r.dataflow_id,
  country: r.country_code,
  releaseAt: r.release_at.toISOString(),
  level: r.level,
  note: r.note,
  status: r.status,
  releaseId: r.release_id,
  reason: r.reason ? t(locale, `observatory.calendar.reason.${r.reason}`) : null,
});
const CAL_COLUMNS = ['id', 'dataflow_id', 'country_code', 'release_at', 'level', 'note', 'status', 'release_id', 'reason'] as const;

/** The calendar is public: dates, countries and levels, never figures. */
export async function listCalendar(db: Database, s: Structure, f: { country?: string; from?: Date }, locale: Locale): Promise<{ items: CalendarEntry[] }> {
  let q = db.selectFrom('obs_release_calendar').select(CAL_COLUMNS).where('dataflow_id', '=', s.id).orderBy('release_at', 'desc').limit(500);
  if (f.country) q = q.where('country_code', '=', f.country);
  if (f.from) q = q.where('release_at', '>=', f.from);
  return { items: (await q.execute()).map((r) => entryOut(r, locale)) };
}

/**
 * `from` moved `months` calendar months on, the same day and time of day (UTC; a day the
 * month lacks — the 31st — becomes its last day). A country that changes its clocks checks
 * the moments it announced this way.
 */
export function addMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(from.getUTCDate(), lastDay), from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
}

/**
 * Announces a release moment, or with `repeatMonths` (2–24) as many moments a month apart
 * (statistical offices publish on a fixed day each month): all of them in one transaction,
 * so a refused one leaves none announced.
 */
export async function scheduleRelease(
  db: Database,
  actor: Actor,
  meta: RequestMeta,
  s: Structure,
  input: { country: string; releaseAt: Date; level?: Level; note?: string; repeatMonths?: number },
  now: Date,
  locale: Locale,
): Promise<CalendarEntry & { series?: CalendarEntry[] }> {
  const user = requireCountryManager(actor, input.country);
  requireCountry(s, input.country);
  if (input.releaseAt <= now) throw new Invalid([{ path: 'releaseAt', key: 'errors.releaseAtPast' }]);
  // by default, the widest level the country's visibility allows
  const p = await policyOf(db, s.id, input.country);
  const level: Level = input.level ?? (p.visibility === 'public' ? 'public' : 'members');
  await checkLevel(db, s, input.country, level);
  const count = input.repeatMonths ?? 1;
  return db.transaction().execute(async (tx) => {
    const series: CalendarEntry[] = [];
    for (let k = 0; k < count; k++) {
      const r = await tx
        .insertInto('obs_release_calendar')
        .values({ dataflow_id: s.id, country_code: input.country, release_at: addMonths(input.releaseAt, k), level, note: input.note ?? null, created_by: user.id })
        .returning(CAL_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, meta, { action: 'observatory.calendar_schedule', entityType: 'obs_release_calendar', entityId: r.id, after: r });
      series.push(entryOut(r, locale));
    }
    // announced moments are shown on the public pages (the release calendar)
    await announcePublicChange(tx, { kind: 'calendar' });
    return count > 1 ? { ...series[0]!, series } : series[0]!;
  });
}

export async function cancelScheduled(db: Database, actor: Actor, meta: RequestMeta, id: string, locale: Locale): Promise<void> {
  const row = await db.selectFrom('obs_release_calendar').select(CAL_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('errors.calendarEntryNotFound');
  requireCountryManager(actor, row.country_code);
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('obs_release_calendar').set({ status: 'cancelled', done_at: new Date() }).where('id', '=', id).where('status', '=', 'scheduled').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Conflict('errors.calendarEntryNotScheduled', { status: t(locale, `observatory.calendar.status.${row.status}`) });
    await announcePublicChange(tx, { kind: 'calendar' });
    await recordAudit(tx, actor, meta, { action: 'observatory.calendar_cancel', entityType: 'obs_release_calendar', entityId: id, before: row });
  });
}

export interface DueResult {
  id: string;
  status: 'released' | 'skipped';
  releaseId?: string;
  reason?: string;
}

/**
 * The scheduled job's work: every calendar entry due at `now` becomes a release of the
 * country's figures as they stood at the announced moment — or is skipped, with the reason
 * (`releaseEntry`). One transaction per entry, under the dataflow lock that apply and release
 * share (so no figure stamped before the cutoff is still uncommitted).
 */
export async function runDueReleases(db: Database, structure: (id: string) => Promise<Structure>, now: Date, log?: (msg: string) => void) {
  const due = await db.selectFrom('obs_release_calendar').select(['id', 'dataflow_id']).where('status', '=', 'scheduled').where('release_at', '<=', now).orderBy('release_at').limit(100).execute();
  const out: DueResult[] = [];
  for (const d of due) {
    const s = await structure(d.dataflow_id);
    const result = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${'obs:' + s.id}))`.execute(tx);
      return releaseEntry(tx, s, d.id, 'system', null);
    });
    if (result) {
      out.push(result);
      log?.(`release calendar ${result.id}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
    }
  }
  return out;
}

/**
 * Releases one scheduled calendar entry (the caller holds the dataflow lock), or marks it
 * skipped with the reason: the country has no figures, nothing was applied since its previous
 * release at that level, or its visibility no longer allows the level. Null when the entry is
 * no longer scheduled (another runner took it). The release is audited as made by `actor`:
 * the system for the scheduled job, the person for "publish now".
 */
async function releaseEntry(tx: Executor, s: Structure, id: string, actor: Actor | 'system', meta: RequestMeta | null): Promise<DueResult | null> {
  const e = await tx.selectFrom('obs_release_calendar').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (e.status !== 'scheduled') return null;
  const skip = async (reason: string) => {
    await tx.updateTable('obs_release_calendar').set({ status: 'skipped', reason, done_at: new Date() }).where('id', '=', e.id).execute();
    // the announced moment leaves the public calendar
    await announcePublicChange(tx, { kind: 'calendar' });
    const skipped: DueResult = { id: e.id, status: 'skipped', reason };
    return skipped;
  };
  const policy = await policyOf(tx, s.id, e.country_code);
  if (!levelAllowed(policy.visibility, e.level)) return skip('policy');
  const held = await sql<{ n: number }>`select count(*)::int as n from obs_rollup where dataflow_id = ${s.id} and ref_area = ${e.country_code}
    and valid_from <= ${e.release_at} and (valid_to is null or valid_to > ${e.release_at})`.execute(tx);
  if (!held.rows[0]!.n) return skip('noFigures');
  const last = await tx
    .selectFrom('obs_release')
    .select(['cutoff', 'level'])
    .where('dataflow_id', '=', s.id)
    .where('country_code', '=', e.country_code)
    .where('cutoff', '<=', e.release_at)
    .orderBy('cutoff', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && last.level === e.level) {
    // applied submissions naming this country between the previous cutoff and this one
    const changed = await sql<{ n: number }>`select count(*)::int as n from obs_submission where dataflow_id = ${s.id} and status = 'applied'
      and applied_at > ${last.cutoff} and applied_at <= ${e.release_at}
      and (country_code = ${e.country_code} or (',' || coalesce(state_checksum, '')) like ${'%,' + e.country_code + ':%'})`.execute(tx);
    if (!changed.rows[0]!.n) return skip('nothingNew');
  }
  const r = await publishRelease(tx, s, { country: e.country_code, level: e.level, cutoff: e.release_at, releaseAt: e.release_at, note: e.note, createdBy: e.created_by });
  await tx.updateTable('obs_release_calendar').set({ status: 'released', release_id: r.id, done_at: new Date() }).where('id', '=', e.id).execute();
  await recordAudit(tx, actor, meta, { action: 'observatory.release_create', entityType: 'obs_release', entityId: r.id, after: { ...r, calendar: e.id } });
  return { id: e.id, status: 'released', releaseId: r.id };
}

/**
 * "Publish now": the country's approved figures released at once, beside scheduling — the
 * same permission (the secretariat or the country's focal point), the same checks and the
 * same audit as an announced moment that falls due (a calendar entry at this instant,
 * released in the same transaction). Nothing to publish (no figures, nothing new since the
 * last release at that level) is refused with the reason (409) and leaves nothing behind.
 */
export async function publishNow(
  db: Database,
  actor: Actor,
  meta: RequestMeta,
  s: Structure,
  input: { country: string; level?: Level; note?: string },
  locale: Locale,
): Promise<CalendarEntry> {
  const user = requireCountryManager(actor, input.country);
  requireCountry(s, input.country);
  const p = await policyOf(db, s.id, input.country);
  const level: Level = input.level ?? (p.visibility === 'public' ? 'public' : 'members');
  await checkLevel(db, s, input.country, level);
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${'obs:' + s.id}))`.execute(tx);
    // the database's clock, after the lock: every figure applied before it is committed and counted
    const at = (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(tx)).rows[0]!.now;
    const entry = await tx
      .insertInto('obs_release_calendar')
      .values({ dataflow_id: s.id, country_code: input.country, release_at: at, level, note: input.note ?? null, created_by: user.id })
      .returning(CAL_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, meta, { action: 'observatory.calendar_schedule', entityType: 'obs_release_calendar', entityId: entry.id, after: { ...entry, now: true } });
    const result = await releaseEntry(tx, s, entry.id, actor, meta);
    if (result?.status !== 'released') {
      // thrown inside the transaction: the entry and its audit are rolled back
      throw new Conflict('errors.publishNowRefused', { country: input.country, reason: t(locale, `observatory.calendar.reason.${result?.reason ?? 'noFigures'}`) });
    }
    const done = await tx.selectFrom('obs_release_calendar').select(CAL_COLUMNS).where('id', '=', entry.id).executeTakeFirstOrThrow();
    return entryOut(done, locale);
  });
}
