import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Conflict, FileRefused, Invalid } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { FileStore } from '../../platform/files.ts';
import { t, type Locale, dynamicKey } from '../../platform/i18n/index.ts';
import { IndicatorValues } from './values.ts';
import { ReportedValues } from './reported.ts';
import { interpretSdgRows, readSdgCsv, SdgLayoutError, seriesTargets } from './sdg-layout.ts';
import { interpretTemplate, readTemplate, TemplateShapeError, writeTemplate, type TemplateRow } from './template.ts';
import { checksumOf, counts, currentValues, diffCandidates, inputIndicators, nameIn, previewEntries, previewErrors } from './input-store.ts';
import type { RowIssue } from './sdg-layout.ts';

export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

function decode(content: string): Buffer {
  if (!/^[A-Za-z0-9+/=\r\n]*$/.test(content)) throw new Invalid([{ path: 'content', key: 'errors.importNotBase64' }]);
  const buf = Buffer.from(content, 'base64');
  if (buf.length > MAX_INPUT_BYTES) throw new Invalid([{ path: 'content', key: 'errors.fileTooLarge', params: { mb: 5 } }]);
  if (buf.length === 0) throw new Invalid([{ path: 'content', key: 'errors.fileEmpty' }]);
  return buf;
}

/** The refusals of a file that cannot be applied, one issue a row and column. */
function refusal(errors: RowIssue[], locale: Locale, label: (c: string) => string) {
  return new Invalid(
    errors.map((e) => ({
      path: `row ${e.line}: ${label(e.column)}`,
      key: 'errors.importCell',
      params: { row: e.line, column: label(e.column), value: e.value, message: t(locale, e.issue.key, e.issue.params ?? {}) },
    })),
  );
}

const years = (now = new Date()) => [String(now.getUTCFullYear() - 2), String(now.getUTCFullYear() - 1)];
export const defaultYears = years;

/**
 * The focal point's XLSX round trip: download the template (their country, chosen years),
 * fill it, upload it for a preview (new / changed / unchanged / refused rows with reasons,
 * nothing written), apply it in one transaction with the preview's checksum.
 */
export class TemplateIO {
  private readonly values: IndicatorValues;
  constructor(
    private readonly db: Database,
    private readonly reported: ReportedValues,
    private readonly files: FileStore,
  ) {
    this.values = new IndicatorValues(db);
  }

  async template(actor: Actor, yearList: string[], locale: Locale): Promise<{ buffer: Buffer; filename: string }> {
    const sheet = await this.reported.sheet(actor, yearList, locale);
    const rows: TemplateRow[] = sheet.rows.map((r) => ({
      code: r.code,
      name: r.name,
      unit: r.unit,
      type: r.type,
      country: r.country,
      year: r.year,
      value: r.value,
      answer: r.answer,
      status: r.status ? t(locale, `indicatorsInput.status.${r.status}`) : '',
      evidenceUrl: null,
      narrative: null,
    }));
    return { buffer: await writeTemplate(locale, rows), filename: `${t(locale, 'indicatorsInput.template.file')}-${sheet.country}-${yearList.join('-')}.xlsx` };
  }

  private async plan(db: Executor, actor: Actor, content: string) {
    const user = this.reported.reporter(actor);
    const buf = decode(content);
    if (buf.subarray(0, 2).toString('latin1') !== 'PK') throw new Invalid([{ path: 'content', key: 'errors.importUnreadable', params: { format: 'XLSX' } }]);
    let cells;
    try {
      cells = await readTemplate(buf);
    } catch (err) {
      if (err instanceof FileRefused) throw err;
      throw new Invalid([{ path: 'content', key: 'errors.importUnreadable', params: { format: 'XLSX' } }]);
    }
    const indicators = await inputIndicators(db, 'reported');
    let read;
    try {
      read = interpretTemplate(cells, { specs: indicators, country: user.countryCode });
    } catch (err) {
      if (err instanceof TemplateShapeError) throw new Invalid([{ path: 'content', key: err.issue.key, params: err.issue.params }]);
      throw err;
    }
    const current = await currentValues(db, [...new Set(read.candidates.map((c) => c.code))], [user.countryCode]);
    const diff = diffCandidates(read.candidates, current);
    return { user, buf, indicators, read, diff, checksum: checksumOf('template', buf, diff) };
  }

  private label = (locale: Locale) => (c: string) => t(locale, dynamicKey(`indicatorsInput.template.columns.${c}`));

  async preview(actor: Actor, content: string, locale: Locale) {
    const p = await this.plan(this.db, actor, content);
    return {
      checksum: p.checksum,
      rows: p.read.rows,
      canApply: p.read.errors.length === 0 && p.diff.some((d) => d.kind !== 'unchanged'),
      counts: { ...counts(p.diff), refused: p.read.errors.length, blank: p.read.blank },
      entries: previewEntries(p.diff, p.indicators, locale),
      errors: previewErrors(p.read.errors, locale, this.label(locale)),
    };
  }

