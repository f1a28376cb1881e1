import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hashPassword } from '../src/server/modules/identity/crypto.ts';
import { signInAs, startEnv, type E2eEnv } from './support/env.ts';
import { axeViolations, settle } from './support/page.ts';

// The cooperation hub (issue 22): Honduras's focal point posts a need on objective 21 (return
// and reintegration) with the keyboard alone; the platform proposes seeded practices and IOM's
// open offer, each saying why; IOM's contributor, in English on a phone, expresses interest in
// its offer, and Honduras's focal point is told by e-mail (the real SMTP server of the journey).
const HONDURAS = { email: 'punto.focal@migracion.gob.hn', password: 'honduras password 2024' };
const IOM = { email: 'contributor@iom.example.org', password: 'iom password 2024' };
const NEED = 'Reintegración sostenible de personas retornadas';
const NEED_TEXT = 'Apoyo técnico para los centros de atención a personas migrantes retornadas y su reintegración en sus comunidades';
const OFFER = { es: 'Asistencia técnica para la reintegración de personas retornadas', en: 'Technical assistance for the reintegration of returnees' };

describe('journey: a need posted, matched, and answered by an organisation', () => {
  let env: E2eEnv;
  let requestUrl = '';
  const a11y: Record<string, string[]> = {};
  const db = () => env.running.database.db;

  beforeAll(async () => {
    env = await startEnv('cooperation');
    const iom = await db().selectFrom('organisation').select('id').where('code', '=', 'IOM').executeTakeFirstOrThrow();
    await db()
      .insertInto('app_user')
      .values([
        { email: HONDURAS.email, display_name: 'Helena Punto Focal', role: 'focal_point', country_code: 'HND', password_hash: await hashPassword(HONDURAS.password) },
        { email: IOM.email, display_name: 'Ian Contributor', role: 'contributor', organisation_id: iom.id, locale: 'en', password_hash: await hashPassword(IOM.password) },
      ])
      .execute();
    // IOM's open offer on the same objective and kind (posted through the API in its own journey).
    await db()
      .insertInto('coop_offer')
      .values({ organisation_id: iom.id, title: JSON.stringify(OFFER), objectives: [21], kinds: ['technical_assistance', 'training'], status: 'published', visibility: 'public', published_at: new Date() } as never)
      .execute();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('(es, keyboard) Honduras posts a need on objective 21 and sees practices and IOM’s offer proposed, each saying why', async () => {
    const { page, problems } = await env.newPage();
    onTestFailed(() => env.shot(page, 'fail-es'));
    await signInAs(page, HONDURAS.email, HONDURAS.password);
    await page.goto('/cooperation');
    await page.getByRole('heading', { level: 1, name: 'Espacio de cooperación' }).waitFor();
    await settle(page);
    a11y['hub'] = await axeViolations(page);
    await page.getByRole('link', { name: 'Publicar una solicitud de apoyo' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Publicar una solicitud de apoyo' }).waitFor();
    await page.getByRole('checkbox', { name: /^21\./ }).waitFor();
    await settle(page);
    a11y['form'] = await axeViolations(page);
    await page.getByLabel('Título (español)').focus();
    await page.keyboard.type(NEED);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(NEED_TEXT);
    await expect.poll(() => page.getByLabel('Descripción').inputValue()).toBe(NEED_TEXT);
    await page.getByRole('checkbox', { name: /^21\./ }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: 'Asistencia técnica' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('checkbox', { name: /^21\./ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Publicar', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: NEED }).waitFor();
    requestUrl = new URL(page.url()).pathname;
    expect(requestUrl).toMatch(/^\/cooperation\/requests\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 2, name: 'Lo que propone la plataforma' }).waitFor();
    await page.getByRole('heading', { level: 3, name: /oferta abierta/ }).waitFor();
    const offer = page.locator('.coop-card').filter({ hasText: OFFER.es });
    await expect.poll(() => offer.count()).toBe(1);
    expect(await offer.textContent()).toContain('Organización Internacional para las Migraciones');
    // Practices on objective 21 from the seeded repository, with the reason.
    const practices = await page.getByRole('heading', { level: 3, name: /\d+ prácticas?$/ }).textContent();
    expect(Number(practices!.match(/\d+/)![0])).toBeGreaterThan(0);
    await page.getByRole('heading', { level: 3, name: /países? con experiencia|Sin países/ }).waitFor();
    await settle(page);
    await env.shot(page, '1-request-es');
    a11y['request'] = await axeViolations(page);
    // Edited after posting: the form comes filled in; the history keeps the change.
    await page.getByRole('link', { name: 'Editar la solicitud' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Editar la solicitud de apoyo' }).waitFor();
    await expect.poll(() => page.getByLabel('Título (español)').inputValue()).toBe(NEED);
    await settle(page);
    a11y['edit'] = await axeViolations(page);
    await page.getByLabel('Plazo').focus();
    await page.keyboard.type('2027');
    await page.getByRole('button', { name: 'Guardar los cambios' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: NEED }).waitFor();
    await page.getByText('2027', { exact: true }).waitFor();
    const history = await db().selectFrom('coop_history').select(['status', 'note']).where('entity_type', '=', 'request').orderBy('id').execute();
    expect(history.map((h) => `${h.status}:${h.note ?? ''}`)).toEqual(['published:', 'edited:timeframe']);
    expect(problems).toEqual([]);
    expect(Object.entries(a11y).filter(([, v]) => v.length)).toEqual([]);
  });

  it('(en, 390 px) IOM’s contributor sees the need, expresses interest in its offer; Honduras is e-mailed; IOM’s hub page lists offer and cooperation', async () => {
    expect(requestUrl).not.toBe('');
    const { page, problems } = await env.newPage({ locale: 'en-GB' });
    onTestFailed(() => env.shot(page, 'fail-en'));
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, IOM.email, IOM.password);
    await page.goto(requestUrl);
    await page.getByRole('heading', { level: 2, name: 'What the platform proposes' }).waitFor();
    await page.getByText(OFFER.en).waitFor();
    const interest = page.getByRole('button', { name: `Express interest in the offer ${OFFER.en}` });
    await interest.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Interest sent: the parties have been told by e-mail.').waitFor();
    await page.getByText('International Organization for Migration is interested.').waitFor();
    const mail = await env.smtp.waitFor((m) => m.recipients.includes(HONDURAS.email));
    expect(mail.text).toContain(NEED);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settle(page);
    await env.shot(page, '2-interest-en-390');
    a11y['request (en, 390)'] = await axeViolations(page);
    // IOM's page in the hub, from its offer's card: the offer and the cooperation just proposed.
    await page.goto('/cooperation');
    await page.locator('.coop-card').filter({ hasText: OFFER.en }).getByRole('link', { name: 'International Organization for Migration' }).click();
    await page.getByRole('heading', { level: 1, name: 'International Organization for Migration' }).waitFor();
    await page.getByText(OFFER.en).waitFor();
    await page.getByRole('heading', { level: 3, name: '1 cooperation' }).waitFor();
    await settle(page);
    await env.shot(page, '3-organisation-en-390');
    a11y['organisation (en, 390)'] = await axeViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const coop = await db().selectFrom('cooperation').select(['status', 'partner_interest_at', 'offer_id']).executeTakeFirstOrThrow();
    expect(coop.status).toBe('proposed');
    expect(coop.partner_interest_at).not.toBeNull();
    expect(coop.offer_id).not.toBeNull();
    expect(problems).toEqual([]);
    expect(Object.entries(a11y).filter(([, v]) => v.length)).toEqual([]);
  });
});
