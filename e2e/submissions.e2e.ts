import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { SAMPLE_ROWS_PER_SLICE, writeSampleCsv } from '../src/server/modules/observatory/import/sample.ts';
import { JOB_THRESHOLD_BYTES } from '../src/server/modules/observatory/import/submit.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

const FOCAL_CRI = { email: 'punto.focal@migracion.go.cr', password: 'focal point password 2024' };
const SECRETARIAT = { email: 'secretaria@crm.example.org', password: 'secretariat password 2024' };
// A government's own layout: national headers, semicolons, codes in the cells, no decimals.
const HEADER = 'País;Flujo;Nacionalidad;Mes;Personas';
// OOO is the national code for an unknown nationality: translated to the regional _U in the mapping step
const MARCH = [HEADER, 'CRI;REG_ENTRY;VEN;2024-03;120', 'CRI;REG_ENTRY;NIC;2024-03;95', 'CRI;REG_ENTRY;OOO;2024-03;7', 'CRI;REG_ENTRY;COL;2024-03;40', 'CRI;REG_ENTRY;_T;2024-03;262'].join('\r\n') + '\r\n';
const APRIL_BAD = [HEADER, 'CRI;REG_ENTRY;VEN;2024-04;130', 'CRI;REG_ENTRY;NIC;2024-04;abc'].join('\r\n') + '\r\n';
const MAY = [HEADER, 'CRI;REG_ENTRY;VEN;2024-05;140', 'CRI;REG_ENTRY;NIC;2024-05;101'].join('\r\n') + '\r\n';
const RETURN_COMMENT = 'Mayo parece incompleto: faltan las entradas por el aeropuerto. Envíe el archivo completo.';

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
const column = (page: Page, name: string) => page.getByLabel(`¿Qué es la columna «${name}»?`);
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
/** No sideways scrolling of the page itself at a phone's width (wide tables scroll inside their own box). */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('journey: a country submits observatory data, the secretariat approves, releases are scheduled', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startEnv('submissions');
    const db = env.running.database.db;
    await db
      .insertInto('app_user')
      .values([
        { email: FOCAL_CRI.email, display_name: 'Carolina Punto Focal', role: 'focal_point', country_code: 'CRI', password_hash: await hashPassword(FOCAL_CRI.password) },
        { email: SECRETARIAT.email, display_name: 'Sergio Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) },
      ])
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('Costa Rica’s focal point maps a national file, confirms it, sees errors named by row, column and value; the secretariat approves one and returns another; figures appear; a release is scheduled', async () => {
    const a11y: Record<string, string[]> = {};
    const focal = await env.newPage();
    const { page } = focal;
    await signInAs(page, FOCAL_CRI.email, FOCAL_CRI.password);

    // --- the observatory's navigation offers sending data to focal points
    await page.goto('/observatory');
    const nav = page.getByRole('navigation', { name: 'Observatorio' });
    await nav.getByRole('link', { name: 'Enviar datos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enviar datos al observatorio' }).waitFor();
    await settle(page);
    expect(await page.getByTestId('template-link').getAttribute('href')).toBe('/api/v1/dataflows/MIG_FLOWS/template.xlsx?lang=es');
    expect(await page.getByLabel('Conjunto de datos').inputValue()).toBe('MIG_FLOWS');
    a11y['submit (es)'] = await axeViolations(page);
    await env.shot(page, '1-submit');

    // --- the file's columns: suggestions by name, the person says the rest
    await page.getByLabel('Archivo (CSV o XLSX)').setInputFiles(csv('entradas-marzo.csv', MARCH));
    await page.getByRole('button', { name: 'Leer las columnas' }).click();
    const step = page.getByTestId('mapping-step');
    await step.getByRole('heading', { name: '2. ¿Qué es cada columna?' }).waitFor();
    expect(await step.textContent()).toContain('«entradas-marzo.csv» tiene 5 columnas (encabezado en la fila 1)');
    expect(await column(page, 'Flujo').inputValue()).toBe('FLOW');
    expect(await column(page, 'Nacionalidad').inputValue()).toBe('CITIZENSHIP');
    expect(await column(page, 'Mes').inputValue()).toBe('');
    expect(await page.locator('tr[data-column="Personas"] td').last().textContent()).toBe('120 · 95 · 7 · 40 · 262');
    await column(page, 'País').selectOption('REF_AREA');
    // sending with the period and the value unmapped: the problems are named and focused
    await page.getByRole('button', { name: 'Enviar y validar' }).click();
    const problems = page.getByTestId('mapping-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('Falta Periodo (TIME_PERIOD)');
    expect(await problems.textContent()).toContain('(OBS_VALUE)');
    expect(await focusedText(page)).toContain('Antes de enviar, corrija la correspondencia');
    await column(page, 'Mes').selectOption('TIME_PERIOD');
    await column(page, 'Personas').selectOption('OBS_VALUE');
    // the national code in the first rows is offered for translation; chosen, it is listed
    const codes = page.getByTestId('code-translations');
    await codes.getByLabel('«OOO» en Nacionalidad (CITIZENSHIP) corresponde a').selectOption('_U');
    expect(await codes.getByTestId('code-table').textContent()).toContain('OOO');
    expect(await codes.getByLabel('«OOO» en Nacionalidad (CITIZENSHIP) corresponde a').count()).toBe(0);
    await page.getByLabel('Guardar esta correspondencia como (opcional)').fill('DGME mensual');
    await settle(page);
    a11y['mapping step (es)'] = await axeViolations(page);
    await env.shot(page, '2-mapping');
    await page.getByRole('button', { name: 'Enviar y validar' }).click();

    // --- the report: no errors, the diff, confirm → awaiting the secretariat
    await page.waitForURL(/\/observatory\/submissions\/[0-9a-f-]{36}$/);
    const marchId = /submissions\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const report = page.getByTestId('report');
    await page.locator('[data-testid="report"][data-status="validated"]').waitFor();
    expect(await focusedText(page)).toBe('Se recibió «entradas-marzo.csv». Revise el informe.');
    expect(await page.getByTestId('report-errors').textContent()).toBe('0');
    expect(await page.getByTestId('report-rows').textContent()).toBe('5');
    // the translation is reported as applied
    expect(await page.getByTestId('report-warning-table').textContent()).toContain('«OOO» se registró como «_U»');
    const diff = page.getByTestId('diff');
    await diff.getByRole('heading', { name: 'Qué cambiaría al confirmar' }).waitFor();
    expect(await diff.locator('td[data-kind="added"]').textContent()).toBe('5');
    expect(await diff.locator('td[data-kind="changed"]').textContent()).toBe('0');
    expect(await page.getByTestId('diff-added').textContent()).toContain('CRI · REG_ENTRY · VEN · 2024-03');
    await settle(page);
    a11y['report validated (es)'] = await axeViolations(page);
    await env.shot(page, '3-report-validated');
    await page.getByRole('button', { name: 'Confirmar el envío' }).click();
    await page.getByText('Envío confirmado: queda pendiente de la aprobación de la Secretaría.').waitFor();
    await page.locator('[data-testid="report"][data-status="submitted"]').waitFor();
    expect(await report.locator('.sub-badge').first().textContent()).toBe('Pendiente de aprobación');
    expect(await page.getByTestId('awaiting').textContent()).toContain('cuando la Secretaría apruebe');
    expect(await page.getByTestId('confirm').count()).toBe(0);

    // --- a second file with an error, sent with the saved mapping
    await page.goto('/observatory/submit');
    await settle(page);
    await page.getByLabel('Correspondencia de columnas guardada').selectOption({ label: 'DGME mensual' });
    await page.getByLabel('Archivo (CSV o XLSX)').setInputFiles(csv('entradas-abril.csv', APRIL_BAD));
    await page.getByRole('button', { name: 'Leer las columnas' }).click();
    await page.getByTestId('mapping-step').getByText('tomados de la correspondencia guardada «DGME mensual»').waitFor();
    expect(await column(page, 'Mes').inputValue()).toBe('TIME_PERIOD');
    expect(await column(page, 'País').inputValue()).toBe('REF_AREA');
    await page.getByRole('button', { name: 'Enviar y validar' }).click();
    await page.locator('[data-testid="report"][data-status="rejected"]').waitFor();
    expect(await page.getByTestId('report-errors').textContent()).toBe('1');
    const errors = page.getByTestId('report-error-table');
    expect(await errors.locator('caption').textContent()).toBe('1 error');
    const cells = await errors.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(cells).toEqual(['3', 'Personas', 'abc', 'Fila 3, columna «Personas»: «abc» no es un número.']);
    expect(await page.getByRole('button', { name: 'Confirmar el envío' }).count()).toBe(0);
    expect(await page.getByTestId('no-confirm').textContent()).toContain('No se puede confirmar: el archivo tiene 1 error.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^informe-validacion-[0-9a-f]{8}\.csv$/);
    const reportCsv = fs.readFileSync(await download.path(), 'utf8');
    const lines = reportCsv.replace(/^\uFEFF/, '').split('\r\n');
    // (a first line may hold the messages about the whole file)
    expect(lines).toContain('1,País,Flujo,Nacionalidad,Mes,Personas,Mensajes de validación');
    const bad = lines.find((l) => l.startsWith('3,'));
    expect(bad).toContain('3,CRI,REG_ENTRY,NIC,2024-04,abc,');
    expect(bad).toContain('Error: Fila 3, columna «Personas»: «abc» no es un número.');
    expect(lines.find((l) => l.startsWith('2,'))).toMatch(/^2,CRI,REG_ENTRY,VEN,2024-04,130,/);
    await settle(page);
    a11y['report with errors (es)'] = await axeViolations(page);
    await env.shot(page, '4-report-errors');

    // --- readable on a phone: the report and the submit page at 360 px
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await env.shot(page, '5-report-360');

    // --- a third file (May), confirmed: the secretariat will return it
    await page.goto('/observatory/submit');
    await settle(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await page.getByLabel('Correspondencia de columnas guardada').selectOption({ label: 'DGME mensual' });
    await page.getByLabel('Archivo (CSV o XLSX)').setInputFiles(csv('entradas-mayo.csv', MAY));
    await page.getByRole('button', { name: 'Leer las columnas' }).click();
    await page.getByTestId('mapping-step').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await env.shot(page, '6-mapping-360');
    await page.getByRole('button', { name: 'Enviar y validar' }).click();
    await page.locator('[data-testid="report"][data-status="validated"]').waitFor();
    const mayId = /submissions\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.getByRole('button', { name: 'Confirmar el envío' }).click();
    await page.locator('[data-testid="report"][data-status="submitted"]').waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- the country's list
    await page.getByRole('navigation', { name: 'Observatorio' }).getByRole('link', { name: 'Envíos', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Envíos de datos' }).waitFor();
    const list = page.getByTestId('submission-list');
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(3);
    expect(await list.locator(`tr[data-submission="${marchId}"] [data-status]`).getAttribute('data-status')).toBe('submitted');
    await page.getByLabel('Estado').selectOption('rejected');
    await page.waitForURL(/\/observatory\/submissions\?status=rejected$/);
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    await settle(page);
    a11y['list (focal point)'] = await axeViolations(page);

    // --- the secretariat: the approval queue, approve March, return May with a comment
    const reviewer = await env.newPage();
    const r = reviewer.page;
    await signInAs(r, SECRETARIAT.email, SECRETARIAT.password);
    await r.goto('/observatory/submissions');
    await r.getByTestId('awaiting-link').click();
    await r.waitForURL(/status=submitted/);
    const queue = r.getByTestId('submission-list');
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(2);
    expect(await r.getByLabel('Estado').inputValue()).toBe('submitted');
    await settle(r);
    a11y['approval queue (secretariat)'] = await axeViolations(r);
    await env.shot(r, '7-approval-queue');
    await queue.locator(`tr[data-submission="${marchId}"]`).getByRole('link', { name: 'entradas-marzo.csv' }).click();
    await r.locator('[data-testid="report"][data-status="submitted"]').waitFor();
    await r.getByTestId('review').waitFor();
    await settle(r);
    a11y['review (secretariat)'] = await axeViolations(r);
    await r.getByRole('button', { name: 'Aprobar y guardar las cifras' }).click();
    await r.locator('[data-testid="report"][data-status="applied"]').waitFor();
    await r.getByText('Envío aprobado: las cifras están guardadas.').waitFor();
    await r.getByRole('heading', { name: 'Qué cambió' }).waitFor();
    await env.shot(r, '8-approved');

    await r.goto(`/observatory/submissions/${mayId}`);
    await r.getByTestId('review').waitFor();
    await r.getByRole('button', { name: 'Devolver al país' }).click();
    await r.getByText('Escriba un comentario para devolver el envío.').waitFor();
    expect(await r.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await r.getByLabel(/Comentario para el país/).fill(RETURN_COMMENT);
    await r.getByRole('button', { name: 'Devolver al país' }).click();
    await r.locator('[data-testid="report"][data-status="returned"]').waitFor();
    await r.getByText('Envío devuelto al país con su comentario.').waitFor();

    // the approved figures, as the data API gives them to the secretariat (the returned month is not there)
    const data = await r.request.get('/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&groupBy=CITIZENSHIP,TIME_PERIOD');
    expect(data.status()).toBe(200);
    const obs = ((await data.json()) as { observations: { CITIZENSHIP: string; TIME_PERIOD: string; OBS_VALUE: number | null }[] }).observations;
    const figures = Object.fromEntries(obs.map((o) => [`${o.CITIZENSHIP}/${o.TIME_PERIOD}`, o.OBS_VALUE]));
    expect(figures).toMatchObject({ 'VEN/2024-03': 120, 'NIC/2024-03': 95, 'COL/2024-03': 40, '_U/2024-03': 7 });
    expect(Object.keys(figures).filter((k) => k.endsWith('2024-05') || k.endsWith('2024-04'))).toEqual([]);

    // --- the country sees the decision and the secretariat's comment
    await page.goto('/observatory/submissions?status=returned');
    await page.getByTestId('list-review-comment').getByText(RETURN_COMMENT, { exact: false }).waitFor();
    await page.getByRole('link', { name: 'entradas-mayo.csv' }).click();
    await page.locator('[data-testid="report"][data-status="returned"]').waitFor();
    expect(await page.getByTestId('review-comment').locator('blockquote').textContent()).toBe(RETURN_COMMENT);
    expect(await page.getByRole('button', { name: 'Confirmar el envío' }).count()).toBe(0);
    await settle(page);
    a11y['report returned (focal point)'] = await axeViolations(page);
    await page.goto(`/observatory/submissions/${marchId}`);
    await page.locator('[data-testid="report"][data-status="applied"]').waitFor();
    expect(await page.getByTestId('applied').textContent()).toMatch(/^Las cifras se guardaron el /);

    // --- the release calendar: the focal point schedules two releases of Costa Rica and cancels one
    await page.getByRole('navigation', { name: 'Observatorio' }).getByRole('link', { name: 'Calendario de publicaciones' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendario de publicaciones' }).waitFor();
    await settle(page);
    const form = page.getByTestId('schedule-form');
    expect(await form.getByLabel('País').inputValue()).toBe('Costa Rica');
    await form.getByLabel('Fecha y hora').fill('2030-06-30T10:00');
    await form.getByLabel('Para').selectOption('public');
    await form.getByLabel('Nota').fill('Cifras del primer semestre');
    await form.getByRole('button', { name: 'Programar' }).click();
    await page.getByText(/^Publicación de Costa Rica programada para el /).waitFor();
    await form.getByLabel('Fecha y hora').fill('2030-12-31T10:00');
    await form.getByLabel('Para').selectOption('members');
    await form.getByRole('button', { name: 'Programar' }).click();
    const cri = page.locator('section[data-country="CRI"]');
    await expect.poll(() => cri.locator('tbody tr').count()).toBe(2);
    expect(await cri.getByRole('heading', { level: 2 }).textContent()).toBe('Costa Rica');
    const first = cri.locator('tbody tr').first();
    expect(await first.textContent()).toContain('Cifras del primer semestre');
    expect(await first.getAttribute('data-status')).toBe('scheduled');
    await cri.locator('tbody tr').last().getByRole('button', { name: /^Cancelar la del / }).click();
    await page.getByText('Publicación de Costa Rica cancelada.').waitFor();
    await expect.poll(() => cri.locator('tbody tr').last().getAttribute('data-status')).toBe('cancelled');
    // a monthly bulletin: three moments a month apart in one step
    await form.getByLabel('Fecha y hora').fill('2031-01-31T10:00');
    await form.getByLabel('Repetir').selectOption('3');
    await form.getByRole('button', { name: 'Programar' }).click();
    await page.getByText(/^3 publicaciones de Costa Rica programadas, una por mes, del /).waitFor();
    await expect.poll(() => cri.locator('tbody tr[data-status="scheduled"]').count()).toBe(4);
    // publish now, beside scheduling: March's approved figures reach the public at once
    expect((await (await fetch(`${env.url}/api/v1/data/MIG_FLOWS?REF_AREA=CRI&groupBy=REF_AREA`)).json() as { observations: unknown[] }).observations).toEqual([]);
    await form.getByLabel('Para').selectOption('public');
    await form.getByRole('button', { name: 'Publicar ahora' }).click();
    await page.getByText('Cifras de Costa Rica publicadas ahora para el público.').waitFor();
    await expect.poll(() => cri.locator('tbody tr[data-status="released"]').count()).toBe(1);
    expect(await cri.locator('tbody tr[data-status="scheduled"]').count()).toBe(4);
    const march = '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-03&endPeriod=2024-03&groupBy=REF_AREA';
    const released = (await (await fetch(`${env.url}${march}`)).json()) as { observations: { OBS_VALUE: number | null }[] };
    const approved = (await (await r.request.get(march)).json()) as { observations: { OBS_VALUE: number | null }[] };
    expect(released.observations).toHaveLength(1);
    expect(released.observations[0]!.OBS_VALUE).toBe(approved.observations[0]!.OBS_VALUE);
    // a second time there is nothing new: the reason, in words
    await form.getByRole('button', { name: 'Publicar ahora' }).click();
    await page.getByText('No se publicó nada de CRI: No se aprobaron cifras nuevas desde la publicación anterior.').waitFor();
    // the country's policy: who sees its figures, whether approval is needed (kept as they are: public, approved by the secretariat)
    const policy = page.getByTestId('policy');
    await policy.getByRole('heading', { name: 'Política del país' }).waitFor();
    expect(await policy.getByRole('radio', { name: 'Público' }).isChecked()).toBe(true);
    expect(await policy.getByRole('checkbox', { name: 'Aprobar automáticamente los envíos confirmados del país' }).isChecked()).toBe(false);
    await policy.getByRole('button', { name: 'Guardar la política' }).click();
    await page.getByText('Política de Costa Rica guardada.').waitFor();
    await settle(page);
    a11y['release calendar (focal point)'] = await axeViolations(page);
    await env.shot(page, '9-calendar');

    // the calendar is public: a visitor sees the scheduled release
    const visitor = await env.newPage();
    await visitor.page.goto('/observatory/releases?country=CRI');
    await visitor.page.locator('section[data-country="CRI"] tbody tr[data-status="scheduled"]').first().waitFor();
    expect(await visitor.page.getByTestId('schedule-form').count()).toBe(0);

    // --- in English: the applied report
    await page.goto(`/observatory/submissions/${marchId}`);
    await page.locator('[data-testid="report"][data-status="applied"]').waitFor();
    await Promise.all([page.waitForResponse((res) => res.url().endsWith('/api/v1/account') && res.request().method() === 'PATCH'), page.getByRole('button', { name: 'English' }).click()]);
    await page.getByRole('heading', { level: 1, name: 'Validation report' }).waitFor();
    await page.getByRole('heading', { name: 'What changed' }).waitFor();
    expect(await page.locator('.sub-badge').first().textContent()).toBe('Applied');
    await settle(page);
    a11y['report applied (en)'] = await axeViolations(page);
    await env.shot(page, '10-report-en');

    // --- a large file (over the 4 MB background threshold): validated by the job, the page polls and shows the progress
    const bigFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'obs-e2e-sub-')), 'cri-2015.csv');
    // whole slices only: a file cut inside a cell would get that cell's missing parts as "not stated" (one total per cell)
    const { rows: bigRows } = writeSampleCsv(bigFile, { rows: Math.ceil(130_000 / SAMPLE_ROWS_PER_SLICE) * SAMPLE_ROWS_PER_SLICE, countries: ['CRI'] });
    const big = fs.readFileSync(bigFile);
    expect(big.length).toBeGreaterThan(JOB_THRESHOLD_BYTES);
    await page.goto('/observatory/submit');
    await page.getByRole('heading', { level: 1, name: 'Submit data to the observatory' }).waitFor();
    await settle(page);
    await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'cri-2015.csv', mimeType: 'text/csv', buffer: big });
    await page.getByRole('button', { name: 'Read the columns' }).click();
    // only the first megabyte was sent to read the columns; the template's ids are recognised
    await page.getByTestId('mapping-step').getByText('“cri-2015.csv” has 7 columns (header on row 1)').waitFor();
    expect(await page.getByLabel('What is the column “OBS_VALUE”?').inputValue()).toBe('OBS_VALUE');
    await page.getByRole('button', { name: 'Send and validate' }).click();
    await page.waitForURL(/\/observatory\/submissions\/[0-9a-f-]{36}$/);
    const bar = page.getByRole('progressbar', { name: 'File validation' });
    await bar.waitFor({ timeout: 20_000 });
    const now = Number(await bar.getAttribute('aria-valuenow'));
    expect(now).toBeGreaterThanOrEqual(0);
    expect(now).toBeLessThanOrEqual(100);
    expect(await page.getByTestId('validation-progress').textContent()).toMatch(/^Phase: (queued|reading and checking rows|checking the whole file)\. Read [\d,]+ of [\d,]+ KB; [\d,]+ rows read, [\d,]+ valid\.$/);
    a11y['report validating (en)'] = await axeViolations(page);
    await env.shot(page, '11-validating');
    await page.locator('[data-testid="report"][data-status="validated"]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('report-rows').textContent()).toBe(bigRows.toLocaleString('en'));
    expect(await page.getByTestId('diff').locator('td[data-kind="added"]').textContent()).toBe(bigRows.toLocaleString('en'));
    expect(await bar.count()).toBe(0);

    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect([...focal.problems, ...reviewer.problems, ...visitor.problems]).toEqual([]);
  });
});
