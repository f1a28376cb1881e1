import { describe, expect, it } from 'vitest';
import { isKnownPage } from '../../../shared/pages.ts';
import {
  absentDimensions,
  buildMapping,
  canConfirm,
  fileKind,
  groupByCountry,
  initialChoices,
  initialConstants,
  keyText,
  localToIso,
  mappingProblems,
  mayManageCountry,
  percent,
  readFilters,
  statusTone,
  writeFilters,
  untranslatedSample,
  withCode,
  codeRows,
} from './logic.ts';

const GOV = ['País', 'Flujo', 'Nacionalidad', 'Mes', 'Personas'];

describe('the column-mapping step', () => {
  it("starts from the server's suggestions, a column named as a target, and ignores the rest", () => {
    const c = initialChoices([...GOV, 'sex', 'Notas'], { Flujo: 'FLOW', Nacionalidad: 'CITIZENSHIP' });
    expect(c).toEqual({ País: '', Flujo: 'FLOW', Nacionalidad: 'CITIZENSHIP', Mes: '', Personas: '', sex: 'SEX', Notas: '' });
  });

  it('a saved mapping wins over suggestions, matched without case; a target goes to one column only', () => {
    const saved = { columns: { país: 'REF_AREA', MES: 'TIME_PERIOD', personas: 'OBS_VALUE', nacionalidad: '' }, constants: { FLOW: 'REG_ENTRY', CITIZENSHIP: '_T' } };
    const c = initialChoices(GOV, { Flujo: 'FLOW', Nacionalidad: 'CITIZENSHIP', Personas: 'REF_AREA' }, saved);
    expect(c).toEqual({ País: 'REF_AREA', Flujo: 'FLOW', Nacionalidad: '', Mes: 'TIME_PERIOD', Personas: 'OBS_VALUE' });
    // constants only for the dimensions no column feeds: FLOW is a column now, CITIZENSHIP is ignored → its constant stays
    expect(initialConstants(c, saved)).toEqual({ CITIZENSHIP: '_T' });
  });

  it('names what stops sending: a required target missing, a target chosen twice', () => {
    const c = initialChoices(GOV, { Flujo: 'FLOW', Nacionalidad: 'CITIZENSHIP' });
    expect(mappingProblems(c, {})).toEqual([
      { kind: 'missing', target: 'REF_AREA' },
      { kind: 'missing', target: 'TIME_PERIOD' },
      { kind: 'missing', target: 'OBS_VALUE' },
    ]);
    const twice = { ...c, Mes: 'TIME_PERIOD' as const, Personas: 'TIME_PERIOD' as const };
    expect(mappingProblems(twice, { REF_AREA: 'CRI' })).toEqual([
      { kind: 'twice', target: 'TIME_PERIOD', columns: ['Mes', 'Personas'] },
      { kind: 'missing', target: 'OBS_VALUE' },
    ]);
    // a constant counts for a required dimension; blanks do not
    expect(mappingProblems({ ...c, Mes: 'TIME_PERIOD', Personas: 'OBS_VALUE' }, { REF_AREA: 'CRI' })).toEqual([]);
    expect(mappingProblems({ ...c, Mes: 'TIME_PERIOD', Personas: 'OBS_VALUE' }, { REF_AREA: '  ' })).toEqual([{ kind: 'missing', target: 'REF_AREA' }]);
  });

  it('offers constants for the dimensions without a column (never the period or the value)', () => {
    expect(absentDimensions({ a: 'REF_AREA', b: 'FLOW', c: 'TIME_PERIOD', d: 'OBS_VALUE', e: 'SEX', f: '' })).toEqual(['CITIZENSHIP', 'COUNTERPART_AREA', 'AGE', 'DISABILITY', 'ETHNICITY', 'LOCATION']);
  });

  it('builds the mapping the API takes: every named column (ignored as ""), constants only where no column feeds, saved code translations kept', () => {
    const columns = [...GOV, '', 'Notas'];
    const choices = { País: 'REF_AREA', Flujo: 'FLOW', Nacionalidad: 'CITIZENSHIP', Mes: 'TIME_PERIOD', Personas: 'OBS_VALUE', Notas: '' } as const;
    const m = buildMapping(columns, { ...choices }, { FLOW: 'REG_EXIT', SEX: ' F ', AGE: '', BOGUS: 'X' }, { CITIZENSHIP: { Nicaragüense: 'NIC' } });
    expect(m).toEqual({
      columns: { País: 'REF_AREA', Flujo: 'FLOW', Nacionalidad: 'CITIZENSHIP', Mes: 'TIME_PERIOD', Personas: 'OBS_VALUE', Notas: '' },
      constants: { SEX: 'F' },
      codes: { CITIZENSHIP: { Nicaragüense: 'NIC' } },
    });
    expect(buildMapping(['A'], { A: 'OBS_VALUE' }, {})).toEqual({ columns: { A: 'OBS_VALUE' } });
  });
});