  async apply(actor: Actor, meta: RequestMeta, content: string, filename: string, checksum: string, locale: Locale) {
    this.reported.reporter(actor);
    const stored = await this.files.receive(Readable.from([decode(content)]));
    try {
      const result = await this.db.transaction().execute(async (tx) => {
        const p = await this.plan(tx, actor, content);
        if (p.checksum !== checksum) throw new Conflict('errors.importStale');
        if (p.read.errors.length) throw refusal(p.read.errors, locale, this.label(locale));
        const file = await tx
          .insertInto('ind_input_file')
          .values({ kind: 'template', filename, sha256: stored.sha256, country: p.user.countryCode, summary: JSON.stringify(counts(p.diff)), applied_by: p.user.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        const recorded: number[] = [];
        for (const d of p.diff) {
          if (d.kind === 'unchanged') continue;
          const c = d.candidate;
          recorded.push(
            await this.values.record(tx, {
              code: c.code,
              country: c.country,
              period: c.period,
              value: c.value,
              answer: c.answer,
              origin: 'reported',
              status: 'provisional',
              source: { file: filename, ...(c.evidenceUrl ? { evidenceUrl: c.evidenceUrl } : {}) },
              narrative: c.narrative,
              recordedBy: p.user.id,
            }),
          );
        }
        await recordAudit(tx, actor, meta, { action: 'indicator.report_file', entityType: 'indicator_input_file', entityId: file.id, after: { filename, sha256: stored.sha256, checksum, ...counts(p.diff), revisions: recorded } });
        return { applied: recorded.length, ...counts(p.diff), fileId: file.id };
      });
      await this.files.commit(stored);
      return result;
    } catch (err) {
      this.files.discard(stored);
      throw err;
    }
  }
}

const SDG_COLUMN_LABELS = (c: string) => c;

/**
 * A custodian's file in the UN SDG Global Database's CSV layout, imported by the secretariat:
 * previewed (what is new, changed, unchanged; rows outside the member countries skipped and
 * counted; every refusal with its row and reason), then applied in one transaction, each value
 * citing the file (kept in the file store) and the row's Source and FootNote. Imported values
 * are validated: the custodian published them and the secretariat checked the preview.
 */
export class SdgImports {
  private readonly values: IndicatorValues;
  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
  ) {
    this.values = new IndicatorValues(db);
  }

  private async plan(db: Executor, content: string) {
    const buf = decode(content);
    let read;
    try {
      read = readSdgCsv(buf);
    } catch (err) {
      if (err instanceof SdgLayoutError) throw new Invalid([{ path: 'content', key: err.issue.key, params: err.issue.params }]);
      throw err;
    }
    const indicators = await inputIndicators(db);
    const members = new Set((await db.selectFrom('ref_country').select('code').where(sql<boolean>`cardinality(memberships) > 0`).execute()).map((r) => r.code));
    const interp = interpretSdgRows(read.rows, { targets: seriesTargets([...indicators.values()]), specs: indicators, members });
    const current = await currentValues(db, [...new Set(interp.candidates.map((c) => c.code))], [...new Set(interp.candidates.map((c) => c.country))]);
    const diff = diffCandidates(interp.candidates, current);
    return { buf, indicators, interp, diff, rows: read.rows.length, checksum: checksumOf('sdg', buf, diff) };
  }

  async preview(actor: Actor, content: string, locale: Locale) {
    requireRole(actor, 'admin', 'secretariat');
    const p = await this.plan(this.db, content);
    return {
      checksum: p.checksum,
      rows: p.rows,
      canApply: p.interp.errors.length === 0 && p.diff.some((d) => d.kind !== 'unchanged'),
      counts: { ...counts(p.diff), refused: p.interp.errors.length, ...p.interp.skipped },
      unknownSeries: p.interp.unknownSeries,
      entries: previewEntries(p.diff, p.indicators, locale),
      errors: previewErrors(p.interp.errors, locale, SDG_COLUMN_LABELS),
    };
  }

  async apply(actor: Actor, meta: RequestMeta, content: string, filename: string, checksum: string, locale: Locale) {
    const user = requireRole(actor, 'admin', 'secretariat');
    const stored = await this.files.receive(Readable.from([decode(content)]));
    try {
      const result = await this.db.transaction().execute(async (tx) => {
        const p = await this.plan(tx, content);
        if (p.checksum !== checksum) throw new Conflict('errors.importStale');
        if (p.interp.errors.length) throw refusal(p.interp.errors, locale, SDG_COLUMN_LABELS);
        const summary = { ...counts(p.diff), ...p.interp.skipped };
        const file = await tx
          .insertInto('ind_input_file')
          .values({ kind: 'sdg', filename, sha256: stored.sha256, country: null, summary: JSON.stringify(summary), applied_by: user.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        const cite = `${filename} (sha256 ${stored.sha256.slice(0, 16)})`;
        let applied = 0;
        for (const d of p.diff) {
          if (d.kind === 'unchanged') continue;
          const c = d.candidate;
          await this.values.record(tx, {
            code: c.code,
            country: c.country,
            period: c.period,
            disaggregation: c.disaggregation,
            value: c.value,
            answer: c.answer,
            origin: 'imported',
            status: 'validated',
            source: { file: cite, ...(c.note ? { note: c.note } : {}) },
            recordedBy: user.id,
          });
          applied++;
        }
        await recordAudit(tx, actor, meta, { action: 'indicator.import_sdg', entityType: 'indicator_input_file', entityId: file.id, after: { filename, sha256: stored.sha256, checksum, ...summary } });
        return { applied, ...summary, fileId: file.id };
      });
      await this.files.commit(stored);
      return result;
    } catch (err) {
      this.files.discard(stored);
      throw err;
    }
  }
}

export { nameIn };
