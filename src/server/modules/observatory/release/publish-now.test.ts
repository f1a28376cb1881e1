import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { startSmtp, type SmtpCapture } from '../../../../../test/helpers/smtp.ts';
import { createMailer } from '../../../platform/mail/index.ts';

/**
 * "Publish now" (issue 17, calendar.ts `publishNow`): an approved submission's figures released
 * at once, beside scheduling — the same permission, audit and mail as an announced moment.
 */
let t: TestApp;
let sec: Client;
let gtm: Client;
let hnd: Client;
let viewer: Client;
let smtp: SmtpCapture;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await testApp({ mailer: createMailer({ smtpUrl: smtp.url, from: 'observatorio@example.org', log: () => {} }) });
  await createUser(t, { email: 'pn.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'pn.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'pn.hnd@example.org', role: 'focal_point', countryCode: 'HND' });
  await createUser(t, { email: 'pn.viewer@example.org', role: 'member_viewer' });
  [sec, gtm, hnd, viewer] = (await Promise.all(['pn.sec', 'pn.gtm', 'pn.hnd', 'pn.viewer'].map((u) => signIn(t, `${u}@example.org`)))) as [Client, Client, Client, Client];
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const NOW = '/api/v1/release-calendar/publish-now';
const publicTotal = async (country: string): Promise<number | null> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?REF_AREA=${country}&groupBy=REF_AREA` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ observations: { OBS_VALUE: number | null }[] }>().observations[0]?.OBS_VALUE ?? null;
};
async function confirmed(month: string, value: number): Promise<string> {
  const rows = [{ TIME_PERIOD: month, REF_AREA: 'GTM', FLOW: 'IRREG_ENTRY', CITIZENSHIP: 'VEN', OBS_VALUE: value }];
  const r = await gtm.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
  expect(r.statusCode, r.body).toBe(201);
  const c = await gtm.request({ method: 'POST', url: `/api/v1/submissions/${r.json<{ id: string }>().id}/apply` });
  expect(c.json<{ status: string }>().status).toBe('submitted');
  return r.json<{ id: string }>().id;
}

describe('publish now', () => {
  let submission: string;

  it('refuses while nothing is approved, saying why, in Spanish and English; nothing is left in the calendar', async () => {
    submission = await confirmed('2024-01', 1200);
    const es = await gtm.request({ method: 'POST', url: NOW, payload: { country: 'GTM' } });
    expect(es.statusCode).toBe(409);
    expect(es.json<{ error: { message: string } }>().error.message).toBe('No se publicó nada de GTM: El país no tenía cifras aprobadas en ese momento.');
    const en = await gtm.request({ method: 'POST', url: `${NOW}?lang=en`, payload: { country: 'GTM' } });
    expect(en.json<{ error: { message: string } }>().error.message).toBe('Nothing of GTM was published: The country had no approved figures at that moment.');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/release-calendar?country=GTM' })).json<{ items: unknown[] }>().items).toEqual([]);
    expect(await publicTotal('GTM')).toBeNull();
  });

  it('may be used by the secretariat and the country’s own focal point only', async () => {
    expect((await t.app.inject({ method: 'POST', url: NOW, payload: { country: 'GTM' } })).statusCode).toBe(401);
    expect((await hnd.request({ method: 'POST', url: NOW, payload: { country: 'GTM' } })).statusCode).toBe(403);
    expect((await viewer.request({ method: 'POST', url: NOW, payload: { country: 'GTM' } })).statusCode).toBe(403);
    expect((await sec.request({ method: 'POST', url: NOW, payload: { country: 'XYZ' } })).statusCode).toBe(400);
  });

  it('releases the approved figures at once, in the calendar as released, audited as the person', async () => {
    const mailsBefore = smtp.messages.length;
    expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${submission}/approve`, payload: {} })).statusCode).toBe(200);
    // approval mails the submitter; publishing adds no mail of its own, as a scheduled release
    await expect.poll(() => smtp.messages.length).toBe(mailsBefore + 1);
    const r = await gtm.request({ method: 'POST', url: NOW, payload: { country: 'GTM', note: 'Boletín urgente' } });
    expect(r.statusCode, r.body).toBe(201);
    const entry = r.json<{ id: string; status: string; releaseId: string; level: string; note: string }>();
    expect(entry).toMatchObject({ country: 'GTM', status: 'released', level: 'public', note: 'Boletín urgente', releaseId: expect.any(String) });
    expect(await publicTotal('GTM')).toBe(1200);
    const pub = (await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&groupBy=REF_AREA' })).json<{ releases: { id: string }[] }>();
    expect(pub.releases).toEqual([expect.objectContaining({ id: entry.releaseId })]);
    const cal = (await t.app.inject({ method: 'GET', url: '/api/v1/release-calendar?country=GTM' })).json<{ items: unknown[] }>().items;
    expect(cal).toEqual([expect.objectContaining({ id: entry.id, status: 'released', releaseId: entry.releaseId })]);
    const audit = await t.db.db.selectFrom('audit_event').select(['action', 'actor_label', 'entity_id']).where('action', 'in', ['observatory.calendar_schedule', 'observatory.release_create']).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'observatory.calendar_schedule', actor_label: 'pn.gtm@example.org', entity_id: entry.id },
      { action: 'observatory.release_create', actor_label: 'pn.gtm@example.org', entity_id: entry.releaseId },
    ]);
    await new Promise((res) => setTimeout(res, 300));
    expect(smtp.messages.length).toBe(mailsBefore + 1);
    // the scheduled job finds nothing left to do
    expect(await t.services.observatory.runDueReleases()).toEqual([]);
  });

  it('refuses a second time with nothing new, and the level the country’s visibility does not allow', async () => {
    const again = await sec.request({ method: 'POST', url: NOW, payload: { country: 'GTM' }, headers: { 'accept-language': 'en' } });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { message: string } }>().error.message).toBe('Nothing of GTM was published: No new figures were approved since the previous release.');
    expect((await gtm.request({ method: 'PUT', url: '/api/v1/observatory/policies/GTM', payload: { visibility: 'members', autoApprove: false } })).statusCode).toBe(200);
    expect((await gtm.request({ method: 'POST', url: NOW, payload: { country: 'GTM', level: 'public' } })).statusCode).toBe(409);
    // members by default when the country's figures are for member states
    const members = await gtm.request({ method: 'POST', url: NOW, payload: { country: 'GTM' } });
    expect(members.statusCode, members.body).toBe(201);
    expect(members.json<{ level: string }>().level).toBe('members');
  });
});