describe('files, progress, statuses', () => {
  it('knows the kinds the platform reads by name', () => {
    expect(['a.csv', 'B.CSV', 'c.txt', 'd.tsv', 'e.xlsx', 'f.xls', 'g.pdf'].map(fileKind)).toEqual(['csv', 'csv', 'csv', 'csv', 'xlsx', null, null]);
  });

  it('percent is whole, bounded, and unknown without a total', () => {
    expect(percent(0, 200)).toBe(0);
    expect(percent(199, 200)).toBe(99);
    expect(percent(250, 200)).toBe(100);
    expect(percent(5, 0)).toBeNull();
  });

  it('confirming needs a validated report without errors', () => {
    expect(canConfirm({ status: 'validated', errorCount: 0 })).toBe(true);
    expect(canConfirm({ status: 'validated', errorCount: 1 })).toBe(false);
    expect(canConfirm({ status: 'rejected', errorCount: 3 })).toBe(false);
    expect(canConfirm({ status: 'submitted', errorCount: 0 })).toBe(false);
    expect(['applied', 'submitted', 'validated', 'returned', 'rejected', 'failed', 'validating'].map(statusTone)).toEqual(['ok', 'wait', 'act', 'act', 'bad', 'bad', 'wait']);
  });

  it("shows a diff example's key without totals", () => {
    expect(keyText({ REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'VEN', COUNTERPART_AREA: '_T', SEX: '_T', AGE: '_T', DISABILITY: '_Z', ETHNICITY: '_T', LOCATION: '_T', TIME_PERIOD: '2024-03' })).toBe(
      'CRI · REG_ENTRY · VEN · 2024-03',
    );
  });
});

describe('the list filters in the address', () => {
  it('reads only valid values and writes them back in a stable order', () => {
    const f = readFilters(new URLSearchParams('dataflow=mig_flows&country=cri&status=submitted&x=1'));
    expect(f).toEqual({ status: 'submitted', country: 'CRI', dataflow: 'MIG_FLOWS' });
    expect(writeFilters(f).toString()).toBe('status=submitted&country=CRI&dataflow=MIG_FLOWS');
    expect(readFilters(new URLSearchParams('status=lost&country=Costa'))).toEqual({ status: '', country: '', dataflow: '' });
    expect(writeFilters({ status: '', country: '', dataflow: '' }).toString()).toBe('');
  });
});

