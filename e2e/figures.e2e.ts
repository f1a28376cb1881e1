import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, type E2eEnv } from './support/env.ts';
import { AMERICAS_DIR, axeViolations, settle, waitForRealData } from './support/explore-data.ts';

/**
 * Figures a statistician can cite (issue 17), as a reader meets them on the shipped data: the
 * country profile's top nationalities are drawn from published cells only, never with the total
 * as a bar, and the chart says how many categories are confidential (ADR 0026). Spanish and
 * English, at 390 px, axe clean. In the explorer a partial year says the months its figures
 * cover ("2022 (oct–dic)") and a fiscal year October–September is one total, the sum of the two
 * partial calendar years; the observatory home's headline says how many countries it covers.
 */
const present = fs.existsSync(`${AMERICAS_DIR}/regin.csv`);
if (!present) console.warn(`skipping the figures journey: ${AMERICAS_DIR} is not there`);

describe.skipIf(!present)('journey: figures a statistician can cite', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};
  beforeAll(async () => {
    env = await startEnv('figures', { realData: true });
    await waitForRealData(env);
  }, 400_000);
  afterAll(async () => {
    await env?.close();
  });

  for (const [lang, locale, heading, note, total] of [
    ['es', 'es-ES', 'Costa Rica: perfil migratorio', /^\d+ categorías son confidenciales y no tienen barra/, 'Total'],
    ['en', 'en-GB', 'Costa Rica: migration profile', /^\d+ categories are confidential and have no bar/, 'Total'],
  ] as const)
    it(`the top nationalities say how many categories are confidential and draw none of them, nor the total (${lang})`, async () => {
      const { context, page, problems } = await env.newPage({ locale });
      await context.addInitScript((l) => window.localStorage.setItem('observatorio.lang', l), lang);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/observatory/countries/CRI');
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      const note$ = page.getByTestId('confidential-categories').first();
      await note$.waitFor({ timeout: 30_000 });
      expect(await note$.textContent()).toMatch(note);
      const count = Number((await note$.textContent())!.match(/^\d+/)![0]);
      expect(count).toBeGreaterThan(0);
      // the ranking figure holding the note: bars of published figures only, and no bar named Total
      const figure = page.getByTestId('chart-figure').filter({ has: page.getByTestId('confidential-categories') }).first();
      expect(await figure.locator('[data-suppressed="true"]').count()).toBe(0);
      const labels = await figure.locator('svg text').allTextContents();
      expect(labels.length).toBeGreaterThan(0);
      expect(labels).not.toContain(total);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await settle(page);
      await env.shot(page, `figures-country-${lang}`);
      a11y[`country (${lang})`] = await axeViolations(page);
      expect(problems).toEqual([]);
    }, 240_000);

  // Costa Rica's regular entries run monthly from January 2022 to March 2025 in the shipped data.
  for (const [lang, locale, tab, y2022, y2023, fiscal, y2025, headline] of [
    ['es', 'es-ES', 'Tabla', '2022 (oct–dic)', /^2023 \(ene–sept?\)$/, /^oct 2022–sept? 2023$/, /^2025 \(ene–[a-z]+\)$/, /Cubre (\d+) de (\d+) países que informan\./],
    ['en', 'en-GB', 'Table', '2022 (Oct–Dec)', /^2023 \(Jan–Sep\)$/, /^Oct 2022–Sep 2023$/, /^2025 \(Jan–[A-Z][a-z]+\)$/, /It covers (\d+) of (\d+) reporting countries\./],
  ] as const)
    it(`marks partial years with their months and totals a fiscal year (${lang})`, async () => {
      const { context, page, problems } = await env.newPage({ locale });
      await context.addInitScript((l) => window.localStorage.setItem('observatorio.lang', l), lang);
      const number = (text: string) => Number(text.replace(/[^\d]/g, ''));
      const table = async (query: string) => {
        await page.goto(`/observatory/explorer?flow=REG_ENTRY&country=CRI&${query}&tab=table`);
        // the page is in the reader's language once the tab reads so (a server-drawn page may come first in another)
        await page.getByRole('tab', { name: tab }).waitFor();
        await settle(page);
        const t = page.getByTestId('explorer-table');
        await t.waitFor({ timeout: 30_000 });
        return { head: (await t.locator('thead th').allTextContents()).slice(1), cells: await t.locator('tbody tr').first().locator('td').allTextContents() };
      };
      const years = await table('start=2022-10&end=2023-09&time=year');
      expect(years.head[0]).toBe(y2022);
      expect(years.head[1]).toMatch(y2023);
      const fy = await table('start=2022-10&end=2023-09&time=fiscalYear');
      expect(fy.head).toHaveLength(1);
      expect(fy.head[0]).toMatch(fiscal);
      // the fiscal year is one figure: the two partial calendar years' sum
      expect(number(fy.cells[0]!)).toBe(number(years.cells[0]!) + number(years.cells[1]!));
      expect(number(fy.cells[0]!)).toBeGreaterThan(0);
      a11y[`explorer fiscal year (${lang})`] = await axeViolations(page);
      // with no range, the last year is partial: its months not reported yet are not in its label
      const all = await table('time=year');
      expect(all.head[all.head.length - 1]).toMatch(y2025);
      expect(all.head[0]).toBe('2022');

      await page.goto('/observatory');
      const latest = page.getByTestId('latest-month');
      await latest.waitFor();
      const m = (await latest.textContent())!.match(headline);
      expect(m, (await latest.textContent()) ?? '').not.toBeNull();
      expect(Number(m![1])).toBeLessThanOrEqual(Number(m![2]));
      expect(Number(m![1])).toBeGreaterThan(0);
      await settle(page);
      await env.shot(page, `figures-home-${lang}`);
      expect(problems).toEqual([]);
    }, 240_000);

  it('has no accessibility finding (axe-core, any impact)', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(Object.keys(a11y).length).toBe(4);
  });
});
