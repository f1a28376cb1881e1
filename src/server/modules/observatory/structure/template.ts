import ExcelJS from 'exceljs';
import { pick, t, type Locale, type KeysUnder } from '../../../platform/i18n/index.ts';
import type { Structure } from './structure.ts';

/**
 * The downloadable XLSX template of a dataflow. The data sheet is the FIRST sheet (the
 * importer reads the first sheet) and its headers are the dimension ids, so a filled
 * template is read without any column mapping; the workbook opens on the instructions
 * (in the caller's language). Each dimension column has a drop-down list bound to its code
 * list's sheet (one sheet per code list, codes with their names).
 */
export const TEMPLATE_ROWS = 5000;
const EXTRA = ['OBS_VALUE', 'OBS_STATUS', 'COMMENT'] as const;

/** exceljs keeps a sheet's validations by address (a range is written as one rule); its typings omit it. */
function validations(ws: ExcelJS.Worksheet): { add(range: string, v: ExcelJS.DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
}

function colLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

export async function buildTemplate(s: Structure, locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Observatorio';
  wb.created = new Date(0); // a stable file for the same structure and language
  const L = (key: KeysUnder<'observatory.template.'>, params?: Record<string, string | number>) => t(locale, `observatory.template.${key}`, params);
  const dataName = L('dataSheet');
  const data = wb.addWorksheet(dataName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const info = wb.addWorksheet(L('instructionsSheet'));
  // open on the instructions; the data stays first for the importer
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];

  const dims = s.dimensions.filter((d) => d.id !== 'TIME_PERIOD');
  const headers = [...dims.map((d) => d.id), 'TIME_PERIOD', ...EXTRA];
  data.addRow(headers);
  data.getRow(1).font = { bold: true };
  headers.forEach((h, i) => (data.getColumn(i + 1).width = Math.max(14, h.length + 4)));
  const last = TEMPLATE_ROWS + 1;

  // one sheet per code list, then the drop-downs that use it
  const listSheets = new Map<string, { sheet: string; size: number }>();
  for (const d of dims) {
    if (!d.codelistId || listSheets.has(d.codelistId)) continue;
    const ws = wb.addWorksheet(d.codelistId);
    ws.addRow([L('code'), L('name')]);
    ws.getRow(1).font = { bold: true };
    for (const c of d.codes.values()) ws.addRow([c.code, pick(c.name, locale)]);
    ws.getColumn(1).width = 14;
    ws.getColumn(2).width = 48;
    listSheets.set(d.codelistId, { sheet: d.codelistId, size: d.codes.size });
  }
  dims.forEach((d, i) => {
    const col = colLetter(i + 1);
    const list = d.codelistId ? listSheets.get(d.codelistId) : undefined;
    if (!list) return;
    validations(data).add(`${col}2:${col}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${list.sheet}'!$A$2:$A$${list.size + 1}`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: d.id,
      error: L('invalidCode', { list: list.sheet }),
    });
  });
  const timeCol = data.getColumn(dims.length + 1);
  timeCol.numFmt = '@'; // 2024-08 stays text, not a date
  const valueLetter = colLetter(dims.length + 2);
  validations(data).add(`${valueLetter}2:${valueLetter}${last}`, {
    type: 'whole',
    operator: 'greaterThanOrEqual',
    allowBlank: true,
    formulae: [0],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'OBS_VALUE',
    error: L('invalidValue'),
  });
  const statusLetter = colLetter(dims.length + 3);
  validations(data).add(`${statusLetter}2:${statusLetter}${last}`, { type: 'list', allowBlank: true, formulae: ['"A,P,E"'], showErrorMessage: true, errorStyle: 'stop' });

  // the instructions
  info.getColumn(1).width = 22;
  info.getColumn(2).width = 70;
  info.getColumn(3).width = 24;
  info.addRow([L('title', { name: pick(s.name, locale), urn: s.urn })]).font = { bold: true, size: 14 };
  info.addRow([]);
  for (const i of [1, 2, 3, 4, 5, 6, 7] as const) {
    const row = info.addRow([`${i}. ${L(`line${i}`, { sheet: dataName })}`]);
    info.mergeCells(row.number, 1, row.number, 3);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = 32;
  }
  info.addRow([]);
  info.addRow([L('columns')]).font = { bold: true };
  info.addRow([L('column'), L('meaning'), L('codes')]).font = { bold: true };
  for (const d of dims) info.addRow([d.id, pick(d.name, locale), d.codelistId ?? '']);
  info.addRow(['TIME_PERIOD', L('period'), '']);
  info.addRow(['OBS_VALUE', L('value'), '']);
  info.addRow(['OBS_STATUS', L('status'), '']);
  info.addRow(['COMMENT', L('comment'), '']);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
