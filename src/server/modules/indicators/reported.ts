import path from 'node:path';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import { hasRole, requireRole, requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { sniffType, type FileStore } from '../../platform/files.ts';
import { acceptUpload, type Upload, type UploadRules } from '../../platform/uploads.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import { IndicatorValues } from './values.ts';
import { checkLink, checkNarrative, checkValue, checkYear, type Answer, type Checked } from './value-rules.ts';
import { currentValues, inputIndicators, nameIn } from './input-store.ts';

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
const EVIDENCE_UPLOADS: UploadRules = {
  maxBytes: MAX_EVIDENCE_BYTES,
  sniff: sniffType,
  refuseType: (filename) => new Invalid([{ path: 'file', key: 'errors.fileType', params: { name: path.basename(filename) } }]),
  fallbackName: 'evidencia',
};

export interface ReportInput {
  country: string;
  code: string;
  period: string;
  /** a number (or its text) for quantitative indicators */
  value?: number | string | null;
  /** yes / partial / no for policy presence */
  answer?: string | null;
  evidenceUrl?: string | null;
  /** an evidence file uploaded first (POST /indicators/report/evidence) */
  evidenceFile?: string | null;
  narrative?: string | null;
}

export interface ReportedItem {
  revisionId: number;
  code: string;
  name: string;
  type: string;
  unit: string;
  country: string;
  period: string;
  value: number | null;
  answer: Answer | null;
  status: 'provisional' | 'validated' | 'rejected';
  narrative: string | null;
  evidenceUrl: string | null;
  evidenceFiles: { id: string; filename: string }[];
  reportedBy: string | null;
  recordedAt: string;
  current: boolean;
  /** the value this report replaces, when there was one */
  previous: { value: number | null; answer: Answer | null; status: string; origin: string } | null;
  decisions: { decision: 'validated' | 'rejected'; reason: string | null; by: string; at: string }[];
}

/** Issues of a failed check, on a field of the form. */
const issueOf = <T>(path: string, c: Checked<T>): Issue[] => (c.ok ? [] : [{ path, key: c.issue.key, params: c.issue.params }]);

/**
 * Values reported by a country's focal point, for that country only: a number, or
 * yes/partial/no with an evidence link or file and a short narrative. Every report is a new
 * revision (`IndicatorValues.record`, origin "reported", status "provisional") until the
 * secretariat validates it or rejects it with a reason; decisions are kept (ind_review) and
 * audited.
 */
export class ReportedValues {
  private readonly values: IndicatorValues;
  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
  ) {
    this.values = new IndicatorValues(db);
  }

  /** A focal point with a country; anyone else may not report. */
  reporter(actor: Actor): UserActor & { countryCode: string } {
    const user = requireRole(actor, 'focal_point');
    if (!user.countryCode) throw new Forbidden('indicatorsInput.errors.noCountry');
    return user as UserActor & { countryCode: string };
  }

  /** The indicators the focal point's country reports, with the value stored for each year asked. */
  async sheet(actor: Actor, years: string[], locale: Locale) {
    const user = this.reporter(actor);
    const indicators = await inputIndicators(this.db, 'reported');
    const current = await currentValues(this.db, [...indicators.keys()], [user.countryCode], years);
    const rows = [];
    for (const ind of indicators.values()) {
      for (const year of years) {
        const c = current.get(`${ind.code}|${user.countryCode}|${year}|`);
        rows.push({
          code: ind.code,
          name: nameIn(ind, locale),
          unit: ind.unit,
          type: ind.type,
          country: user.countryCode,
          year,
          value: c?.value ?? null,
          answer: c?.answer ?? null,
          status: c?.status ?? null,
          origin: c?.origin ?? null,
          revisionId: c?.revisionId ?? null,
        });
      }
    }
    return { country: user.countryCode, years, rows };
  }

  async report(actor: Actor, meta: RequestMeta, input: ReportInput, _locale: Locale): Promise<{ revisionId: number; status: 'provisional' }> {
    const user = this.reporter(actor);
    // a focal point reports for its own country, never another (403, not a validation message)
    if (input.country.toUpperCase() !== user.countryCode) throw new Forbidden('indicatorsInput.errors.ownCountryOnly', { country: user.countryCode });
    const spec = (await inputIndicators(this.db, 'reported')).get(input.code);
    if (!spec) throw new Invalid([{ path: 'code', key: 'indicatorsInput.check.notReportable', params: { code: input.code } }]);
    const year = checkYear(input.period);
    const raw = spec.type === 'policy_presence' ? (input.answer ?? '') : input.value === null || input.value === undefined ? '' : String(input.value);
    const value = raw === '' ? ({ ok: false, issue: { key: 'indicatorsInput.check.valueMissing' } } as const) : checkValue(spec, raw);
    const link = checkLink(input.evidenceUrl ?? '');
    const narrative = checkNarrative(input.narrative ?? '');
    const issues = [...issueOf('period', year), ...issueOf(spec.type === 'policy_presence' ? 'answer' : 'value', value), ...issueOf('evidenceUrl', link), ...issueOf('narrative', narrative)];
    if (issues.length || !year.ok || !value.ok || !link.ok || !narrative.ok) throw new Invalid(issues);

    return this.db.transaction().execute(async (tx) => {
      let file: { id: string; filename: string } | null = null;
      if (input.evidenceFile) {
        const f = await tx
          .selectFrom('ind_evidence_file')
          .select(['id', 'filename', 'revision_id', 'created_by'])
          .where('id', '=', input.evidenceFile)
          .forUpdate()
          .executeTakeFirst();
        if (!f || f.created_by !== user.id) throw new Invalid([{ path: 'evidenceFile', key: 'indicatorsInput.errors.evidenceNotFound' }]);
        if (f.revision_id !== null) throw new Invalid([{ path: 'evidenceFile', key: 'indicatorsInput.errors.evidenceUsed' }]);
        file = f;
      }
      const revisionId = await this.values.record(tx, {
        code: spec.code,
        country: user.countryCode,
        period: year.value,
        value: value.value.value,
        answer: value.value.answer,
        origin: 'reported',
        status: 'provisional',
        source: { ...(link.value ? { evidenceUrl: link.value } : {}), ...(file ? { file: file.filename } : {}) },
        narrative: narrative.value,
        recordedBy: user.id,
      });
      if (file) await tx.updateTable('ind_evidence_file').set({ revision_id: revisionId }).where('id', '=', file.id).execute();
      await recordAudit(tx, actor, meta, {
        action: 'indicator.report',
        entityType: 'indicator',
        entityId: spec.code,
        after: { revisionId, country: user.countryCode, period: year.value, value: value.value.value, answer: value.value.answer, evidenceUrl: link.value, evidenceFile: file?.id ?? null },
      });
      return { revisionId, status: 'provisional' as const };
    });
  }

  /**
   * Reported values: the secretariat's validation queue (all countries; provisional by
   * default), or a focal point's own country's reports (all statuses).
   */
  async list(actor: Actor, o: { status?: 'provisional' | 'validated' | 'rejected'; country?: string }, locale: Locale): Promise<{ items: ReportedItem[] }> {
    const user = requireUser(actor);
    let country = o.country?.toUpperCase();
    let status = o.status;
    if (user.role === 'focal_point') {
      if (!user.countryCode || (country && country !== user.countryCode)) throw new Forbidden('indicatorsInput.errors.ownCountryOnly', { country: user.countryCode ?? '—' });
      country = user.countryCode;
    } else if (!hasRole(actor, 'admin', 'secretariat')) {
      throw new Forbidden();
    } else {
      status ??= 'provisional';
    }
    let q = this.db
      .selectFrom('ind_value as v')
      .innerJoin('ind_indicator as i', 'i.code', 'v.code')
      .leftJoin('app_user as u', 'u.id', 'v.recorded_by')
      .select(['v.id', 'v.code', 'i.name', 'i.type', 'i.unit', 'v.country', 'v.period', 'v.value', 'v.answer', 'v.status', 'v.narrative', 'v.evidence', 'v.recorded_at', 'v.superseded_at', 'v.disaggregation'])
      .select(sql<string | null>`coalesce(nullif(u.display_name, ''), u.email)`.as('reporter'))
      .select(
        sql<{ value: number | null; answer: Answer | null; status: string; origin: string } | null>`(select json_build_object('value', p.value, 'answer', p.answer, 'status', p.status, 'origin', p.origin) from ind_value p
          where p.code = v.code and p.country = v.country and p.period = v.period and p.disaggregation = v.disaggregation and p.superseded_at = v.recorded_at and p.id <> v.id order by p.id desc limit 1)`.as('previous'),
      )
      .where('v.origin', '=', 'reported');
    // The queue is what is current; a focal point sees its history too (a rejected report is
    // superseded when the validated value it replaced comes back, and must still show why).
    if (user.role !== 'focal_point' && status !== 'rejected') q = q.where('v.superseded_at', 'is', null);
    if (status) q = q.where('v.status', '=', status);
    if (country) q = q.where('v.country', '=', country);
    const rows = await q.orderBy('v.recorded_at', 'desc').limit(1000).execute();
    const ids = rows.map((r) => Number(r.id));
    const files = ids.length ? await this.db.selectFrom('ind_evidence_file').select(['id', 'filename', 'revision_id']).where('revision_id', 'in', ids).execute() : [];
    const decisions = ids.length
      ? await this.db
          .selectFrom('ind_review as r')
          .innerJoin('app_user as u', 'u.id', 'r.decided_by')
          .select(['r.revision_id', 'r.decision', 'r.reason', 'r.decided_at', sql<string>`coalesce(nullif(u.display_name, ''), u.email)`.as('by')])
          .where('r.revision_id', 'in', ids)
          .orderBy('r.decided_at')
          .execute()
      : [];
    return {
      items: rows.map((r) => ({
        revisionId: Number(r.id),
        code: r.code,
        name: nameIn(r, locale),
        type: r.type,
        unit: r.unit,
        country: r.country,
        period: r.period,
        value: r.value === null ? null : Number(r.value),
        answer: r.answer,
        status: r.status,
        narrative: r.narrative,
        evidenceUrl: r.evidence,
        evidenceFiles: files.filter((f) => Number(f.revision_id) === Number(r.id)).map((f) => ({ id: f.id, filename: f.filename })),
        reportedBy: r.reporter,
        recordedAt: new Date(r.recorded_at).toISOString(),
        current: r.superseded_at === null,
        previous: r.previous ? { ...r.previous, value: r.previous.value === null ? null : Number(r.previous.value) } : null,
        decisions: decisions
          .filter((d) => Number(d.revision_id) === Number(r.id))
          .map((d) => ({ decision: d.decision, reason: d.reason, by: d.by, at: new Date(d.decided_at).toISOString() })),
      })),
    };
  }

  /**
   * The secretariat validates or rejects a provisional report (a reason is required to
   * reject). A rejected report does not leave the cell empty: when the value it replaced had
   * been validated, that value is recorded again as the current one (a new revision, so the
   * history shows all three).
   */
  async decide(actor: Actor, meta: RequestMeta, revisionId: number, decision: 'validated' | 'rejected', reason: string | null) {
    const user = requireRole(actor, 'admin', 'secretariat');
    const why = reason?.trim() || null;
    if (decision === 'rejected' && !why) throw new Invalid([{ path: 'reason', key: 'indicatorsInput.errors.reasonRequired' }]);
    if (why && why.length > 2000) throw new Invalid([{ path: 'reason', key: 'indicatorsInput.check.narrativeTooLong', params: { max: 2000 } }]);
    return this.db.transaction().execute(async (tx) => {
      const v = await tx.selectFrom('ind_value').selectAll().where('id', '=', revisionId).where('origin', '=', 'reported').forUpdate().executeTakeFirst();
      if (!v) throw new NotFound('indicatorsInput.errors.reportNotFound');
      if (v.status !== 'provisional' || v.superseded_at !== null) throw new Conflict('indicatorsInput.errors.notPending');
      await this.values.setStatus(tx, revisionId, decision, user.id);
      await tx.insertInto('ind_review').values({ revision_id: revisionId, decision, reason: why, decided_by: user.id }).execute();
      let restored: number | null = null;
      if (decision === 'rejected') restored = await this.restorePrevious(tx, v, user.id);
      await recordAudit(tx, actor, meta, {
        action: decision === 'validated' ? 'indicator.validate' : 'indicator.reject',
        entityType: 'indicator',
        entityId: v.code,
        before: { revisionId, status: 'provisional' },
        after: { revisionId, status: decision, reason: why, country: v.country, period: v.period, restoredRevisionId: restored },
      });
      return { revisionId, status: decision, restoredRevisionId: restored };
    });
  }

  private async restorePrevious(tx: Executor, v: { id: number; code: string; country: string; period: string; disaggregation: Record<string, string>; recorded_at: Date }, by: string): Promise<number | null> {
    const p = await tx
      .selectFrom('ind_value')
      .selectAll()
      .where('code', '=', v.code)
      .where('country', '=', v.country)
      .where('period', '=', v.period)
      .where(sql<boolean>`disaggregation = ${JSON.stringify(v.disaggregation)}::jsonb`)
      // compared in the database: a JavaScript Date would drop the microseconds
      .where('superseded_at', '=', sql<Date>`(select recorded_at from ind_value where id = ${v.id})`)
      .where('id', '<>', v.id)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!p || p.status !== 'validated') return null;
    return this.values.record(tx, {
      code: p.code,
      country: p.country,
      period: p.period,
      disaggregation: p.disaggregation,
      value: p.value === null ? null : Number(p.value),
      answer: p.answer,
      origin: p.origin,
      status: 'validated',
      source: p.source,
      narrative: p.narrative,
      recordedBy: by,
    });
  }

  // --- evidence files -----------------------------------------------------------------------

  async uploadEvidence(actor: Actor, meta: RequestMeta, upload: Upload) {
    const user = this.reporter(actor);
    const row = await acceptUpload(this.files, upload, EVIDENCE_UPLOADS, (file) =>
      this.db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('ind_evidence_file')
          .values({ country: user.countryCode, sha256: file.sha256, filename: file.filename, media_type: file.mediaType, size_bytes: file.size, created_by: user.id })
          .returning(['id', 'filename', 'media_type', 'size_bytes'])
          .executeTakeFirstOrThrow();
        await recordAudit(tx, actor, meta, { action: 'indicator.evidence_upload', entityType: 'indicator_evidence', entityId: r.id, after: { ...r, sha256: file.sha256 } });
        return r;
      }),
    );
    return { id: row.id, filename: row.filename, mediaType: row.media_type, size: row.size_bytes };
  }

  /**
   * An evidence file: its uploader; the secretariat and admins; the focal points of its
   * country; any member once the value citing it is validated.
   */
  async openEvidence(actor: Actor, id: string) {
    const user = requireUser(actor);
    const f = await this.db
      .selectFrom('ind_evidence_file as f')
      .leftJoin('ind_value as v', 'v.id', 'f.revision_id')
      .select(['f.sha256', 'f.filename', 'f.media_type', 'f.created_by', 'f.country', 'f.revision_id', 'v.status'])
      .where('f.id', '=', id)
      .executeTakeFirst();
    if (!f) throw new NotFound('indicatorsInput.errors.evidenceNotFound');
    const mayRead =
      f.created_by === user.id ||
      (f.revision_id !== null && (hasRole(actor, 'admin', 'secretariat') || (user.role === 'focal_point' && user.countryCode === f.country) || f.status === 'validated'));
    if (!mayRead) throw new Forbidden();
    const stream = await this.files.open(f.sha256);
    if (!stream) throw new NotFound('indicatorsInput.errors.evidenceNotFound');
    return { stream, filename: f.filename, mediaType: f.media_type };
  }
}

export const answerLabel = (locale: Locale, a: Answer) => t(locale, `indicatorsInput.answer.${a}`);
