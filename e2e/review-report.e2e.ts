import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import type { Page } from 'playwright-core';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { IndicatorValues } from '../src/server/modules/indicators/index.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

/**
 * The regional review report (issue 18 item 6): the secretariat opens the report page from the
 * menu, generates the full regional report (23 objectives, every member country), writes the
 * summary's text as a draft and then final, and downloads the PDF, which is a PDF with pages
 * holding the objectives and the figures; in Spanish and in English; axe clean; usable at 390 px.
 * A few indicator values are recorded first through the indicators module's write path.
 */
const SECRETARIAT = { email: 'secretaria.informe@example.org', password: 'secretariat password 2024' };
/** A member of the secretariat whose account reads in English. */
const SECRETARIAT_EN = { email: 'secretariat.report@example.org', password: 'secretariat password 2025' };
let env: E2eEnv;
const a11y: Record<string, string[]> = {};

async function pdfOf(page: Page, linkName: string): Promise<{ bytes: Buffer; pages: number; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const bytes = fs.readFileSync(await download.path());
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  return { bytes, pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

beforeAll(async () => {
  env = await startEnv('review');
  const db = env.running.database.db;
  await db
    .insertInto('app_user')
    .values([
      { email: SECRETARIAT.email, display_name: 'Sofía Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) },
      { email: SECRETARIAT_EN.email, display_name: 'Sam Secretariat', role: 'secretariat', locale: 'en', password_hash: await hashPassword(SECRETARIAT_EN.password) },
    ])
    .execute();
  const values = new IndicatorValues(db);
  await db.transaction().execute(async (tx) => {
    for (const [country, series] of [
      ['GTM', [120, 100, 85, 80]],
      ['PER', [40, 42, 45, 50]],
    ] as const) {
      for (const [i, value] of series.entries()) {
        await values.record(tx, { code: 'SDG.10.7.3', country, period: String(2019 + i), value, origin: 'imported', status: 'validated', source: { file: 'sdg-download.csv' }, recordedBy: null });
      }
    }
  });
}, 400_000);
afterAll(async () => {
  await env?.close();
});

describe('journey: the regional review report', () => {
  it('the secretariat generates the full regional report, writes the summary and downloads the PDF (es)', async () => {
    const { page, problems } = await env.newPage();
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.getByRole('link', { name: 'Informe regional' }).click();
    await page.getByRole('heading', { level: 1, name: 'Informe regional de examen del PMM' }).waitFor();
    await settle(page);
    a11y['review list (es)'] = await axeViolations(page);
    // Defaults: the 23 objectives, every member state, 2018 to this year, in Spanish.
    await page.getByLabel('Título').fill('Examen regional 2026');
    await page.getByTestId('review-generate').click();
    await page.getByRole('heading', { level: 1, name: 'Examen regional 2026' }).waitFor({ timeout: 60_000 });
    await settle(page);
    expect(await page.getByTestId('review-summary').textContent()).toContain('Objetivos examinados23');
    a11y['review report (es)'] = await axeViolations(page);

    const summary = page.getByTestId('section-summary');
    await summary.getByLabel('Texto de la Secretaría').fill('La región avanzó en la protección de las personas migrantes.');
    await summary.getByRole('button', { name: 'Guardar borrador' }).click();
    await summary.getByText('Borrador guardado (versión 1).').waitFor();
    await summary.getByRole('button', { name: 'Guardar como final' }).click();
    await summary.getByText('Versión final guardada (versión 2).').waitFor();

    const pdf = await pdfOf(page, 'Informe en PDF');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.pages).toBeGreaterThan(23);
    expect(pdf.text).toContain('Examen regional 2026');
    expect(pdf.text).toContain('La región avanzó en la protección de las personas migrantes.');
    expect(pdf.text).toContain('Objetivo 8.');
    expect(pdf.text).toContain('Avance significativo');
    expect(pdf.text).toContain('80 (2022)');
    expect(pdf.text).toContain('Anexo metodológico');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await env.shot(page, 'review-report-390');
    expect(problems).toEqual([]);
  }, 240_000);

  it('in English, the secretariat generates the report in English and downloads it', async () => {
    const { page, problems } = await env.newPage({ locale: 'en-GB' });
    await signInAs(page, SECRETARIAT_EN.email, SECRETARIAT_EN.password);
    await page.goto('/review');
    await page.getByRole('heading', { level: 1, name: 'GCM regional review report' }).waitFor();
    await settle(page);
    await page.getByLabel('Language of the report').selectOption('en');
    await page.getByTestId('review-generate').click();
    await page.getByRole('link', { name: 'Report as PDF' }).waitFor({ timeout: 60_000 });
    await settle(page);
    a11y['review report (en)'] = await axeViolations(page);
    const pdf = await pdfOf(page, 'Report as PDF');
    expect(pdf.pages).toBeGreaterThan(23);
    expect(pdf.text).toContain('GCM regional review report');
    expect(pdf.text).toContain('Objective 8.');
    expect(pdf.text).toContain('Significant movement away');
    expect(pdf.text).toContain('Methodology annex');
    expect(problems).toEqual([]);
  }, 240_000);

  it('has no accessibility violation on any page it visited', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(3);
    for (const [name, v] of Object.entries(a11y)) expect(v, name).toEqual([]);
  });
});
