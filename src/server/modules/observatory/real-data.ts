import fs from 'node:fs';
import path from 'node:path';
import type { RequestMeta, UserActor } from '../../platform/http/context.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { tempFile, type ObservatoryService } from './service.ts';
import type { ColumnMapping } from './validate.ts';

/**
 * The real monthly flows of 11 American countries (shared/data/americas-flows, IOM's
 * amerdigest), imported through the platform's own importer with a saved column mapping.
 * regout.csv has its two country columns swapped by the packager: the reporting country is
 * in `nat`, the other country in `geo`. Rows the importer cannot take (an empty count, an
 * empty country) are reported with their messages and left out; the rest is applied.
 */
export const AMERICAS_FLOWS_FILES: { file: string; mapping: ColumnMapping }[] = [
  { file: 'regin.csv', mapping: { columns: { t: 'TIME_PERIOD', geo: 'REF_AREA', nat: 'CITIZENSHIP', n: 'OBS_VALUE' }, constants: { FLOW: 'REG_ENTRY' } } },
  { file: 'regout.csv', mapping: { columns: { t: 'TIME_PERIOD', nat: 'REF_AREA', geo: 'COUNTERPART_AREA', n: 'OBS_VALUE' }, constants: { FLOW: 'REG_EXIT' } } },
  { file: 'irreg.csv', mapping: { columns: { t: 'TIME_PERIOD', geo: 'REF_AREA', nat: 'CITIZENSHIP', n: 'OBS_VALUE' }, constants: { FLOW: 'IRREG_ENTRY' } } },
];

export interface ImportOutcome {
  file: string;
  rows: number;
  skipped: { row: number; message: string }[];
  warnings: string[];
  applied: { added: number; changed: number; unchanged: number } | null;
  submissionId: string | null;
}

export async function importAmericasFlows(
  service: ObservatoryService,
  actor: UserActor,
  meta: RequestMeta,
  dir: string,
  opts: { locale?: Locale; release?: 'public' | 'members' | null; files?: string[] } = {},
): Promise<ImportOutcome[]> {
  const locale = opts.locale ?? 'es';
  const out: ImportOutcome[] = [];
  for (const { file, mapping } of AMERICAS_FLOWS_FILES) {
    if (opts.files && !opts.files.includes(file)) continue;
    const full = path.join(dir, file);
    const first = await service.submit(actor, meta, { dataflowId: 'MIG_FLOWS', fileName: file, tmpPath: copy(full), mapping }, locale);
    let report = first;
    const skipped = first.errors.map((e) => ({ row: e.row ?? 0, message: e.message }));
    if (first.errorCount > 0) {
      // Row errors only (a structural error has no row, and stops the import of this file).
      if (first.errors.some((e) => e.row === null) || first.errorCount > first.errors.length) {
        out.push({ file, rows: first.rows, skipped, warnings: first.warnings.map((w) => w.message), applied: null, submissionId: first.id });
        continue;
      }
      const bad = new Set(first.errors.map((e) => e.row));
      // One record per line in these files: drop the rows that were refused.
      const lines = fs.readFileSync(full, 'utf8').split(/\r?\n/);
      const kept = lines.filter((_, i) => !bad.has(i + 1)).join('\n');
      report = await service.submit(actor, meta, { dataflowId: 'MIG_FLOWS', fileName: `${file} (sin filas rechazadas)`, tmpPath: tempFile(kept), mapping }, locale);
    }
    if (report.status !== 'validated') {
      out.push({ file, rows: first.rows, skipped: [...skipped, ...report.errors.map((e) => ({ row: e.row ?? 0, message: e.message }))], warnings: [], applied: null, submissionId: report.id });
      continue;
    }
    const applied = await service.apply(actor, meta, report.id, locale);
    out.push({ file, rows: first.rows, skipped, warnings: report.warnings.map((w) => w.message), applied: applied.applied, submissionId: report.id });
  }
  if (opts.release) {
    for (const c of await service.countriesWithData('MIG_FLOWS')) await service.createRelease(actor, meta, { dataflowId: 'MIG_FLOWS', country: c, level: opts.release });
  }
  return out;
}

function copy(file: string): string {
  const p = tempFile('');
  fs.copyFileSync(file, p);
  return p;
}
