import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { loadRealData } from '../observatory/index.ts';

/**
 * The country profile's PDF on a real database holding the real irregular-entries file
 * (seed/observatory/americas-flows/irreg.csv, released publicly as `npm start` does): its text,
 * read back with a PDF text library, names the country and carries the figures the data API
 * gives, in Spanish and in English; the same data give the same bytes.
 */
let t: TestApp;

async function pdfText(buf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(buf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

type Obs = { FLOW: string; TIME_PERIOD: string; OBS_VALUE: number | null };
async function latestFigure(code: string): Promise<{ period: string; value: number }> {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?REF_AREA=${code}&groupBy=FLOW,TIME_PERIOD` });
  expect(r.statusCode, r.body).toBe(200);
  const obs = r.json<{ observations: Obs[] }>().observations;
  const period = obs.map((o) => o.TIME_PERIOD).sort().at(-1)!;
  const o = obs.find((x) => x.TIME_PERIOD === period && x.OBS_VALUE !== null)!;
  return { period, value: o.OBS_VALUE! };
}

const pdf = (code: string, lang: string) => t.app.inject({ method: 'GET', url: `/api/v1/observatory/countries/${code}/profile.pdf?lang=${lang}` });

beforeAll(async () => {
  t = await testApp();
  await loadRealData(t.db.db, t.services.observatory, { files: ['irreg.csv'] });
}, 240_000);
afterAll(async () => t?.close());

describe('the country profile as PDF', () => {
  it('names the country and gives the latest figure the data API gives, in Spanish', async () => {
    const { value } = await latestFigure('PAN');
    const r = await pdf('PAN', 'es');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe('attachment; filename="observatorio-pan-es.pdf"');
    const text = await pdfText(r.rawPayload);
    expect(text).toContain('Panamá: perfil migratorio');
    expect(text).toContain(new Intl.NumberFormat('es', { useGrouping: 'always' }).format(value));
    expect(text).toContain('Principales nacionalidades');
    expect(text).toContain('Desagregación mínima regional');
    expect(text).toContain('Fuente: Observatorio Regional de Movilidad Humana, http://localhost:3000/observatory/countries/PAN');
  });

  it('is written in English when asked, with English number grouping', async () => {
    const { value } = await latestFigure('PAN');
    const text = await pdfText((await pdf('PAN', 'en')).rawPayload);
    expect(text).toContain('Panama: migration profile');
    expect(text).toContain(new Intl.NumberFormat('en', { useGrouping: 'always' }).format(value));
    expect(text).toContain('Top nationalities');
    expect(text).not.toContain('perfil migratorio');
  });

  it('gives the same bytes for the same released data', async () => {
    const a = (await pdf('PAN', 'es')).rawPayload;
    const b = (await pdf('PAN', 'es')).rawPayload;
    expect(a.equals(b)).toBe(true);
  });

  it('says so for a country with no released figures, and refuses an unknown country in the reader’s language', async () => {
    const none = await pdf('ESP', 'es');
    expect(none.statusCode).toBe(200);
    expect(await pdfText(none.rawPayload)).toContain('aún no ha publicado cifras en el Observatorio');
    const unknown = await pdf('XYZ', 'en');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { message: string } }>().error.message).toBe("The country “XYZ” is not in the country list.");
  });
});
