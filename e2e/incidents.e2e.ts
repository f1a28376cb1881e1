import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

/**
 * Missing migrants (issue 19): a reader filters the map to a route and a year, opens an
 * incident from the map with the keyboard and downloads the selection as GeoJSON; a focal
 * point records an incident (the API's validation shown beside the field), the secretariat
 * verifies it, and it appears on the public map and table; the secretariat imports a file in
 * IOM's current layout (a refused one first), corrects an incident (an edit conflict first); a
 * country profile shows SDG 10.7.3 for its incidents; a large file is read in the background
 * with a progress bar and reopened from the pending list; the explorer answers MISSING and
 * DEAD from the incidents. A handful of incidents is recorded
 * through the API first (not the 19,669 shipped ones: loading them costs minutes here).
 */
const FOCAL = { email: 'punto.focal.mex@example.org', password: 'focal point password 2024' };
const SECRETARIAT = { email: 'secretaria@example.org', password: 'secretariat password 2024' };
const CENTRAL = 'Central American Route';

const SEED = [
  { date: '2024-03-10', countryCode: 'MEX', place: 'Río Bravo, Matamoros, Tamaulipas', lat: 25.87, lon: -97.5, route: CENTRAL, deadAndMissing: 4, cause: 'Drowning', origins: [{ code: 'HND' }] },
  { date: '2024-07-02', countryCode: 'GTM', place: 'Cerca de Tecún Umán', lat: 14.67, lon: -92.14, route: CENTRAL, dead: 2, missing: 1, cause: 'Violence', origins: [{ code: 'SLV' }] },
  { date: '2023-05-05', countryCode: 'USA', place: 'Pima County, Arizona', lat: 31.9, lon: -111.5, route: CENTRAL, deadAndMissing: 3, cause: 'Mixed or unknown' },
  { date: '2024-08-08', countryCode: 'PER', place: 'Ica', lat: -14.02, lon: -75.75, route: 'South American Route', deadAndMissing: 2, cause: 'Violence', origins: [{ code: 'VEN' }] },
];

let env: E2eEnv;
const a11y: Record<string, string[]> = {};

/** A signed-in API client through the server's own routes (cookie and CSRF token, as the browser sends them). */
async function apiAs(who: { email: string; password: string }) {
  const signIn = await env.running.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: who });
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
  return (method: 'POST' | 'GET' | 'PUT', url: string, payload?: unknown) => env.running.app.inject({ method, url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } });
}

async function noSidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

