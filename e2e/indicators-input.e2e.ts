import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

const SECRETARIAT = { email: 'secretaria@crm.example.org', password: 'secretariat password 2024' };
const GUATEMALA = { email: 'punto.focal@igm.gob.gt', password: 'guatemala password 2024' };
const MEXICO = { email: 'focal.point@inm.gob.mx', password: 'mexico password 2024' };
const YEAR = String(new Date().getFullYear() - 1);
const EVIDENCE = 'https://igm.gob.gt/ley-de-migracion';

describe('journey: indicator values from focal points, validated by the secretariat', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};
  const axeClean = () => expect(Object.entries(a11y).filter(([, v]) => v.length)).toEqual([]);
  const db = () => env.running.database.db;

  beforeAll(async () => {
    env = await startEnv('indicators-input');
    await db()
      .insertInto('app_user')
      .values([
        { email: SECRETARIAT.email, display_name: 'Sergio Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) },
        { email: GUATEMALA.email, display_name: 'Gabriela Punto Focal', role: 'focal_point', country_code: 'GTM', password_hash: await hashPassword(GUATEMALA.password) },
        { email: MEXICO.email, display_name: 'Mario Focal Point', role: 'focal_point', country_code: 'MEX', locale: 'en', password_hash: await hashPassword(MEXICO.password) },
      ])
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('(es) Guatemala reports a policy answer with evidence; the secretariat validates it and the focal point sees it validated', async () => {
    const { page, problems } = await env.newPage();
    onTestFailed(() => env.shot(page, 'es-failed'));
    await signInAs(page, GUATEMALA.email, GUATEMALA.password);
    await page.goto('/indicators/report');
    await page.getByRole('heading', { level: 1, name: 'Informar valores de indicadores' }).waitFor();
    await settle(page);
    a11y['report (es)'] = await axeViolations(page);
    const row = page.getByTestId('report-sheet').locator('li', { hasText: `CRM.P01 · ${YEAR}` });
    await row.locator('summary').click();
    await row.getByLabel('Respuesta (presencia de la política)').selectOption('yes');
    await row.getByLabel('Enlace de evidencia').fill(EVIDENCE);
    await row.getByLabel('Explicación breve').fill('La ley de migración vigente lo establece.');
    await row.getByRole('button', { name: 'Informar' }).click();
    await row.getByText('Valor registrado como provisional.').waitFor();
    await page.getByTestId('my-reports').getByRole('cell', { name: 'provisional' }).first().waitFor();
    await env.shot(page, '1-reported');

    const sec = await env.newPage();
    await signInAs(sec.page, SECRETARIAT.email, SECRETARIAT.password);
    await sec.page.goto('/indicators/review');
    await sec.page.getByRole('heading', { level: 1, name: 'Validación de indicadores' }).waitFor();
    await settle(sec.page);
    const item = sec.page.getByTestId('review-queue').getByRole('listitem').filter({ hasText: 'CRM.P01' });
    await item.getByText(EVIDENCE).waitFor();
    await expect(item.getByTestId('reported-value').textContent()).resolves.toBe('sí');
    a11y['review (es)'] = await axeViolations(sec.page);
    await env.shot(sec.page, '2-queue');
    await item.getByRole('button', { name: 'Validar' }).click();
    await sec.page.getByTestId('queue-empty').waitFor();

    const stored = await db().selectFrom('ind_value').select(['status', 'answer', 'origin']).where('code', '=', 'CRM.P01').where('country', '=', 'GTM').where('superseded_at', 'is', null).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'validated', answer: 'yes', origin: 'reported' });
    await page.reload();
    await page.getByTestId('my-reports').getByRole('cell', { name: 'validado' }).waitFor();
    expect(problems).toEqual([]);
    expect(sec.problems).toEqual([]);
    axeClean();
  });

  it('(en) Mexico fills the XLSX template, sees the refused rows, corrects them, previews the diff and applies it; usable at 390 px', async () => {
    const { page, problems } = await env.newPage({ locale: 'en-GB' });
    onTestFailed(() => env.shot(page, 'en-failed'));
    await signInAs(page, MEXICO.email, MEXICO.password);
    await page.goto('/indicators/report');
    await page.getByRole('heading', { level: 1, name: 'Report indicator values' }).waitFor();
    await settle(page);
    // only last year: the template link follows the years chosen
    const other = String(Number(YEAR) - 1);
    await page.getByRole('checkbox', { name: other }).uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-link').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(7).value).toBe('Value');
    const rowOf = (code: string) => {
      for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === code) return ws.getRow(r);
      throw new Error(`${code} not in the template`);
    };
    rowOf('CRM.P02').getCell(7).value = 'partial';
    rowOf('CRM.P04').getCell(7).value = 'several';
    rowOf('CRM.P04').getCell(9).value = 'https://www.gob.mx/inm/acuerdos';
    const upload = async (name: string) => {
      await page.getByLabel('Filled template (XLSX)').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByTestId('input-preview').waitFor();
    };
    await upload('template-bad.xlsx');
    await page.getByTestId('preview-errors').getByText('“several” is not a number').waitFor();
    await page.getByText('Correct the refused rows and upload the file again: nothing was saved.').waitFor();
    expect(await page.getByRole('button', { name: /^Apply/ }).count()).toBe(0);

    rowOf('CRM.P04').getCell(7).value = 4;
    await upload('template.xlsx');
    const counts = page.getByTestId('preview-counts');
    await counts.getByText('New: 2').waitFor();
    await counts.getByText('Refused: 0').waitFor();
    const changes = page.getByTestId('preview-changes');
    await changes.getByRole('rowheader', { name: /CRM\.P04/ }).waitFor();
    await settle(page);
    a11y['template preview (en)'] = await axeViolations(page);
    await env.shot(page, '3-preview');
    await page.getByRole('button', { name: 'Apply 2 values' }).click();
    await page.getByText('2 values were recorded.').waitFor();
    const stored = await db().selectFrom('ind_value').select(['code', 'status', 'value', 'answer']).where('country', '=', 'MEX').where('superseded_at', 'is', null).orderBy('code').execute();
    expect(stored).toEqual([
      { code: 'CRM.P02', status: 'provisional', value: null, answer: 'partial' },
      { code: 'CRM.P04', status: 'provisional', value: '4', answer: null },
    ]);
    await page.getByTestId('my-reports').getByRole('cell', { name: 'provisional' }).first().waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await settle(page);
    // what sticks out, named, when something does
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap'))
        .slice(0, 8)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth), wide.join(' | ')).toBeLessThanOrEqual(390);
    a11y['report at 390 px (en)'] = await axeViolations(page);
    await env.shot(page, '4-phone');
    expect(problems).toEqual([]);
    axeClean();
  });
});
