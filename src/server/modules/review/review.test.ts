import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { IndicatorValues } from '../indicators/index.ts';

/**
 * The regional review report on a real database: values recorded through the indicators
 * module's one write path, the report saved by the secretariat, drawn as HTML and as PDF
 * (the PDF's text read back with a PDF text library), in Spanish and in English; the same
 * report gives the same bytes; the secretariat's texts go draft → final.
 */
let t: TestApp;
let sec: Client;
let viewer: Client;
let secId: string;
const titles: Record<'es' | 'en', Map<number, string>> = { es: new Map(), en: new Map() };

async function record(code: string, country: string, period: string, v: { value?: number; answer?: 'yes' | 'partial' | 'no' }, note: string) {
  const values = new IndicatorValues(t.db.db);
  await t.db.db.transaction().execute((tx) =>
    values.record(tx, { code, country, period, value: v.value ?? null, answer: v.answer ?? null, origin: 'imported', status: 'validated', source: { file: 'sdg-download.csv', note }, recordedBy: secId }),
  );
}

async function pdfText(buf: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(new Uint8Array(buf));
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  // The extractor may cut a line where the layout wraps it: compare on single spaces.
  return { pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

const create = (c: Client, body: object, lang = 'es') => c.request({ method: 'POST', url: '/api/v1/review/reports', headers: { 'accept-language': lang }, payload: body });

beforeAll(async () => {
  t = await testApp();
  secId = await createUser(t, { email: 'rv.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'rv.viewer@example.org', role: 'member_viewer' });
  sec = await signIn(t, 'rv.sec@example.org');
  viewer = await signIn(t, 'rv.viewer@example.org');
  for (const lang of ['es', 'en'] as const) {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/reference/gcm/objectives?lang=${lang}` });
    for (const o of r.json<{ items: { number: number; title: string }[] }>().items) titles[lang].set(o.number, o.title);
  }
  // SDG 10.7.3 (objective 8, desired to decrease): Guatemala falls from 100 to 70 over four
  // years (CAGR −8.5 %: significant progress); Mexico has two values only (insufficient data).
  await record('SDG.10.7.3', 'GTM', '2018', { value: 100 }, 'Año base');
  await record('SDG.10.7.3', 'GTM', '2020', { value: 90 }, 'Año intermedio');
  await record('SDG.10.7.3', 'GTM', '2022', { value: 70 }, 'Último año');
  await record('SDG.10.7.3', 'MEX', '2019', { value: 50 }, 'México');
  await record('SDG.10.7.3', 'MEX', '2023', { value: 1234.5 }, 'México');
});
afterAll(async () => t?.close());

describe('the regional review report', () => {
  let reportEs: { id: string; asOf: string };
  const params = { language: 'es', objectives: [8, 10], countryScope: 'CRM', from: 2018, to: 2024 };

  it('is saved by the secretariat with the CRM members it names, and refused to a member viewer', async () => {
    const r = await create(sec, params);
    expect(r.statusCode, r.body).toBe(201);
    reportEs = r.json();
    const body = r.json<{ countries: string[]; objectives: number[]; title: string }>();
    expect(body.objectives).toEqual([8, 10]);
    expect(body.countries).toContain('GTM');
    expect(body.countries).toContain('MEX');
    expect(body.countries).not.toContain('ARG');
    expect(body.title).toBe('Informe regional de examen del PMM');
    const denied = await create(viewer, params);
    expect(denied.statusCode).toBe(403);
  });

  it('draws the HTML page with the objectives, the figures, their status and citations', async () => {
    const r = await viewer.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}/report.html` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const html = r.body;
    expect(html).toContain('<html lang="es">');
    expect(html).toContain(titles.es.get(8)!.replace(/&/g, '&amp;'));
    expect(html).toContain('SDG.10.7.3');
    expect(html).toContain('Avance significativo');
    expect(html).toContain('Datos insuficientes');
    expect(html).toContain('1234,5 (2023)');
    expect(html).toMatch(/<td>n\.º \d+ · \d+ [a-z]+ \d{4}<\/td><td>importado<\/td><td>archivo: sdg-download\.csv; Año base<\/td>/);
    expect(html).toContain('<svg role="img"');
    expect(html).toContain('Anexo metodológico');
  });

  it('writes a PDF on the server whose text holds the objective titles and the figures in Spanish, accents intact', async () => {
    const r = await viewer.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}/report.pdf` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const buf = r.rawPayload;
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(buf);
    expect(pages).toBeGreaterThan(4);
    for (const n of [8, 10]) expect(text).toContain(titles.es.get(n)!.replace(/\s+/g, ' '));
    expect(text).toContain('Línea de base');
    expect(text).toContain('Avance significativo');
    expect(text).toContain('100 (2018)');
    expect(text).toContain('70 (2022)');
    expect(text).toContain('1234,5 (2023)');
    expect(text).toContain('Guatemala');
    expect(text).toContain('México');
    expect(text).toContain('Anexo metodológico');
  });

  it('gives the same bytes for the same report, and a second report with the same choice and as-of date is the same document', async () => {
    const a = (await viewer.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}/report.pdf` })).rawPayload;
    const b = (await sec.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}/report.pdf` })).rawPayload;
    expect(a.equals(b)).toBe(true);
    // A value recorded after the as-of date changes neither the saved report nor one made as of that date.
    await record('SDG.10.7.3', 'GTM', '2023', { value: 10 }, 'Tardío');
    const again = await create(sec, { ...params, asOf: reportEs.asOf });
    expect(again.statusCode).toBe(201);
    const c = (await sec.request({ method: 'GET', url: `/api/v1/review/reports/${again.json<{ id: string }>().id}/report.pdf` })).rawPayload;
    expect(c.equals(a)).toBe(true);
    const d = (await sec.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}/report.pdf` })).rawPayload;
    expect(d.equals(a)).toBe(true);
  });

  it('is written in English when asked, from the same data', async () => {
    const r = await create(sec, { ...params, language: 'en', title: 'GCM regional review — test' });
    expect(r.statusCode).toBe(201);
    const id = r.json<{ id: string }>().id;
    const pdf = await sec.request({ method: 'GET', url: `/api/v1/review/reports/${id}/report.pdf` });
    const { text } = await pdfText(pdf.rawPayload);
    for (const n of [8, 10]) expect(text).toContain(titles.en.get(n)!.replace(/\s+/g, ' '));
    expect(text).toContain('Baseline');
    expect(text).toContain('Significant progress');
    expect(text).toContain('Insufficient data');
    expect(text).toContain('1,234.5 (2023)');
    expect(text).toContain('Methodology annex');
    const html = await sec.request({ method: 'GET', url: `/api/v1/review/reports/${id}/report.html` });
    expect(html.body).toContain('<html lang="en">');
    expect(html.body).toContain('GCM regional review — test');
  });

  it("keeps the secretariat's texts as versions: drafts in its preview only, the final one for every reader, audited", async () => {
    const url = `/api/v1/review/reports/${reportEs.id}/sections/objective-8/texts`;
    const draft = await sec.request({ method: 'POST', url, payload: { body: 'Borrador: la región avanzó en la búsqueda de migrantes desaparecidos.', status: 'draft' } });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json<{ version: number }>().version).toBe(1);
    const html = (u: Client, preview: boolean) => u.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}/report.html${preview ? '?preview=1' : ''}` }).then((r) => r.body);
    expect(await html(viewer, true)).not.toContain('Borrador: la región');
    expect(await html(sec, false)).not.toContain('Borrador: la región');
    expect(await html(sec, true)).toContain('Borrador: la región');
    const final = await sec.request({ method: 'POST', url, payload: { body: 'La región avanzó en la búsqueda de migrantes desaparecidos.', status: 'final' } });
    expect(final.json<{ version: number }>().version).toBe(2);
    expect(await html(viewer, false)).toContain('La región avanzó en la búsqueda');
    const { text } = await pdfText((await viewer.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}/report.pdf` })).rawPayload);
    expect(text).toContain('La región avanzó en la búsqueda de migrantes desaparecidos.');
    const seen = await viewer.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}` });
    expect(seen.json<{ texts: { status: string }[] }>().texts.map((x) => x.status)).toEqual(['final']);
    const all = await sec.request({ method: 'GET', url: `/api/v1/review/reports/${reportEs.id}` });
    expect(all.json<{ texts: { version: number }[] }>().texts.map((x) => x.version)).toEqual([1, 2]);
    const audit = await t.db.db.selectFrom('audit_event').select('action').where('entity_id', '=', reportEs.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['review_report.create', 'review_section_text.draft', 'review_section_text.final']);
    const viewerWrite = await viewer.request({ method: 'POST', url, payload: { body: 'x', status: 'final' } });
    expect(viewerWrite.statusCode).toBe(403);
    const unknown = await sec.request({ method: 'POST', url: `/api/v1/review/reports/${reportEs.id}/sections/objective-3/texts`, payload: { body: 'x', status: 'draft' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses bad choices with a message in the caller’s language and stores nothing', async () => {
    const before = await t.db.db.selectFrom('review_report').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const unknown = await create(sec, { ...params, countryScope: 'some', countries: ['GTM', 'XXX'] }, 'en');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Unknown country: XXX');
    const none = await create(sec, { ...params, countryScope: 'some', countries: [] }, 'es');
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Elija al menos un país');
    const future = await create(sec, { ...params, asOf: '2999-01-01T00:00:00Z' }, 'es');
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('no puede ser futura');
    const backwards = await create(sec, { ...params, from: 2024, to: 2018 });
    expect(backwards.statusCode).toBe(400);
    const after = await t.db.db.selectFrom('review_report').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
