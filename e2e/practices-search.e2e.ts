import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

async function resultTitles(page: Page): Promise<string[]> {
  return page.getByTestId('results').locator('h3').allTextContents();
}

describe('journey e: finding practices (search, facets, detail, coverage)', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};
  beforeAll(async () => {
    env = await startEnv('e-practices');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('searches without accents and with a typo, filters by objective 8 and Mexico, opens a practice and its similar ones', async () => {
    const { page, problems } = await env.newPage();
    const res = await page.goto('/practices');
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Prácticas' }).waitFor();
    await page.getByRole('link', { name: 'Prácticas', exact: true }).first().waitFor();

    // No accent: "regularizacion" finds "Regularización".
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('regularizacion');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.waitForURL(/[?&]q=regularizacion/);
    await expect.poll(async () => (await resultTitles(page)).some((t) => /regularización/i.test(t))).toBe(true);
    expect(await page.getByTestId('result-count').textContent()).toMatch(/\d+ resultados?/);
    await settle(page);
    await env.shot(page, '1-search-accents');
    a11y['search (es)'] = await axeViolations(page);

    // A typo: "regularisacion" still finds it, and the page says what it searched for.
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('regularisacion');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.waitForURL(/[?&]q=regularisacion/);
    await expect.poll(async () => (await resultTitles(page)).some((t) => /regularización/i.test(t))).toBe(true);
    const api = (await (await fetch(`${env.url}/api/v1/practices?q=regularisacion`)).json()) as { correctedQuery?: string };
    if (api.correctedQuery) await page.getByTestId('corrected-query').getByText(`Resultados para «${api.correctedQuery}».`).waitFor();
    await env.shot(page, '2-search-typo');

    // Theme words find the practices filed under their objective: "retorno" → objective 21.
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('retorno');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.waitForURL(/[?&]q=retorno/);
    await expect.poll(async () => (await resultTitles(page)).includes('Programa Sembrando Vida')).toBe(true);
    expect((await resultTitles(page))[0]).toMatch(/Retorno/);

    // No practice holds every word: those holding most of them, and the page says so.
    await page.getByRole('searchbox', { name: 'Buscar' }).fill('brigadas regularización colombianos');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByTestId('partial-match').getByText('Ninguna práctica contiene todas las palabras; se muestran las que contienen alguna.').waitFor();
    expect((await resultTitles(page)).slice(0, 2).sort()).toEqual(['Brigadas móviles de regularización', 'Programa de regularización internacional para ciudadanos colombianos']);
    await settle(page);
    await env.shot(page, '2b-search-partial');
    a11y['search partial (es)'] = await axeViolations(page);

    // Facets: objective 8, then Mexico, through the filter controls.
    await page.goto('/practices');
    await settle(page);
    await page.locator('fieldset[data-facet="objective"]').getByRole('checkbox', { name: /^8\. / }).click();
    await page.waitForURL(/[?&]objective=8/);
    await settle(page);
    await page.locator('fieldset[data-facet="country"]').getByRole('checkbox', { name: /^México/ }).click();
    await page.waitForURL(/country=MEX/);
    expect(page.url()).toMatch(/objective=8/);
    await settle(page);
    // The previous list stays on screen until the new one arrives: wait for every result to be Mexico's.
    await expect
      .poll(async () => {
        const wheres = await page.getByTestId('results').locator('.practice-where').allTextContents();
        return wheres.length > 0 && wheres.every((w) => w.includes('México'));
      })
      .toBe(true);
    expect(await page.locator('fieldset[data-facet="country"]').getByRole('checkbox', { name: /^México/ }).isChecked()).toBe(true);
    // The export links carry the same search.
    const csv = await page.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href');
    expect(csv).toMatch(/objective=8/);
    expect(csv).toMatch(/country=MEX/);
    expect(csv).toMatch(/lang=es/);
    await env.shot(page, '3-facets-objective8-mexico');

    // Open the first practice; it lists similar practices of other countries.
    const first = page.getByTestId('results').locator('h3 a').first();
    const title = (await first.textContent())!;
    await first.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('heading', { name: 'Prácticas similares en otros países' }).waitFor();
    await expect.poll(() => page.getByTestId('similar').locator('li').count()).toBeGreaterThan(0);
    // …and the countries working on the same objectives, as potential partners.
    await page.getByRole('heading', { name: 'Países que trabajan en los mismos objetivos' }).waitFor();
    await expect.poll(() => page.getByTestId('partner-countries').locator('li').count()).toBeGreaterThan(0);
    await settle(page);
    await env.shot(page, '4-detail');
    a11y['detail (es)'] = await axeViolations(page);

    // Grupo Beta has a description from the report; an empty one says it awaits the country's.
    await page.goto('/practices/mex-grupo-beta');
    await page.getByText('33 años', { exact: false }).first().waitFor();
    await page.goto('/practices/mex-tricamex');
    await page.getByTestId('awaiting-description').getByText('pendiente de ser enviada por México').waitFor();
    expect(await page.getByTestId('translation-mark').count()).toBe(0);

    expect(problems).toEqual([]);
  });

  it('shows the coverage matrix with objective 13 empty and listed among objectives without practices', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/practices/coverage');
    await page.getByRole('heading', { level: 1, name: 'Cobertura por objetivo' }).waitFor();
    const table = page.getByTestId('coverage');
    await table.waitFor();
    expect(await page.getByTestId('total-13').textContent()).toBe('—');
    expect(await page.getByTestId('total-14').textContent()).not.toBe('—');
    await page.getByTestId('empty-objectives').locator('li[data-objective="13"]').waitFor();
    expect(await page.getByTestId('empty-objectives').locator('li[data-objective="14"]').count()).toBe(0);
    // A filled cell links to its list.
    const link = table.locator('td.coverage-filled a').first();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/practices\?country=[A-Z]{3}&objective=\d+$/);
    await settle(page);
    await env.shot(page, '5-coverage');
    a11y['coverage (es)'] = await axeViolations(page);
    await link.click();
    await page.waitForURL(/\/practices\?country=/);
    await expect.poll(() => page.getByTestId('results').locator('li').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('shows the search page in English', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/practices?q=regularizacion');
    await page.getByRole('heading', { level: 1, name: 'Prácticas' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Practices' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('group', { name: 'GCM objective' }).waitFor();
    await page.getByLabel('Sort by').waitFor();
    await page.getByRole('link', { name: 'Download XLSX' }).waitFor();
    expect(await page.getByTestId('result-count').textContent()).toMatch(/\d+ results?/);
    await page.locator('.badge', { hasText: /Validated by the State|Reported by stakeholder/ }).first().waitFor();
    // The seeded titles in English are the platform's translation, and say so.
    await expect.poll(async () => (await resultTitles(page)).includes('Mobile regularization brigades')).toBe(true);
    await page.getByTestId('results').getByTestId('translation-mark').first().getByText('Translation by the platform').waitFor();
    // "human trafficking" is shown as typed (no «humana trafico»), and finds the trafficking practices.
    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('human trafficking');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/[?&]q=human/);
    await expect.poll(async () => (await resultTitles(page)).includes('National Policy against Trafficking in Persons 2020-2023')).toBe(true);
    expect(await page.getByTestId('corrected-query').count()).toBe(0);
    expect(await page.getByRole('searchbox', { name: 'Search', exact: true }).inputValue()).toBe('human trafficking');
    await settle(page);
    await env.shot(page, '6-search-en');
    a11y['search (en)'] = await axeViolations(page);
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(problems).toEqual([]);
  });
});
