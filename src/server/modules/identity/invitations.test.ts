import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../platform/mail/index.ts';
import { createUser, signIn, testApp, TEST_PASSWORD, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { startSmtp, type CapturedMail, type SmtpCapture } from '../../../../test/helpers/smtp.ts';

let t: TestApp;
let smtp: SmtpCapture;
let admin: Client;

const NEW_PASSWORD = 'another strong passphrase';

function linkToken(mail: CapturedMail): string {
  const m = /http:\/\/localhost:3000\/link\/([A-Za-z0-9_-]{20,100})/.exec(mail.text);
  if (!m) throw new Error(`no link in e-mail: ${mail.text}`);
  return m[1]!;
}

async function xminOf(table: 'one_time_token' | 'app_user' | 'audit_event', where: string, value: string | number): Promise<string> {
  const r = await sql<{ x: string }>`select xmin::text as x from ${sql.table(table)} where ${sql.ref(where)} = ${value}`.execute(t.db.db);
  return r.rows[0]!.x;
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await testApp({
    env: { SMTP_URL: smtp.url },
    mailer: createMailer({ smtpUrl: smtp.url, from: 'Observatorio <no-reply@observatorio.test>', log: () => {} }),
  });
  await createUser(t, { email: 'admin@example.org', role: 'admin' });
  await t.db.db
    .insertInto('organisation')
    .values({ code: 'OIM-TEST', kind: 'observer', name: JSON.stringify({ es: 'Organización de prueba', en: 'Test organisation' }), acronym: null, country_code: null })
    .execute();
  admin = await signIn(t, 'admin@example.org');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('invitations', () => {
  it('invites a focal point for GTM in Spanish, and the invitee completes the link', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM', locale: 'es' },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<{ id: string; emailSent: boolean; link?: string }>();
    expect(created.emailSent).toBe(true);
    // With SMTP configured the link travels only by e-mail.
    expect(created.link).toBeUndefined();

    const mail = await smtp.waitFor((m) => m.to === 'fp.gtm@example.org');
    expect(mail.subject).toBe('Invitación al Observatorio Regional de Movilidad Humana');
    expect(mail.text).toContain('le invitó al Observatorio Regional de Movilidad Humana');
    expect(mail.text).toContain('válido 7 días');
    const token = linkToken(mail);

    const info = await t.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ purpose: 'invitation', email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });

    // The invitation and its audit row were written by one transaction.
    const invAudit = await t.db.db.selectFrom('audit_event').selectAll().where('action', '=', 'invitation.create').where('entity_id', '=', created.id).execute();
    expect(invAudit).toHaveLength(1);
    expect(invAudit[0]!.actor_label).toBe('admin@example.org');
    expect(invAudit[0]!.after).toMatchObject({ email: 'fp.gtm@example.org', role: 'focal_point', country: 'GTM' });
    expect(await xminOf('audit_event', 'id', invAudit[0]!.id)).toBe(await xminOf('one_time_token', 'id', created.id));

    const done = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auth/links/${token}`,
      payload: { password: NEW_PASSWORD, displayName: 'Punto focal Guatemala' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json().user).toMatchObject({ email: 'fp.gtm@example.org', role: 'focal_point' });
    const cookie = done.cookies.find((c) => c.name === 'obs_session');
    expect(cookie).toBeDefined();

    const session = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `obs_session=${cookie!.value}` } });
    expect(session.json().user).toMatchObject({ email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM', displayName: 'Punto focal Guatemala' });

    const user = await t.db.db.selectFrom('app_user').selectAll().where('email', '=', 'fp.gtm@example.org').executeTakeFirstOrThrow();
    expect(user.role).toBe('focal_point');
    expect(user.country_code).toBe('GTM');
    const userAudit = await t.db.db.selectFrom('audit_event').selectAll().where('action', '=', 'user.create').where('entity_id', '=', user.id).execute();
    expect(userAudit).toHaveLength(1);
    expect(userAudit[0]!.after).toMatchObject({ email: 'fp.gtm@example.org', role: 'focal_point', country: 'GTM', via: 'invitation' });
    expect(JSON.stringify(userAudit[0]!.after)).not.toMatch(/argon2|password/);
    // The account, the used link and the audit row: one transaction.
    const tx = await xminOf('audit_event', 'id', userAudit[0]!.id);
    expect(await xminOf('app_user', 'id', user.id)).toBe(tx);
    const link = await t.db.db.selectFrom('one_time_token').select(['used_at']).where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(link.used_at).not.toBeNull();

    // The new password works for a normal sign-in.
    await signIn(t, 'fp.gtm@example.org', NEW_PASSWORD);

    // A link is single use.
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}`, payload: { password: NEW_PASSWORD } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Este enlace ya fue utilizado.');
    const inspectAgain = await t.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
    expect(inspectAgain.statusCode).toBe(409);
  });

  it('sends the e-mail in English for an English invitation', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { email: 'viewer.en@example.org', role: 'member_viewer', locale: 'en' },
    });
    expect(res.statusCode).toBe(201);
    const mail = await smtp.waitFor((m) => m.to === 'viewer.en@example.org');
    expect(mail.subject).toBe('Invitation to the Regional Human Mobility Observatory');
    expect(mail.text).toContain('invited you to the Regional Human Mobility Observatory');
    expect(mail.text).toContain('valid 7 days');
    const info = await t.app.inject({ method: 'GET', url: `/api/v1/auth/links/${linkToken(mail)}` });
    expect(info.json()).toMatchObject({ purpose: 'invitation', role: 'member_viewer', countryCode: null });
  });

  it('refuses to invite an e-mail that already has an account (409, with a message)', async () => {
    const before = smtp.messages.length;
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { email: 'ADMIN@example.org', role: 'member_viewer' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    expect(res.json().error.message).toBe('Ya existe una cuenta con el correo ADMIN@example.org.');
    expect(smtp.messages.length).toBe(before);
  });

  it('requires a country for a focal point (400, issue on countryCode)', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      headers: { 'accept-language': 'en' },
      payload: { email: 'fp.none@example.org', role: 'focal_point' },
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.issues as { path: string; message: string }[];
    expect(issues).toContainEqual({ path: 'countryCode', message: 'A focal point must have a country.' });
    const n = await t.db.db.selectFrom('one_time_token').select('id').where('email', '=', 'fp.none@example.org').execute();
    expect(n).toHaveLength(0);
  });

  it('requires an organisation for a contributor (400), and accepts one with it', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { email: 'contrib@example.org', role: 'contributor' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toContainEqual({ path: 'organisationCode', message: 'Un colaborador debe pertenecer a una organización.' });

    const ok = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { email: 'contrib@example.org', role: 'contributor', organisationCode: 'OIM-TEST' },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('rejects an unknown country code with an issue on countryCode', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { email: 'fp.xxx@example.org', role: 'focal_point', countryCode: 'XXX' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toContainEqual({ path: 'countryCode', message: 'El país «XXX» no existe en la lista de países.' });
  });

  it('revokes an invitation: its link stops working', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/invitations',
      payload: { email: 'revoked@example.org', role: 'secretariat' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const token = linkToken(await smtp.waitFor((m) => m.to === 'revoked@example.org'));
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` })).statusCode).toBe(200);

    const del = await admin.request({ method: 'DELETE', url: `/api/v1/admin/invitations/${id}` });
    expect(del.statusCode).toBe(204);
    const list = await admin.request({ method: 'GET', url: '/api/v1/admin/invitations' });
    expect(list.json().items.find((i: { id: string }) => i.id === id)?.status).toBe('revoked');
    // The listing tells revoked from used by used_at >= expires_at: both are one instant.
    const row = await t.db.db.selectFrom('one_time_token').select(['used_at', 'expires_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(new Date(row.used_at!).getTime()).toBe(new Date(row.expires_at).getTime());

    const inspect = await t.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
    expect(inspect.statusCode).toBeGreaterThanOrEqual(400);
    expect(inspect.statusCode).toBeLessThan(500);
    const use = await t.app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}`, payload: { password: NEW_PASSWORD } });
    expect([404, 409]).toContain(use.statusCode);
    expect(await t.db.db.selectFrom('app_user').select('id').where('email', '=', 'revoked@example.org').executeTakeFirst()).toBeUndefined();
    // Revoking twice finds nothing open.
    expect((await admin.request({ method: 'DELETE', url: `/api/v1/admin/invitations/${id}` })).statusCode).toBe(404);
    const audit = await t.db.db.selectFrom('audit_event').select('id').where('action', '=', 'invitation.revoke').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);
  });

  it('lets only an administrator invite', async () => {
    const fp = await signIn(t, 'fp.gtm@example.org', NEW_PASSWORD);
    const res = await fp.request({ method: 'POST', url: '/api/v1/admin/invitations', payload: { email: 'x@example.org', role: 'admin' } });
    expect(res.statusCode).toBe(403);
  });
});

