import { describe, expect, it } from 'vitest';
import { isKnownPage } from '../../../shared/pages.ts';
import { canReportOn, canReportOnPledge, documentFileProblem, errorsByRow, evidenceFileProblem, formatDay, groupByKind, importFormat, kilobytes, localized, mergeLocalized, periodProblem, safeLink, toBase64 } from './logic.ts';

const owner = (responsibleCountry: string | null, responsibleOrganisation: string | null) => ({ responsibleCountry, responsibleOrganisation });
const user = (role: 'admin' | 'secretariat' | 'focal_point' | 'contributor' | 'member_viewer', countryCode: string | null = null, org: string | null = null) => ({
  role,
  countryCode,
  organisation: org ? { id: 'x', code: org, name: {} } : null,
});

describe('who may report progress (mirrors the server, to show the right forms)', () => {
  it('lets focal points report on their country’s actions and contributors on their organisation’s', () => {
    expect(canReportOn(user('focal_point', 'PAN'), owner('PAN', null))).toBe(true);
    expect(canReportOn(user('focal_point', 'PAN'), owner('MEX', null))).toBe(false);
    expect(canReportOn(user('focal_point', 'PAN'), owner(null, null))).toBe(false);
    expect(canReportOn(user('contributor', null, 'IOM'), owner(null, 'IOM'))).toBe(true);
    expect(canReportOn(user('contributor', null, 'IOM'), owner('PAN', null))).toBe(false);
    expect(canReportOn(user('secretariat'), owner(null, null))).toBe(true);
    expect(canReportOn(user('member_viewer', 'PAN'), owner('PAN', null))).toBe(false);
    expect(canReportOn(null, owner('PAN', null))).toBe(false);
  });
  it('lets pledgers report on their pledges', () => {
    expect(canReportOnPledge(user('focal_point', 'CRI'), { countries: ['PAN', 'CRI'], organisations: [] })).toBe(true);
    expect(canReportOnPledge(user('contributor', null, 'IOM'), { countries: ['PAN'], organisations: [] })).toBe(false);
  });
});

describe('grouping', () => {
  it('lists outcomes by kind in the documents’ order, leaving out empty kinds', () => {
    const g = groupByKind([{ kind: 'cooperation_idea', n: 1 }, { kind: 'agreement', n: 2 }, { kind: 'cooperation_idea', n: 3 }]);
    expect(g.map((x) => [x.kind, x.items.map((i) => i.n)])).toEqual([
      ['agreement', [2]],
      ['cooperation_idea', [1, 3]],
    ]);
  });
  it('groups import errors by row, rows ascending, keeping each row’s order', () => {
    const g = errorsByRow([
      { row: 5, column: 'Estado' },
      { row: 2, column: 'Identificador' },
      { row: 5, column: 'Fecha límite' },
    ]);
    expect(g).toEqual([
      { row: 2, errors: [{ row: 2, column: 'Identificador' }] },
      { row: 5, errors: [{ row: 5, column: 'Estado' }, { row: 5, column: 'Fecha límite' }] },
    ]);
  });
});

