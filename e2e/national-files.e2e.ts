import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

/**
 * A national file imported as it comes (issue 17 item 6), through the interface only: Costa
 * Rica's own table (`fixtures/good/cri-entries-1252.csv`: Windows-1252, a title line above the
 * header, semicolons, thousands written `1.234`, Spanish headers, the national code `OOO` for an
 * unknown nationality, no flow column). The focal point maps its columns, gives the flow as a fixed
 * value, validates (`OOO` is recorded as the regional `_U`, and the report says so), sees the figures as they will be stored, and confirms.
 * Spanish and English (the English reader stops before confirming: the same figures are pending).
 */
const FOCAL = { email: 'estadistica@migracion.go.cr', password: 'focal point password 2024' };
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'good', 'cri-entries-1252.csv');

const TEXT = {
  es: {
    locale: 'es-ES',
    nav: 'Enviar datos',
    title: 'Enviar datos al observatorio',
    file: 'Archivo (CSV o XLSX)',
    read: 'Leer las columnas',
    column: (c: string) => `¿Qué es la columna «${c}»?`,
    step: '2. ¿Qué es cada columna?',
    header: '«cri-entries-1252.csv» tiene 5 columnas (encabezado en la fila 2)',
    send: 'Enviar y validar',
    diff: 'Qué cambiaría al confirmar',
    translated: '«OOO» se registró como «_U»',
    nic: '1234',
    confirm: 'Confirmar el envío',
    confirmed: 'Envío confirmado: queda pendiente de la aprobación de la Secretaría.',
  },
  en: {
    locale: 'en-GB',
    nav: 'Submit data',
    title: 'Submit data to the observatory',
    file: 'File (CSV or XLSX)',
    read: 'Read the columns',
    column: (c: string) => `What is the column “${c}”?`,
    step: '2. What is each column?',
    header: '“cri-entries-1252.csv” has 5 columns (header on row 2)',
    send: 'Send and validate',
    diff: 'What confirming would change',
    translated: '“OOO” was recorded as “_U”',
    nic: '1,234',
    confirm: 'Confirm the submission',
    confirmed: '',
  },
} as const;

describe('journey: a national file as it comes, through the interface', () => {
  let env: E2eEnv;
  const a11y: Record<string, string[]> = {};
  beforeAll(async () => {
    env = await startEnv('national-files');
    await env.running.database.db
      .insertInto('app_user')
      .values({ email: FOCAL.email, display_name: 'Estadística DGME', role: 'focal_point', country_code: 'CRI', password_hash: await hashPassword(FOCAL.password) })
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const lang of ['es', 'en'] as const)
    it(`maps, validates, previews and confirms Costa Rica's own table (${lang})`, async () => {
      const x = TEXT[lang];
      const { context, page, problems } = await env.newPage({ locale: x.locale });
      await context.addInitScript((l) => window.localStorage.setItem('observatorio.lang', l), lang);
      await signInAs(page, FOCAL.email, FOCAL.password);
      await page.goto('/observatory');
      // signed in, the account's language may win over the browser's: the reader switches as anyone would
      await settle(page);
      if (lang === 'en' && (await page.locator('html').getAttribute('lang')) !== 'en') await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
      await page.getByRole('navigation', { name: lang === 'es' ? 'Observatorio' : 'Observatory' }).getByRole('link', { name: x.nav }).click();
      await page.getByRole('heading', { level: 1, name: x.title }).waitFor();
      await settle(page);

      // the file as the authority publishes it, bytes untouched
      await page.getByLabel(x.file).setInputFiles({ name: 'cri-entries-1252.csv', mimeType: 'text/csv', buffer: fs.readFileSync(FILE) });
      await page.getByRole('button', { name: x.read }).click();
      const step = page.getByTestId('mapping-step');
      await step.getByRole('heading', { name: x.step }).waitFor();
      expect(await step.textContent()).toContain(x.header);
      // the title line is not a column; the accented header is read from Windows-1252
      expect(await page.locator('tr[data-column="país"]').count()).toBe(1);
      const column = (c: string) => page.getByLabel(x.column(c));
      for (const [c, target] of [['mes', 'TIME_PERIOD'], ['país', 'REF_AREA'], ['nacionalidad', 'CITIZENSHIP'], ['sexo', 'SEX'], ['valor', 'OBS_VALUE']] as const) {
        if ((await column(c).inputValue()) !== target) await column(c).selectOption(target);
      }
      // the flow is not in the file: one fixed value for every row
      await page.locator('select[data-dimension="FLOW"]').selectOption('REG_ENTRY');
      await settle(page);
      a11y[`mapping (${lang})`] = await axeViolations(page);
      await env.shot(page, `national-mapping-${lang}`);
      await page.getByRole('button', { name: x.send }).click();

      // the report: valid, the translation named, and the figures as they will be stored
      await page.waitForURL(/\/observatory\/submissions\/[0-9a-f-]{36}$/);
      await page.locator('[data-testid="report"][data-status="validated"]').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('report-errors').textContent()).toBe('0');
      expect(await page.getByTestId('report-rows').textContent()).toBe('7');
      expect(await page.getByTestId('report-warning-table').textContent()).toContain(x.translated);
      const diff = page.getByTestId('diff');
      await diff.getByRole('heading', { name: x.diff }).waitFor();
      expect(Number(await diff.locator('td[data-kind="added"]').textContent())).toBeGreaterThanOrEqual(7);
      const added = (await page.getByTestId('diff-added').textContent()) ?? '';
      expect(added).toContain('CRI · REG_ENTRY · NIC');
      // "1.234" in the file is one thousand two hundred and thirty-four persons, not 1.234
      expect(await page.getByTestId('diff-added').locator('tr', { hasText: 'CRI · REG_ENTRY · NIC · F · 2024-01' }).locator('td').last().textContent()).toBe(x.nic);
      expect(added).toContain('CRI · REG_ENTRY · _U · F · 2024-02');
      await settle(page);
      a11y[`report (${lang})`] = await axeViolations(page);
      await env.shot(page, `national-report-${lang}`);
      if (lang === 'es') {
        await page.getByRole('button', { name: x.confirm }).click();
        await page.getByText(x.confirmed).waitFor();
        await page.locator('[data-testid="report"][data-status="submitted"]').waitFor();
      } else {
        expect(await page.getByRole('button', { name: x.confirm }).count()).toBe(1);
      }
      expect(problems).toEqual([]);
    }, 240_000);

  it('has no accessibility finding (axe-core, any impact)', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(Object.keys(a11y).length).toBe(4);
  });
});

