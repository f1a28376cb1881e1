import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, type E2eEnv } from './support/env.ts';

describe('journey a: home page, language switch', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startEnv('a-home');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('shows the home page in Spanish, switches to English, and remembers it after a reload', async () => {
    const objectivesEn = (await (await fetch(`${env.url}/api/v1/reference/gcm/objectives`, { headers: { 'accept-language': 'en' } })).json()) as {
      items: { number: number; title: string }[];
    };
    const { page, problems } = await env.newPage();
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Observatorio Regional de Movilidad Humana');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    // The three doors, and no internal counters for the public (issue 21).
    await page.getByTestId('door-data').waitFor();
    expect(await page.getByText('cuentas activas').count()).toBe(0);
    await page.locator('ol.objectives li').first().waitFor();
    expect(await page.locator('ol.objectives li').count()).toBe(23);
    expect(await page.getByRole('link', { name: 'Iniciar sesión' }).isVisible()).toBe(true);
    await env.shot(page, '1-home-es');

    const toggle = page.getByRole('button', { name: 'English' });
    expect(await toggle.getAttribute('lang')).toBe('en');
    await toggle.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Regional Human Mobility Observatory');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Content from the API follows the language too.
    const first = objectivesEn.items.find((o) => o.number === 1)!;
    await page.getByText(first.title, { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Español' }).getAttribute('lang')).toBe('es');
    await env.shot(page, '2-home-en');

    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Regional Human Mobility Observatory');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('door-data').waitFor();
    await env.shot(page, '3-home-en-reloaded');
    expect(problems).toEqual([]);
  });

  it('answers an unknown page with status 404 and a page-not-found page', async () => {
    const { page, problems } = await env.newPage();
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Página no encontrada');
    expect(await page.getByRole('link', { name: 'Ir a la página de inicio' }).isVisible()).toBe(true);
    await env.shot(page, '4-not-found');
    expect(problems).toEqual([]);
  });
});
