import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

const SECRETARIAT = { email: 'secretaria@crm.example.org', password: 'secretariat password 2024' };
const PANAMA = { email: 'punto.focal@migracion.gob.pa', password: 'panama password 2024' };
const MEXICO = { email: 'focal.point@inm.gob.mx', password: 'mexico password 2024' };
/** A 2023 cooperation idea (I forum of champion countries, Panama, table 1). */
const IDEA = 'forum1-t1-regular-pathways-registration';
const ROADMAP = 'Hoja de ruta: vías regulares y registro de personas migrantes';
const ACTION_PAN = 'Mesa binacional de registro de personas migrantes';
const ACTION_MEX = 'Protocolo común de registro en frontera';
const EVIDENCE = 'https://www.migracion.gob.pa/informe-registro-2026.pdf';
// The smallest file the server recognises as a PDF from its content.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** The roadmap's export, downloaded through its link, as an ExcelJS workbook. */
async function downloadXlsx(page: Page, linkName: string): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Row number (1-based) of an action in the exported sheet, by its id in column 1. */
function rowOf(ws: ExcelJS.Worksheet, actionId: string): number {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === actionId) return r;
  throw new Error(`action ${actionId} not in the sheet`);
}

describe('journey: a 2023 cooperation idea becomes a roadmap that is followed up to the evidence', () => {
  let env: E2eEnv;
  let roadmapId = '';
  const a11y: Record<string, string[]> = {};
  const db = () => env.running.database.db;
  /** Every page visited so far is axe-clean (no finding of any impact). */
  const axeClean = () => expect(Object.entries(a11y).filter(([, v]) => v.length)).toEqual([]);
  const actionsState = async () =>
    (await db().selectFrom('roadmap_action').select(['id', 'status', 'due_date']).where('roadmap_id', '=', roadmapId).orderBy('position').execute()).map((a) => `${a.status}|${a.due_date}`);

  beforeAll(async () => {
    env = await startEnv('commitments');
    await db()
      .insertInto('app_user')
      .values([
        { email: SECRETARIAT.email, display_name: 'Sergio Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) },
        { email: PANAMA.email, display_name: 'Paula Punto Focal', role: 'focal_point', country_code: 'PAN', password_hash: await hashPassword(PANAMA.password) },
        { email: MEXICO.email, display_name: 'Mario Focal Point', role: 'focal_point', country_code: 'MEX', locale: 'en', password_hash: await hashPassword(MEXICO.password) },
      ])
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('(es) the secretariat creates a roadmap from the idea and assigns actions to Panama and Mexico; Panama reports with evidence; dashboard, timeline and country page show it', async () => {
    const { page, problems } = await env.newPage();
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Compromisos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Seguimiento de compromisos' }).waitFor();
    await page.getByRole('navigation', { name: 'Compromisos' }).getByRole('link', { name: 'Reuniones y foros' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reuniones y foros' }).waitFor();
    await settle(page);
    a11y['meetings'] = await axeViolations(page);
    await page.getByRole('link', { name: /^I Foro Regional de Países Precursores/ }).click();
    await page.getByRole('heading', { level: 3, name: /Ideas de cooperación \(22\)/ }).waitFor();
    await settle(page);
    await env.shot(page, '1-meeting');
    a11y['meeting'] = await axeViolations(page);
    await page.locator(`li[data-outcome="${IDEA}"]`).getByRole('link', { name: /Ver el seguimiento/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Seguimiento: Idea de cooperación' }).waitFor();
    await page.getByText('Todavía no hay ninguna hoja de ruta para este resultado. Cuando la Secretaría cree una', { exact: false }).waitFor();
    await settle(page);
    a11y['timeline (empty)'] = await axeViolations(page);
    await page.getByRole('link', { name: 'Crear una hoja de ruta a partir de esto' }).click();
    await page.getByRole('heading', { level: 1, name: 'Crear una hoja de ruta' }).waitFor();
    await page.getByTestId('source-outcome').waitFor();
    await settle(page);
    // The idea is ticked as the source and its objectives are taken over.
    expect(await page.locator('fieldset[data-field="outcomes"] input:checked').count()).toBe(1);
    expect(await page.locator('fieldset[data-field="objectives"] input:checked').count()).toBeGreaterThan(0);

    // Dates out of order: a clear message, nothing stored.
    await page.getByLabel('Título (español)').fill(ROADMAP);
    await page.getByLabel('Inicio del período').fill('2026-01-01');
    await page.getByLabel('Fin del período').fill('2025-12-31');
    await page.getByRole('button', { name: 'Crear la hoja de ruta' }).click();
    await page.getByText('La fecha de fin no puede ser anterior a la de inicio.').waitFor();
    await page.getByRole('alert').filter({ hasText: 'Revise los campos marcados.' }).waitFor();
    a11y['roadmap form (errors)'] = await axeViolations(page);
    expect(await db().selectFrom('roadmap').select('id').execute()).toEqual([]);

    await page.getByLabel('Inicio del período').fill('2024-01-01');
    await page.getByLabel('Fin del período').fill('2027-12-31');
    await page.locator('fieldset[data-field="leadCountries"]').getByRole('checkbox', { name: 'Panamá' }).check();
    await page.locator('fieldset[data-field="countries"]').getByRole('checkbox', { name: 'México' }).check();
    await page.getByLabel('Pública (visible sin iniciar sesión)').check();
    await env.shot(page, '2-roadmap-form');
    await page.getByRole('button', { name: 'Crear la hoja de ruta' }).click();
    await page.waitForURL(/\/roadmaps\/[0-9a-f-]{36}$/);
    roadmapId = /\/roadmaps\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await page.getByRole('heading', { level: 1, name: ROADMAP }).waitFor();
    await page.getByText('Hoja de ruta creada. Añada ahora sus acciones.').waitFor();

    // Actions: one owner only (a clear message), then Panama's and Mexico's (the latter already past due).
    const add = page.getByRole('form', { name: 'Añadir una acción' });
    await add.getByLabel('Título (español)').fill(ACTION_PAN);
    await add.getByLabel('País responsable').selectOption('PAN');
    await add.getByLabel('Organización responsable').selectOption('IOM');
    await add.getByRole('button', { name: 'Añadir una acción' }).click();
    await add.getByText('Una acción tiene un solo responsable: elija un país o una organización, no ambos.').waitFor();
    await add.getByLabel('Organización responsable').selectOption('');
    await add.getByLabel('Fecha límite').fill('2027-06-30');
    await add.getByRole('button', { name: 'Añadir una acción' }).click();
    await page.locator('li[data-action]').filter({ hasText: ACTION_PAN }).waitFor();
    await add.getByLabel('Título (español)').fill(ACTION_MEX);
    await add.getByLabel('Título (inglés)').fill('Common border registration protocol');
    await add.getByLabel('País responsable').selectOption('MEX');
    await add.getByLabel('Fecha límite').fill('2024-06-30');
    await add.getByRole('button', { name: 'Añadir una acción' }).click();
    const mexCard = page.locator('li[data-action]').filter({ hasText: ACTION_MEX });
    await mexCard.waitFor();
    // The overdue action says so in words, not by colour alone.
    await mexCard.locator('[data-flag="overdue"]', { hasText: 'Vencida' }).waitFor();
    expect(await page.locator('li[data-action]').filter({ hasText: ACTION_PAN }).locator('[data-flag="overdue"]').count()).toBe(0);
    await settle(page);
    await env.shot(page, '3-roadmap-secretariat');
    a11y['roadmap (secretariat)'] = await axeViolations(page);

    // Panama's focal point, from the link its reminder would carry, reports progress on its own action only.
    const pan = await env.newPage();
    const p = pan.page;
    await signInAs(p, PANAMA.email, PANAMA.password);
    await p.goto(`/roadmaps/${roadmapId}`);
    await p.getByRole('heading', { level: 1, name: ROADMAP }).waitFor();
    await settle(p);
    const mine = p.locator('li[data-action]').filter({ hasText: ACTION_PAN });
    expect(await p.locator('li[data-action]').filter({ hasText: ACTION_MEX }).getByRole('form').count()).toBe(0);
    const report = mine.getByRole('form', { name: `Informar un avance de «${ACTION_PAN}»` });
    await report.getByLabel('Qué se hizo').fill('Primera sesión de la mesa binacional; acta firmada por ambas instituciones.');
    await report.getByLabel('Enlace de evidencia').fill('ftp://archivo.gob.pa/acta.pdf');
    await report.getByRole('button', { name: 'Publicar el avance' }).click();
    await report.getByText('El enlace debe empezar por http:// o https://.').waitFor();
    expect(await db().selectFrom('action_update').select('id').execute()).toEqual([]);
    await report.getByLabel('Enlace de evidencia').fill(EVIDENCE);
    await report.getByLabel('Nuevo estado').selectOption('in_progress');
    // A program renamed .pdf: the server reads the content and refuses it; no update is written.
    await report.getByLabel('Archivo de evidencia (opcional)').setInputFiles({ name: 'acta.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program') });
    await report.getByRole('button', { name: 'Publicar el avance' }).click();
    await report.getByText('«acta.pdf» no es un PDF, DOCX, XLSX ni una imagen (se comprueba el contenido, no el nombre).').waitFor();
    expect(await db().selectFrom('action_update').select('id').execute()).toEqual([]);
    expect(await db().selectFrom('action_evidence_file').select('id').execute()).toEqual([]);
    await report.getByLabel('Archivo de evidencia (opcional)').setInputFiles({ name: 'acta-mesa-binacional.pdf', mimeType: 'application/pdf', buffer: PDF });
    await report.getByRole('button', { name: 'Publicar el avance' }).click();
    await report.getByText('Avance publicado.').waitFor();
    await mine.getByRole('link', { name: `Evidencia: ${EVIDENCE}` }).waitFor();
    await mine.getByRole('link', { name: 'Archivo de evidencia: acta-mesa-binacional.pdf' }).waitFor();
    await mine.locator('[data-status="in_progress"]').first().waitFor();
    await settle(p);
    await env.shot(p, '4-roadmap-focal-point');
    a11y['roadmap (focal point)'] = await axeViolations(p);

    // The dashboard counts it; the overdue action is listed as overdue.
    await p.goto('/commitments');
    await p.getByRole('heading', { level: 1, name: 'Seguimiento de compromisos' }).waitFor();
    await settle(p);
    const overall = p.getByTestId('overall');
    expect(await overall.locator('[data-status="in_progress"] dd').textContent()).toBe('1');
    expect(await overall.locator('[data-flag="overdue"] dd').textContent()).toBe('1');
    await p.getByRole('heading', { name: 'Acciones vencidas (1)' }).waitFor();
    await p.locator('section[aria-labelledby="dash-overdue"]').getByRole('link', { name: ACTION_MEX }).waitFor();
    expect(await p.getByTestId('by-country').locator('tr[data-row="PAN"] td').first().textContent()).toBe('1');
    await env.shot(p, '5-dashboard');
    a11y['dashboard'] = await axeViolations(p);

    // The timeline: meeting → idea → roadmap → action → update and evidence.
    await p.goto(`/outcomes/${IDEA}`);
    await p.getByTestId('timeline-summary').getByText('1 hoja de ruta, 2 acciones, 1 avance informado.').waitFor();
    await p.getByRole('link', { name: ROADMAP }).waitFor();
    await p.getByRole('link', { name: `Evidencia: ${EVIDENCE}` }).waitFor();
    const fileLink = p.getByRole('link', { name: 'Archivo de evidencia: acta-mesa-binacional.pdf' });
    const [download] = await Promise.all([p.waitForEvent('download'), fileLink.click()]);
    expect(fs.readFileSync(await download.path()).equals(PDF)).toBe(true);
    await settle(p);
    await env.shot(p, '6-timeline');
    a11y['timeline'] = await axeViolations(p);

    // Mexico's page of commitments: what it takes part in and what is overdue.
    await p.goto('/commitments/countries/MEX');
    await p.getByRole('heading', { level: 1, name: 'Compromisos de México' }).waitFor();
    await p.getByRole('heading', { name: 'Vencidas (1)' }).waitFor();
    await p.locator('section[aria-labelledby="c-part"]').getByRole('link', { name: ROADMAP }).waitFor();
    await settle(p);
    a11y['country page'] = await axeViolations(p);

    // Narrow screens: nothing overflows sideways on the roadmap page.
    await p.setViewportSize({ width: 360, height: 800 });
    await p.goto(`/roadmaps/${roadmapId}`);
    await p.getByRole('heading', { level: 1, name: ROADMAP }).waitFor();
    await settle(p);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await env.shot(p, '7-roadmap-360');

    expect(problems).toEqual([]);
    expect(pan.problems).toEqual([]);
    axeClean();
  }, 300_000);

  it('(es) the XLSX round trip changes two statuses with a diff; bad cells are explained by row and column and store nothing', async () => {
    const { page, problems } = await env.newPage();
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.goto(`/roadmaps/${roadmapId}`);
    await page.getByRole('heading', { level: 1, name: ROADMAP }).waitFor();
    await settle(page);
    const ids = (await db().selectFrom('roadmap_action').select(['id', 'responsible_country']).where('roadmap_id', '=', roadmapId).execute()).reduce<Record<string, string>>(
      (m, a) => ({ ...m, [a.responsible_country!]: a.id }),
      {},
    );

    // Bad file first: unknown country, a formula, a date that is not a date.
    const bad = await downloadXlsx(page, 'Descargar en Excel (XLSX)');
    const ws = bad.worksheets[0]!;
    expect(ws.getRow(1).getCell(5).value).toBe('Estado');
    ws.getRow(rowOf(ws, ids.PAN!)).getCell(3).value = 'XYZ';
    ws.getRow(rowOf(ws, ids.MEX!)).getCell(5).value = { formula: 'CONCAT("Real","izada")', result: 'Realizada', date1904: false };
    ws.getRow(rowOf(ws, ids.MEX!)).getCell(4).value = '31/12/2026';
    const before = await actionsState();
    await page.getByLabel('Archivo de avances (XLSX o CSV)').setInputFiles({ name: 'avances-malos.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await bad.xlsx.writeBuffer()) });
    await page.getByRole('button', { name: 'Ver los cambios' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    await errors.getByText('El país u organización «XYZ» no existe en las listas de la plataforma.').waitFor();
    await errors.getByText('La celda contiene una fórmula; escriba solo valores.').waitFor();
    await errors.getByText('Fecha no válida; use AAAA-MM-DD.').waitFor();
    await page.getByText('Corrija los errores en el archivo y vuelva a cargarlo; no se aplicó ningún cambio.').waitFor();
    expect(await page.getByRole('button', { name: /^Aplicar/ }).count()).toBe(0);
    await settle(page);
    await env.shot(page, '8-import-errors');
    a11y['import (errors)'] = await axeViolations(page);
    expect(await actionsState()).toEqual(before);

    // The real round trip: two statuses changed in the sheet, shown as a diff, then applied.
    const good = await downloadXlsx(page, 'Descargar en Excel (XLSX)');
    const gs = good.worksheets[0]!;
    gs.getRow(rowOf(gs, ids.PAN!)).getCell(5).value = 'Realizada';
    gs.getRow(rowOf(gs, ids.MEX!)).getCell(5).value = 'Blocked'; // either language is understood
    await page.getByLabel('Archivo de avances (XLSX o CSV)').setInputFiles({ name: 'avances.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await good.xlsx.writeBuffer()) });
    await page.getByRole('button', { name: 'Ver los cambios' }).click();
    const changes = page.getByTestId('import-changes');
    await changes.waitFor();
    const rows = changes.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    await rows.filter({ hasText: ACTION_PAN }).getByText('En curso').waitFor();
    await rows.filter({ hasText: ACTION_PAN }).getByText('Realizada').waitFor();
    await rows.filter({ hasText: ACTION_MEX }).getByText('No iniciada').waitFor();
    await rows.filter({ hasText: ACTION_MEX }).getByText('Bloqueada').waitFor();
    expect(await actionsState()).toEqual(before); // a preview writes nothing
    await settle(page);
    await env.shot(page, '9-import-diff');
    a11y['import (diff)'] = await axeViolations(page);
    await page.getByRole('button', { name: 'Aplicar 2 cambios' }).click();
    await page.getByText('Se aplicaron 2 cambios.').waitFor();
    await page.locator('li[data-action][data-status="done"]').filter({ hasText: ACTION_PAN }).waitFor();
    await page.locator('li[data-action][data-status="blocked"]').filter({ hasText: ACTION_MEX }).waitFor();
    expect((await actionsState()).map((s) => s.split('|')[0])).toEqual(['done', 'blocked']);
    expect(problems).toEqual([]);
    axeClean();
  }, 300_000);

  it('(en) Mexico’s focal point reads in English, changes its action’s status; the secretariat records a pledge; pages are axe-clean', async () => {
    const { page, problems } = await env.newPage({ locale: 'en-GB' });
    onTestFailed(async () => {
      await env.shot(page, 'failed-en');
      console.error('problems:', problems, 'url:', page.url());
    });
    await signInAs(page, MEXICO.email, MEXICO.password);
    await page.goto(`/roadmaps/${roadmapId}`);
    await page.getByRole('heading', { level: 1, name: ROADMAP }).waitFor();
    await settle(page);
    const mex = page.locator('li[data-action]').filter({ hasText: 'Common border registration protocol' });
    await mex.locator('[data-flag="overdue"]', { hasText: 'Overdue' }).waitFor();
    await mex.locator('.cm-status', { hasText: 'Blocked' }).first().waitFor();
    await mex.getByLabel('Change the status').selectOption('in_progress');
    await mex.getByRole('button', { name: 'Save the status' }).click();
    await mex.getByText('Status updated.').waitFor();
    await page.locator('li[data-action][data-status="in_progress"]').filter({ hasText: 'Common border registration protocol' }).waitFor();
    // Panama's action carries no form for Mexico.
    expect(await page.locator('li[data-action]').filter({ hasText: ACTION_PAN }).getByRole('form').count()).toBe(0);
    a11y['roadmap (en, focal point)'] = await axeViolations(page);

    await page.goto('/commitments');
    await page.getByRole('heading', { level: 1, name: 'Commitments follow-up' }).waitFor();
    await page.getByRole('heading', { name: 'Overdue actions (1)' }).waitFor();
    await settle(page);
    a11y['dashboard (en)'] = await axeViolations(page);
    await page.goto(`/outcomes/${IDEA}`);
    await page.getByRole('heading', { level: 1, name: 'Follow-up: Cooperation idea' }).waitFor();
    await page.getByTestId('timeline-summary').getByText('1 roadmap, 2 actions, 1 progress update.').waitFor();
    await settle(page);
    a11y['timeline (en)'] = await axeViolations(page);

    const sec = await env.newPage({ locale: 'en-GB' });
    const s = sec.page;
    await signInAs(s, SECRETARIAT.email, SECRETARIAT.password);
    // The account remembers the language; wait for it, or the next page load would apply the old one.
    await Promise.all([s.waitForResponse((r) => r.url().endsWith('/api/v1/account') && r.request().method() === 'PATCH'), s.getByRole('button', { name: 'English' }).click()]);
    await s.goto('/pledges');
    await s.getByRole('heading', { level: 1, name: 'Pledges' }).waitFor();
    await s.getByRole('link', { name: 'Record a pledge' }).click();
    await s.getByRole('heading', { level: 1, name: 'Record a pledge' }).waitFor();
    await settle(s);
    await s.getByLabel('Title (English)').fill('Technical assistance for migrant registration');
    await s.getByRole('button', { name: 'Record the pledge' }).click();
    await s.getByText('Choose the type of pledge.').waitFor();
    await s.getByText('Name at least one state or organisation.').waitFor();
    a11y['pledge form (errors, en)'] = await axeViolations(s);
    expect(await db().selectFrom('pledge').select('id').execute()).toEqual([]);
    await s.getByLabel('Type').selectOption('technical');
    await s.locator('fieldset[data-field="countries"]').getByRole('checkbox', { name: 'Mexico' }).check();
    await s.getByLabel('Measurable target').fill('3 national workshops in 2027');
    await s.getByLabel('Public (visible without signing in)').check();
    await s.getByRole('button', { name: 'Record the pledge' }).click();
    await s.waitForURL(/\/pledges\/[0-9a-f-]{36}$/);
    await s.getByRole('heading', { level: 1, name: 'Technical assistance for migrant registration' }).waitFor();
    await s.getByText('3 national workshops in 2027').waitFor();
    await settle(s);
    a11y['pledge (en)'] = await axeViolations(s);

    // Mexico's focal point reports on its pledge.
    await page.goto('/pledges');
    await page.getByRole('link', { name: 'Technical assistance for migrant registration' }).click();
    await page.getByLabel('What was done').fill('First workshop held in Tapachula.');
    await page.getByRole('button', { name: 'Post the update' }).click();
    await page.getByText('First workshop held in Tapachula.').nth(0).waitFor();
    await page.getByRole('heading', { name: 'Progress reports (1)' }).waitFor();
    await settle(page);
    await env.shot(page, '10-pledge-en');
    a11y['pledge with report (en)'] = await axeViolations(page);

    // A visitor (not signed in) sees the public roadmap, without authors' names.
    const anon = await env.newPage({ locale: 'en-GB' });
    await anon.page.goto(`/roadmaps/${roadmapId}`);
    await anon.page.getByRole('heading', { level: 1, name: ROADMAP }).waitFor();
    await settle(anon.page);
    expect(await anon.page.getByText('Paula Punto Focal').count()).toBe(0);
    expect(await anon.page.getByRole('form').count()).toBe(0);
    a11y['roadmap (visitor)'] = await axeViolations(anon.page);

    expect(problems).toEqual([]);
    expect(sec.problems).toEqual([]);
    expect(anon.problems).toEqual([]);
    axeClean();
  }, 300_000);

  // The secretariat's account now remembers English (previous step).
  it('(en) the secretariat edits the roadmap’s title in the filled-in form and sees it; a meeting lists its original documents', async () => {
    const { page, problems } = await env.newPage({ locale: 'en-GB' });
    await signInAs(page, SECRETARIAT.email, SECRETARIAT.password);
    await page.goto(`/roadmaps/${roadmapId}`);
    await page.getByRole('heading', { level: 1, name: ROADMAP }).waitFor();
    await page.getByRole('link', { name: 'Edit roadmap' }).click();
    await page.waitForURL(new RegExp(`/roadmaps/${roadmapId}/edit$`));
    const title = page.getByLabel('Title (Spanish)');
    await expect.poll(() => title.inputValue()).toBe(ROADMAP);
    expect(await page.locator('fieldset[data-field="leadCountries"]').getByRole('checkbox', { name: 'Panama' }).isChecked()).toBe(true);
    await title.fill('Hoja de ruta revisada de registro');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/roadmaps/${roadmapId}$`));
    await page.getByRole('heading', { level: 1, name: 'Hoja de ruta revisada de registro' }).waitFor();
    await page.getByText('Roadmap saved.').waitFor();
    const row = await db().selectFrom('roadmap').select(['title', 'is_public']).where('id', '=', roadmapId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: { es: 'Hoja de ruta revisada de registro' }, is_public: true });

    // The I forum's communiqué and report, seeded from the original documents, with download links and the upload form.
    await page.goto('/meetings/champions-forum-i-2023-panama');
    const docs = page.getByTestId('meeting-documents');
    await docs.getByRole('link', { name: 'Informe del I Foro Regional de Países Precursores' }).waitFor();
    await docs.getByRole('link', { name: 'Comunicado conjunto del I Foro Regional de Países Precursores' }).waitFor();
    await page.getByRole('heading', { name: 'Attach a document' }).waitFor();
    const href = await docs.getByRole('link', { name: 'Informe del I Foro Regional de Países Precursores' }).getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('I FORO REGIONAL DE PAÍSES PRECURSORES');
    // The participants' list of the report's annex: names for signed-in members…
    await page.getByRole('heading', { name: 'Participants (79)' }).waitFor();
    await page.getByTestId('participants').first().getByRole('rowheader', { name: 'Marta Vindas Gonzáles' }).waitFor();
    await settle(page);
    a11y['meeting with documents (secretariat, en)'] = await axeViolations(page);
    // …and only the count for an anonymous visitor (who reads Spanish, the default).
    const anon = await env.newPage();
    await anon.page.goto('/meetings/champions-forum-i-2023-panama');
    await anon.page.getByRole('heading', { name: 'Personas participantes (79)' }).waitFor();
    await anon.page.getByText('solo los ven los miembros con sesión iniciada', { exact: false }).waitFor();
    // The source document by its title, linked to the copy, never the seed's file name.
    const facts = anon.page.locator('dl.facts-grid');
    expect(await facts.getByRole('link', { name: 'Informe del I Foro Regional de Países Precursores' }).getAttribute('href')).toBe(href);
    expect(await anon.page.getByText('002_3ea1459b529c2a9a.txt').count()).toBe(0);
    expect(await anon.page.getByText('Marta Vindas').count()).toBe(0);
    expect(anon.problems).toEqual([]);
    expect(problems).toEqual([]);
    axeClean();
  }, 240_000);
});
