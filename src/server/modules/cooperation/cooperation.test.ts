import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { startSmtp, type SmtpCapture } from '../../../../test/helpers/smtp.ts';
import { createMailer } from '../../platform/mail/index.ts';

// The hub on a real database with the seeded practices (the 2023 forum's list): hand-made
// requests and offers, the proposals, interest, status changes with e-mail through a real
// SMTP server, and the one-step roadmap action.
let t: TestApp;
let smtp: SmtpCapture;
let hnd: Client, gtm: Client, iom: Client, unhcr: Client, sec: Client;

const post = (c: Client, url: string, payload: object) => c.request({ method: 'POST', url: `/api/v1${url}`, payload });
const get = (c: Client | null, url: string, lang = 'es') => (c ? c.request({ method: 'GET', url: `/api/v1${url}`, headers: { 'accept-language': lang } }) : t.app.inject({ method: 'GET', url: `/api/v1${url}` }));
async function created(c: Client, url: string, payload: object): Promise<string> {
  const r = await post(c, url, payload);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}

const RETURN_NEED = {
  title: { es: 'Reintegración de personas retornadas', en: 'Reintegration of returned people' },
  description: { es: 'Necesitamos apoyo para la reintegración sostenible de migrantes en retorno y sus familias.' },
  objectives: [21],
  kinds: ['technical_assistance', 'training'],
  targetGroups: ['returnees'],
  timeframe: '2027',
  contact: 'cooperacion@example.hn',
  visibility: 'public',
  publish: true,
};

