import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

// A partner's catalogue in bulk (issue 22, item 4) on a real database holding the 65 seeded
// practices: its own columns recognised, country names in Spanish and English, objective
// suggestions for every row, duplicates of seeded practices flagged, the whole file reported,
// and an atomic apply — nothing stored when the file is refused.
let t: TestApp;
let iom: Client, sec: Client, gtm: Client;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const post = (c: Client, url: string, payload: object, lang = 'es') => c.request({ method: 'POST', url: `/api/v1/practices/catalogue/${url}`, payload, headers: { 'accept-language': lang } });
const count = async () => Number((await t.db.db.selectFrom('practice').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

interface Preview {
  checksum: string;
  rows: number;
  canApply: boolean;
  toCreate: number;
  duplicates: number;
  columns: { header: string; field: string | null; by: string }[];
  items: { row: number; title: string; countries: string[]; objectives: number[]; objectivesFrom: string; suggestions: { objective: number }[]; duplicateOf: { slug: string } | null; duplicateOfRow: number | null }[];
  errors: { row: number; column: string; value: string; message: string }[];
  notes: { row: number; message: string }[];
}

// IOM's own layout, as a Spanish-locale spreadsheet saves it (";"), with its own headers.
const GOOD = [
  'Nombre del proyecto;Resumen;Año;Países;Ejes temáticos;Enlace;Buena práctica',
  'Reintegración sostenible de personas retornadas;Apoyo psicosocial y económico a migrantes en retorno y sus familias;2019-2022;Honduras, Guatemala;retorno, reintegración;https://example.org/retorno;sí',
  'Lucha contra la trata de personas en fronteras;Formación de funcionarios para identificar víctimas de trata;2021;El Salvador, HND;trata de personas;;no',
  'Data for migration policy;Training national statistics offices on migration data;2020;Mexico, Costa Rica;data, statistics;https://example.org/data;yes',
  // a seeded practice, as IOM lists it too
  'Programa Sembrando Vida;;2019;México;;;',
  ';;;;;;',
].join('\n');

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser(t, { email: 'sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  [iom, sec, gtm] = (await Promise.all(['iom', 'sec', 'gtm'].map((n) => signIn(t, `${n}@example.org`)))) as [Client, Client, Client];
});
afterAll(async () => {
  await t?.close();
});

describe('a partner catalogue', () => {
  it('recognises its columns and countries, suggests objectives for every row, flags the seeded duplicate; apply creates IOM drafts in one go', async () => {
    const before = await count();
    const r = await post(iom, 'preview', { format: 'csv', content: b64(GOOD) });
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json<Preview>();
    expect(p.columns.map((c) => c.field)).toEqual(['title', 'summary', 'year', 'countries', 'themes', 'links', 'goodPractice']);
    expect(p.errors).toEqual([]);
    expect(p.canApply).toBe(true);
    expect(p.rows).toBe(4);
    expect(p.items.map((i) => i.countries)).toEqual([['HND', 'GTM'], ['SLV', 'HND'], ['MEX', 'CRI'], ['MEX']]);
    for (const i of p.items) expect(i.suggestions.length).toBeGreaterThan(0);
    expect(p.items[0]!.objectives).toContain(21);
    expect(p.items[1]!.objectives).toContain(10);
    const dup = p.items[3]!;
    expect(dup.duplicateOf?.slug).toMatch(/sembrando-vida/);
    expect(p.notes).toEqual([{ row: 5, message: expect.stringMatching(/^Posible duplicado de la práctica «Programa Sembrando Vida»/) }]);
    expect(p.toCreate).toBe(3);
    expect(await count()).toBe(before);

    const a = await post(iom, 'apply', { format: 'csv', content: b64(GOOD), checksum: p.checksum });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ created: 3, skipped: 1, workflow: 'draft' });
    expect(await count()).toBe(before + 3);
    const made = await t.db.db
      .selectFrom('practice')
      .select(['title', 'kind', 'workflow', 'validation', 'period_start', 'period_end', 'country_codes', 'objective_numbers', 'organisation_ids', 'links', 'description'])
      .where('id', 'in', a.json<{ ids: string[] }>().ids)
      .orderBy('created_at')
      .execute();
    const first = made.find((m) => (m.title as { es?: string }).es === 'Reintegración sostenible de personas retornadas')!;
    expect(first).toMatchObject({ kind: 'good_practice', workflow: 'draft', validation: 'stakeholder', country_codes: ['GTM', 'HND'] });
    expect(first.objective_numbers).toContain(21);
    expect(first.description).toBe('Temas del catálogo: retorno, reintegración');
    expect(String(first.period_start)).toMatch(/2019/);
    expect(made.every((m) => m.organisation_ids.length === 1)).toBe(true);
    const audit = await t.db.db.selectFrom('audit_event').select(['action']).where('action', '=', 'practice.import').execute();
    expect(audit).toHaveLength(1);
    // The same file again: the three are now IOM's own drafts, all flagged as duplicates.
    const again = (await post(iom, 'preview', { format: 'csv', content: b64(GOOD) })).json<Preview>();
    expect(again.duplicates).toBe(4);
  });

  it('an apply takes its preview’s checks only while the practices are unchanged: a duplicate created meanwhile is still left out', async () => {
    const head = 'Título;Resumen;Países;Temas';
    const mine = [head, 'Ventanilla única para personas retornadas en San Pedro Sula;Orientación y referencia;Honduras;retorno', 'Red de albergues en la frontera sur de Guatemala;Acogida temporal;Guatemala;protección'].join('\n');
    const p = (await post(iom, 'preview', { format: 'csv', content: b64(mine) })).json<Preview>();
    expect(p).toMatchObject({ canApply: true, toCreate: 2, duplicates: 0 });
    // Meanwhile the secretariat brings one of the two titles for IOM.
    const theirs = [head, 'Red de albergues en la frontera sur de Guatemala;Acogida;Guatemala;protección'].join('\n');
    const q = (await post(sec, 'preview', { format: 'csv', content: b64(theirs), organisation: 'IOM' })).json<Preview>();
    expect((await post(sec, 'apply', { format: 'csv', content: b64(theirs), organisation: 'IOM', checksum: q.checksum })).statusCode).toBe(201);
    const a = await post(iom, 'apply', { format: 'csv', content: b64(mine), checksum: p.checksum });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ created: 1, skipped: 1 });
  });

  it('reports every bad row with a clear message in the user’s language, and stores nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Catalogue');
    ws.addRow(['Title', 'Summary', 'Countries', 'Themes']);
    ws.addRow(['Return and reintegration support', 'Support for returnees', 'Atlantis', 'return']);
    ws.addRow(['Long one', 'x'.repeat(10_000), 'Honduras', '']);
    ws.addRow(['Formula', 'fine', 'Guatemala', '']);
    ws.getCell('A4').value = { formula: 'HYPERLINK("http://evil.example","click")', result: 'click' };
    ws.addRow(['Programa Sembrando Vida', '', 'Mexico', '']);
    ws.addRow(['', 'A summary without its title', 'Panama', '']);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const before = await count();

    const es = (await post(iom, 'preview', { format: 'xlsx', content })).json<Preview>();
    expect(es.canApply).toBe(false);
    const byRow = (p: Preview, row: number) => p.errors.filter((e) => e.row === row).map((e) => e.message);
    expect(byRow(es, 2)).toEqual(['País desconocido: «Atlantis». Escriba su nombre en español o inglés, o su código ISO (HND, HN).']);
    expect(byRow(es, 3)).toEqual(['El texto tiene 10000 caracteres; el máximo es 2000.']);
    expect(byRow(es, 4)).toEqual(['La celda contiene una fórmula; escriba solo valores.']);
    expect(byRow(es, 6)).toEqual(['La fila tiene datos pero no título; escriba el título o vacíe la fila.']);
    expect(es.errors.find((e) => e.row === 2)).toMatchObject({ column: 'Countries', value: 'Atlantis' });
    expect(es.notes.find((n) => n.row === 5)?.message).toMatch(/Posible duplicado de la práctica «Programa Sembrando Vida»/);

    const en = (await post(iom, 'preview', { format: 'xlsx', content }, 'en')).json<Preview>();
    expect(byRow(en, 2)).toEqual(['Unknown country: “Atlantis”. Write its name in Spanish or English, or its ISO code (HND, HN).']);
    expect(byRow(en, 3)).toEqual(['The text has 10000 characters; the maximum is 2000.']);
    expect(byRow(en, 6)).toEqual(['The row has data but no title; write the title or empty the row.']);
    expect(en.notes.find((n) => n.row === 5)?.message).toMatch(/^Likely duplicate of the practice/);

    // Apply refuses the whole file, row by row, and nothing is stored.
    const a = await post(iom, 'apply', { format: 'xlsx', content, checksum: es.checksum });
    expect(a.statusCode).toBe(400);
    expect(a.json().error.issues.length).toBe(4);
    expect(a.json().error.issues[0].message).toMatch(/^Fila 2, columna «Countries» \(«Atlantis»\): País desconocido/);
    expect(await count()).toBe(before);
  });

  it('refuses unreadable files, a file without a title column (until the uploader maps one), and a stale preview', async () => {
    const before = await count();
    const junk = await post(iom, 'preview', { format: 'xlsx', content: b64('not a spreadsheet') });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.issues[0].message).toBe('No se pudo leer el archivo como XLSX.');
    const odd = 'Iniciativa regional;Naciones\nRetorno digno;Honduras\n';
    const noTitle = await post(iom, 'preview', { format: 'csv', content: b64(odd) }, 'en');
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.issues[0].message).toBe('No column is recognised as the title (columns: Iniciativa regional, Naciones). Say which one is the title.');
    const columns = { 'Iniciativa regional': 'title', Naciones: 'countries' };
    const mapped = (await post(iom, 'preview', { format: 'csv', content: b64(odd), columns })).json<Preview>();
    expect(mapped.columns).toEqual([
      { header: 'Iniciativa regional', field: 'title', by: 'mapping' },
      { header: 'Naciones', field: 'countries', by: 'mapping' },
    ]);
    expect(mapped.items[0]).toMatchObject({ title: 'Retorno digno', countries: ['HND'], objectivesFrom: 'suggestion' });
    expect(mapped.items[0]!.objectives).toContain(21);
    // The preview was of another mapping: the apply is refused as stale.
    const stale = await post(iom, 'apply', { format: 'csv', content: b64(odd), columns: { ...columns, Naciones: 'ignore' }, checksum: mapped.checksum });
    expect(stale.statusCode).toBe(409);
    expect(await count()).toBe(before);
  });

  it('only the organisation’s contributor (drafts) or the secretariat (may publish) imports', async () => {
    const file = { format: 'csv', content: b64('Title;Countries;Objectives\nSafe return pathways;Honduras;21\n') };
    expect((await post(gtm, 'preview', file)).statusCode).toBe(403);
    const other = await post(iom, 'preview', { ...file, organisation: 'UNHCR' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toBe('Solo puede importar el catálogo de su propia organización.');
    const noOrg = await post(sec, 'preview', file);
    expect(noOrg.json().error.issues[0].message).toBe('Elija la organización cuyo catálogo se importa.');
    const p = (await post(sec, 'preview', { ...file, organisation: 'IOM' })).json<Preview>();
    expect(p.items[0]).toMatchObject({ objectives: [21], objectivesFrom: 'file' });
    const asIom = (await post(iom, 'preview', file)).json<Preview>();
    const refused = await post(iom, 'apply', { ...file, checksum: asIom.checksum, publish: true });
    expect(refused.statusCode).toBe(403);
    const published = await post(sec, 'apply', { ...file, organisation: 'IOM', checksum: p.checksum, publish: true });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ created: 1, workflow: 'published' });
    const found = await sec.request({ method: 'GET', url: '/api/v1/practices?q=safe%20return%20pathways' });
    expect(found.json<{ items: { title: string }[] }>().items.map((i) => i.title)).toContain('Safe return pathways');
  });
});
