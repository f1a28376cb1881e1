import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, type E2eEnv } from './support/env.ts';
import { AMERICAS_DIR, apiData, axeViolations, settle, waitForRealData } from './support/explore-data.ts';

const present = fs.existsSync(`${AMERICAS_DIR}/regin.csv`);
if (!present) console.warn(`skipping the exploration journeys: ${AMERICAS_DIR} is not there`);

const COSTA_RICA_2024 = '/observatory/explorer?flow=REG_ENTRY&country=CRI&start=2024-01&end=2024-12&by=CITIZENSHIP&chart=ranking';

describe.skipIf(!present)('journey: exploring the observatory (home, explorer, map, table, downloads, embed) in Spanish', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};
  beforeAll(async () => {
    env = await startEnv('explore', { realData: true });
    await waitForRealData(env);
  }, 400_000);
  afterAll(async () => {
    await env?.close();
  });

  it('opens the explorer from the home page, picks Costa Rica regular entries 2024 by nationality, and shows chart, map and table', async () => {
    const { page, problems } = await env.newPage();
    const res = await page.goto('/observatory');
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Observatorio Regional de Movilidad Humana' }).waitFor();
    await page.getByTestId('latest-month').waitFor();
    expect(await page.getByTestId('latest-month').textContent()).toMatch(/Último mes publicado para la región: \w+ 20\d\d\./);
    expect(await page.locator('.obs-tile[data-flow="REG_ENTRY"]').count()).toBe(1);
    await page.getByTestId('recent-releases').waitFor();
    // Forty countries are released on first start (UNHCR's asylum figures joined): the newest ten are listed, whichever they are.
    expect(await page.getByTestId('recent-releases').textContent()).toMatch(/publicado el .* al público por/);
    await page.getByTestId('calendar').waitFor();
    await settle(page);
    await env.shot(page, '1-home');
    a11y['home (es)'] = await axeViolations(page);

    await page.getByTestId('open-explorer').click();
    await page.getByRole('heading', { level: 1, name: 'Explorador de datos' }).waitFor();
    await page.getByLabel('Flujo', { exact: true }).selectOption('REG_ENTRY');
    // A controlled checkbox: its state follows the address, which the click changes.
    await page.getByRole('checkbox', { name: 'Costa Rica' }).click();
    await page.waitForURL(/country=CRI/);
    await expect.poll(() => page.getByRole('checkbox', { name: 'Costa Rica' }).isChecked(), { timeout: 15_000 }).toBe(true);
    // an empty period field is a text field saying "no limit"; focused, it becomes the browser's month picker (MonthField.tsx)
    for (const [label, month] of [['Desde (mes)', '2024-01'], ['Hasta (mes)', '2024-12']] as const) {
      await page.getByLabel(label).focus();
      await expect.poll(() => page.getByLabel(label).getAttribute('type'), { timeout: 15_000 }).toBe('month');
      await page.getByLabel(label).fill(month);
    }
    await page.waitForURL(/start=2024-01&end=2024-12/);
    await page.getByLabel('Desglose').selectOption('CITIZENSHIP');
    await page.getByRole('radio', { name: 'Clasificación' }).click();
    await page.waitForURL(/chart=ranking/);
    expect(new URL(page.url()).search).toBe(COSTA_RICA_2024.split('explorer')[1]);
    const summary = page.getByTestId('chart-summary');
    await expect.poll(async () => summary.textContent(), { timeout: 15_000 }).toContain('Total de la selección: 5.066.194.');
    expect(await page.getByTestId('view-title').textContent()).toBe('Entradas regulares · Costa Rica · ene 2024 – dic 2024 · por nacionalidad');
    // Confidential categories have no bar (never drawn as zero, nor as a small one): the figure says how many (ADR 0026).
    expect(await page.locator('[data-testid="chart-figure"] [data-suppressed="true"]').count()).toBe(0);
    expect(await page.getByTestId('confidential-categories').textContent()).toMatch(/^\d+ categorías son confidenciales y no tienen barra/);
    await page.getByTestId('suppressed-legend').waitFor();
    // one line per producer (the shipped data: the country, compiled by IOM); revision ids only under "Cómo citar"
    expect(await page.getByTestId('chart-source').textContent()).toMatch(/^Fuente: Costa Rica \(compilado por: Organización Internacional para las Migraciones \(OIM\), Proyecto Lighthouse\)\. Publicado por la fuente: no indicado; .*en el Observatorio: \d{4}-\d{2}-\d{2}\./);
    expect(await page.getByTestId('chart-source').textContent()).not.toMatch(/revisión/);
    await settle(page);
    await env.shot(page, '2-explorer-ranking');
    a11y['explorer chart (es)'] = await axeViolations(page);

    // Map tab, with the keyboard: arrow right twice from the selected tab.
    await page.getByRole('tab', { name: 'Gráfico' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/tab=map/);
    await page.getByTestId('map').waitFor();
    expect(await page.locator('[data-testid="map"] path[data-code="CRI"]').count()).toBe(1);
    expect(await page.locator('[data-testid="map"] path[data-code="NIC"] title').textContent()).toMatch(/^Nicaragua: [\d.]+$/);
    await settle(page);
    await env.shot(page, '3-explorer-map');
    a11y['explorer map (es)'] = await axeViolations(page);

    await page.getByRole('tab', { name: 'Tabla' }).click();
    await page.waitForURL(/tab=table/);
    const table = page.getByTestId('explorer-table');
    await table.waitFor();
    const last = table.locator('tbody tr').last();
    expect(await last.locator('th').textContent()).toBe('Total');
    expect(await last.locator('td').textContent()).toBe('5.066.194');
    expect(await table.locator('thead th').allTextContents()).toEqual(['Nacionalidad', 'Personas']);
    expect(await table.locator('tbody tr td', { hasText: 'confidencial' }).count()).toBeGreaterThan(0);
    await settle(page);
    await env.shot(page, '4-explorer-table');
    a11y['explorer table (es)'] = await axeViolations(page);

    // The CSV is exactly the table: names in Spanish, suppressed cells marked, and the API's total.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const lines = fs.readFileSync((await download.path()), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    // What the file holds comes first, as '#' lines spreadsheet programs show as text (issue 17, item 4).
    expect(lines[0]).toMatch(/^# Flujo de datos: CRM:MIG_FLOWS/);
    const csv = lines.filter((l) => !l.startsWith('#'));
    expect(csv[0]).toBe('País que informa (código),País que informa,Nacionalidad (código),Nacionalidad,Personas,Estado');
    expect(csv.at(-1)).toBe('CRI,Costa Rica,_T,Total,5066194,Publicado');
    expect(csv.length - 2).toBe((await table.locator('tbody tr').count()) - 1);
    expect(csv.some((l) => l.endsWith(',,Confidencial'))).toBe(true);
    expect(await page.getByTestId('download-sdmx').getAttribute('href')).toBe('/api/v1/data/MIG_FLOWS?FLOW=REG_ENTRY&REF_AREA=CRI&endPeriod=2024-12&format=sdmx-csv&groupBy=REF_AREA%2CCITIZENSHIP&startPeriod=2024-01');
    const sdmx = await (await fetch(`${env.url}${(await page.getByTestId('download-sdmx').getAttribute('href'))!}`)).text();
    expect(sdmx.split('\r\n')[0]).toMatch(/^STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,FLOW,CITIZENSHIP/);

    // The chart downloads as SVG and PNG.
    await page.getByRole('tab', { name: 'Gráfico' }).click();
    await page.getByTestId('chart-figure').waitFor();
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar gráfico (SVG)' }).click()]);
    expect(svg.suggestedFilename()).toBe('observatorio-reg_entry.svg');
    expect(fs.readFileSync((await svg.path()), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar gráfico (PNG)' }).click()]);
    expect(fs.readFileSync((await png.path())).subarray(1, 4).toString()).toBe('PNG');
    expect(problems).toEqual([]);
  }, 240_000);

  it('reaches the chart’s bars with the keyboard: one tab stop, arrows between bars, each named with its figure', async () => {
    const { page, problems } = await env.newPage();
    await page.goto(COSTA_RICA_2024);
    const figure = page.getByTestId('chart-figure');
    await figure.waitFor();
    await settle(page);
    // One tab stop for the whole chart (the bars are not stops of their own), right after the tabs.
    expect(await figure.locator('svg [tabindex]').count()).toBe(0);
    await page.getByRole('tab', { name: 'Gráfico' }).focus();
    await page.keyboard.press('Tab');
    expect(await figure.locator('.chart-wrap:focus').getAttribute('role')).toBe('group');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // The second bar is the data table's second row: its name is that row's label and figure.
    const name = await page.evaluate(() => {
      const id = document.activeElement?.getAttribute('aria-activedescendant');
      return id ? document.getElementById(id)?.getAttribute('aria-label') : null;
    });
    const row = figure.getByTestId('data-table').locator('tbody tr').nth(1);
    const label = (await row.locator('th').textContent())!;
    const value = (await row.locator('td').textContent())!;
    expect(value).toMatch(/^\d{1,3}(\.\d{3})+$/);
    expect(name).toBe(`${label}: ${value}`);
    // Shown as well: a focus ring and a label with the same figure, drawn on the chart.
    expect(await figure.locator('[data-focus-ring] text').textContent()).toContain(value);
    await env.shot(page, '2b-explorer-keyboard');
    expect(await axeViolations(page)).toEqual([]);
    // Leaving the chart clears the current bar (nothing of it in a downloaded SVG).
    await page.keyboard.press('Tab');
    expect(await figure.locator('[data-focus-ring]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('gives the same view from a copied address, and an embed page that works inside another site’s iframe', async () => {
    const first = await env.newPage();
    await first.page.goto(`${COSTA_RICA_2024}&tab=table`);
    await first.page.getByTestId('explorer-table').waitFor();
    await settle(first.page);
    const rowsA = await first.page.getByTestId('explorer-table').locator('tbody tr').allTextContents();
    const url = first.page.url();
    const embedCode = await first.page.getByTestId('embed-code').inputValue();

    const second = await env.newPage();
    await second.page.goto(url);
    await second.page.getByTestId('explorer-table').waitFor();
    await settle(second.page);
    expect(await second.page.getByTestId('explorer-table').locator('tbody tr').allTextContents()).toEqual(rowsA);
    expect(await second.page.getByRole('tab', { name: 'Tabla' }).getAttribute('aria-selected')).toBe('true');
    expect(await second.page.getByRole('radio', { name: 'Clasificación' }).isChecked()).toBe(true);

    // The embed page: the chart with its source, without the site's header.
    const src = /src="([^"]+)"/.exec(embedCode)![1]!;
    expect(src).toContain('/observatory/embed?flow=REG_ENTRY&country=CRI');
    const res = await second.page.goto(src);
    expect(res?.headers()['x-frame-options']).toBeUndefined();
    await second.page.getByTestId('chart-figure').waitFor();
    expect(await second.page.locator('.site-header').count()).toBe(0);
    await settle(second.page);
    await env.shot(second.page, '5-embed');
    a11y['embed (es)'] = await axeViolations(second.page);

    // Inside an iframe of another site (another origin, served here).
    const site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="es"><head><title>Otro sitio</title></head><body><h1>Otro sitio</h1>${embedCode}</body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const host = await env.newPage();
      await host.page.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
      const frame = host.page.frameLocator('iframe');
      await frame.getByTestId('chart-summary').waitFor();
      expect(await frame.getByTestId('chart-summary').textContent()).toContain('5.066.194');
      await env.shot(host.page, '6-embed-in-iframe');
    } finally {
      site.close();
    }
    expect([...first.problems, ...second.problems]).toEqual([]);
  });

  it('shows a country profile with trends, nationalities and the minimum disaggregation', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/observatory/countries');
    await page.getByTestId('country-list').getByRole('link', { name: 'Costa Rica' }).click();
    await page.getByRole('heading', { level: 1, name: 'Costa Rica: perfil migratorio' }).waitFor();
    await page.getByTestId('country-tiles').waitFor();
    expect(await page.locator('[data-testid="country-tiles"] .obs-tile').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('minimum-REG_ENTRY-CITIZENSHIP').waitFor();
    expect(await page.getByTestId('minimum-REG_ENTRY-CITIZENSHIP').textContent()).toBe('Reportado');
    expect(await page.getByTestId('minimum-REG_ENTRY-SEX').textContent()).toBe('No reportado');
    expect(await page.getByTestId('minimum-REG_ENTRY-ETHNICITY').textContent()).toBe('No reportado');
    await page.getByTestId('no-pyramid').waitFor();
    expect(await page.getByRole('heading', { name: 'Principales nacionalidades' }).count()).toBe(1);
    await settle(page);
    await env.shot(page, '7-country-cri');
    a11y['country (es)'] = await axeViolations(page);
    expect(problems).toEqual([]);
  });

  it('draws the corridor of Venezuelan nationals in 2024 with the figures of the API', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/observatory/corridors?nationality=VEN&period=2024');
    const table = page.getByTestId('corridor-table');
    await table.waitFor();
    const api = await apiData(env, 'FLOW=IRREG_ENTRY&CITIZENSHIP=VEN&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA');
    const expected = ['COL', 'PAN', 'HND', 'MEX'].filter((c) => api.some((o) => o.REF_AREA === c));
    expect(expected.length).toBeGreaterThan(1);
    const rows = await table.locator('tbody tr').all();
    expect(await table.locator('tbody th').allTextContents()).toEqual(expected.map((c) => ({ COL: 'Colombia', PAN: 'Panamá', HND: 'Honduras', MEX: 'México' })[c]));
    for (const [i, c] of expected.entries()) {
      const v = api.find((o) => o.REF_AREA === c)!.OBS_VALUE!;
      expect(await rows[i]!.locator('td').textContent()).toBe(new Intl.NumberFormat('es', { useGrouping: 'always' }).format(v));
    }
    expect(await page.locator('[data-testid="chart-figure"] g[data-key]').count()).toBe(expected.length);
    await settle(page);
    await env.shot(page, '8-corridor-ven-2024');
    a11y['corridor (es)'] = await axeViolations(page);
    expect(problems).toEqual([]);
  });

  it('compares what Costa Rica and Colombia report about the same flow', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/observatory/mirror?a=CRI&b=COL&period=2024');
    await page.getByTestId('mirror-table').waitFor();
    // Costa Rica reports entries by nationality only: the page says which figure stands in.
    expect(await page.getByTestId('mirror-basis').textContent()).toContain('no informa el país de procedencia');
    const rows = page.getByTestId('mirror-table').locator('tbody tr');
    expect(await rows.count()).toBe(12);
    const a = await apiData(env, 'FLOW=REG_ENTRY&REF_AREA=CRI&CITIZENSHIP=COL&startPeriod=2024-01&endPeriod=2024-01&groupBy=TIME_PERIOD');
    const b = await apiData(env, 'FLOW=REG_EXIT&REF_AREA=COL&COUNTERPART_AREA=CRI&startPeriod=2024-01&endPeriod=2024-01&groupBy=TIME_PERIOD');
    const fmt = new Intl.NumberFormat('es', { useGrouping: 'always' });
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells[0]).toBe(fmt.format(a[0]!.OBS_VALUE!));
    expect(cells[1]).toBe(fmt.format(b[0]!.OBS_VALUE!));
    expect(cells[2]).toBe(fmt.format(a[0]!.OBS_VALUE! - b[0]!.OBS_VALUE!));
    // The stand-in does not count the same people as Colombia's exits: no month is flagged, and the page says why (issue 21).
    expect(await page.getByTestId('mirror-flags').textContent()).toContain('Las dos cifras no cuentan a las mismas personas');
    expect(await page.getByTestId('mirror-table').getByText('Supera el umbral').count()).toBe(0);
    await settle(page);
    await env.shot(page, '9-mirror-cri-col');
    a11y['mirror (es)'] = await axeViolations(page);
    expect(problems).toEqual([]);
  });

  it('says, to a reader without JavaScript, how many rows of a chart’s table the drawn page holds', async () => {
    const context = await env.browser.newContext({ baseURL: env.url, locale: 'es-ES', javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(COSTA_RICA_2024);
      const details = page.getByTestId('data-table').first();
      await details.locator('summary').click(); // <details> opens without scripts
      const note = details.getByText(/^Se muestran 30 de [\d.]+ filas: la tabla completa requiere JavaScript\.$/);
      await note.waitFor();
      expect(await note.isVisible()).toBe(true);
      const total = Number((await note.textContent())!.match(/de ([\d.]+) filas/)![1]!.replace(/\./g, ''));
      expect(total).toBeGreaterThan(30);
      expect(await details.locator('tbody tr').count()).toBe(30);
      // with scripts, opening the table draws every row and the note is gone
      const { page: live, problems } = await env.newPage();
      await live.goto(COSTA_RICA_2024);
      await settle(live);
      const liveDetails = live.getByTestId('data-table').first();
      await liveDetails.locator('summary').click();
      await expect.poll(() => liveDetails.locator('tbody tr').count()).toBe(total);
      expect(await liveDetails.getByText(/^Se muestran 30 de/).count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reads on a 360 px phone without sideways scrolling', async () => {
    const { page, problems } = await env.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of [COSTA_RICA_2024, '/observatory', '/observatory/countries/COL', '/observatory/corridors?nationality=VEN&period=2024']) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      await settle(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await env.shot(page, '10-phone-corridor');
    expect(problems).toEqual([]);
  });

  it('does the same in English: words, numbers, dates, axis and download headers', async () => {
    const { context, page, problems } = await env.newPage({ locale: 'en-GB' });
    await context.addInitScript(() => window.localStorage.setItem('observatorio.lang', 'en'));
    await page.goto('/observatory');
    await page.getByRole('heading', { level: 1, name: 'Regional Human Mobility Observatory' }).waitFor();
    await page.getByTestId('latest-month').waitFor();
    expect(await page.getByTestId('latest-month').textContent()).toMatch(/^Latest released month for the region: [A-Z][a-z]{2} 20\d\d\. It covers (\d+) of \d+ reporting countries\./);
    await settle(page);
    await env.shot(page, '11-home-en');
    a11y['home (en)'] = await axeViolations(page);

    await page.goto(`${COSTA_RICA_2024}&tab=table`);
    const table = page.getByTestId('explorer-table');
    await table.waitFor();
    expect(await page.getByTestId('view-title').textContent()).toBe('Regular entries · Costa Rica · Jan 2024 – Dec 2024 · by citizenship');
    expect(await table.locator('thead th').allTextContents()).toEqual(['Citizenship', 'Persons']);
    await expect.poll(async () => table.locator('tbody tr').last().locator('td').textContent(), { timeout: 15_000 }).toBe('5,066,194');
    expect(await table.locator('tbody tr td', { hasText: 'confidential' }).count()).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const lines = fs.readFileSync((await download.path()), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^# Dataflow: CRM:MIG_FLOWS/);
    const csv = lines.filter((l) => !l.startsWith('#'));
    expect(csv[0]).toBe('Reporting country (code),Reporting country,Citizenship (code),Citizenship,Persons,Status');
    expect(csv.at(-1)).toBe('CRI,Costa Rica,_T,Total,5066194,Published');
    await settle(page);
    await env.shot(page, '12-explorer-table-en');
    a11y['explorer table (en)'] = await axeViolations(page);

    await page.getByRole('tab', { name: 'Chart' }).click();
    await page.getByTestId('chart-figure').waitFor();
    await expect.poll(async () => page.getByTestId('chart-summary').textContent(), { timeout: 15_000 }).toContain('Total of the selection: 5,066,194.');
    expect(await page.locator('[data-testid="chart-figure"] svg text', { hasText: 'Persons' }).count()).toBe(1);
    expect(await page.getByTestId('chart-source').textContent()).toMatch(/^Source: Costa Rica \(compiled by: International Organization for Migration \(IOM\), Lighthouse Project\)\. Published by the source: not stated; .*in the Observatory: \d{4}-\d{2}-\d{2}\./);

    await page.goto('/observatory/countries/CRI');
    await page.getByRole('heading', { level: 1, name: 'Costa Rica: migration profile' }).waitFor();
    await page.getByTestId('minimum-REG_ENTRY-CITIZENSHIP').waitFor();
    expect(await page.getByTestId('minimum-REG_ENTRY-CITIZENSHIP').textContent()).toBe('Reported');
    expect(await page.getByTestId('minimum-REG_ENTRY-DISABILITY').textContent()).toBe('Not reported');
    await settle(page);
    await env.shot(page, '13-country-en');
    a11y['country (en)'] = await axeViolations(page);

    await page.goto('/observatory/corridors?nationality=VEN&period=2024');
    await page.getByTestId('corridor-table').waitFor();
    expect(await page.getByTestId('corridor-table').locator('thead th').allTextContents()).toEqual(['Reporting country', 'Persons']);
    expect(await page.getByTestId('corridor-table').locator('tbody th').first().textContent()).toBe('Colombia');
    await settle(page);
    a11y['corridor (en)'] = await axeViolations(page);

    await page.goto('/observatory/mirror?a=CRI&b=COL&period=2024');
    await page.getByTestId('mirror-basis').waitFor();
    expect(await page.getByTestId('mirror-basis').textContent()).toContain('does not report the country of origin');
    await settle(page);
    await env.shot(page, '14-mirror-en');
    a11y['mirror (en)'] = await axeViolations(page);
    expect(problems).toEqual([]);
  }, 240_000);

  it('has no accessibility finding (axe-core, any impact) on any page', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(8);
  });
});