beforeAll(async () => {
  smtp = await startSmtp();
  t = await testApp({ mailer: createMailer({ smtpUrl: smtp.url, from: 'observatorio@example.org', log: () => {} }) });
  await createUser(t, { email: 'hnd@example.org', role: 'focal_point', countryCode: 'HND' });
  await createUser(t, { email: 'gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser(t, { email: 'unhcr@example.org', role: 'contributor', organisationCode: 'UNHCR' });
  await createUser(t, { email: 'sec@example.org', role: 'secretariat' });
  await t.db.db.updateTable('app_user').set({ locale: 'en' }).where('email', '=', 'iom@example.org').execute();
  const c = await Promise.all(['hnd', 'gtm', 'iom', 'unhcr', 'sec'].map((n) => signIn(t, `${n}@example.org`)));
  [hnd, gtm, iom, unhcr, sec] = c as [Client, Client, Client, Client, Client];
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('requests and offers', () => {
  it('a focal point cannot post a request for another country, and nothing is stored', async () => {
    const r = await post(gtm, '/cooperation/requests', { ...RETURN_NEED, country: 'HND' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/propio país/);
    const en = await gtm.request({ method: 'POST', url: '/api/v1/cooperation/requests', payload: { ...RETURN_NEED, country: 'HND' }, headers: { 'accept-language': 'en' } });
    expect(en.json().error.message).toBe("You can post and change only your own country's requests and offers.");
    expect(await t.db.db.selectFrom('coop_request').select('id').execute()).toEqual([]);
    // A contributor posts no requests at all.
    expect((await post(iom, '/cooperation/requests', RETURN_NEED)).statusCode).toBe(403);
  });

  it('refuses bad input with clear messages: no objective, unknown objective, no kind', async () => {
    const r = await post(hnd, '/cooperation/requests', { ...RETURN_NEED, objectives: [], kinds: [] });
    expect(r.statusCode).toBe(400);
    const issues = r.json().error.issues as { path: string; message: string }[];
    expect(issues.find((i) => i.path === 'objectives')?.message).toMatch(/Elija al menos un objetivo del PMM\./);
    expect(issues.find((i) => i.path === 'kinds')?.message).toMatch(/Elija al menos un tipo de apoyo\./);
    const unknown = await post(hnd, '/cooperation/requests', { ...RETURN_NEED, objectives: [24] });
    expect(unknown.statusCode).toBe(400);
    expect(await t.db.db.selectFrom('coop_request').select('id').execute()).toEqual([]);
  });

  it('draft → published → closed with history and audit; drafts hidden from others', async () => {
    const id = await created(hnd, '/cooperation/requests', { ...RETURN_NEED, publish: false });
    expect((await get(gtm, `/cooperation/requests/${id}`)).statusCode).toBe(404);
    expect((await get(null, `/cooperation/requests/${id}`)).statusCode).toBe(404);
    expect((await post(gtm, `/cooperation/requests/${id}/status`, { status: 'published' })).statusCode).toBe(404);
    expect((await post(hnd, `/cooperation/requests/${id}/status`, { status: 'published' })).json()).toEqual({ id, status: 'published' });
    expect((await get(null, `/cooperation/requests/${id}`)).statusCode).toBe(200);
    expect((await post(hnd, `/cooperation/requests/${id}/status`, { status: 'closed', note: 'Cubierta' })).statusCode).toBe(200);
    const detail = (await get(hnd, `/cooperation/requests/${id}`)).json();
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual(['draft', 'published', 'closed']);
    const audit = await t.db.db.selectFrom('audit_event').select('action').where('entity_id', '=', id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['coop_request.create', 'coop_request.publish', 'coop_request.close']);
  });

  it('members-only requests are not shown to the public', async () => {
    const id = await created(hnd, '/cooperation/requests', { ...RETURN_NEED, visibility: 'members' });
    expect((await get(null, `/cooperation/requests/${id}`)).statusCode).toBe(404);
    expect((await get(null, '/cooperation/requests')).json().items.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await get(gtm, '/cooperation/requests')).json().items.map((r: { id: string }) => r.id)).toContain(id);
    await post(hnd, `/cooperation/requests/${id}/status`, { status: 'closed' });
  });

  it('a contributor offers only for its organisation; a focal point only for its country', async () => {
    const offer = { title: { es: 'Oferta' }, objectives: [21], kinds: ['training'], publish: true };
    expect((await post(iom, '/cooperation/offers', { ...offer, organisation: 'UNHCR' })).statusCode).toBe(403);
    expect((await post(gtm, '/cooperation/offers', { ...offer, country: 'MEX' })).statusCode).toBe(403);
    expect((await post(gtm, '/cooperation/offers', { ...offer, objectives: [13] })).statusCode).toBe(201);
  });
});

describe('matching', () => {
  let need: string, iomOffer: string, unrelated: string, fundingOnly: string, hndOwn: string;
  beforeAll(async () => {
    iomOffer = await created(iom, '/cooperation/offers', {
      title: { es: 'Asistencia técnica en reintegración', en: 'Technical assistance on reintegration' },
      conditions: { es: 'A solicitud del gobierno' },
      objectives: [21, 7],
      kinds: ['technical_assistance'],
      publish: true,
    });
    // Same kind, unrelated objective; right objective, a kind nobody asked for; the requester's own.
    unrelated = await created(unhcr, '/cooperation/offers', { title: { es: 'Protección internacional' }, objectives: [10], kinds: ['technical_assistance', 'training'], publish: true });
    fundingOnly = await created(unhcr, '/cooperation/offers', { title: { es: 'Fondos para reintegración' }, objectives: [21], kinds: ['funding'], publish: true });
    hndOwn = await created(hnd, '/cooperation/offers', { title: { es: 'Oferta hondureña' }, objectives: [21], kinds: ['training'], publish: true });
    need = await created(hnd, '/cooperation/requests', RETURN_NEED);
  });

  it('proposes practices and an offer on objective 21, each saying why, and nothing across unrelated objectives', async () => {
    const m = (await get(hnd, `/cooperation/requests/${need}/matches`)).json();
    const seeded21 = await t.db.db.selectFrom('practice').select(['id']).where('workflow', '=', 'published').where(sql<boolean>`21 = any(objective_numbers)`).execute();
    expect(m.practices.length).toBe(seeded21.length);
    expect(m.practices.every((p: { sharedObjectives: number[] }) => p.sharedObjectives.includes(21))).toBe(true);
    // The Mexican inter-institutional table for families in return holds the need's words.
    expect(m.practices[0].title).toMatch(/Retorno/i);
    expect(m.practices[0].wordsInCommon).toBe(true);
    expect(m.practices[0].why).toMatch(/objetivos del PMM 21 y palabras/);
    expect(m.offers.map((o: { id: string }) => o.id)).toEqual([iomOffer]);
    expect(m.offers[0].by).toMatchObject({ kind: 'organisation', code: 'IOM' });
    expect(m.offers[0].why).toMatch(/asistencia técnica/);
    expect(m.offers.map((o: { id: string }) => o.id)).not.toContain(unrelated);
    expect(m.offers.map((o: { id: string }) => o.id)).not.toContain(fundingOnly);
    expect(m.offers.map((o: { id: string }) => o.id)).not.toContain(hndOwn);
    const codes = m.countries.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['MEX', 'SLV', 'GTM']));
    expect(codes).not.toContain('HND');
    expect(m.countries[0].code).toBe('MEX');
    expect(m.countries[0].why).toMatch(/prácticas publicadas/);
  });

  it('a request on an objective nothing covers gets no proposals', async () => {
    const lonely = await created(hnd, '/cooperation/requests', { ...RETURN_NEED, title: { es: 'Retorno y reintegración consular' }, objectives: [13] });
    const m = (await get(hnd, `/cooperation/requests/${lonely}/matches`, 'en')).json();
    expect(m.practices).toEqual([]);
    expect(m.countries).toEqual([]);
    // GTM's offer on 13 is training: asked for, same objective → proposed; nothing else.
    expect(m.offers.map((o: { by: { code: string } }) => o.by.code)).toEqual(['GTM']);
    const gaps = (await get(null, '/cooperation/gaps', 'en')).json();
    const o21 = gaps.objectives.find((o: { number: number }) => o.number === 21);
    expect(o21).toMatchObject({ gap: false, countries: ['HND'] });
    expect(gaps.objectives.find((o: { number: number }) => o.number === 1)).toMatchObject({ requests: 0, gap: false });
  });

  it('completed roadmap actions count for a country', async () => {
    const roadmap = await created(sec, '/roadmaps', { title: { es: 'Retorno' }, objectives: [21], isPublic: true });
    await created(sec, `/roadmaps/${roadmap}/actions`, { title: { es: 'Protocolo de recepción' }, responsibleCountry: 'CRI', status: 'done' });
    const m = (await get(hnd, `/cooperation/requests/${need}/matches`)).json();
    expect(m.countries.find((c: { code: string }) => c.code === 'CRI')).toMatchObject({ practices: 0, doneActions: 1, sharedObjectives: [21] });
  });

  it('IOM expresses interest; the parties are e-mailed; status changes; the secretariat makes it a roadmap action', async () => {
    const r = await post(iom, `/cooperation/requests/${need}/interest`, { offer: iomOffer, message: 'Podemos apoyar desde enero.' });
    expect(r.statusCode, r.body).toBe(200);
    const coop = r.json();
    expect(coop).toMatchObject({ partner: { code: 'IOM' }, status: 'proposed', partnerInterest: true, requesterInterest: false, offer: { id: iomOffer } });
    const mail = await smtp.waitFor((m) => m.to === 'hnd@example.org');
    expect(mail.subject).toBe('Espacio de cooperación: interés en «Reintegración de personas retornadas»');
    expect(mail.text).toContain('Podemos apoyar desde enero.');
    expect(smtp.messages.some((m) => m.to === 'iom@example.org')).toBe(false);

    // Another focal point cannot change it; Honduras agrees (IOM is told, in English).
    expect((await post(gtm, `/cooperation/cooperations/${coop.id}/status`, { status: 'agreed' })).statusCode).toBe(403);
    const agreed = await post(hnd, `/cooperation/cooperations/${coop.id}/status`, { status: 'agreed' });
    expect(agreed.json()).toMatchObject({ status: 'agreed' });
    const toIom = await smtp.waitFor((m) => m.to === 'iom@example.org');
    expect(toIom.subject).toBe('Cooperation hub: "Reintegration of returned people" is now agreed');

    // Interest again from Honduras on the same offer joins the same record.
    const again = (await post(hnd, `/cooperation/requests/${need}/interest`, { offer: iomOffer })).json();
    expect(again).toMatchObject({ id: coop.id, requesterInterest: true, partnerInterest: true });

    const roadmap = await created(sec, '/roadmaps', { title: { es: 'Cooperación en retorno' }, objectives: [21] });
    expect((await post(hnd, `/cooperation/cooperations/${coop.id}/roadmap-action`, { roadmap })).statusCode).toBe(403);
    const made = await post(sec, `/cooperation/cooperations/${coop.id}/roadmap-action`, { roadmap, dueDate: '2027-06-30' });
    expect(made.statusCode, made.body).toBe(201);
    const action = await t.db.db.selectFrom('roadmap_action').selectAll().where('id', '=', made.json().roadmapAction.id).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ roadmap_id: roadmap, responsible_country: 'HND', status: 'not_started' });
    expect(action.title.es).toBe('Cooperación: Reintegración de personas retornadas (Honduras – Organización Internacional para las Migraciones)');
    expect((await post(sec, `/cooperation/cooperations/${coop.id}/roadmap-action`, { roadmap })).statusCode).toBe(409);
    const list = (await get(hnd, '/cooperation/cooperations?organisation=IOM')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([coop.id]);
    // The request's page shows it to members only.
    expect((await get(null, `/cooperation/requests/${need}`)).json().cooperations).toEqual([]);
  });

  it('a requester must name an offer; a country cannot help itself', async () => {
    expect((await post(hnd, `/cooperation/requests/${need}/interest`, {})).statusCode).toBe(400);
    expect((await post(hnd, `/cooperation/requests/${need}/interest`, { offer: hndOwn })).statusCode).toBe(400);
  });
});

describe('editing after posting', () => {
  it('the owner edits a request: the history names the fields changed, the audit keeps before and after; another country cannot; no change writes nothing', async () => {
    const id = await created(hnd, '/cooperation/requests', { ...RETURN_NEED, title: { es: 'Necesidad para editar' } });
    const put = (c: Client, payload: object) => c.request({ method: 'PUT', url: `/api/v1/cooperation/requests/${id}`, payload });
    const { publish: _p, ...edit } = { ...RETURN_NEED, title: { es: 'Necesidad para editar' } };
    const changed = { ...edit, title: { es: 'Necesidad editada', en: 'Edited need' }, objectives: [21, 10], timeframe: '2027–2028' };
    expect((await put(gtm, changed)).statusCode).toBe(403);
    const r = await put(hnd, changed);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ id, status: 'published', changed: ['title', 'objectives', 'timeframe'] });
    const detail = (await get(hnd, `/cooperation/requests/${id}`)).json<{ title: string; objectives: number[]; history: { status: string; note: string | null }[] }>();
    expect(detail).toMatchObject({ title: 'Necesidad editada', objectives: [10, 21] });
    expect(detail.history.at(-1)).toMatchObject({ status: 'edited', note: 'title, objectives, timeframe' });
    const audit = await t.db.db.selectFrom('audit_event').select(['before', 'after']).where('action', '=', 'coop_request.edit').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ objectives: [21], timeframe: '2027' });
    // The same again: nothing changed, nothing written.
    expect((await put(hnd, changed)).json()).toMatchObject({ changed: [] });
    expect((await get(hnd, `/cooperation/requests/${id}`)).json<{ history: unknown[] }>().history).toHaveLength(detail.history.length);
  });

  it('an organisation’s contributor edits its offer; another organisation’s cannot', async () => {
    const offer = { title: { es: 'Oferta para editar' }, objectives: [21], kinds: ['training'], publish: true };
    const id = await created(iom, '/cooperation/offers', offer);
    const put = (c: Client, payload: object) => c.request({ method: 'PUT', url: `/api/v1/cooperation/offers/${id}`, payload });
    const { publish: _p, ...edit } = offer;
    expect((await put(unhcr, { ...edit, conditions: { es: 'Sin costo' } })).statusCode).toBe(403);
    const r = await put(iom, { ...edit, conditions: { es: 'Sin costo' }, kinds: ['training', 'exchange'] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ changed: string[] }>().changed).toEqual(['kinds', 'conditions']);
    expect((await get(iom, `/cooperation/offers/${id}`)).json()).toMatchObject({ conditions: 'Sin costo', kinds: ['training', 'exchange'] });
  });
});
