import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

const CONTRIBUTOR = { email: 'contribuidora@iom.example.org', password: 'contributor password 2024' };
const SECRETARIAT = { email: 'secretaria@crm.example.org', password: 'secretariat password 2024' };
const FOCAL_GTM = { email: 'punto.focal@minex.gob.gt', password: 'focal point password 2024' };
const TITLE = 'Red regional de albergues seguros para personas migrantes';
const COMMENT = 'Indique el período y los países donde funcionan los albergues.';
// The smallest file the server recognises as a PDF from its content.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('journey f: a practice from submission to publication', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startEnv('f-practices');
    const db = env.running.database.db;
    const iom = await db.selectFrom('organisation').select('id').where('code', '=', 'IOM').executeTakeFirstOrThrow();
    await db
      .insertInto('app_user')
      .values([
        { email: CONTRIBUTOR.email, display_name: 'Carla Contribuidora', role: 'contributor', organisation_id: iom.id, password_hash: await hashPassword(CONTRIBUTOR.password) },
        { email: SECRETARIAT.email, display_name: 'Sergio Secretaría', role: 'secretariat', password_hash: await hashPassword(SECRETARIAT.password) },
        { email: FOCAL_GTM.email, display_name: 'Gabriela Punto Focal', role: 'focal_point', country_code: 'GTM', password_hash: await hashPassword(FOCAL_GTM.password) },
      ])
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('an IOM contributor submits, the secretariat requests a change, the contributor fixes it, the secretariat publishes, a visitor finds it', async () => {
    const a11y: Record<string, string[]> = {};
    const author = await env.newPage();
    const reviewer = await env.newPage();
    const { page } = author;
    await signInAs(page, CONTRIBUTOR.email, CONTRIBUTOR.password);
    await page.getByRole('link', { name: 'Mi espacio de trabajo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mi espacio de trabajo' }).waitFor();
    await page.getByRole('link', { name: 'Registrar una práctica' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registrar una práctica' }).waitFor();
    await settle(page);

    // Saving without the required fields: the shared schema answers before anything is sent.
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.getByRole('alert').getByText('Revise los campos marcados.').waitFor();
    await page.getByText('El título es obligatorio (en al menos un idioma).').waitFor();
    await page.getByText('Indique al menos un objetivo del PMM.').waitFor();
    await env.shot(page, '1-form-errors');
    a11y['form (errors)'] = await axeViolations(page);

    await page.getByLabel('Título (español)').fill(TITLE);
    await page.getByLabel('Resumen (español)').fill('Albergues temporales con atención humanitaria y protección para personas migrantes en tránsito, con rutas de búsqueda y rescate.');
    await page.getByLabel('Descripción', { exact: true }).fill('La red coordina **albergues** en la ruta migratoria.\n\n- Atención médica\n- Orientación legal');
    // The organisation of the account is already chosen.
    expect(await page.locator('fieldset[data-field="organisations"]').getByRole('checkbox', { name: /Organización Internacional para las Migraciones/ }).isChecked()).toBe(true);
    // Objectives suggested from the text, added with one click.
    const suggestion = page.getByTestId('suggestions').getByRole('button').first();
    await suggestion.waitFor({ timeout: 15_000 });
    const suggested = Number(/Añadir objetivo (\d+)/.exec((await suggestion.textContent())!)![1]);
    await suggestion.click();
    expect(await page.locator('fieldset[data-field="objectives"]').getByRole('checkbox', { name: new RegExp(`^${suggested}\\. `) }).isChecked()).toBe(true);
    await page.locator('fieldset[data-field="objectives"]').getByRole('checkbox', { name: /^8\. / }).check();
    await page.locator('fieldset[data-field="countries"]').getByRole('checkbox', { name: 'Guatemala' }).check();
    await page.getByRole('button', { name: 'Añadir un enlace' }).click();
    await page.getByLabel('Dirección del enlace 1').fill('https://www.iom.int/');
    await page.getByLabel('Texto del enlace 1').fill('OIM');
    await env.shot(page, '2-form-filled');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/\/practices\/[0-9a-f-]{36}\/edit$/);
    await page.getByText('Borrador guardado.', { exact: false }).waitFor();
    const practiceId = /\/practices\/([0-9a-f-]{36})\/edit/.exec(page.url())![1]!;

    // A PDF attachment; a file that is not one of the accepted types is refused with the server's message.
    await page.getByLabel('Archivo').setInputFiles({ name: 'programa.exe', mimeType: 'application/pdf', buffer: Buffer.from('MZ not really a pdf') });
    await page.getByRole('button', { name: 'Adjuntar' }).click();
    await page.getByRole('alert').filter({ hasText: 'programa.exe' }).waitFor();
    await page.getByLabel('Archivo').setInputFiles({ name: 'informe-albergues.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Adjuntar' }).click();
    await page.getByTestId('attachments').getByRole('link', { name: 'informe-albergues.pdf' }).waitFor();
    await settle(page);
    await env.shot(page, '3-draft-with-attachment');
    a11y['form (edit)'] = await axeViolations(page);
    await page.getByRole('button', { name: 'Enviar a revisión' }).click();
    await page.getByText('Práctica enviada a revisión de la Secretaría.').waitFor();

    // The secretariat asks for a change (a comment is required).
    const r = reviewer.page;
    await signInAs(r, SECRETARIAT.email, SECRETARIAT.password);
    await r.goto('/workspace');
    const row = r.locator(`tr[data-practice="${practiceId}"]`);
    await row.waitFor();
    await settle(r);
    a11y['workspace (secretariat)'] = await axeViolations(r);
    await env.shot(r, '4-review-queue');
    await row.getByRole('button', { name: 'Solicitar cambios' }).click();
    await row.getByText('Escriba un comentario para solicitar cambios o rechazar.').waitFor();
    await row.getByLabel('Comentario para la autora o el autor').fill(COMMENT);
    await row.getByRole('button', { name: 'Solicitar cambios' }).click();
    await r.getByText(`Se solicitaron cambios para «${TITLE}».`).waitFor();

    // The contributor sees the comment, fixes and resubmits.
    await page.goto('/workspace');
    const mine = page.locator(`tr[data-practice="${practiceId}"]`);
    await mine.getByText(COMMENT).waitFor();
    await settle(page);
    a11y['workspace (contributor)'] = await axeViolations(page);
    await mine.getByRole('link', { name: `Editar «${TITLE}»` }).click();
    await page.getByTestId('review-comment').getByText(COMMENT).waitFor();
    await env.shot(page, '5-changes-requested');
    await page.getByLabel('Estado', { exact: true }).selectOption('ongoing');
    await page.getByLabel('Inicio').fill('2023-09-01');
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await page.getByText('Cambios guardados.').waitFor();
    await page.getByRole('button', { name: 'Enviar a revisión' }).click();
    await page.getByText('Práctica enviada a revisión de la Secretaría.').waitFor();

    // The secretariat publishes.
    await r.goto('/workspace');
    await row.getByRole('button', { name: 'Publicar' }).click();
    await r.getByText(`«${TITLE}» fue publicada.`).waitFor();

    // An anonymous visitor finds it by search, with its attachment; its history shows the change.
    const visitor = await env.newPage();
    const v = visitor.page;
    await v.goto('/practices');
    await v.getByRole('searchbox', { name: 'Buscar' }).fill('albergues seguros');
    await v.getByRole('button', { name: 'Buscar', exact: true }).click();
    await v.getByTestId('results').getByRole('link', { name: TITLE }).click();
    await v.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await v.getByText('Reportada por actor interesado').first().waitFor();
    await v.getByRole('link', { name: 'informe-albergues.pdf' }).waitFor();
    await v.locator('.markdown strong', { hasText: 'albergues' }).waitFor();
    await v.getByText('Visible solo para miembros con sesión iniciada.').waitFor();
    await settle(v);
    await env.shot(v, '6-published-anonymous');
    await v.getByRole('link', { name: 'Historial de cambios' }).click();
    await v.getByRole('heading', { level: 1, name: 'Historial de la práctica' }).waitFor();
    await v.getByRole('rowheader', { name: 'Estado' }).first().waitFor();

    // The secretariat sees the same history with authors and restore buttons.
    await r.goto(v.url());
    await r.getByRole('button', { name: /^Restaurar la versión \d+$/ }).first().waitFor();
    await r.getByText(`— ${CONTRIBUTOR.email}`, { exact: false }).first().waitFor();
    await settle(r);
    await env.shot(r, '7-history-secretariat');
    a11y['history (es)'] = await axeViolations(r);

    // Guatemala's focal point validates it on behalf of the state (the practice names Guatemala).
    const focal = await env.newPage();
    const fp = focal.page;
    await signInAs(fp, FOCAL_GTM.email, FOCAL_GTM.password);
    await fp.goto(v.url().replace(/\/history$/, ''));
    await fp.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await fp.getByRole('button', { name: 'Validar en nombre del Estado' }).click();
    await fp.getByText('Práctica validada por el Estado.').waitFor();
    await fp.getByText('Validada por el Estado').first().waitFor();
    await settle(fp);
    await env.shot(fp, '8-validated-by-state');
    a11y['validated (es)'] = await axeViolations(fp);
    // The visitor now sees it as validated by the state.
    await v.goto(fp.url());
    await v.getByText('Validada por el Estado').first().waitFor();
    expect(await v.getByRole('button', { name: 'Validar en nombre del Estado' }).count()).toBe(0);

    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    expect(author.problems).toEqual([]);
    expect(reviewer.problems).toEqual([]);
    expect(visitor.problems).toEqual([]);
    expect(focal.problems).toEqual([]);
  });

  it('the author deletes a draft after confirming; cancelling keeps it', async () => {
    const { page, problems } = await env.newPage();
    await signInAs(page, CONTRIBUTOR.email, CONTRIBUTOR.password);
    await page.goto('/practices/new');
    await page.getByRole('heading', { level: 1, name: 'Registrar una práctica' }).waitFor();
    await page.getByLabel('Título (español)').fill('Borrador para eliminar');
    await page.locator('fieldset[data-field="objectives"]').getByRole('checkbox', { name: /^8\. / }).check();
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/\/practices\/[0-9a-f-]{36}\/edit$/);
    const id = /\/practices\/([0-9a-f-]{36})\/edit/.exec(page.url())![1]!;
    const asked: string[] = [];
    // Cancelled: nothing is sent, the draft stays.
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Eliminar el borrador' }).click();
    expect(asked).toEqual(['¿Eliminar el borrador «Borrador para eliminar»? No se puede deshacer.']);
    expect((await page.request.get(`/api/v1/practices/${id}/edit`)).status()).toBe(200);
    // Confirmed: the workspace says so and no longer lists it.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Eliminar el borrador' }).click();
    await page.waitForURL(/\/workspace$/);
    await page.getByText('Borrador «Borrador para eliminar» eliminado.').waitFor();
    expect(await page.getByRole('link', { name: 'Borrador para eliminar' }).count()).toBe(0);
    expect((await page.request.get(`/api/v1/practices/${id}/edit`)).status()).toBe(404);
    expect(problems).toEqual([]);
  });

  it('a second editor gets a conflict panel with the other person’s values, never a silent overwrite', async () => {
    const one = await env.newPage();
    const two = await env.newPage();
    await signInAs(one.page, SECRETARIAT.email, SECRETARIAT.password);
    await signInAs(two.page, SECRETARIAT.email, SECRETARIAT.password);
    const target = (await (await fetch(`${env.url}/api/v1/practices/mex-grupo-beta`)).json()) as { id: string };
    for (const p of [one.page, two.page]) {
      await p.goto(`/practices/${target.id}/edit`);
      await p.getByLabel('Título (español)').waitFor();
      await settle(p);
    }
    await one.page.getByLabel('Institución líder').fill('Instituto Nacional de Migración');
    await one.page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await one.page.getByText('Cambios guardados.').waitFor();
    await two.page.getByLabel('Institución líder').fill('INM — Grupos Beta');
    await two.page.getByRole('button', { name: 'Guardar', exact: true }).click();
    const conflict = two.page.getByTestId('conflict');
    await conflict.getByRole('cell', { name: 'Instituto Nacional de Migración' }).waitFor();
    await conflict.getByRole('cell', { name: 'INM — Grupos Beta' }).waitFor();
    await env.shot(two.page, '8-conflict');
    await conflict.getByRole('button', { name: 'Cargar la versión guardada' }).click();
    expect(await two.page.getByLabel('Institución líder').inputValue()).toBe('Instituto Nacional de Migración');
    expect(one.problems).toEqual([]);
    expect(two.problems.filter((p) => !p.includes('409'))).toEqual([]);
  });
});
