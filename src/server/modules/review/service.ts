import type { Database } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import { hasRole, requireRole, requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import type { Role } from '../../platform/db/schema.ts';
import { buildModel, gather } from './build.ts';
import { renderHtml } from './html.ts';
import { renderPdf } from './pdf.ts';
import type { CountryScope, ReportModel, ReportParams, SectionText } from './model.ts';
import * as repo from './repository.ts';
import type { ReviewSources } from './sources.ts';

/** Who writes reports and their texts: the secretariat (and administrators, as everywhere). */
export const REPORT_WRITERS: Role[] = ['admin', 'secretariat'];

export interface CreateReport {
  title?: string;
  language: Locale;
  objectives: number[] | 'all';
  countryScope: CountryScope;
  countries?: string[];
  from: number;
  to: number;
  /** ISO timestamp; now when absent */
  asOf?: string;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function reportDto(r: Omit<repo.ReportRow, 'model'>) {
  return {
    id: r.id,
    title: r.title,
    language: r.language,
    objectives: r.objectives,
    countryScope: r.country_scope,
    countries: r.countries,
    from: r.period_from,
    to: r.period_to,
    asOf: new Date(r.as_of).toISOString(),
    createdBy: r.created_by_label,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/**
 * The regional review report: the secretariat saves a choice (objectives, countries, period,
 * language, as-of date); the document model is built then, from the other modules' answers
 * as of that date, and kept with the report, so every later download draws the same document
 * (docs/adr/0013). Any signed-in member reads saved reports (the content is public: validated
 * values, published practices, public commitments) with the secretariat's final texts; the
 * secretariat also previews its drafts.
 */
export class ReviewService {
  constructor(
    private readonly db: Database,
    private readonly sources: ReviewSources,
  ) {}

  /** The model for a choice, without saving it (the bench and the preview of a choice use it). */
  async model(params: ReportParams, asOf: Date): Promise<ReportModel> {
    return buildModel(await gather(this.sources, params, asOf));
  }

  async create(actor: Actor, meta: RequestMeta, input: CreateReport) {
    const user = requireRole(actor, ...REPORT_WRITERS);
    const issues: Issue[] = [];
    const l = input.language;
    const now = Date.now();
    const asOf = input.asOf ? new Date(input.asOf) : new Date(now);
    if (Number.isNaN(asOf.getTime()) || asOf.getTime() > now + 60_000) issues.push({ path: 'asOf', key: 'review.errors.asOfFuture' });
    let countries: string[] | undefined;
    if (input.countryScope === 'some') {
      countries = [...new Set((input.countries ?? []).map((c) => c.toUpperCase()))].sort();
      if (!countries.length) issues.push({ path: 'countries', key: 'review.errors.countriesRequired' });
      const names = await this.sources.countryNames(l);
      for (const c of countries) if (!names.has(c)) issues.push({ path: 'countries', key: 'review.errors.unknownCountry', params: { code: c } });
    }
    if (issues.length) throw new Invalid(issues);
    const objectives = input.objectives === 'all' ? Array.from({ length: 23 }, (_, i) => i + 1) : [...new Set(input.objectives)].sort((a, b) => a - b);
    const params: ReportParams = {
      title: input.title?.trim() || t(l, 'review.defaultTitle'),
      language: l,
      objectives,
      countryScope: input.countryScope,
      ...(countries ? { countries } : {}),
      from: input.from,
      to: input.to,
    };
    const model = await this.model(params, asOf);
    return this.db.transaction().execute(async (tx) => {
      const row = {
        title: params.title,
        language: l,
        objectives,
        country_scope: params.countryScope,
        countries: model.countries.map((c) => c.code),
        period_from: params.from,
        period_to: params.to,
        as_of: asOf,
        model,
        created_by: user.id,
        created_by_label: user.displayName || user.email,
      };
      const saved = await repo.insertReport(tx, row);
      await recordAudit(tx, actor, meta, { action: 'review_report.create', entityType: 'review_report', entityId: saved.id, after: { ...row, model: undefined } });
      return reportDto({ ...row, ...saved });
    });
  }

  async list(actor: Actor) {
    requireUser(actor);
    return { items: (await repo.listReports(this.db)).map(reportDto) };
  }

  private async row(actor: Actor, id: string) {
    requireUser(actor);
    const r = isUuid(id) ? await repo.findReport(this.db, id) : undefined;
    if (!r) throw new NotFound('review.errors.reportNotFound');
    return r;
  }

  /** The report, its sections and their texts: every version for the secretariat, the final ones for other members. */
  async get(actor: Actor, id: string) {
    const r = await this.row(actor, id);
    const writer = hasRole(actor, ...REPORT_WRITERS);
    const texts = (await repo.texts(this.db, r.id)).filter((x) => writer || x.status === 'final');
    const l = r.language;
    return {
      ...reportDto(r),
      sections: [
        { key: 'summary', title: t(l, 'review.h.summary') },
        ...r.model.sections.map((s) => ({ key: s.key, title: `${t(l, 'review.h.objective', { n: s.number })} ${s.title}` })),
        { key: 'annex', title: t(l, 'review.h.annex') },
      ],
      summary: r.model.summary,
      texts: texts.map((x) => ({ section: x.section, version: x.version, status: x.status, body: x.body, author: x.author_label, createdAt: new Date(x.created_at).toISOString() })),
    };
  }

  async saveText(actor: Actor, meta: RequestMeta, id: string, section: string, input: { body: string; status: 'draft' | 'final' }) {
    const user = requireRole(actor, ...REPORT_WRITERS);
    const r = await this.row(actor, id);
    const keys = new Set(['summary', 'annex', ...r.model.sections.map((s) => s.key)]);
    if (!keys.has(section)) throw new NotFound('review.errors.sectionUnknown');
    return this.db.transaction().execute(async (tx) => {
      const saved = await repo.insertText(tx, { report_id: r.id, section, status: input.status, body: input.body, author_id: user.id, author_label: user.displayName || user.email });
      await recordAudit(tx, actor, meta, { action: input.status === 'final' ? 'review_section_text.final' : 'review_section_text.draft', entityType: 'review_report', entityId: r.id, after: { section, version: saved.version, status: input.status, body: input.body } });
      return { section, version: saved.version, status: input.status, createdAt: new Date(saved.created_at).toISOString() };
    });
  }

  /** The texts the document shows: the latest final version of each section; with preview, the secretariat's latest version. */
  private async shownTexts(actor: Actor, reportId: string, preview: boolean): Promise<Map<string, SectionText>> {
    const drafts = preview && hasRole(actor, ...REPORT_WRITERS);
    const shown = new Map<string, SectionText>();
    for (const x of await repo.texts(this.db, reportId)) {
      if (x.status === 'final' || drafts) shown.set(x.section, { section: x.section, body: x.body, status: x.status, version: x.version });
    }
    return shown;
  }

  async document(actor: Actor, id: string, format: 'html' | 'pdf', preview: boolean): Promise<{ body: string | Buffer; fileName: string }> {
    const r = await this.row(actor, id);
    const texts = await this.shownTexts(actor, r.id, preview);
    const fileName = `${t(r.language, 'review.fileName')}-${new Date(r.as_of).toISOString().slice(0, 10)}`;
    return { body: format === 'html' ? renderHtml(r.model, texts) : await renderPdf(r.model, texts), fileName };
  }
}
