import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

/**
 * The missing-persons exchange (issue 23), in Spanish: El Salvador's search authority reports a
 * missing person with the family's consent to share with Mexico and Guatemala; Mexico's forensic
 * service records remains; both see the candidate, with why it scores; Guatemala's focal point and
 * the secretariat see nothing personal. The server starts with a CASES_KEY, as an installation
 * with the exchange switched on. The capacities are granted through the API the grants page uses
 * (focal point proposes, secretariat confirms).
 */
const KEY = Buffer.alloc(32, 11).toString('base64');
const PASSWORD = 'cases journey password 2024';
const PEOPLE = {
  saSLV: { email: 'busqueda.slv@example.org', name: 'Autoridad de Búsqueda SLV', role: 'member_viewer', country: 'SLV' },
  fsMEX: { email: 'forense.mex@example.org', name: 'Servicio Forense MEX', role: 'member_viewer', country: 'MEX' },
  fpSLV: { email: 'pf.slv@example.org', name: 'Punto Focal SLV', role: 'focal_point', country: 'SLV' },
  fpMEX: { email: 'pf.mex@example.org', name: 'Punto Focal MEX', role: 'focal_point', country: 'MEX' },
  fpGTM: { email: 'pf.gtm@example.org', name: 'Punto Focal GTM', role: 'focal_point', country: 'GTM' },
  secretariat: { email: 'secretaria.cases@example.org', name: 'Secretaría', role: 'secretariat', country: null },
} as const;
type Who = keyof typeof PEOPLE;
/** What must never reach anyone but El Salvador's search authority (and the pair's other side once both open it). */
const SECRETS = ['Xiomara', 'Alvarenga', 'Marta Alvarenga', 'Cantón San Juan'];

let env: E2eEnv;
const a11y: Record<string, string[]> = {};

async function apiAs(who: Who) {
  const signIn = await env.running.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: PEOPLE[who].email, password: PASSWORD } });
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
  return (method: 'POST' | 'GET', url: string, payload?: unknown) => env.running.app.inject({ method, url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } });
}

async function as(who: Who): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await env.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, PEOPLE[who].email, PASSWORD);
  return { page, problems };
}

async function audit(page: Page, name: string) {
  await settle(page);
  a11y[name] = await axeViolations(page);
}

beforeAll(async () => {
  env = await startEnv('cases', { env: { CASES_KEY: KEY } });
  const hash = await hashPassword(PASSWORD);
  await env.running.database.db
    .insertInto('app_user')
    .values(Object.values(PEOPLE).map((p) => ({ email: p.email, display_name: p.name, role: p.role, country_code: p.country, password_hash: hash })))
    .execute();
  const ids = await env.running.database.db.selectFrom('app_user').select(['id', 'email']).execute();
  const id = (who: Who) => ids.find((u) => u.email === PEOPLE[who].email)!.id;
  const sec = await apiAs('secretariat');
  for (const [fp, who, capacity] of [['fpSLV', 'saSLV', 'search_authority'], ['fpMEX', 'fsMEX', 'forensic_service']] as const) {
    const g = await (await apiAs(fp))('POST', '/api/v1/cases/grants', { userId: id(who), capacity });
    expect(g.statusCode, g.body).toBe(201);
    expect((await sec('POST', `/api/v1/cases/grants/${g.json<{ id: string }>().id}/confirm`)).statusCode).toBe(200);
  }
}, 400_000);
afterAll(async () => {
  await env?.close();
});

