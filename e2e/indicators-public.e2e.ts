import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { IndicatorValues } from '../src/server/modules/indicators/index.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

const SECRETARIAT = { email: 'secretaria@crm.example.org', password: 'secretariat password 2024' };
const GUATEMALA = { email: 'punto.focal@igm.gob.gt', password: 'guatemala password 2024' };
const SDG_FILE = path.join(import.meta.dirname, '..', 'fixtures', 'indicators', 'sdg-global-database-sample.csv');
// Test figures (not real statistics), recorded as a custodian's file would be.
const SERIES: [string, number][] = [['2018', 14.2], ['2019', 13.9], ['2020', 13.1], ['2021', 12.8]];

/**
 * The public indicator catalogue and an indicator's page (drawn on the server), its downloads;
 * the secretariat rejecting a report with a reason (the public keeps the validated value),
 * importing an SDG file to preview, and editing a catalogue entry (a stale save is refused).
 */
describe('journey: the GCM indicator catalogue', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};
  const axeClean = () => expect(Object.entries(a11y).filter(([, v]) => v.length)).toEqual([]);
  const db = () => env.running.database.db;

  beforeAll(async () => {
    env = await startEnv('indicators-public');
    const [, fp] = await db()
      .insertInto('app_user')
      .values([
        { email: SECRETARIAT.email, display_name: 'Sergio Secretaría', role: 'secretariat', locale: 'en', password_hash: await hashPassword(SECRETARIAT.password) },
        { email: GUATEMALA.email, display_name: 'Gabriela Punto Focal', role: 'focal_point', country_code: 'GTM', password_hash: await hashPassword(GUATEMALA.password) },
      ])
      .returning('id')
      .execute();
    const values = new IndicatorValues(db());
    for (const [period, value] of SERIES) {
      await values.recordNow({ code: 'SDG.10.7.1', country: 'MEX', period, value, origin: 'imported', status: 'validated', source: { file: 'e2e-test-figures.csv' }, recordedBy: null });
    }
    // a focal point's report waiting for validation: it must not hide the validated 2021 value
    await values.recordNow({ code: 'SDG.10.7.1', country: 'MEX', period: '2021', value: 99, origin: 'reported', status: 'provisional', source: {}, recordedBy: fp!.id });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('(es) catalogue → filter → indicator page (drawn on the server) → CSV and XLSX; usable at 390 px', async () => {
    // the page arrives drawn: its values table is in the HTML before any script runs
    const html = await (await fetch(`${env.url}/indicators/SDG.10.7.1`, { headers: { cookie: 'obs_lang=es' } })).text();
    expect(html).toContain('data-testid="indicator-values-table"');
    expect(html).toContain('propuesta por confirmar');

    const { page, problems } = await env.newPage();
    onTestFailed(() => env.shot(page, 'public-es-failed'));
    await page.goto('/indicators');
    await page.getByRole('heading', { level: 1, name: 'Indicadores del PMM' }).waitFor();
    await settle(page);
    await expect(page.getByTestId('indicator-count').textContent()).resolves.toBe('48 indicadores');
    a11y['catalogue (es)'] = await axeViolations(page);
    await page.getByLabel('Objetivo del PMM').selectOption('6');
    await page.getByLabel('Oficial o regional').selectOption('true');
    await page.getByRole('button', { name: 'Mostrar' }).click();
    await page.waitForURL(/objective=6/);
    const item = page.getByTestId('indicator-list').locator('li[data-code="SDG.10.7.1"]');
    await item.waitFor();
    await env.shot(page, 'p1-catalogue');
    await item.getByRole('link').click();
    await page.getByTestId('indicator-page').waitFor();
    await settle(page);
    await page.getByTestId('direction-proposal').getByText('propuesta por confirmar').waitFor();
    const table = page.getByTestId('indicator-values-table');
    const mexico = table.locator('tr[data-key="MEX"]');
    await expect(mexico.locator('td').allTextContents()).resolves.toEqual(['14,2', '13,9', '13,1', '12,8']);
    expect(await page.getByText('99').count()).toBe(0);
    await page.getByTestId('indicator-progress-table').getByRole('cell', { name: 'Avance significativo', exact: true }).waitFor();
    a11y['indicator page (es)'] = await axeViolations(page);
    await env.shot(page, 'p2-indicator');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('indicator-download-csv').click()]);
    const text = fs.readFileSync(await csv.path(), 'utf8');
    expect(text).toContain('# Licencia: No consta en el catálogo.');
    expect(text).toMatch(/\r\nMEX,2021,,12\.8,,imported,validated,/);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('indicator-download-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await xlsx.path()) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('Valores')!.rowCount).toBe(SERIES.length + 1);
    expect(wb.getWorksheet('Acerca de')!.getRow(1).getCell(1).value).toBe('Indicador');

    await page.setViewportSize({ width: 390, height: 844 });
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    a11y['indicator page at 390 px (es)'] = await axeViolations(page);
    expect(problems).toEqual([]);
    axeClean();
  });

  it('(en) the secretariat rejects a report with a reason (the public keeps 12.8) and previews an SDG file', async () => {
    const { page, problems } = await env.newPage({ locale: 'en-GB' });
    onTestFailed(() => env.shot(page, 'reject-en-failed'));
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.goto('/indicators/review');
    await page.getByRole('heading', { level: 1, name: 'Indicator validation' }).waitFor();
    await settle(page);
    const item = page.getByTestId('review-queue').getByRole('listitem').filter({ hasText: 'SDG.10.7.1' });
    await item.getByLabel('Reason (required to reject)').fill('Does not match the national register for 2021.');
    await item.getByRole('button', { name: 'Reject' }).click();
    await page.getByTestId('queue-empty').waitFor();
    const review = await db().selectFrom('ind_review').select(['decision', 'reason']).executeTakeFirstOrThrow();
    expect(review).toEqual({ decision: 'rejected', reason: 'Does not match the national register for 2021.' });
    const pub = await (await fetch(`${env.url}/api/v1/indicators/SDG.10.7.1/values?country=MEX&from=2021`)).json();
    expect(pub.items.map((i: { value: number }) => i.value)).toEqual([12.8]);

    const sdg = page.getByTestId('sdg-input');
    await sdg.getByLabel("Custodian agency's CSV file").setInputFiles(SDG_FILE);
    await sdg.getByRole('button', { name: 'Check the file' }).click();
    await sdg.getByTestId('input-preview').waitFor();
    await settle(page);
    await sdg.getByTestId('preview-counts').getByText(/^Regions and aggregates \(skipped\): \d+/).waitFor();
    a11y['review with SDG preview (en)'] = await axeViolations(page);
    await env.shot(page, 'p3-sdg-preview');
    expect(problems).toEqual([]);
    axeClean();
  });

  it('(en) the secretariat edits an entry; a save from a stale page is refused with a clear message; retire and versions', async () => {
    const a = await env.newPage({ locale: 'en-GB' });
    onTestFailed(() => env.shot(a.page, 'edit-en-failed'));
    await signInAs(a.page, SECRETARIAT.email, SECRETARIAT.password);
    const b = { page: await a.context.newPage() };
    for (const p of [a.page, b.page]) {
      await p.goto('/indicators/SDG.10.7.1/edit');
      await p.getByRole('heading', { level: 1, name: 'Edit indicator SDG.10.7.1' }).waitFor();
      await settle(p);
    }
    a11y['edit form (en)'] = await axeViolations(a.page);
    await b.page.getByLabel('Basis of the desired direction').fill('SDG target 10.7 and GCM objective 6 (confirmed by the secretariat).');
    // the seeded direction is a proposal until the secretariat ticks its confirmation
    const confirm = b.page.getByLabel('The secretariat confirms the desired direction');
    expect(await confirm.isChecked()).toBe(false);
    await confirm.check();
    await b.page.getByRole('button', { name: 'Save a new version' }).click();
    await b.page.getByText('Saved as version 2.').waitFor();
    const reader = await env.newPage({ locale: 'en-GB' });
    await reader.page.goto('/indicators/SDG.10.7.1');
    await reader.page.getByTestId('indicator-page').waitFor();
    expect(await reader.page.getByTestId('direction-proposal').count()).toBe(0);

    await a.page.getByLabel('Unit').fill('share of monthly income');
    await a.page.getByRole('button', { name: 'Save a new version' }).click();
    await a.page.getByTestId('indicator-form-error').getByText('Someone else changed this indicator (version 2); reload and try again.').waitFor();
    expect((await db().selectFrom('ind_indicator').select(['version', 'unit']).where('code', '=', 'SDG.10.7.1').executeTakeFirstOrThrow()).version).toBe(2);

    await b.page.getByTestId('indicator-retire').click();
    await b.page.getByText('Retired: it has left the public catalogue; its values are kept.').waitFor();
    await b.page.getByTestId('indicator-versions').getByText(/^Version 3: retired/).waitFor();
    await b.page.getByTestId('indicator-versions').getByText(/^Version 1: loaded from the catalogue/).waitFor();
    await settle(b.page);
    a11y['edit form after retiring (en)'] = await axeViolations(b.page);
    const catalogue = await (await fetch(`${env.url}/api/v1/indicators`)).json();
    expect(catalogue.items.map((i: { code: string }) => i.code)).not.toContain('SDG.10.7.1');
    expect(a.problems.filter((p) => !/409/.test(p))).toEqual([]);
    axeClean();
  });
});
