import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

const SECRETARIAT = { email: 'paginas@crm.example.org', password: 'secretariat password 2024' };
const width = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('journey: about, methodology and contact pages (issue 21)', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    env = await startEnv('site-pages');
    await env.running.database.db
      .insertInto('app_user')
      .values({ email: SECRETARIAT.email, display_name: 'Sara Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) })
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('(es) a visitor reaches the methodology from the footer and sees the flows and the suppression rule; usable at 390 px', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/');
    const footer = page.getByRole('navigation', { name: 'Información del sitio' });
    await footer.getByRole('link', { name: 'Metodología' }).click();
    await page.getByRole('heading', { level: 1, name: 'Metodología' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Protección de las cifras pequeñas' }).waitFor();
    // The live part: the standard's flows from the data structure, and the threshold it applies.
    const flows = page.getByRole('table', { name: 'Flujos del estándar' });
    await flows.getByRole('cell', { name: 'REG_ENTRY', exact: true }).waitFor();
    expect(await flows.locator('tbody tr').count()).toBe(11);
    await page.getByText(/menor que 5 se suprime/).waitFor();
    await settle(page);
    a11y['methodology (es)'] = await axeViolations(page);
    await env.shot(page, '1-methodology-es');

    await page.setViewportSize({ width: 390, height: 800 });
    for (const path of ['/methodology', '/about', '/contact']) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      await settle(page);
      expect(await width(page), path).toBeLessThanOrEqual(390);
    }
    await env.shot(page, '2-contact-390');
    expect(problems).toEqual([]);
  });

  it('(es → en) the secretariat publishes a contact address; the public sees it in both languages and the history keeps both versions', async () => {
    const { page, problems } = await env.newPage();
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.goto('/contact');
    await page.getByRole('heading', { level: 1, name: 'Contacto' }).waitFor();
    await page.getByText('todavía no ha publicado aquí una dirección de contacto').waitFor();
    await page.getByRole('link', { name: 'Editar esta página' }).click();
    await page.getByRole('heading', { level: 1, name: 'Editar «Contacto»' }).waitFor();
    await page.locator('#body-es').fill('Escriba a la Secretaría Técnica: **secretaria@crm.example.org**.');
    await page.locator('#body-en').fill('Write to the Technical Secretariat: **secretaria@crm.example.org**.');
    await page.getByLabel('Nota sobre el cambio').fill('dirección publicada');
    await settle(page);
    a11y['editor (es)'] = await axeViolations(page);
    await page.getByRole('button', { name: 'Guardar nueva versión' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacto' }).waitFor();
    await page.getByText('Escriba a la Secretaría Técnica:').waitFor();
    expect(await page.locator('.site-page strong').textContent()).toBe('secretaria@crm.example.org');

    const anon = await env.newPage({ locale: 'en' });
    await anon.page.goto('/contact');
    await anon.page.getByRole('button', { name: 'English' }).click().catch(() => {});
    await anon.page.getByText('Write to the Technical Secretariat:').waitFor();
    expect(await anon.page.getByText(/Version 2, updated/).isVisible()).toBe(true);
    expect(await anon.page.getByRole('link', { name: 'Edit this page' }).count()).toBe(0);
    await settle(anon.page);
    a11y['contact (en)'] = await axeViolations(anon.page);

    await page.goto('/contact/edit');
    const history = page.getByRole('table', { name: 'Historial' });
    await history.getByRole('cell', { name: 'dirección publicada' }).waitFor();
    expect(await history.locator('tbody tr').count()).toBe(2);
    await history.getByRole('cell', { name: 'Sara Secretaría' }).waitFor();
    await history.getByRole('cell', { name: 'Texto inicial de la plataforma' }).waitFor();
    expect(problems).toEqual([]);
    expect(anon.problems).toEqual([]);
    expect(Object.entries(a11y).filter(([, v]) => v.length)).toEqual([]);
  });
});

describe('journey: site search from the header (issue 21)', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startEnv('site-search');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('(es, then en at 390 px) finds a practice, a meeting and a country from the header box, by keyboard', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/');
    const box = page.getByRole('searchbox', { name: 'Búsqueda en todo el sitio' });
    await box.fill('Panamá');
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Buscar en el sitio' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'para «Panamá»' }).waitFor();
    const countries = page.getByRole('region', { name: /^Países/ });
    await countries.getByRole('link', { name: 'Panamá', exact: true }).waitFor();
    const meetings = page.getByRole('region', { name: /^Reuniones/ });
    expect(await meetings.getByRole('link').count()).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: /^Prácticas/ }).getByRole('link').count()).toBeGreaterThan(0);
    await settle(page);
    expect(await axeViolations(page)).toEqual([]);
    await env.shot(page, '3-search-es');
    // The first meeting opens its page.
    const first = meetings.getByRole('link').first();
    const title = (await first.textContent())!;
    await first.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto('/search?q=regular%20entries');
    const flows = page.getByRole('region', { name: /^Data: flows/ });
    await flows.getByRole('link', { name: 'Regular entries' }).waitFor();
    await settle(page);
    expect(await width(page)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await env.shot(page, '4-search-en-390');
    expect(problems).toEqual([]);
  });
});