describe('journey: missing-persons exchange', () => {
  it('El Salvador’s search authority reports a missing person, consenting to share with Mexico and Guatemala', async () => {
    const { page, problems } = await as('saSLV');
    await page.getByRole('link', { name: 'Búsqueda de personas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Búsqueda de personas migrantes desaparecidas' }).waitFor();
    await page.getByRole('link', { name: 'Nuevo reporte de persona desaparecida' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuevo reporte de persona desaparecida' }).waitFor();
    await settle(page);
    await page.getByLabel('Referencia del caso').fill('SLV-BDF-2024-0200');
    await page.getByLabel('Nombres', { exact: true }).fill('Xiomara');
    await page.getByLabel('Apellidos').fill('Alvarenga Ruiz');
    await page.getByLabel('Sexo', { exact: true }).selectOption('F');
    await page.getByLabel('Edad mínima (años)').fill('24');
    await page.getByLabel('Edad máxima (años)').fill('28');
    await page.getByLabel('Estatura mínima (cm)').fill('150');
    await page.getByLabel('Estatura máxima (cm)').fill('158');
    await page.getByRole('checkbox', { name: 'Tatuaje: antebrazo izquierdo' }).check();
    await page.getByRole('checkbox', { name: 'Rosario' }).check();
    await page.getByLabel('Fecha del último contacto').fill('2024-03-02');
    await page.getByLabel('Lugar', { exact: true }).fill('Cantón San Juan, Tapachula');
    await page.getByLabel('Latitud').fill('16.24');
    await page.getByLabel('Longitud').fill('-93.9');
    await page.getByLabel('Puntos de la ruta (aproximados)').fill('14.9, -92.3\n19.4, -99.1');
    await page.getByLabel('Nombre del familiar').fill('Marta Alvarenga');
    await page.getByLabel('Fecha del consentimiento de la familia').fill('2024-03-10');
    await page.getByRole('checkbox', { name: 'México' }).check();
    await page.getByRole('checkbox', { name: 'Guatemala' }).check();
    await audit(page, 'report form');
    await page.getByRole('button', { name: 'Guardar el registro' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de búsqueda' }).waitFor();
    // the content is asked for with a reason, which is kept
    await page.getByLabel('Motivo de la consulta').fill('Verificar el reporte recién registrado');
    await page.getByRole('button', { name: 'Abrir el registro' }).click();
    await page.getByText('Marta Alvarenga').waitFor();
    expect(await page.locator('.case-facts').textContent()).toContain('Puntos de la ruta (aproximados)14.9, -92.3 · 19.4, -99.1');
    await audit(page, 'report page');
    expect(problems).toEqual([]);
  }, 240_000);

  it('Mexico’s forensic service records remains; both sides see the candidate and why it scores', async () => {
    const { page, problems } = await as('fsMEX');
    await page.goto('/cases/remains/new');
    await page.getByRole('heading', { level: 1, name: 'Nuevo registro de restos sin identificar' }).waitFor();
    await settle(page);
    await page.getByLabel('Referencia del caso').fill('MEX-SEMEFO-24-0311');
    await page.getByLabel('Sexo estimado').selectOption('F');
    await page.getByLabel('Edad mínima (años)').fill('22');
    await page.getByLabel('Edad máxima (años)').fill('32');
    await page.getByRole('checkbox', { name: 'Tatuaje: antebrazo izquierdo' }).check();
    await page.getByRole('checkbox', { name: 'Rosario' }).check();
    await page.getByLabel('Fecha del hallazgo').fill('2024-04-20');
    await page.getByLabel('Latitud').fill('16.2');
    await page.getByLabel('Longitud').fill('-93.85');
    await page.getByRole('checkbox', { name: 'El Salvador' }).check();
    await page.getByRole('checkbox', { name: 'Guatemala' }).check();
    // an incident the registry does not hold is refused beside its box, and nothing is stored
    await page.getByLabel('Incidente del registro').fill('00000000-0000-4000-8000-000000000000');
    await page.getByRole('button', { name: 'Guardar el registro' }).click();
    await page.getByText('No existe ese incidente en el registro.').first().waitFor();
    await page.getByLabel('Incidente del registro').fill('');
    await page.getByRole('button', { name: 'Guardar el registro' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de búsqueda' }).waitFor();
    await page.getByLabel('Motivo de la consulta').fill('Comparar con reportes de la región');
    await page.getByRole('button', { name: 'Abrir el registro' }).click();
    const mx = page.getByTestId('case-candidates');
    await mx.getByText('Reporte de persona desaparecida · El Salvador').waitFor();
    expect(await mx.textContent()).toContain('Señas en común: Tatuaje: antebrazo izquierdo');
    // the other side's names are not there before both open the pair
    for (const s of SECRETS) expect(await page.locator('main').textContent()).not.toContain(s);
    await audit(page, 'remains page with candidate');
    expect(problems).toEqual([]);

    // El Salvador's side sees the same candidate from its report
    const slv = await as('saSLV');
    await slv.page.getByRole('link', { name: 'Búsqueda de personas' }).click();
    await slv.page.getByRole('link', { name: 'Reporte de persona desaparecida', exact: true }).first().click();
    await slv.page.getByLabel('Motivo de la consulta').fill('Revisar candidatos del caso');
    await slv.page.getByRole('button', { name: 'Abrir el registro' }).click();
    const sv = slv.page.getByTestId('case-candidates');
    await sv.getByText('Restos sin identificar · México').waitFor();
    expect(await sv.textContent()).toContain('Pertenencias en común: Rosario');
    await slv.page.getByRole('button', { name: 'Marcar en examen' }).click();
    await slv.page.getByText('Candidato marcado «en examen».').waitFor();
    await audit(slv.page, 'report page with candidate');

    // the pair side by side: before both sides open it, Mexico's side is its comparison fields
    await slv.page.getByRole('button', { name: 'Comparar lado a lado' }).click();
    const pair = slv.page.getByTestId('case-pair');
    await pair.getByRole('table', { name: 'Reporte y restos, campo por campo' }).waitFor();
    expect(await pair.textContent()).toContain('Hasta que ambas partes abran el par');
    expect(await pair.getByRole('row', { name: /Señas particulares \(códigos\)/ }).textContent()).toContain('Tatuaje: antebrazo izquierdo');
    expect(await pair.textContent()).toContain('Señas en común: Tatuaje: antebrazo izquierdo');
    await audit(slv.page, 'pair side by side');
    await slv.page.getByRole('button', { name: 'Abrir en conjunto' }).click();
    await slv.page.getByText('Candidato abierto por su parte.').waitFor();
    expect(slv.problems).toEqual([]);

    // once Mexico opens it too, its side by side shows the person's names, never the family contact
    await page.getByRole('button', { name: 'Abrir en conjunto' }).click();
    await page.getByText('Candidato abierto por su parte.').waitFor();
    await page.getByRole('button', { name: 'Comparar lado a lado' }).click();
    const mxPair = page.getByTestId('case-pair');
    await mxPair.getByRole('row', { name: /Nombre/ }).getByText('Xiomara Alvarenga Ruiz').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Marta Alvarenga');
    expect(problems).toEqual([]);
  }, 240_000);

  it('El Salvador’s search authority narrows the sharing: the history says so, and the audit trail keeps it', async () => {
    const { page, problems } = await as('saSLV');
    await page.getByRole('link', { name: 'Búsqueda de personas' }).click();
    await page.getByRole('link', { name: 'Reporte de persona desaparecida', exact: true }).first().click();
    await page.getByLabel('Motivo de la consulta').fill('La familia retiró el consentimiento para Guatemala');
    await page.getByRole('button', { name: 'Abrir el registro' }).click();
    const sharing = page.getByRole('region', { name: 'Países con los que se comparte el registro' });
    await sharing.waitFor();
    await sharing.getByRole('checkbox', { name: 'Guatemala' }).uncheck();
    await sharing.getByLabel('Fecha del (nuevo) consentimiento de la familia').fill('2024-05-02');
    await audit(page, 'sharing form');
    await sharing.getByRole('button', { name: 'Guardar los países' }).click();
    await page.getByText('Países actualizados.').waitFor();
    await page.getByText(/Cambio de países con los que se comparte.*ahora: México\)/).waitFor();
    expect(await page.locator('.case-facts').textContent()).toMatch(/Países con los que se comparte\s*México$/);
    const trail = await env.running.database.db.selectFrom('audit_event').select(['action']).where('action', '=', 'cases.record_sharing').execute();
    expect(trail).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 240_000);

  it('Guatemala’s focal point and the secretariat see nothing personal', async () => {
    for (const who of ['fpGTM', 'secretariat'] as const) {
      const { page, problems } = await as(who);
      await page.goto('/cases');
      await page.getByTestId('cases-no-capacity').waitFor();
      await page.getByRole('link', { name: 'Funciones de búsqueda de personas' }).click();
      await page.getByRole('heading', { level: 1, name: 'Funciones de búsqueda de personas' }).waitFor();
      await settle(page);
      const text = (await page.locator('body').textContent()) ?? '';
      for (const s of SECRETS) expect(text).not.toContain(s);
      await audit(page, `${who} grants page`);
      // and the API answers them nothing about records
      const api = await apiAs(who);
      expect((await api('GET', '/api/v1/cases/records')).statusCode).toBe(403);
      expect(problems).toEqual([]);
    }
  }, 240_000);

  it('has no axe findings on any page visited', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(5);
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });
});
