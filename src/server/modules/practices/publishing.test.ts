import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { neutralise } from './publishing.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());

describe('exports, feed and suggestions', () => {
  it('exports the search result as CSV with headers in the reader language', async () => {
    const es = await t.app.inject({ method: 'GET', url: '/api/v1/practices/export.csv?objective=8&country=MEX' });
    expect(es.statusCode).toBe(200);
    const lines = es.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Título,Tipo,Países/);
    const search = await t.app.inject({ method: 'GET', url: '/api/v1/practices?objective=8&country=MEX' });
    expect(lines.length - 1).toBe(search.json().total);
    const en = await t.app.inject({ method: 'GET', url: '/api/v1/practices/export.csv', headers: { 'accept-language': 'en' } });
    expect(en.body.replace(/^\uFEFF/, '')).toMatch(/^Title,Kind,Countries/);
  });

  it('neutralises formula cells in CSV and XLSX', async () => {
    expect(neutralise('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(neutralise('+1')).toBe("'+1");
    expect(neutralise('Normal')).toBe('Normal');
    await createUser(t, { email: 'sec@example.org', role: 'secretariat' });
    const sec = await signIn(t, 'sec@example.org');
    const created = await sec.request({ method: 'POST', url: '/api/v1/practices', payload: { title: { es: '=1+1 cmd' }, kind: 'tool', countries: ['PAN'], objectives: [1] } });
    const id = created.json().id as string;
    await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/submit` });
    await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/review`, payload: { decision: 'publish' } });
    const x = await t.app.inject({ method: 'GET', url: '/api/v1/practices/export.xlsx?country=PAN&objective=1' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const titles = wb.worksheets[0]!.getColumn(1).values.map(String);
    expect(titles).toContain("'=1+1 cmd");
    expect(titles.some((v) => v.startsWith('='))).toBe(false);
  });

  it('publishes an Atom feed of practices', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/practices/feed.atom?lang=en' });
    expect(r.headers['content-type']).toContain('application/atom+xml');
    expect(r.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect((r.body.match(/<entry>/g) ?? []).length).toBeGreaterThan(10);
  });

  it('suggests objectives for a new text from similar practices', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/practices/suggest-objectives', payload: { title: 'Búsqueda y rescate de personas migrantes desaparecidas' } });
    const items = r.json().items as { objective: number }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.slice(0, 3).map((i) => i.objective)).toContain(8);
  });
});
