import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startEnv, type E2eEnv } from './support/env.ts';
import { AMERICAS_DIR, axeViolations, settle, waitForRealData } from './support/explore-data.ts';

/**
 * Issue 21 items 5 and 6: the country profile's PDF and print page, and the rough edges of a
 * first walk-through (phone widths, empty month fields), in Spanish and English, at 390 px.
 */
const present = fs.existsSync(`${AMERICAS_DIR}/regin.csv`);
const width = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe.skipIf(!present)('journey: country profile PDF and print, rough edges (issue 21)', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};
  beforeAll(async () => {
    env = await startEnv('rough-edges', { realData: true });
    await waitForRealData(env);
  }, 400_000);
  afterAll(async () => {
    await env?.close();
  });

  for (const lang of ['es', 'en'] as const) {
    it(`(${lang}) the profile offers its PDF, which names the country; the page prints without menus; no sideways scroll at 390 px`, async () => {
      const { page, problems } = await env.newPage({ locale: lang === 'es' ? 'es-ES' : 'en-GB' });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/observatory/countries/MEX');
      if (lang === 'en') {
        await settle(page); // the drawn page is adopted before the language changes
        await page.getByRole('button', { name: 'English' }).click();
      }
      const name = lang === 'es' ? 'México: perfil migratorio' : 'Mexico: migration profile';
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const link = page.getByRole('link', { name: lang === 'es' ? 'Descargar PDF' : 'Download PDF' });
      expect(await link.getAttribute('href')).toBe(`/api/v1/observatory/countries/MEX/profile.pdf?lang=${lang}`);
      const pdf = await page.request.get((await link.getAttribute('href'))!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await settle(page);
      expect(await width(page)).toBeLessThanOrEqual(390);
      a11y[`profile 390 (${lang})`] = await axeViolations(page);
      await env.shot(page, `profile-390-${lang}`);

      // Printed: no header, sub-menu or buttons; the heading and the figures stay.
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('.sub-nav').isVisible()).toBe(false);
      expect(await link.isVisible()).toBe(false);
      expect(await page.getByRole('heading', { level: 1, name }).isVisible()).toBe(true);
      expect(await page.getByTestId('country-tiles').isVisible()).toBe(true);
      await env.shot(page, `profile-print-${lang}`);
      await page.emulateMedia({ media: 'screen' });
      expect(problems).toEqual([]);
    });
  }

  it('(es) the explorer: empty month fields say "no limit", not dashes; at 390 px the page does not scroll sideways', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/observatory/explorer');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await settle(page);
    await page.waitForTimeout(500); // the month picker arrives when the browser is idle
    const start = page.getByLabel('Desde');
    expect(await start.inputValue()).toBe('');
    expect(await start.getAttribute('type')).toBe('text');
    expect(await start.getAttribute('placeholder')).toBe('Sin límite (aaaa-mm)');
    await start.focus();
    await expect.poll(() => page.getByLabel('Desde').getAttribute('type')).toBe('month');
    a11y['explorer (es)'] = await axeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/observatory/explorer?flow=REG_ENTRY&country=CRI&chart=line');
    await page.getByTestId('y-title').first().waitFor();
    await settle(page);
    // The y-axis title overlaps none of the chart's other words (tick labels) at 390 px.
    const overlaps = await page.evaluate(() => {
      const title = document.querySelector('[data-testid="y-title"]')!;
      const a = title.getBoundingClientRect();
      return [...title.closest('svg')!.querySelectorAll('text')]
        .filter((t) => t !== title)
        .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
        .filter(({ r }) => r.left < a.right && a.left < r.right && r.top < a.bottom && a.top < r.bottom)
        .map((x) => x.text);
    });
    expect(overlaps).toEqual([]);
    // The view's title is shown once (the section's heading), not again above the chart.
    const title = (await page.getByTestId('view-title').textContent())!;
    const figure = page.getByTestId('chart-figure');
    expect(await figure.locator('.obs-figure-title').count()).toBe(0);
    // Nor is it said again by any other visible text inside the figure (SVG text included).
    const repeated = await figure.evaluate((fig, text) => {
      const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
      return [...fig.querySelectorAll('*')]
        .filter((el) => norm(el.textContent) === norm(text) && ![...el.children].some((c) => norm(c.textContent) === norm(text)))
        .filter((el) => (el instanceof HTMLElement || el instanceof SVGElement) && el.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }) && !el.closest('.visually-hidden, title, desc'))
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className}` : ''}`);
    }, title);
    expect(repeated, `visible text equal to the title "${title}" inside the figure`).toEqual([]);
    expect(await figure.locator('svg').first().getAttribute('aria-labelledby')).toBeTruthy();
    await env.shot(page, 'explorer-390');
    for (const path of ['/observatory/explorer', '/observatory/corridors', '/observatory/mirror', '/observatory/countries', '/practices', '/practices/coverage', '/commitments']) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      await settle(page);
      expect(await width(page), path).toBeLessThanOrEqual(390);
    }
    await page.goto('/practices/coverage');
    await settle(page);
    await env.shot(page, 'coverage-390');
    a11y['coverage 390 (es)'] = await axeViolations(page);
    expect(problems).toEqual([]);
  });

  it('has no accessibility violations on the pages visited', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });
});
