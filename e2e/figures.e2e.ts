import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, type E2eEnv } from './support/env.ts';
import { AMERICAS_DIR, axeViolations, settle, waitForRealData } from './support/explore-data.ts';

/**
 * Figures a statistician can cite (issue 17), as a reader meets them on the shipped data: the
 * country profile's top nationalities are drawn from published cells only, never with the total
 * as a bar, and the chart says how many categories are confidential (ADR 0026). Spanish and
 * English, at 390 px, axe clean. Not yet here (not built): a partial year marked and a
 * fiscal-year total in the explorer.
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

  it('has no accessibility finding (axe-core, any impact)', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(Object.keys(a11y).length).toBe(2);
  });
});
