import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { areaOfM49, interpretSdgRows, matchSeries, readSdgCsv, seriesTargets } from './sdg-layout.ts';
import { interpretTemplate, readTemplate, writeTemplate } from './template.ts';
import { checkValue, checkYear, parseAnswer, parseNumber, type InputSpec } from './value-rules.ts';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'indicators', 'sdg-global-database-sample.csv');
const NOW = new Date('2026-06-01T00:00:00Z');

// The catalogue's own sdg_series strings (seed/indicators/gcm-indicators.json), as they are written there.
const CATALOGUE = [
  { code: 'SDG.10.7.2', type: 'policy_presence', unit: '', sdgSeries: ['SG_CPA_MIGRP (share of countries)', 'SG_CPA_MIGRS (per country, by policy domain)'] },
  { code: 'SDG.10.7.2.D1', type: 'policy_presence', unit: '', sdgSeries: ['SG_CPA_MIGRS, COMPOSITE_BREAKDOWN=PD_1'] },
  { code: 'SDG.10.7.2.D2', type: 'policy_presence', unit: '', sdgSeries: ['SG_CPA_MIGRS, COMPOSITE_BREAKDOWN=PD_2'] },
  { code: 'SDG.10.7.3', type: 'count', unit: 'persons', sdgSeries: ['SM_DTH_MIGR'] },
  { code: 'SDG.10.7.4', type: 'rate', unit: 'per 100,000', sdgSeries: ['SM_POP_REFG_OR'] },
  { code: 'SDG.10.c.1', type: 'share', unit: '%', sdgSeries: ['SI_RMT_COST', 'SI_RMT_COST_BC (by corridor)'] },
  { code: 'SDG.17.3.2', type: 'share', unit: '% of GDP', sdgSeries: ['BX_TRF_PWKR'] },
] as const;
const specs = new Map<string, InputSpec>(CATALOGUE.map((c) => [c.code, c]));
const targets = seriesTargets(CATALOGUE.map((c) => ({ code: c.code, sdgSeries: [...c.sdgSeries] })));
const MEMBERS = new Set(['MEX', 'GTM', 'HND', 'SLV', 'CRI', 'COL', 'VEN', 'USA']);

describe('value rules', () => {
  it('reads numbers as people write them, in either language', () => {
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber(' 7 ')).toBe(7);
    expect(parseNumber('about 5')).toBeNull();
    expect(parseNumber('12%')).toBeNull();
  });
  it('answers in Spanish or English, any case and accents', () => {
    expect(parseAnswer('Sí')).toBe('yes');
    expect(parseAnswer('PARCIAL')).toBe('partial');
    expect(parseAnswer('no')).toBe('no');
    expect(parseAnswer('maybe')).toBeNull();
  });
  it('refuses a year in the future, text for a rate, a share above 100 %', () => {
    expect(checkYear('2099', NOW)).toMatchObject({ ok: false, issue: { key: 'indicatorsInput.check.yearFuture' } });
    expect(checkYear('2024', NOW)).toEqual({ ok: true, value: '2024' });
    expect(checkValue(specs.get('SDG.10.7.4')!, 'alto')).toMatchObject({ ok: false, issue: { key: 'indicatorsInput.check.notNumber' } });
    expect(checkValue(specs.get('SDG.17.3.2')!, '104')).toMatchObject({ ok: false, issue: { key: 'indicatorsInput.check.shareRange' } });
    expect(checkValue(specs.get('SDG.10.7.2.D1')!, 'quizá')).toMatchObject({ ok: false, issue: { key: 'indicatorsInput.check.answerInvalid' } });
  });
});