describe('password reset', () => {
  beforeAll(async () => {
    await createUser(t, { email: 'reset.me@example.org', role: 'member_viewer' });
  });

  it('sends a reset link to an existing address, and completing it changes the password and ends other sessions', async () => {
    const other = await signIn(t, 'reset.me@example.org');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'reset.me@example.org' } });
    expect(res.statusCode).toBe(202);
    const mail = await smtp.waitFor((m) => m.to === 'reset.me@example.org');
    expect(mail.subject).toBe('Restablecer su contraseña del Observatorio');
    const token = linkToken(mail);

    const info = await t.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
    expect(info.json()).toMatchObject({ purpose: 'password_reset', email: 'reset.me@example.org' });

    const done = await t.app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}`, payload: { password: NEW_PASSWORD } });
    expect(done.statusCode).toBe(200);

    // The session opened before the reset is over.
    const stale = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: other.cookie } });
    expect(stale.json().user).toBeNull();
    // The old password fails, the new one works.
    const old = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'reset.me@example.org', password: TEST_PASSWORD } });
    expect(old.statusCode).toBe(401);
    await signIn(t, 'reset.me@example.org', NEW_PASSWORD);
    // Single use.
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}`, payload: { password: 'a third passphrase!' } });
    expect(again.statusCode).toBe(409);
  });

  it('answers 202 for an unknown address and sends nothing', async () => {
    const before = smtp.messages.length;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.org' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
    // The mailer is awaited before the answer, so a message would already be here.
    expect(smtp.messages.length).toBe(before);
    const links = await t.db.db.selectFrom('one_time_token').select('id').where('email', '=', 'nobody@example.org').execute();
    expect(links).toHaveLength(0);
  });

  it('sends the reset e-mail in the language of the account', async () => {
    await createUser(t, { email: 'english@example.org', role: 'member_viewer' });
    await t.db.db.updateTable('app_user').set({ locale: 'en' }).where('email', '=', 'english@example.org').execute();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'english@example.org' } });
    expect(res.statusCode).toBe(202);
    const mail = await smtp.waitFor((m) => m.to === 'english@example.org');
    expect(mail.subject).toBe('Reset your Observatorio password');
    expect(mail.text).toContain('valid 2 hours');
  });
});

describe('password reset while the mail server is down', () => {
  it('answers 202 for a known address too, so an outage does not reveal which accounts exist', async () => {
    const down = await startSmtp();
    await down.close();
    const t2 = await testApp({ mailer: createMailer({ smtpUrl: down.url, from: 'Observatorio <no-reply@observatorio.test>', log: () => {} }) });
    try {
      await createUser(t2, { email: 'known@example.org', role: 'member_viewer' });
      const known = await t2.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'known@example.org' } });
      const unknown = await t2.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'unknown@example.org' } });
      expect(known.statusCode).toBe(202);
      expect(unknown.statusCode).toBe(202);
      expect(known.body).toBe(unknown.body);
    } finally {
      await t2.close();
    }
  });
});
