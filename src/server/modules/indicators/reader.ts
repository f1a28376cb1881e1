import { sql, type SqlBool } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { toDetail, toSummary } from './catalogue-row.ts';
import { assessProgress } from './progress.ts';
import type { IndicatorDetail, IndicatorPoint, IndicatorProgress, IndicatorSummary, ValueStatus } from './types.ts';

export interface SeriesOptions {
  country?: string;
  /** inclusive 'YYYY' bounds */
  from?: string;
  to?: string;
  /** the values as they were recorded then (default: now) */
  asOf?: Date;
  /** also the disaggregated values (default: totals only) */
  disaggregated?: boolean;
  /** which statuses to answer (default: validated only — what counts for progress and public pages) */
  statuses?: ValueStatus[];
}

/**
 * Reading the catalogue, the values and their progress. Only validated values (computed ones
 * are validated by construction) answer by default; members may ask for provisional ones.
 * As of a moment: the revision recorded at or before it and not yet superseded then, with the
 * status it had then.
 */
export class IndicatorsReader {
  constructor(private readonly db: Database) {}

  async catalogue(o: { objective?: number; includeRetired?: boolean; official?: boolean; type?: string } = {}): Promise<IndicatorSummary[]> {
    let q = this.db.selectFrom('ind_indicator').selectAll();
    if (!o.includeRetired) q = q.where('retired', '=', false);
    if (o.objective !== undefined) q = q.where(sql<SqlBool>`${o.objective}::smallint = any(objectives)`);
    if (o.official !== undefined) q = q.where('official', '=', o.official);
    if (o.type !== undefined) q = q.where('type', '=', o.type as IndicatorSummary['type']);
    const rows = await q.orderBy('official', 'desc').orderBy('code').execute();
    return rows.map(toSummary);
  }

  /** Whether a code names an entry (retired ones too): its page answers 404 otherwise. */
  async exists(code: string): Promise<boolean> {
    return (await this.db.selectFrom('ind_indicator').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
  }

  /** One entry with its provenance, retired ones included; unknown → NotFound. */
  async indicator(code: string, db: Executor = this.db): Promise<IndicatorDetail> {
    const r = await db.selectFrom('ind_indicator').selectAll().where('code', '=', code).executeTakeFirst();
    if (!r) throw new NotFound('indicators.errors.unknownIndicator', { code });
    return toDetail(r);
  }

  async series(code: string, o: SeriesOptions = {}): Promise<IndicatorPoint[]> {
    await this.indicator(code);
    const rows = await this.points({ codes: [code], countries: o.country ? [o.country] : undefined, from: o.from, to: o.to, asOf: o.asOf, disaggregated: o.disaggregated, statuses: o.statuses });
    return rows.map((r) => r.point);
  }

  async progress(o: { codes?: string[]; objectives?: number[]; countries?: string[]; asOf?: Date } = {}): Promise<IndicatorProgress[]> {
    let q = this.db.selectFrom('ind_indicator').select(['code', 'type', 'direction']).where('retired', '=', false);
    if (o.codes?.length) q = q.where('code', 'in', o.codes);
    if (o.objectives?.length) q = q.where(sql<SqlBool>`objectives && ${sql.val(o.objectives)}::smallint[]`);
    const indicators = await q.orderBy('code').execute();
    if (!indicators.length) return [];
    const rows = await this.points({ codes: indicators.map((i) => i.code), countries: o.countries, asOf: o.asOf, statuses: ['validated'] });
    const byKey = new Map<string, IndicatorPoint[]>();
    for (const r of rows) {
      const k = `${r.code}\u0000${r.point.country}`;
      const list = byKey.get(k) ?? [];
      list.push(r.point);
      byKey.set(k, list);
    }
    const out: IndicatorProgress[] = [];
    for (const ind of indicators) {
      // asked-for countries answer even without values (insufficient data); otherwise those with values
      const countries = o.countries?.length ? o.countries : [...new Set(rows.filter((r) => r.code === ind.code).map((r) => r.point.country))].sort();
      for (const country of countries) {
        out.push(assessProgress({ code: ind.code, country, type: ind.type, direction: ind.direction, points: byKey.get(`${ind.code}\u0000${country}`) ?? [] }));
      }
    }
    return out;
  }

  /** The values behind series and progress: one query, as of a moment, with the status then. */
  async points(o: { codes: string[]; countries?: string[]; from?: string; to?: string; asOf?: Date; disaggregated?: boolean; statuses?: ValueStatus[] }) {
    const asOf = o.asOf ?? null;
    const statuses = o.statuses ?? ['validated'];
    const status = asOf
      ? sql<ValueStatus>`coalesce((select s.status from ind_value_status s where s.revision_id = v.id and s.at <= ${asOf} order by s.at desc limit 1), v.status)`
      : sql<ValueStatus>`v.status`;
    // The revision answering then, and every earlier one that was validated then: a report
    // waiting for validation (or rejected) must not hide the validated value it would replace.
    const answering = asOf ? sql<boolean>`(v.superseded_at is null or v.superseded_at > ${asOf})` : sql<boolean>`(v.superseded_at is null)`;
    let q = this.db
      .selectFrom('ind_value as v')
      .select(['v.id', 'v.code', 'v.country', 'v.period', 'v.disaggregation', 'v.value', 'v.answer', 'v.origin', 'v.source', 'v.recorded_at', 'v.narrative'])
      .select(status.as('status_then'))
      .select(answering.as('answering'))
      .where('v.code', 'in', o.codes);
    if (asOf) q = q.where('v.recorded_at', '<=', asOf);
    if (o.countries?.length) q = q.where('v.country', 'in', o.countries);
    if (o.from) q = q.where('v.period', '>=', o.from);
    if (o.to) q = q.where('v.period', '<=', o.to);
    if (!o.disaggregated) q = q.where(sql<SqlBool>`v.disaggregation = '{}'::jsonb`);
    // Per cell, the newest of: the answering revision when its status is asked for, and the
    // revisions validated then (so the public sees the last validated value while a report
    // waits; a member sees the waiting report itself, marked provisional).
    const rows = await this.db
      .selectFrom(q.as('x'))
      .selectAll()
      .where('status_then', 'in', statuses)
      .where((eb) => eb.or([eb('answering', '=', true), eb('status_then', '=', 'validated')]))
      .distinctOn(['code', 'country', 'period', sql`disaggregation::text`])
      .orderBy('code')
      .orderBy('country')
      .orderBy('period')
      .orderBy(sql`disaggregation::text`)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({
      code: r.code,
      point: {
        country: r.country,
        period: r.period,
        disaggregation: r.disaggregation,
        value: r.value === null ? null : Number(r.value),
        answer: r.answer,
        origin: r.origin,
        status: r.status_then,
        revisionId: r.id,
        recordedAt: r.recorded_at.toISOString(),
        source: r.source,
        narrative: r.narrative,
      } satisfies IndicatorPoint,
    }));
  }
}
