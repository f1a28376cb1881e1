import type { Selectable } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { Forbidden, NotFound } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { caseActor, type CaseActor } from './access.ts';
import { findCandidates, haversineKm, reportPoints, score } from './matching.ts';
import type { CaseRecords } from './records.ts';
import type { CandidateOut } from '../../../shared/contracts/cases.ts';
import type { CandidateMark, CaseCandidateTable } from './tables.ts';
import { recordAccess, recordEvent, recordOut, viewOf, type RecordRow } from './view.ts';

type Link = Selectable<CaseCandidateTable>;

/**
 * The candidates of a record and what both sides do with them: open a pair together (each with
 * a reason; only then does each side read the other's personal fields), mark it being examined,
 * excluded or confirmed by identification. The mark returns to the family's search authority on
 * the report's history.
 */
export class CaseCandidates {
  constructor(
    private readonly db: Database,
    private readonly records: CaseRecords,
  ) {}

  private async row(id: string): Promise<RecordRow | undefined> {
    return this.db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The side an actor acts for in a pair: the report's search authority, the remains' forensic service. */
  private side(a: CaseActor, report: RecordRow, remains: RecordRow): 'report' | 'remains' | null {
    if (report.country_code === a.country && a.capacities.has('search_authority')) return 'report';
    if (remains.country_code === a.country && a.capacities.has('forensic_service')) return 'remains';
    return null;
  }

  /** Both records still visible to each other's country, neither withdrawn nor erased. */
  private static live(report: RecordRow, remains: RecordRow): boolean {
    const mutual = report.country_code === remains.country_code || (report.share_countries.includes(remains.country_code) && remains.share_countries.includes(report.country_code));
    return mutual && !report.withdrawn_at && !remains.withdrawn_at && !report.erased_at && !remains.erased_at;
  }

  async list(actor: Actor, id: string, radiusKm: number): Promise<{ items: CandidateOut[] }> {
    const a = await caseActor(this.db, actor);
    const keys = this.records.key();
    const record = await this.row(id);
    if (!record || viewOf(a, record) !== 'full') throw new NotFound();
    const found = await findCandidates(this.db, record, radiusKm);
    const links = await this.db
      .selectFrom('case_candidate')
      .selectAll()
      .where(record.kind === 'report' ? 'report_id' : 'remains_id', '=', id)
      .execute();
    const linkOf = (otherId: string) => links.find((l) => (record.kind === 'report' ? l.remains_id : l.report_id) === otherId);
    const pair = (other: { id: string }) => (record.kind === 'report' ? { reportId: record.id, remainsId: other.id } : { reportId: other.id, remainsId: record.id });
    const state = (l: Link | undefined) => ({
      mark: l?.mark ?? null,
      markedCountry: l?.marked_country ?? null,
      markedAt: l?.marked_at?.toISOString() ?? null,
      openedByReportSide: l?.report_opened_at != null,
      openedByRemainsSide: l?.remains_opened_at != null,
    });
    const items: CandidateOut[] = found.map((c) => ({
      ...pair(c.row),
      other: recordOut(keys, c.row, 'comparison', false),
      score: c.score,
      distanceKm: Math.round(c.km),
      daysAfterLastContact: (c.reasons.find((r) => r.code === 'daysAfterLastContact')?.value as number | undefined) ?? null,
      reasons: c.reasons,
      withdrawn: false,
      ...state(linkOf(c.row.id)),
    }));
    // Pairs someone acted on whose other record was withdrawn: shown as withdrawn, nothing of it.
    for (const l of links) {
      const otherId = record.kind === 'report' ? l.remains_id : l.report_id;
      if (items.some((i) => (record.kind === 'report' ? i.remainsId : i.reportId) === otherId)) continue;
      const other = await this.row(otherId);
      if (!other?.withdrawn_at) continue;
      items.push({
        ...pair(other),
        other: recordOut(keys, other, 'withdrawn'),
        score: 0,
        distanceKm: null,
        daysAfterLastContact: null,
        reasons: [],
        withdrawn: true,
        ...state(l),
      });
    }
    return { items };
  }

  private async pairFor(a: CaseActor, reportId: string, remainsId: string) {
    const [report, remains] = await Promise.all([this.row(reportId), this.row(remainsId)]);
    if (!report || !remains || report.kind !== 'report' || remains.kind !== 'remains') throw new NotFound();
    const side = this.side(a, report, remains);
    if (!side) {
      // Someone who may see one of the two but is neither side: forbidden; anyone else: not found.
      if (viewOf(a, report) || viewOf(a, remains)) throw new Forbidden('cases.notASide');
      throw new NotFound();
    }
    return { report, remains, side };
  }

  /** One side opens the pair, with a reason. */
  async open(actor: Actor, meta: RequestMeta, reportId: string, remainsId: string, reason: string) {
    const a = await caseActor(this.db, actor);
    const keys = this.records.key();
    const { report, remains, side } = await this.pairFor(a, reportId, remainsId);
    if (!CaseCandidates.live(report, remains)) throw new NotFound('cases.candidateGone');
    await this.db.transaction().execute(async (tx) => {
      const now = new Date();
      const opened = side === 'report' ? { report_opened_at: now, report_opened_by: a.user.id } : { remains_opened_at: now, remains_opened_by: a.user.id };
      await tx.insertInto('case_candidate').values({ report_id: reportId, remains_id: remainsId, ...opened }).onConflict((oc) => oc.columns(['report_id', 'remains_id']).doUpdateSet(opened)).execute();
      for (const id of [reportId, remainsId]) {
        await recordAccess(tx, keys, a, id, 'candidate', reason);
        await recordEvent(tx, id, a, 'candidate_opened', { reportId, remainsId, side });
      }
      await recordAudit(tx, actor, meta, { action: 'cases.candidate_open', entityType: 'case_record', entityId: side === 'report' ? reportId : remainsId, after: { reportId, remainsId, side } });
    });
    return this.state(reportId, remainsId);
  }

  private async state(reportId: string, remainsId: string) {
    const l = await this.db.selectFrom('case_candidate').selectAll().where('report_id', '=', reportId).where('remains_id', '=', remainsId).executeTakeFirst();
    return {
      reportId,
      remainsId,
      mark: l?.mark ?? null,
      markedCountry: l?.marked_country ?? null,
      markedAt: l?.marked_at?.toISOString() ?? null,
      openedByReportSide: l?.report_opened_at != null,
      openedByRemainsSide: l?.remains_opened_at != null,
    };
  }

  /** Either side marks the pair; the mark is both sides' to see, and joins both records' history. */
  async mark(actor: Actor, meta: RequestMeta, reportId: string, remainsId: string, mark: CandidateMark) {
    const a = await caseActor(this.db, actor);
    this.records.key();
    const { report, remains, side } = await this.pairFor(a, reportId, remainsId);
    if (!CaseCandidates.live(report, remains)) throw new NotFound('cases.candidateGone');
    await this.db.transaction().execute(async (tx) => {
      const set = { mark, marked_at: new Date(), marked_by: a.user.id, marked_country: a.country };
      await tx.insertInto('case_candidate').values({ report_id: reportId, remains_id: remainsId, ...set }).onConflict((oc) => oc.columns(['report_id', 'remains_id']).doUpdateSet(set)).execute();
      for (const id of [reportId, remainsId]) await recordEvent(tx, id, a, 'candidate_marked', { reportId, remainsId, mark, side });
      await recordAudit(tx, actor, meta, { action: 'cases.candidate_mark', entityType: 'case_record', entityId: side === 'report' ? reportId : remainsId, after: { reportId, remainsId, mark } });
    });
    return this.state(reportId, remainsId);
  }

  /** The pair side by side: the other record's personal fields only once both sides opened it. */
  async pair(actor: Actor, meta: RequestMeta, reportId: string, remainsId: string, reason: string) {
    const a = await caseActor(this.db, actor);
    const keys = this.records.key();
    const { report, remains, side } = await this.pairFor(a, reportId, remainsId);
    const st = await this.state(reportId, remainsId);
    const both = st.openedByReportSide && st.openedByRemainsSide;
    const [own, other] = side === 'report' ? [report, remains] : [remains, report];
    const ownView = viewOf(a, own) ?? 'comparison';
    const otherView = other.withdrawn_at && other.country_code !== a.country ? 'withdrawn' : both && CaseCandidates.live(report, remains) ? 'candidate' : 'comparison';
    await this.db.transaction().execute(async (tx) => {
      await recordAccess(tx, keys, a, own.id, ownView === 'full' ? 'full' : 'comparison', reason);
      await recordAccess(tx, keys, a, other.id, otherView === 'candidate' ? 'candidate' : 'comparison', reason);
      await recordAudit(tx, actor, meta, { action: 'cases.record_read', entityType: 'case_record', entityId: other.id, after: { view: otherView, reportId, remainsId } });
    });
    const ownOut = recordOut(keys, own, ownView);
    const otherOut = recordOut(keys, other, otherView);
    const km = Math.min(...reportPoints(report).map(([la, lo]) => haversineKm(la, lo, remains.lat ?? 0, remains.lon ?? 0)));
    const s = Number.isFinite(km) ? score(report, remains, km, Math.max(300, Math.ceil(km))) : null;
    return {
      ...st,
      report: side === 'report' ? ownOut : otherOut,
      remains: side === 'remains' ? ownOut : otherOut,
      reasons: s?.reasons ?? [],
    };
  }
}