describe('the release calendar', () => {
  it('groups by country in the order of their names, soonest first', () => {
    const names: Record<string, string> = { CRI: 'Costa Rica', PAN: 'Panamá', BLZ: 'Belice' };
    const e = (id: string, country: string, releaseAt: string) => ({ id, country, releaseAt });
    const g = groupByCountry([e('1', 'PAN', '2026-05-01T00:00:00Z'), e('2', 'CRI', '2026-07-01T00:00:00Z'), e('3', 'CRI', '2026-03-01T00:00:00Z'), e('4', 'BLZ', '2026-01-01T00:00:00Z')], (c) => names[c]!);
    expect(g.map((x) => [x.country, x.items.map((i) => i.id)])).toEqual([
      ['BLZ', ['4']],
      ['CRI', ['3', '2']],
      ['PAN', ['1']],
    ]);
  });

  it('turns the local date-time field into an ISO instant, or null', () => {
    const iso = localToIso('2026-12-15T10:30');
    expect(iso).toMatch(/^2026-12-1[45]T\d{2}:30:00\.000Z$/);
    expect(new Date(iso!).getTime()).toBe(new Date(2026, 11, 15, 10, 30).getTime());
    expect(localToIso('')).toBeNull();
    expect(localToIso('15/12/2026 10:30')).toBeNull();
  });

  it('lets the secretariat manage every country, a focal point only theirs, nobody else', () => {
    expect(mayManageCountry({ role: 'secretariat', countryCode: null }, 'CRI')).toBe(true);
    expect(mayManageCountry({ role: 'focal_point', countryCode: 'CRI' }, 'CRI')).toBe(true);
    expect(mayManageCountry({ role: 'focal_point', countryCode: 'PAN' }, 'CRI')).toBe(false);
    expect(mayManageCountry({ role: 'member_viewer', countryCode: 'CRI' }, 'CRI')).toBe(false);
    expect(mayManageCountry(null, 'CRI')).toBe(false);
  });
});

describe('pages', () => {
  it('the server knows the submission pages (a real 404 for others)', () => {
    for (const p of ['/observatory/submit', '/observatory/submissions', '/observatory/submissions/4f1c8a3e-0b7d-4c1e-9a6f-2d3b5c7e9f01', '/observatory/releases']) expect(isKnownPage(p), p).toBe(true);
    for (const p of ['/observatory/submissions/x', '/observatory/submit/now', '/observatory/release']) expect(isKnownPage(p), p).toBe(false);
  });
});

describe('translations of national codes', () => {
  const codesOf = (d: string) => (d === 'CITIZENSHIP' ? ['VEN', 'NIC', '_U', '_T'] : d === 'REF_AREA' ? ['CRI'] : undefined);
  const columns = ['País', 'Nacionalidad', 'Personas'];
  const choices = { País: 'REF_AREA', Nacionalidad: 'CITIZENSHIP', Personas: 'OBS_VALUE' } as const;
  const sample = [
    ['CRI', 'ven', '10'],
    ['CRI', 'OOO', '3'],
    ['CRI', 'ooo', '4'],
    ['XCR', 'NIC', '5'],
  ];

  it('offers the first rows’ values that are not regional codes, once each, case-insensitively', () => {
    expect(untranslatedSample(columns, { ...choices }, sample, codesOf, {})).toEqual([
      { dim: 'REF_AREA', value: 'XCR' },
      { dim: 'CITIZENSHIP', value: 'OOO' },
    ]);
    // translated already: not offered again
    expect(untranslatedSample(columns, { ...choices }, sample, codesOf, { CITIZENSHIP: { ooo: '_U' } })).toEqual([{ dim: 'REF_AREA', value: 'XCR' }]);
  });

  it('adds, replaces and removes translations, and lists them in order', () => {
    let codes = withCode({}, 'CITIZENSHIP', 'OOO', '_U');
    codes = withCode(codes, 'AGE', '0-4', 'Y_LT5');
    codes = withCode(codes, 'CITIZENSHIP', 'ooo', '_T');
    expect(codeRows(codes)).toEqual([
      { dim: 'AGE', national: '0-4', regional: 'Y_LT5' },
      { dim: 'CITIZENSHIP', national: 'ooo', regional: '_T' },
    ]);
    codes = withCode(codes, 'AGE', '0-4', '');
    expect(codes).toEqual({ CITIZENSHIP: { ooo: '_T' } });
    expect(withCode(codes, 'SEX', '  ', 'F')).toBe(codes);
    expect(buildMapping(['Nacionalidad'], { Nacionalidad: 'CITIZENSHIP' }, {}, codes).codes).toEqual({ CITIZENSHIP: { ooo: '_T' } });
  });
});
