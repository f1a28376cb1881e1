import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startEnv, type E2eEnv } from './support/env.ts';

describe('journey c: repeated wrong passwords are rate-limited', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startEnv('c-ratelimit');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('says the password is wrong four times, then that there were too many attempts', async () => {
    const { page, problems } = await env.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('Correo electrónico').fill(ADMIN.email);
      await page.getByLabel('Contraseña', { exact: true }).fill(`wrong password ${attempt}`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in')),
        page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click(),
      ]);
      if (attempt < 5) {
        expect(res.status()).toBe(401);
        await expect.poll(() => alert.textContent()).toBe('Correo electrónico o contraseña incorrectos.');
      } else {
        expect(res.status()).toBe(429);
        await expect.poll(() => alert.textContent()).toMatch(/^Demasiados intentos fallidos de inicio de sesión\./);
      }
      if (attempt === 1) await env.shot(page, '1-wrong-password');
    }
    await env.shot(page, '2-rate-limited');
    // Even the right password is refused now.
    await page.getByLabel('Contraseña', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await expect.poll(() => alert.textContent()).toMatch(/^Demasiados intentos/);
    expect(await page.getByRole('link', { name: 'Mi cuenta' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