beforeAll(async () => {
  env = await startEnv('incidents');
  await env.running.database.db
    .insertInto('app_user')
    .values([
      { email: FOCAL.email, display_name: 'Mónica Punto Focal', role: 'focal_point', country_code: 'MEX', password_hash: await hashPassword(FOCAL.password) },
      { email: SECRETARIAT.email, display_name: 'Sergio Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) },
    ])
    .execute();
  const sec = await apiAs(SECRETARIAT);
  for (const body of SEED) {
    const res = await sec('POST', '/api/v1/incidents', body);
    expect(res.statusCode, res.body).toBe(201);
    expect((await sec('POST', `/api/v1/incidents/${res.json<{ id: string }>().id}/verify`)).statusCode).toBe(200);
  }
}, 400_000);
afterAll(async () => {
  await env?.close();
});

describe('journey: missing migrants', () => {
  it('a reader filters to the Central American route in 2024, opens an incident from the map and downloads the GeoJSON', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/observatory');
    await page.getByTestId('open-missing-migrants').click();
    await page.getByRole('heading', { level: 1, name: 'Migrantes desaparecidos' }).waitFor();
    // The page is drawn on the server: its filters answer once the browser has adopted it.
    await settle(page);
    await page.getByLabel('Ruta migratoria').selectOption(CENTRAL);
    await page.waitForURL(/route=Central/);
    await page.getByLabel('Desde (año)').selectOption('2024');
    await page.getByLabel('Hasta (año)').selectOption('2024');
    await page.waitForURL(/from=2024&to=2024/);
    expect(new URL(page.url()).search).toBe('?from=2024&to=2024&route=Central+American+Route');
    await expect.poll(() => page.getByTestId('inc-headline').textContent()).toBe('2 incidentes con 7 personas muertas o desaparecidas (Américas · 2024 · Ruta centroamericana).');
    const table = page.getByTestId('incident-table');
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['Guatemala', 'Cerca de Tecún Umán', 'Ruta centroamericana', 'Violencia', '3']);
    expect(await page.getByTestId('sdg-table').locator('tbody tr').allTextContents()).toEqual(['202472']);
    const map = page.getByTestId('incident-map');
    await map.waitFor();
    expect(await page.locator('figure', { has: map }).getByTestId('chart-summary').textContent()).toContain('2 incidentes ubicados con 7 personas');
    await settle(page);
    await env.shot(page, '1-filtered');
    a11y['page (es)'] = await axeViolations(page);

    // The map is one tab stop; arrows name each mark with its figure; Enter opens a group (zooms in) or an incident.
    expect(await map.locator('svg [tabindex]').count()).toBe(0);
    await map.focus();
    await page.keyboard.press('Home');
    const name = await page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-label'));
    const first = page.locator('figure', { has: map }).getByTestId('data-table').locator('tbody tr').first();
    expect(name).toBe(`${await first.locator('th').textContent()}: ${await first.locator('td').textContent()}`);
    for (let i = 0; i < 4 && !/missing-migrants\/[0-9a-f-]{36}$/.test(page.url()); i++) {
      await map.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
    }
    await page.waitForURL(/missing-migrants\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: /^Incidente del 10 de marzo de 2024: Río Bravo/ }).waitFor();
    expect(await page.getByTestId('inc-figures').textContent()).toContain('4 (muertos y desaparecidos, sin separar por la fuente)');
    await page.getByText('Ruta centroamericana').waitFor();
    await page.getByText('Honduras').waitFor();
    expect(await page.getByTestId('inc-status').textContent()).toMatch(/^verificado/);
    await settle(page);
    await env.shot(page, '2-incident');
    a11y['incident (es)'] = await axeViolations(page);

    await page.goBack();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-geojson').click()]);
    const geo = JSON.parse(fs.readFileSync((await download.path()), 'utf8')) as { type: string; features: { geometry: { coordinates: number[] }; properties: { date: string; n: number; route: string } }[] };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f) => [f.properties.date, f.properties.n, f.properties.route])).toEqual([
      ['2024-03-10', 4, CENTRAL],
      ['2024-07-02', 3, CENTRAL],
    ]);
    expect(geo.features[0]!.geometry.coordinates).toEqual([-97.5, 25.87]);
    expect(problems).toEqual([]);
  });

  it('a focal point records an incident, the secretariat verifies it, and it appears on the public map and table', async () => {
    const focal = await env.newPage();
    await signInAs(focal.page, FOCAL.email, FOCAL.password);
    await focal.page.goto('/observatory/missing-migrants');
    await focal.page.getByRole('link', { name: 'Registrar un incidente' }).click();
    await focal.page.getByRole('heading', { level: 1, name: 'Registrar un incidente' }).waitFor();
    await focal.page.getByLabel('Fecha', { exact: true }).fill('2024-09-15');
    await focal.page.getByLabel('País del incidente').selectOption('CHL');
    await focal.page.getByLabel('Lugar').fill('Paso fronterizo de Colchane');
    await focal.page.getByLabel('Latitud').fill('-19,27');
    await focal.page.getByLabel('Ruta migratoria').selectOption('South American Route');
    await focal.page.getByLabel('Causa de muerte').selectOption('Harsh environmental conditions / lack of adequate shelter, food, water');
    await focal.page.getByLabel('Solo la suma (la fuente no los separa)').check();
    await focal.page.getByRole('textbox', { name: 'Muertos y desaparecidos' }).fill('3');
    await focal.page.getByRole('button', { name: 'Añadir país de origen' }).click();
    await focal.page.getByLabel('País de origen 1').selectOption('VEN');
    await focal.page.getByRole('button', { name: 'Registrar el incidente' }).click();
    // The API refuses half a point; its message stands beside the field.
    await focal.page.getByText('Indique latitud y longitud juntas, o ninguna.').waitFor();
    expect(await focal.page.getByLabel('Latitud').getAttribute('aria-invalid')).toBe('true');
    await settle(focal.page);
    await env.shot(focal.page, '3-record-invalid');
    a11y['record form (es)'] = await axeViolations(focal.page);
    await focal.page.getByLabel('Longitud').fill('-68,67');
    await focal.page.getByRole('button', { name: 'Registrar el incidente' }).click();
    await focal.page.waitForURL(/missing-migrants\/[0-9a-f-]{36}$/);
    const id = focal.page.url().split('/').pop()!;
    await focal.page.getByRole('heading', { level: 1, name: 'Incidente del 15 de septiembre de 2024: Paso fronterizo de Colchane' }).waitFor();
    expect(await focal.page.getByTestId('inc-status').textContent()).toBe('pendiente de verificación');
    expect(await focal.page.getByTestId('verify').count()).toBe(0);
    // Not public yet.
    expect(((await (await fetch(`${env.url}/api/v1/incidents?country=CHL`)).json()) as { total: number }).total).toBe(0);

    const sec = await env.newPage();
    await signInAs(sec.page, SECRETARIAT.email, SECRETARIAT.password);
    await sec.page.goto('/observatory/missing-migrants/pending');
    const pending = sec.page.getByTestId('pending-table');
    await pending.waitFor();
    expect(await pending.locator('tbody tr').count()).toBe(1);
    await settle(sec.page);
    a11y['pending (es)'] = await axeViolations(sec.page);
    await pending.getByRole('link', { name: '15 de septiembre de 2024' }).click();
    await sec.page.getByTestId('verify').click();
    await sec.page.getByText('Incidente verificado: ya es público.').waitFor();
    await expect.poll(() => sec.page.getByTestId('inc-status').textContent()).toMatch(/^verificado/);
    expect(await sec.page.getByTestId('inc-revisions').locator('li').count()).toBe(2);
    await env.shot(sec.page, '4-verified');

    const reader = await env.newPage();
    await reader.page.goto('/observatory/missing-migrants?country=CHL');
    const table = reader.page.getByTestId('incident-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['Chile', 'Paso fronterizo de Colchane', 'Ruta sudamericana', 'Condiciones ambientales extremas / falta de refugio, comida o agua', '3']);
    await reader.page.locator(`[data-testid="incident-map"] circle[data-incident="${id}"]`).waitFor();
    expect([...focal.problems, ...sec.problems, ...reader.problems]).toEqual([]);
  });

  it('reads on a 390 px phone without sideways scrolling, and in English', async () => {
    const { page, problems } = await env.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/observatory/missing-migrants');
    await page.getByTestId('incident-map').waitFor();
    await settle(page);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(390);
    await env.shot(page, '5-phone');
    await page.getByTestId('incident-table').getByRole('link').first().click();
    await page.getByTestId('inc-figures').waitFor();
    await settle(page);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(390);

    const en = await env.newPage({ locale: 'en-GB' });
    await en.context.addInitScript(() => window.localStorage.setItem('observatorio.lang', 'en'));
    await en.page.goto('/observatory/missing-migrants?from=2024&to=2024&route=Central+American+Route');
    await en.page.getByRole('heading', { level: 1, name: 'Missing migrants' }).waitFor();
    await expect.poll(() => en.page.getByTestId('inc-headline').textContent()).toBe('2 incidents with 7 people dead or missing (Americas · 2024 · Central American route).');
    expect(await en.page.getByTestId('incident-table').locator('thead th').allTextContents()).toEqual(['Date', 'Country of incident', 'Place', 'Migration route', 'Cause of death', 'Dead and missing']);
    await en.page.getByTestId('incident-map').waitFor();
    await settle(en.page);
    await env.shot(en.page, '6-page-en');
    a11y['page (en)'] = await axeViolations(en.page);
    expect([...problems, ...en.problems]).toEqual([]);
  });

  it('the secretariat imports a file in IOM current layout: a refused file shows its errors, a good one its report, then applies it', async () => {
    const HEADER = 'Main ID,Incident ID,Region,Incident Date,Year,Reported Month,Number Dead,Minimum Estimated Number of Missing,Total Number of Dead and Missing,Number of Survivors,Number of Females,Number of Males,Number of Children,Region of Origin,Cause of Death,Country of Origin,Location of death,Information Source,Coordinates,Migration route,URL,UNSD Geographical Grouping,Source Quality';
    const row = (dead: number, missing: number, total: number, origins: string) =>
      `2021.MMP777,2021.MMP777,Central America,"Fri, 01/01/2021 - 12:00",2021,January,${dead},${missing},${total},,,,,Central America,Drowning,"${origins}","Río Suchiate, Ciudad Hidalgo, Chiapas, Mexico",Cruz Roja,"14.9, -92.26",Central American Route,https://example.org/mmp777,Central America,4`;
    const file = (name: string, line: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\n${line}\n`) });

    const { page, problems } = await env.newPage();
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.goto('/observatory/missing-migrants/pending');
    await page.getByRole('link', { name: 'Importar un archivo de la OIM' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importar incidentes desde un archivo' }).waitFor();

    // Dead + missing against the total: refused, its error by row, and nothing to apply.
    await page.getByLabel('Archivo CSV').setInputFiles(file('mmp-mal.csv', row(2, 2, 3, 'Honduras')));
    await page.getByRole('button', { name: 'Subir y comprobar' }).click();
    await page.getByTestId('import-refused').waitFor();
    expect(await page.getByTestId('import-errors').locator('li').allTextContents()).toEqual(['Fila 2: Muertos (2) más desaparecidos (2) no suman el total informado (3).']);
    expect(await page.getByTestId('import-apply').count()).toBe(0);

    await page.getByLabel('Archivo CSV').setInputFiles(file('mmp-actual.csv', row(2, 1, 3, 'Honduras, Atlantis')));
    await page.getByRole('button', { name: 'Subir y comprobar' }).click();
    await page.getByTestId('import-apply').waitFor();
    expect(await page.getByTestId('import-layout').textContent()).toBe('Formato reconocido: exportación actual de la OIM.');
    expect(await page.getByTestId('import-counts').locator('dd').allTextContents()).toEqual(['1', '1', '1', '0', '0', '0', '1']);
    expect(await page.getByTestId('import-warnings').locator('li').allTextContents()).toEqual(['Fila 2: País de origen no reconocido: «Atlantis»; se registra como desconocido.']);
    await settle(page);
    await env.shot(page, '7-import-report');
    a11y['import (es)'] = await axeViolations(page);
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await page.getByText('Importación aplicada: 1 nuevos, 0 corregidos, 0 sin cambios.').waitFor();
    expect(await page.getByTestId('import-apply').count()).toBe(0);

    // The secretariat's import is verified at once: public in the table.
    const reader = await env.newPage();
    await reader.page.goto('/observatory/missing-migrants?from=2021&to=2021&country=MEX');
    const table = reader.page.getByTestId('incident-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['México', 'Río Suchiate, Ciudad Hidalgo, Chiapas, Mexico', 'Ruta centroamericana', 'Ahogamiento', '3']);
    expect([...problems, ...reader.problems]).toEqual([]);
  });

  it('the secretariat corrects an incident from its page; a correction saved meanwhile is an edit conflict with the API message', async () => {
    const found = (await (await fetch(`${env.url}/api/v1/incidents?region=world&country=PER`)).json()) as { items: { id: string; version: number }[] };
    const { id, version } = found.items[0]!;
    const { page, problems } = await env.newPage();
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.goto(`/observatory/missing-migrants/${id}`);
    await page.getByRole('link', { name: 'Corregir' }).click();
    await page.getByRole('heading', { level: 1, name: 'Corregir el incidente' }).waitFor();
    // The form starts from what is stored.
    expect(await page.getByLabel('Lugar').inputValue()).toBe('Ica');
    expect(await page.getByLabel('País del incidente').inputValue()).toBe('PER');
    expect(await page.getByRole('textbox', { name: 'Muertos y desaparecidos' }).inputValue()).toBe('2');
    expect(await page.getByLabel('País de origen 1').inputValue()).toBe('VEN');
    await settle(page);
    a11y['correct form (es)'] = await axeViolations(page);

    // Someone else saves a correction meanwhile: this one is refused with the API's message.
    const other = await apiAs(SECRETARIAT);
    const body = { ...SEED[3], place: 'Ica, Perú', version };
    expect((await other('PUT', `/api/v1/incidents/${id}`, body)).statusCode).toBe(200);
    await page.getByLabel('Lugar').fill('Ica, carretera Panamericana Sur');
    await page.getByRole('button', { name: 'Guardar la corrección' }).click();
    await page.getByText('Otra persona guardó este incidente mientras usted lo corregía.', { exact: false }).waitFor();
    await env.shot(page, '8-correct-conflict');

    // Opened again, the form holds the saved version; the correction goes through.
    await page.reload();
    await expect.poll(() => page.getByLabel('Lugar').inputValue()).toBe('Ica, Perú');
    await page.getByLabel('Lugar').fill('Ica, carretera Panamericana Sur');
    await page.getByRole('button', { name: 'Guardar la corrección' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidente del 8 de agosto de 2024: Ica, carretera Panamericana Sur' }).waitFor();
    expect(await page.getByTestId('inc-revisions').locator('li').last().textContent()).toMatch(/^Versión 4, .*: corrección/);
    expect(await page.getByTestId('inc-figures').textContent()).toContain('2 (muertos y desaparecidos, sin separar por la fuente)');

    // A reader may not correct.
    const reader = await env.newPage();
    await reader.page.goto(`/observatory/missing-migrants/${id}`);
    await reader.page.getByTestId('inc-figures').waitFor();
    expect(await reader.page.getByTestId('correct').count()).toBe(0);
    expect([...problems, ...reader.problems]).toEqual([]);
  });

  it('a country profile shows SDG 10.7.3 for incidents in the country, drawn on the server, with a link to the missing-migrants page', async () => {
    // Drawn on the server: the section and its figures are in the first HTML (ADR 0008).
    const html = await (await fetch(`${env.url}/observatory/countries/GTM`)).text();
    expect(html).toContain('Personas migrantes muertas o desaparecidas (ODS 10.7.3)');
    expect(html).toContain('data-testid="country-incidents-table"');
    const { page, problems } = await env.newPage();
    await page.goto('/observatory/countries/GTM');
    const table = page.getByTestId('country-incidents-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').allTextContents()).toEqual(['202431']);
    await page.getByText('Organización Internacional para las Migraciones', { exact: false }).first().waitFor();
    await settle(page);
    a11y['country profile (es)'] = await axeViolations(page);
    await page.getByRole('link', { name: 'Ver los incidentes en Guatemala en Migrantes desaparecidos' }).click();
    await page.waitForURL(/\/observatory\/missing-migrants\?country=GTM$/);
    const incidents = page.getByTestId('incident-table');
    await incidents.waitFor();
    expect(await incidents.locator('tbody tr').first().locator('td').first().textContent()).toBe('Guatemala');
    expect(problems).toEqual([]);
  });

  it('(en) the explorer answers the MISSING and DEAD flows from the incidents, says so, and keeps apart what the sources do not split', async () => {
    const { page, context, problems } = await env.newPage({ locale: 'en-GB' });
    await context.addInitScript(() => window.localStorage.setItem('observatorio.lang', 'en'));
    await page.goto('/observatory/explorer?flow=MISSING&country=GTM&time=year');
    // drawn on the server in Spanish first; the reader's English once the browser adopts the page
    const note = page.getByTestId('incident-flow-note');
    await settle(page);
    await expect.poll(() => note.textContent()).toContain("Missing migrants come from the Observatory's incidents registry");
    // Guatemala's one verified incident of 2024 splits them: 2 dead, 1 missing, none unsplit
    const table = page.getByTestId('data-table');
    await table.locator('summary').click();
    expect(await table.locator('thead th').allTextContents()).toEqual(['Period', 'Missing (the source splits them)', 'Dead or missing (the source gives only the sum)', 'Incidents']);
    expect(await table.locator('tbody tr').first().locator('th, td').allTextContents()).toEqual(['2024', '1', '0', '1']);
    await settle(page);
    a11y['explorer, MISSING (en)'] = await axeViolations(page);
    await page.goto('/observatory/explorer?flow=DEAD&country=GTM&time=year');
    await page.getByTestId('incident-flow-note').getByText('Dead migrants come from', { exact: false }).waitFor();
    await page.getByTestId('data-table').locator('summary').click();
    expect(await page.getByTestId('data-table').locator('tbody tr').first().locator('th, td').allTextContents()).toEqual(['2024', '2', '0', '1']);
    // the link leads to the incidents' own map
    await page.getByRole('link', { name: 'See the incidents on the map' }).click();
    await page.waitForURL(/\/observatory\/missing-migrants$/);
    expect(problems).toEqual([]);
  });

  it('a large file is read in the background: a progress bar, the page may be left, the import reopened from the pending list and applied', async () => {
    // IOM's tidy layout past the size read in the background (1 MB): one incident a day from
    // 1990 (years no other journey reads), far apart so that none is a likely duplicate.
    const lines = ['"t","m","type","route","geo","dead","cause","surv","nat","location","lon","lat"'];
    const N = 9000;
    for (let i = 0; i < N; i++) {
      const day = new Date(Date.UTC(1990, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      lines.push(`"${day}","${day.slice(0, 7)}-01","Incident","Central American Route","MEX","${1 + (i % 5)}","Drowning",,"HND","Fila ${i} de un archivo grande, cerca de Tapachula, Chiapas, con una descripción del lugar larga",${(-92.26 - (i % 50) / 100).toFixed(2)},${(14.9 + (i % 50) / 100).toFixed(2)}`);
    }
    const buffer = Buffer.from(lines.join('\r\n') + '\r\n');
    expect(buffer.length).toBeGreaterThan(1024 * 1024);

    const { page, problems } = await env.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.goto('/observatory/missing-migrants/import');
    await page.getByRole('heading', { level: 1, name: 'Importar incidentes desde un archivo' }).waitFor();
    await settle(page);
    await page.getByLabel('Archivo CSV').setInputFiles({ name: 'mmp-grande.csv', mimeType: 'text/csv', buffer });
    await page.getByRole('button', { name: 'Subir y comprobar' }).click();

    // Being read: a titled progress bar, the rows read so far, and the note that the page may be left.
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    expect(await progress.getByRole('heading').textContent()).toBe('Leyendo «mmp-grande.csv»');
    expect(await progress.locator('progress').count()).toBe(1);
    expect(await progress.getByRole('status').textContent()).toMatch(/^(Leyendo el archivo…|[\d.\s]+ de 9\.?000 filas leídas\.)$/);
    expect(await progress.textContent()).toContain('Puede salir de esta página: la importación sigue');
    a11y['import progress (es, 390 px)'] = await axeViolations(page);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(390);

    // Left and come back: the pending import is listed and reopens (still reading, or read).
    await page.goto('/observatory/missing-migrants/pending');
    await page.goto('/observatory/missing-migrants/import');
    const reopen = page.getByTestId('import-reopen');
    await reopen.waitFor();
    expect(await reopen.textContent()).toMatch(/^Reabrir «mmp-grande\.csv» \(/);
    await reopen.click();
    await page.waitForURL(/\?import=[0-9a-f-]{36}$/);
    // polled every second until the whole-file report is ready
    await page.getByTestId('import-apply').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-counts').locator('dd').first().textContent()).toBe('9.000');
    await page.getByTestId('import-apply').click();
    await page.getByText('Importación aplicada: 9.000 nuevos, 0 corregidos, 0 sin cambios.').waitFor({ timeout: 120_000 });
    const api = (await (await fetch(`${env.url}/api/v1/incidents?region=world&from=1990&to=1990&country=MEX`)).json()) as { total: number };
    expect(api.total).toBe(365);
    expect(problems).toEqual([]);
  }, 300_000);

  it('has no accessibility finding (axe-core, any impact) on any page', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(5);
  });
});