describe('SDG Global Database layout', () => {
  it('maps M49 numeric codes to ISO3, knows regions, refuses unknown codes', () => {
    expect(areaOfM49('484')).toEqual({ kind: 'country', iso3: 'MEX' });
    expect(areaOfM49('32')).toEqual({ kind: 'country', iso3: 'ARG' });
    expect(areaOfM49('419')).toEqual({ kind: 'region' });
    expect(areaOfM49('999')).toEqual({ kind: 'unknown' });
  });
  it('matches the most specific series of the catalogue', () => {
    expect(matchSeries(targets, 'SG_CPA_MIGRS', ['PD_1', 'G'])?.indicator).toBe('SDG.10.7.2.D1');
    expect(matchSeries(targets, 'SG_CPA_MIGRS', ['_T'])?.indicator).toBe('SDG.10.7.2');
    expect(matchSeries(targets, 'SI_RMT_COST_BC', [])).toMatchObject({ indicator: 'SDG.10.c.1', headline: false });
    expect(matchSeries(targets, 'XX_UNKNOWN', [])).toBeNull();
  });
  it('reads the fixture: BOM, quotes, extra columns; regions and non-members skipped and counted', () => {
    const { rows } = readSdgCsv(fs.readFileSync(FIXTURE));
    expect(rows).toHaveLength(16);
    const r = interpretSdgRows(rows, { targets, specs, members: MEMBERS, now: NOW });
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual({ outsideMembers: 1, regions: 2, noValue: 1, unknownSeries: 0 });
    const by = (code: string, country: string, period = '2022') => r.candidates.find((c) => c.code === code && c.country === country && c.period === period);
    expect(by('SDG.10.7.2.D1', 'MEX', '2021')).toMatchObject({ value: 3, answer: 'yes', disaggregation: {} });
    expect(by('SDG.10.7.2.D2', 'MEX', '2021')).toMatchObject({ value: 2, answer: 'partial' });
    expect(by('SDG.10.7.2.D1', 'COL', '2021')).toMatchObject({ answer: 'no' });
    expect(by('SDG.10.7.2.D1', 'COL', '2021')?.note).toContain('FootNote: Response received after the 2021 cut-off');
    expect(by('SDG.10.7.3', 'USA')).toMatchObject({ value: 686, disaggregation: {} });
    expect(by('SDG.10.c.1', 'GTM')).toMatchObject({ value: 4.52 });
    expect(by('SDG.17.3.2', 'CRI')).toMatchObject({ value: 0.1 });
    expect(by('SDG.17.3.2', 'CRI')?.note).toContain('Value <0.1');
    expect(by('SDG.17.3.2', 'GTM')?.note).toContain('Source: World Bank, World Development Indicators');
    expect(r.candidates).toHaveLength(12);
  });
  it('refuses an unknown M49 code, text for a rate, a share above 100 %, the year 2099 and a repeated row', () => {
    const head = 'SeriesCode,GeoAreaCode,GeoAreaName,TimePeriod,Value,Source,FootNote,[Sex]\n';
    const csv = [
      'SI_RMT_COST,999,Atlantis,2022,5.1,WB,,',
      'SM_POP_REFG_OR,320,Guatemala,2022,approx. 12,UNHCR,,',
      'BX_TRF_PWKR,340,Honduras,2022,126.7,WB,,',
      'BX_TRF_PWKR,222,El Salvador,2099,23.8,WB,,',
      'SI_RMT_COST,320,Guatemala,2022,4.5,WB,,',
      'SI_RMT_COST,320,Guatemala,2022,4.6,WB,,',
    ].join('\n');
    const { rows } = readSdgCsv(Buffer.from(head + csv));
    const r = interpretSdgRows(rows, { targets, specs, members: MEMBERS, now: NOW });
    expect(r.errors.map((e) => [e.line, e.column, e.issue.key])).toEqual([
      [2, 'GeoAreaCode', 'indicatorsInput.sdg.unknownM49'],
      [3, 'Value', 'indicatorsInput.check.notNumber'],
      [4, 'Value', 'indicatorsInput.check.shareRange'],
      [5, 'TimePeriod', 'indicatorsInput.check.yearFuture'],
      [7, 'SeriesCode', 'indicatorsInput.check.duplicate'],
    ]);
  });
  it('refuses a file without the layout’s key columns', () => {
    expect(() => readSdgCsv(Buffer.from('a,b\n1,2\n'))).toThrow('indicatorsInput.sdg.missingColumns');
  });
});

describe('XLSX template', () => {
  it('round-trips: what is written is read back unchanged; edits and refusals are reported by row', async () => {
    const buf = await writeTemplate('es', [
      { code: 'SDG.17.3.2', name: 'Remesas', unit: '% del PIB', type: 'share', country: 'GTM', year: '2024', value: 19.1, answer: null, status: 'validado', evidenceUrl: null, narrative: null },
      { code: 'SDG.10.7.2.D1', name: 'Política', unit: '', type: 'policy_presence', country: 'GTM', year: '2024', value: null, answer: 'partial', status: '', evidenceUrl: null, narrative: null },
      { code: 'SDG.10.7.4', name: 'Refugiados', unit: 'por 100.000', type: 'rate', country: 'GTM', year: '2024', value: null, answer: null, status: '', evidenceUrl: null, narrative: null },
    ]);
    const back = interpretTemplate(await readTemplate(buf), { specs, country: 'GTM', now: NOW });
    expect(back.errors).toEqual([]);
    expect(back.blank).toBe(1);
    expect(back.candidates.map((c) => [c.code, c.value, c.answer])).toEqual([
      ['SDG.17.3.2', 19.1, null],
      ['SDG.10.7.2.D1', null, 'partial'],
    ]);

    // a person fills it in (English headers are read too)
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getRow(4).getCell(7).value = 'mucho';
    ws.addRow(['SDG.17.3.2', '', '', '', 'GTM', 2024, 20, '', '', '']);
    ws.addRow(['SDG.99.9', '', '', '', 'GTM', 2024, 1, '', '', '']);
    ws.addRow(['SDG.10.7.2.D1', '', '', '', 'GTM', 2099, 'quizá', '', 'ftp://x', '']);
    ws.addRow(['SDG.17.3.2', '', '', '', 'MEX', 2023, 120, '', '', '']);
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const r = interpretTemplate(await readTemplate(edited), { specs, country: 'GTM', now: NOW });
    expect(r.errors.map((e) => [e.line, e.column, e.issue.key])).toEqual([
      [4, 'value', 'indicatorsInput.check.notNumber'],
      [5, 'code', 'indicatorsInput.check.duplicate'],
      [6, 'code', 'indicatorsInput.check.unknownCode'],
      [7, 'year', 'indicatorsInput.check.yearFuture'],
      [7, 'value', 'indicatorsInput.check.answerInvalid'],
      [7, 'evidenceUrl', 'indicatorsInput.check.linkScheme'],
      [8, 'country', 'indicatorsInput.check.otherCountry'],
      [8, 'value', 'indicatorsInput.check.shareRange'],
    ]);
  });
});
