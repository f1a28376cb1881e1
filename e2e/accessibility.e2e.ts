import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations } from './support/page.ts';

async function settle(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached' }); // first(): several may show at once
}

describe('journey d: no accessibility violations (axe-core, any impact)', () => {
  let env: E2eEnv;
  let invitationLink: string;
  beforeAll(async () => {
    env = await startEnv('d-a11y');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('public pages in Spanish: home, sign-in, link (valid and invalid), 404', async () => {
    const { page, problems } = await env.newPage();
    const pages: [string, string | RegExp][] = [
      ['/', 'Observatorio Regional de Movilidad Humana'],
      ['/sign-in', 'Iniciar sesión'],
      ['/forgot-password', 'Restablecer la contraseña'],
      ['/link/this-link-does-not-exist-at-all', 'Enlace no disponible'],
      ['/no-such-page', 'Página no encontrada'],
    ];
    const found: Record<string, string[]> = {};
    for (const [path, heading] of pages) {
      await page.goto(path);
      await settle(page, heading);
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      found[path] = await axeViolations(page);
    }
    // The sign-in page showing an error.
    await page.goto('/sign-in');
    await page.getByLabel('Correo electrónico').fill('nobody@example.org');
    await page.getByLabel('Contraseña', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await page.getByText('Correo electrónico o contraseña incorrectos.').waitFor();
    found['/sign-in (error)'] = await axeViolations(page);
    await env.shot(page, '1-sign-in-error');
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    expect(problems).toEqual([]);
  });

  it('signed-in pages in Spanish: account, admin users (and its dialog), invitations, organisations, audit', async () => {
    const { page, context, problems } = await env.newPage();
    await signInAs(page, ADMIN.email, ADMIN.password);
    const found: Record<string, string[]> = {};

    await page.goto('/account');
    await settle(page, 'Mi cuenta');
    await page.getByLabel('Nombre del token').fill('Carga mensual');
    await page.getByRole('button', { name: 'Crear token' }).click();
    await page.getByTestId('new-token').waitFor();
    expect(await page.getByTestId('new-token').textContent()).toMatch(/^obs_/);
    found['/account'] = await axeViolations(page);
    await env.shot(page, '2-account');

    await page.goto('/admin/users');
    await settle(page, 'Cuentas');
    await page.locator('tbody tr').first().waitFor();
    found['/admin/users'] = await axeViolations(page);
    await env.shot(page, '3-admin-users');
    await page.getByRole('button', { name: `Editar ${ADMIN.email}` }).click();
    await page.getByRole('dialog').waitFor();
    found['/admin/users (dialog)'] = await axeViolations(page);
    await env.shot(page, '4-admin-users-dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // An invitation (through the API, as the browser would), so the list and the link page have content.
    const session = (await (await context.request.get('/api/v1/auth/session')).json()) as { csrfToken: string };
    const created = await context.request.post('/api/v1/admin/invitations', {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { email: 'observer@example.org', role: 'member_viewer', countryCode: 'CRI', locale: 'es' },
    });
    expect(created.status()).toBe(201);
    const mail = await env.smtp.waitFor((m) => m.to === 'observer@example.org', 10_000);
    invitationLink = /https?:\/\/\S+\/link\/[A-Za-z0-9_-]+/.exec(mail.text)![0];

    await page.goto('/admin/invitations');
    await settle(page, 'Invitar a una persona');
    await page.locator('tbody tr').first().waitFor();
    found['/admin/invitations'] = await axeViolations(page);
    await env.shot(page, '5-admin-invitations');

    await page.goto('/admin/organisations');
    await settle(page, 'Nueva organización');
    found['/admin/organisations'] = await axeViolations(page);
    await env.shot(page, '6-admin-organisations');

    await page.goto('/admin/reference');
    await settle(page, 'Objetivos del Pacto Mundial');
    await page.getByRole('cell', { name: 'Guatemala' }).first().waitFor();
    found['/admin/reference'] = await axeViolations(page);
    await env.shot(page, '6b-admin-reference');

    await page.goto('/admin/audit');
    await settle(page, 'Registro de auditoría');
    await page.locator('tbody tr').first().waitFor();
    await page.locator('details summary').first().click();
    found['/admin/audit'] = await axeViolations(page);
    await env.shot(page, '7-admin-audit');

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    expect(problems).toEqual([]);
  });

  it('the invitation link page (Spanish) and the home page in English', async () => {
    const { page, problems } = await env.newPage();
    await page.goto(invitationLink);
    await settle(page, 'Crear su cuenta');
    await page.getByText('País: Costa Rica').waitFor();
    const link = await axeViolations(page);
    await env.shot(page, '8-link');

    await page.goto('/');
    await settle(page, 'Observatorio Regional de Movilidad Humana');
    await page.getByRole('button', { name: 'English' }).click();
    await settle(page, 'Regional Human Mobility Observatory');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const homeEn = await axeViolations(page);
    await env.shot(page, '9-home-en');

    await page.goto('/sign-in');
    await settle(page, 'Sign in');
    const signInEn = await axeViolations(page);

    expect({ link, homeEn, signInEn }).toEqual({ link: [], homeEn: [], signInEn: [] });
    expect(problems).toEqual([]);
  });
});
