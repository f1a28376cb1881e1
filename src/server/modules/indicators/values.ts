import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import { Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import { POLICY_ANSWERS, VALUE_ORIGINS, VALUE_STATUSES, type IndicatorPoint, type PolicyAnswer, type ValueOrigin, type ValueStatus } from './types.ts';

export interface ValueInput {
  code: string;
  country: string;
  period: string;
  disaggregation?: Record<string, string>;
  value: number | null;
  answer?: PolicyAnswer | null;
  origin: ValueOrigin;
  status: ValueStatus;
  source: IndicatorPoint['source'];
  narrative?: string | null;
  recordedBy: string | null;
}

/**
 * The one write path for indicator values (computed, reported, imported alike). A new value
 * supersedes the current revision of the same indicator, country, period and disaggregation:
 * the old row keeps its figures and gets `superseded_at`, so an as-of question (recorded_at <=
 * asOf < superseded_at) answers what was known then. Runs inside the caller's transaction;
 * permission checks belong to the caller's service.
 */
export class IndicatorValues {
  constructor(private readonly db: Database) {}

  async record(tx: Executor, v: ValueInput): Promise<number> {
    check(v);
    // kept public answers and drawn pages (indicator, objective, report pages) drop on commit;
    // one notification per transaction whatever the number of values (PostgreSQL folds them)
    await announcePublicChange(tx, { kind: 'indicator' });
    const disaggregation = v.disaggregation ?? {};
    const indicator = await tx.selectFrom('ind_indicator').select(['code', 'retired']).where('code', '=', v.code).executeTakeFirst();
    if (!indicator) throw new NotFound('indicators.errors.unknownIndicator', { code: v.code });
    // the current revision, locked: two writers of the same cell are serialised here
    const current = await tx
      .selectFrom('ind_value')
      .select('id')
      .where('code', '=', v.code)
      .where('country', '=', v.country)
      .where('period', '=', v.period)
      .where(sql<boolean>`disaggregation = ${JSON.stringify(disaggregation)}::jsonb`)
      .where('superseded_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    // One moment for both ends (microseconds, as text): the old revision stops answering exactly
    // when the new one starts. The clock, not the transaction's start: a long transaction
    // must not date its change before a revision another one committed meanwhile.
    const { at } = (await sql<{ at: string }>`select clock_timestamp()::text as at`.execute(tx)).rows[0]!;
    if (current) await tx.updateTable('ind_value').set({ superseded_at: sql`${at}::timestamptz` }).where('id', '=', current.id).execute();
    const row = await tx
      .insertInto('ind_value')
      .values({
        code: v.code,
        country: v.country,
        period: v.period,
        disaggregation: JSON.stringify(disaggregation),
        value: v.value,
        answer: v.answer ?? null,
        narrative: v.narrative ?? null,
        evidence: v.source.evidenceUrl ?? null,
        origin: v.origin,
        status: v.status,
        source: JSON.stringify(v.source),
        recorded_by: v.recordedBy,
        recorded_at: sql`${at}::timestamptz`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('ind_value_status').values({ revision_id: row.id, status: v.status, at: sql`${at}::timestamptz`, by_user: v.recordedBy, by_label: v.recordedBy ? 'user' : 'system' }).execute();
    return row.id;
  }

  /** Validates or rejects a revision; the moment is kept, so as-of answers use the status it had then. */
  async setStatus(tx: Executor, revisionId: number, status: ValueStatus, by: string): Promise<void> {
    if (!VALUE_STATUSES.includes(status)) throw new Invalid([{ path: 'status', key: 'indicators.errors.badStatus' }]);
    const r = await tx.updateTable('ind_value').set({ status }).where('id', '=', revisionId).returning('id').executeTakeFirst();
    if (!r) throw new NotFound('indicators.errors.unknownRevision', { id: revisionId });
    await announcePublicChange(tx, { kind: 'indicator' });
    await tx.insertInto('ind_value_status').values({ revision_id: revisionId, status, at: sql`clock_timestamp()`, by_user: isUuid(by) ? by : null, by_label: by }).execute();
  }

  /** For callers without a transaction of their own. */
  recordNow(v: ValueInput): Promise<number> {
    return this.db.transaction().execute((tx) => this.record(tx, v));
  }
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The shape rules every origin shares; the callers' own rules (ranges, permissions) come first. */
function check(v: ValueInput): void {
  const issues: Issue[] = [];
  if (!/^[A-Z]{3}$/.test(v.country)) issues.push({ path: 'country', key: 'indicators.errors.badCountry', params: { country: v.country } });
  if (!/^\d{4}$/.test(v.period)) issues.push({ path: 'period', key: 'indicators.errors.badPeriod', params: { period: v.period } });
  if (v.value !== null && !Number.isFinite(v.value)) issues.push({ path: 'value', key: 'indicators.errors.badValue' });
  if (v.answer != null && !POLICY_ANSWERS.includes(v.answer)) issues.push({ path: 'answer', key: 'indicators.errors.badAnswer' });
  if (!VALUE_ORIGINS.includes(v.origin)) issues.push({ path: 'origin', key: 'indicators.errors.badOrigin' });
  if (!VALUE_STATUSES.includes(v.status)) issues.push({ path: 'status', key: 'indicators.errors.badStatus' });
  for (const [k, c] of Object.entries(v.disaggregation ?? {})) {
    if (typeof c !== 'string' || !k) issues.push({ path: `disaggregation.${k}`, key: 'indicators.errors.badDisaggregation' });
  }
  if (issues.length) throw new Invalid(issues);
}

/**
 * Many revisions at once, for the computations (one statement each for supersede, insert and
 * status, rather than four per value): the same rules as `record`, one moment for them all.
 * The caller has checked each input; only for origin `computed`.
 */
export async function recordMany(tx: Executor, inputs: ValueInput[]): Promise<number[]> {
  if (!inputs.length) return [];
  for (const v of inputs) check(v);
  await announcePublicChange(tx, { kind: 'indicator' });
  const { at } = (await sql<{ at: string }>`select clock_timestamp()::text as at`.execute(tx)).rows[0]!;
  const ids: number[] = [];
  for (let i = 0; i < inputs.length; i += 2000) {
    const chunk = inputs.slice(i, i + 2000);
    const keys = JSON.stringify(chunk.map((v) => ({ code: v.code, country: v.country, period: v.period, d: v.disaggregation ?? {} })));
    await sql`update ind_value v set superseded_at = ${at}::timestamptz
      from jsonb_to_recordset(${keys}::jsonb) as k(code text, country text, period text, d jsonb)
      where v.superseded_at is null and v.code = k.code and v.country = k.country and v.period = k.period and v.disaggregation = k.d`.execute(tx);
    const rows = await tx
      .insertInto('ind_value')
      .values(
        chunk.map((v) => ({
          code: v.code,
          country: v.country,
          period: v.period,
          disaggregation: JSON.stringify(v.disaggregation ?? {}),
          value: v.value,
          answer: v.answer ?? null,
          narrative: v.narrative ?? null,
          evidence: v.source.evidenceUrl ?? null,
          origin: v.origin,
          status: v.status,
          source: JSON.stringify(v.source),
          recorded_by: v.recordedBy,
          recorded_at: sql`${at}::timestamptz`,
        })),
      )
      .returning(['id', 'status'])
      .execute();
    await tx.insertInto('ind_value_status').values(rows.map((r) => ({ revision_id: r.id, status: r.status, at: sql`${at}::timestamptz`, by_user: null, by_label: 'system' }))).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}