describe('dates, files and links', () => {
  it('formats a calendar day in the reader’s language without moving it across time zones', () => {
    expect(formatDay('2023-09-27', 'en')).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(2023, 8, 27)));
    expect(formatDay('2023-09-27', 'es')).toMatch(/27/);
    expect(formatDay('2023-09-27', 'es')).toMatch(/sept?/i);
    expect(formatDay(null, 'es')).toBe('');
    expect(formatDay('27/09/2023', 'es')).toBe('');
  });
  it('recognises the import formats by name and encodes large files without overflowing', () => {
    expect(importFormat('avances.XLSX')).toBe('xlsx');
    expect(importFormat('avances.csv')).toBe('csv');
    expect(importFormat('avances.xls')).toBeNull();
    expect(importFormat('avances')).toBeNull();
    const bytes = new Uint8Array(200_000).map((_, i) => i % 256);
    expect(Buffer.from(toBase64(bytes), 'base64').equals(Buffer.from(bytes))).toBe(true);
  });
  it('spares useless evidence uploads: wrong kind of name, empty, over 20 MB', () => {
    expect(evidenceFileProblem('acta.PDF', 1000)).toBeNull();
    expect(evidenceFileProblem('foto.jpeg', 1000)).toBeNull();
    expect(evidenceFileProblem('programa.exe', 1000)).toBe('type');
    expect(evidenceFileProblem('sin-extension', 1000)).toBe('type');
    expect(evidenceFileProblem('acta.pdf', 0)).toBe('empty');
    expect(evidenceFileProblem('acta.pdf', 20 * 1024 * 1024)).toBeNull();
    expect(evidenceFileProblem('acta.pdf', 20 * 1024 * 1024 + 1)).toBe('size');
  });
  it('renders only http(s) links and checks periods and titles', () => {
    expect(safeLink('https://example.gob.pa/decreto.pdf')).toBe('https://example.gob.pa/decreto.pdf');
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(periodProblem('2025-06-01', '2025-01-01')).toBe('periodOrder');
    expect(periodProblem('2025-01-01', '2025-06-01')).toBeNull();
    expect(periodProblem('', '2025-06-01')).toBeNull();
    expect(localized(' Hoja ', '  ')).toEqual({ es: 'Hoja' });
  });
});

describe('the server knows the commitments pages (a real 404 otherwise)', () => {
  it('accepts the pages, the reminders’ /roadmaps/:id links included, and nothing else', () => {
    for (const p of ['/meetings', '/meetings/champions-forum-i-2023-panama', '/outcomes/forum1-t1-regular-pathways-registration', '/roadmaps', '/roadmaps/new', '/roadmaps/2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '/roadmaps/2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/edit', '/pledges', '/pledges/new', '/pledges/2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/edit', '/commitments', '/commitments/countries/PAN']) {
      expect(isKnownPage(p), p).toBe(true);
    }
    for (const p of ['/roadmaps/x', '/roadmaps/new/edit', '/pledges/new/edit', '/roadmaps/x/edit', '/commitments/countries/PANA', '/commitments/other', '/outcomes']) expect(isKnownPage(p), p).toBe(false);
  });
});

describe('editing keeps what the form does not show', () => {
  it('replaces Spanish and English, drops a blanked one, keeps Portuguese and French', () => {
    expect(mergeLocalized({ es: 'Viejo', en: 'Old', pt: 'Antigo', fr: 'Ancien' }, ' Nuevo ', '')).toEqual({ es: 'Nuevo', pt: 'Antigo', fr: 'Ancien' });
    expect(mergeLocalized({ es: 'Viejo' }, '', 'New')).toEqual({ en: 'New' });
    expect(mergeLocalized(null, 'Hoja', 'Roadmap')).toEqual({ es: 'Hoja', en: 'Roadmap' });
    expect(mergeLocalized({ pt: '  ' }, 'Hoja', '')).toEqual({ es: 'Hoja' });
  });
});

describe('meeting documents', () => {
  it('checks the name and size before sending; plain text is allowed', () => {
    expect(documentFileProblem('comunicado.txt', 10)).toBeNull();
    expect(documentFileProblem('informe.PDF', 10)).toBeNull();
    expect(documentFileProblem('programa.exe', 10)).toBe('type');
    expect(documentFileProblem('vacío.pdf', 0)).toBe('empty');
    expect(documentFileProblem('grande.pdf', 21 * 1024 * 1024)).toBe('size');
    expect(evidenceFileProblem('comunicado.txt', 10)).toBe('type');
  });
  it('shows sizes in whole kilobytes, at least one', () => {
    expect(kilobytes(10)).toBe(1);
    expect(kilobytes(94167)).toBe(92);
  });
});
