import { csvCell } from '../../platform/csv.ts';
import { t, type Locale, type KeysUnder } from '../../platform/i18n/index.ts';
import type { IndicatorDetail, IndicatorPoint } from './types.ts';

/**
 * An indicator's table as a file: CSV (`#` lines first, as the observatory's downloads) or
 * XLSX (the same columns on one sheet, the same metadata on another). One list of columns and
 * one list of metadata lines, so the two formats never say different things.
 */
export const VALUE_COLUMNS = ['country', 'period', 'disaggregation', 'value', 'answer', 'origin', 'status', 'revisionId', 'recordedAt', 'releases', 'note'] as const;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const rowOf = (p: IndicatorPoint): (string | number | null)[] => [
  p.country,
  p.period,
  Object.keys(p.disaggregation).length ? JSON.stringify(p.disaggregation) : '',
  p.value,
  p.answer,
  p.origin,
  p.status,
  p.revisionId,
  p.recordedAt,
  (p.source.releases ?? []).join(' '),
  p.source.note ?? p.source.file ?? p.source.evidenceUrl ?? '',
];

/**
 * What the table is: name, unit, source (the catalogue's custodian and typical source; each
 * row cites its own), licence (the catalogue states none: said so, not invented), as of when,
 * how to cite. Label and value, in the reader's language.
 */
export function downloadMetadata(ind: IndicatorDetail, locale: Locale, at: Date): [string, string][] {
  const l = (k: KeysUnder<'indicators.download.label.'>) => t(locale, `indicators.download.label.${k}`);
  const name = (locale === 'es' ? ind.name.es : null) ?? ind.name.en;
  const none = t(locale, 'indicators.download.notStated');
  const source = [ind.custodian ? t(locale, 'indicators.download.custodian', { custodian: ind.custodian }) : null, ind.typicalSource ? t(locale, 'indicators.download.typicalSource', { source: ind.typicalSource }) : null]
    .filter(Boolean)
    .join(' ');
  return [
    [l('indicator'), `${ind.code} — ${name}`],
    [t(locale, 'indicators.download.unit'), ind.unit],
    [l('source'), `${source || none} ${t(locale, 'indicators.download.rowSources')}`.trim()],
    [l('licence'), t(locale, 'indicators.download.licence')],
    [l('asOf'), t(locale, 'indicators.download.asOf', { at: at.toISOString() })],
    [l('citation'), t(locale, 'indicators.download.citation', { code: ind.code })],
  ];
}

export function valuesCsv(ind: IndicatorDetail, items: IndicatorPoint[], locale: Locale, at: Date): string {
  const lines = downloadMetadata(ind, locale, at).map(([label, value], i) => (i === 0 ? `# ${csvCell(value)}` : `# ${label}: ${csvCell(value)}`));
  lines.push(VALUE_COLUMNS.join(','));
  for (const p of items) lines.push(rowOf(p).map((v) => csvCell(v)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function valuesXlsx(ind: IndicatorDetail, items: IndicatorPoint[], locale: Locale, at: Date): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(t(locale, 'indicators.download.sheet'));
  sheet.addRow([...VALUE_COLUMNS]).font = { bold: true };
  for (const p of items) sheet.addRow(rowOf(p));
  const about = wb.addWorksheet(t(locale, 'indicators.download.aboutSheet'));
  for (const [label, value] of downloadMetadata(ind, locale, at)) about.addRow([label, value]);
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
