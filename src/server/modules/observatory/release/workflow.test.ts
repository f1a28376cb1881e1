import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { startSmtp, type SmtpCapture } from '../../../../../test/helpers/smtp.ts';
import { createMailer } from '../../../platform/mail/index.ts';

/**
 * The workflow of issue 4 (workflow.ts, calendar.ts): validated → submitted by the focal point
 * → approved by the secretariat (or automatic, if the country chose it) → released at the
 * moment the country announced on its calendar, by the scheduled job; each country's
 * visibility caps who sees its releases.
 */
let t: TestApp;
let sec: Client;
let hnd: Client;
let gtm: Client;
let viewer: Client;
let smtp: SmtpCapture;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await testApp({ mailer: createMailer({ smtpUrl: smtp.url, from: 'observatorio@example.org', log: () => {} }) });
  await createUser(t, { email: 'wf.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'wf.hnd@example.org', role: 'focal_point', countryCode: 'HND' });
  await createUser(t, { email: 'wf.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'wf.viewer@example.org', role: 'member_viewer' });
  [sec, hnd, gtm, viewer] = (await Promise.all(['wf.sec', 'wf.hnd', 'wf.gtm', 'wf.viewer'].map((u) => signIn(t, `${u}@example.org`)))) as [Client, Client, Client, Client];
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const rows = (country: string, month: string, value: number) => [
  { TIME_PERIOD: month, REF_AREA: country, FLOW: 'IRREG_ENTRY', CITIZENSHIP: 'VEN', OBS_VALUE: value },
  { TIME_PERIOD: month, REF_AREA: country, FLOW: 'IRREG_ENTRY', CITIZENSHIP: 'HTI', OBS_VALUE: 40 },
];
async function validated(c: Client, country: string, month: string, value: number): Promise<string> {
  const r = await c.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows: rows(country, month, value) } });
  expect(r.statusCode, r.body).toBe(201);
  expect(r.json().status).toBe('validated');
  return r.json().id;
}
const total = async (c: Client | null, country: string): Promise<number | null> => {
  const url = `/api/v1/data/MIG_FLOWS?REF_AREA=${country}&groupBy=REF_AREA`;
  const res = c ? await c.request({ method: 'GET', url }) : await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().observations[0]?.OBS_VALUE ?? null;
};
const sleepUntil = async (at: Date) => {
  while (Date.now() <= at.getTime()) await new Promise((r) => setTimeout(r, 50));
};

describe('approval', () => {
  let first: string;

  it("a focal point's confirmation waits for the secretariat: nothing reaches the figures", async () => {
    first = await validated(hnd, 'HND', '2024-01', 900);
    const confirmed = await hnd.request({ method: 'POST', url: `/api/v1/submissions/${first}/apply` });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe('submitted');
    expect(confirmed.json().applied).toBeNull();
    expect(await total(hnd, 'HND')).toBeNull();
    expect(await total(sec, 'HND')).toBeNull();
    // confirming twice changes nothing
    const twice = await hnd.request({ method: 'POST', url: `/api/v1/submissions/${first}/apply`, headers: { 'accept-language': 'en' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('submitted, awaiting approval');
    // the secretariat hears of it, with the link to the report
    const mail = await smtp.waitFor((m) => m.to === 'wf.sec@example.org');
    expect(mail.subject).toBe('Cifras de HND en espera de aprobación');
    expect(mail.text).toContain(`http://localhost:3000/observatory/submissions/${first}`);
    expect(mail.text).toContain('2 filas');
  });

  it("lists the approval queue for the secretariat, and a country's own submissions for its focal point only", async () => {
    const queue = await sec.request({ method: 'GET', url: '/api/v1/submissions?status=submitted' });
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(first);
    const own = await hnd.request({ method: 'GET', url: '/api/v1/submissions' });
    expect(own.json().items).toEqual([expect.objectContaining({ id: first, country: 'HND', status: 'submitted', rows: 2, errorCount: 0, review: null })]);
    expect(own.json().items[0].submittedAt).toEqual(expect.any(String));
    expect((await gtm.request({ method: 'GET', url: '/api/v1/submissions' })).json().items).toEqual([]);
    expect((await gtm.request({ method: 'GET', url: `/api/v1/submissions/${first}` })).statusCode).toBe(404);
    expect((await hnd.request({ method: 'POST', url: `/api/v1/submissions/${first}/approve`, payload: {} })).statusCode).toBe(403);
  });

  it('the secretariat returns a submission with a comment the country reads; it can no longer be applied', async () => {
    const id = await validated(hnd, 'HND', '2024-02', 700);
    await hnd.request({ method: 'POST', url: `/api/v1/submissions/${id}/apply` });
    const empty = await sec.request({ method: 'POST', url: `/api/v1/submissions/${id}/return`, payload: { comment: '  ' }, headers: { 'accept-language': 'en' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.issues[0].message).toBe('Write a comment for the author.');
    const back = await sec.request({ method: 'POST', url: `/api/v1/submissions/${id}/return`, payload: { comment: 'Febrero: falta Nicaragua.' } });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().status).toBe('returned');
    const seen = (await hnd.request({ method: 'GET', url: '/api/v1/submissions?status=returned' })).json().items[0];
    expect(seen).toMatchObject({ id, status: 'returned', review: { comment: 'Febrero: falta Nicaragua.' } });
    const mail = await smtp.waitFor((m) => m.to === 'wf.hnd@example.org' && m.subject.includes('devuelto'));
    expect(mail.text).toContain('Febrero: falta Nicaragua.');
    expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${id}/approve`, payload: {} })).statusCode).toBe(409);
    expect(await total(sec, 'HND')).toBeNull();
  });

  it('the secretariat approves: applied in one go, visible to the country and the secretariat only', async () => {
    const ok = await sec.request({ method: 'POST', url: `/api/v1/submissions/${first}/approve`, payload: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'applied', applied: { added: 2, changed: 0, unchanged: 0 } });
    expect(await total(hnd, 'HND')).toBe(940);
    expect(await total(sec, 'HND')).toBe(940);
    expect((await smtp.waitFor((m) => m.to === 'wf.hnd@example.org' && m.subject.includes('aprobado'))).text).toContain('calendario de publicación');
    expect(await total(viewer, 'HND')).toBeNull();
    expect(await total(null, 'HND')).toBeNull();
  });

  it('a country that chooses automatic approval has its confirmations applied at once; only its own focal point may choose', async () => {
    expect((await hnd.request({ method: 'PUT', url: '/api/v1/observatory/policies/GTM', payload: { visibility: 'public', autoApprove: true } })).statusCode).toBe(403);
    const set = await gtm.request({ method: 'PUT', url: '/api/v1/observatory/policies/GTM', payload: { visibility: 'public', autoApprove: true } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ country: 'GTM', visibility: 'public', autoApprove: true });
    const policies = (await t.app.inject({ method: 'GET', url: '/api/v1/observatory/policies' })).json().items;
    expect(policies.find((p: { country: string }) => p.country === 'GTM')).toMatchObject({ autoApprove: true });
    expect(policies.find((p: { country: string }) => p.country === 'HND')).toMatchObject({ visibility: 'public', autoApprove: false, updatedAt: null });
    const id = await validated(gtm, 'GTM', '2024-01', 500);
    const r = await gtm.request({ method: 'POST', url: `/api/v1/submissions/${id}/apply` });
    expect(r.json().status).toBe('applied');
    expect(await total(gtm, 'GTM')).toBe(540);
  });
});

describe('release calendar', () => {
  let due: string;
  let dueAt: Date;

  it('refuses a moment in the past, in the reader’s language, and announces a future one publicly', async () => {
    const past = await hnd.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'HND', releaseAt: '2020-01-01T10:00:00Z' }, headers: { 'accept-language': 'en' } });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.issues[0].message).toBe('The release date and time must be in the future.');
    expect((await hnd.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'GTM', releaseAt: '2099-01-01T10:00:00Z' } })).statusCode).toBe(403);
    dueAt = new Date(Date.now() + 1500);
    const r = await hnd.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'HND', releaseAt: dueAt.toISOString(), note: 'Boletín enero' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ country: 'HND', level: 'public', status: 'scheduled', releaseId: null });
    due = r.json().id;
    const cal = (await t.app.inject({ method: 'GET', url: '/api/v1/release-calendar?country=HND' })).json().items;
    expect(cal.map((e: { id: string }) => e.id)).toEqual([due]);
    // the observatory home's calendar (GET /releases) lists it as announced, without a cutoff yet
    const home = (await t.app.inject({ method: 'GET', url: '/api/v1/releases' })).json().items;
    expect(home).toContainEqual(expect.objectContaining({ id: due, country: 'HND', announced: true, cutoff: null }));
  });

  it('the scheduled job releases the figures as they stood at the announced moment, and only once', async () => {
    // before the moment, the job has nothing to do and the public sees nothing
    expect(await t.services.observatory.runDueReleases()).toEqual([]);
    expect(await total(null, 'HND')).toBeNull();
    await sleepUntil(dueAt);
    // approved after the announced moment: waits for the next one
    const late = await validated(sec, 'HND', '2024-03', 5000);
    await sec.request({ method: 'POST', url: `/api/v1/submissions/${late}/apply` });
    const done = await t.services.observatory.runDueReleases();
    expect(done).toEqual([expect.objectContaining({ id: due, status: 'released', releaseId: expect.any(String) })]);
    expect(await t.services.observatory.runDueReleases()).toEqual([]);
    expect(await total(null, 'HND')).toBe(940);
    expect(await total(viewer, 'HND')).toBe(940);
    expect(await total(hnd, 'HND')).toBe(5980);
    const pub = (await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=HND&groupBy=REF_AREA' })).json();
    expect(pub.releases).toEqual([expect.objectContaining({ id: done[0]!.releaseId })]);
    const entry = (await t.app.inject({ method: 'GET', url: '/api/v1/release-calendar?country=HND' })).json().items[0];
    expect(entry).toMatchObject({ id: due, status: 'released', releaseId: done[0]!.releaseId });
  });

  it('skips a moment with nothing new since the previous release, and says why', async () => {
    const at = new Date(Date.now() + 1200);
    const r = await sec.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'GTM', releaseAt: at.toISOString() } });
    expect(r.statusCode, r.body).toBe(201);
    await sleepUntil(at);
    expect((await t.services.observatory.runDueReleases()).map((x) => x.status)).toEqual(['released']);
    const again = new Date(Date.now() + 1200);
    const second = await sec.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'GTM', releaseAt: again.toISOString() } });
    await sleepUntil(again);
    expect(await t.services.observatory.runDueReleases()).toEqual([{ id: second.json().id, status: 'skipped', reason: 'nothingNew' }]);
    const entry = (await t.app.inject({ method: 'GET', url: '/api/v1/release-calendar?country=GTM', headers: { 'accept-language': 'en' } })).json().items[0];
    expect(entry).toMatchObject({ status: 'skipped', reason: 'No new figures were approved since the previous release.' });
  });

  it('announces a monthly series in one request: the same day and time each month, the 31st as the last day of shorter months', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/release-calendar?country=PAN' })).json().items.length;
    const tooMany = await sec.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'PAN', releaseAt: '2099-01-31T16:00:00Z', repeatMonths: 25 } });
    expect(tooMany.statusCode).toBe(400);
    const r = await sec.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'PAN', releaseAt: '2099-01-31T10:00:00-06:00', repeatMonths: 3, note: 'Boletín mensual' } });
    expect(r.statusCode).toBe(201);
    const series = r.json().series as { releaseAt: string; note: string; status: string }[];
    expect(series.map((e) => e.releaseAt)).toEqual(['2099-01-31T16:00:00.000Z', '2099-02-28T16:00:00.000Z', '2099-03-31T16:00:00.000Z']);
    expect(series.every((e) => e.note === 'Boletín mensual' && e.status === 'scheduled')).toBe(true);
    expect(r.json().releaseAt).toBe('2099-01-31T16:00:00.000Z');
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/release-calendar?country=PAN' })).json().items.length;
    expect(after - before).toBe(3);
  });

  it('cancels a scheduled moment; a cancelled one cannot be cancelled again; another country may not', async () => {
    const r = await sec.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'HND', releaseAt: '2099-03-01T10:00:00-06:00', level: 'members' } });
    const id = r.json().id;
    expect((await gtm.request({ method: 'DELETE', url: `/api/v1/release-calendar/${id}` })).statusCode).toBe(403);
    expect((await hnd.request({ method: 'DELETE', url: `/api/v1/release-calendar/${id}` })).statusCode).toBe(204);
    const twice = await hnd.request({ method: 'DELETE', url: `/api/v1/release-calendar/${id}` });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('Esta publicación ya no está programada (estado: «cancelada»).');
  });
});

describe('visibility per country', () => {
  it('narrowing to member states hides the public releases; to the country alone hides them from member states too', async () => {
    expect(await total(null, 'HND')).toBe(940);
    expect((await hnd.request({ method: 'PUT', url: '/api/v1/observatory/policies/HND', payload: { visibility: 'members', autoApprove: false } })).statusCode).toBe(200);
    expect(await total(null, 'HND')).toBeNull();
    expect(await total(viewer, 'HND')).toBe(940);
    const pub = await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'HND', level: 'public' }, headers: { 'accept-language': 'en' } });
    expect(pub.statusCode).toBe(409);
    expect(pub.json().error.message).toBe("HND's visibility policy does not allow releasing to the public: its figures are visible only to member states.");
    const cal = await hnd.request({ method: 'POST', url: '/api/v1/release-calendar', payload: { country: 'HND', releaseAt: '2099-01-01T10:00:00Z' } });
    expect(cal.json().level).toBe('members');
    await hnd.request({ method: 'PUT', url: '/api/v1/observatory/policies/HND', payload: { visibility: 'country', autoApprove: false } });
    expect(await total(viewer, 'HND')).toBeNull();
    expect(await total(gtm, 'HND')).toBeNull();
    expect(await total(hnd, 'HND')).toBe(5980);
    expect(await total(sec, 'HND')).toBe(5980);
    // widening again shows the releases that were made
    await hnd.request({ method: 'PUT', url: '/api/v1/observatory/policies/HND', payload: { visibility: 'public', autoApprove: false } });
    expect(await total(null, 'HND')).toBe(940);
  });
});
