import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let sec: Client;
let pan: Client;
let iom: Client;
let viewer: Client;
const OUTCOME = 'forum1-t1-regular-pathways-registration';

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'cm.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'cm.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
  await createUser(t, { email: 'cm.iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser(t, { email: 'cm.viewer@example.org', role: 'member_viewer' });
  sec = await signIn(t, 'cm.sec@example.org');
  pan = await signIn(t, 'cm.pan@example.org');
  iom = await signIn(t, 'cm.iom@example.org');
  viewer = await signIn(t, 'cm.viewer@example.org');
});
afterAll(async () => t?.close());

const get = (url: string, lang = 'es') => t.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });

describe('meeting participants', () => {
  it('lists the 2023 forum participants by name to signed-in members only; others get the count', async () => {
    const url = '/api/v1/meetings/champions-forum-i-2023-panama';
    const anon = await get(url);
    expect(anon.statusCode).toBe(200);
    const a = anon.json<{ participantCount: number; participants: unknown }>();
    expect(a.participantCount).toBe(79);
    expect(a.participants).toBeNull();
    expect(anon.body).not.toContain('Marta Vindas');

    const member = await viewer.request({ method: 'GET', url });
    expect(member.headers['cache-control']).toBe('private, no-store');
    const m = member.json<{ participants: { section: string | null; represents: string; name: string; jobTitle: string | null; institution: string | null }[] }>();
    expect(m.participants).toHaveLength(79);
    // As the report prints them (annex 1), in its order and with its section headings.
    expect(m.participants[0]).toMatchObject({ represents: 'Belice', name: 'Gilroy Middleton', section: null });
    expect(m.participants.find((p) => p.name === 'Marta Vindas Gonzáles')).toMatchObject({ represents: 'Costa Rica', jobTitle: 'Directora General de Migración' });
    expect(m.participants.filter((p) => p.section === 'OBSERVADORES Y EXPERTOS')).toHaveLength(19);

    // A meeting whose documents list nobody has no participants, and says so with 0.
    const plenary = (await get('/api/v1/meetings/crm-csm-iv-plenary-2023-panama')).json<{ participantCount: number }>();
    expect(plenary.participantCount).toBe(0);
  });
});

describe('seed content', () => {
  it('holds the real meetings with participants and outcomes, and invents no roadmap, status or progress', async () => {
    const list = (await get('/api/v1/meetings')).json<{ items: { key: string; counts: { countries: number; organisations: number; outcomes: number } }[] }>().items;
    expect(list.length).toBeGreaterThanOrEqual(3);
    const byKey = new Map(list.map((m) => [m.key, m]));
    expect(byKey.get('champions-forum-i-2023-panama')?.counts).toMatchObject({ countries: 18, outcomes: 39 });
    expect(byKey.get('champions-forum-i-2023-panama')!.counts.organisations).toBeGreaterThan(30);
    expect(byKey.get('champions-forum-ii-2024-san-salvador')?.counts).toMatchObject({ countries: 12, outcomes: 3 });
    expect(byKey.get('crm-csm-iv-plenary-2023-panama')?.counts.outcomes).toBe(6);

    const plenary = (await get('/api/v1/meetings/crm-csm-iv-plenary-2023-panama', 'en')).json();
    expect(plenary.title).toBe('IV Plenary Meeting of the RCM in conjunction with the SACM');
    expect(plenary.hostCountry).toBe('PAN');
    expect(plenary.outcomes.every((o: { kind: string }) => o.kind === 'agreement')).toBe(true);

    const ideas = (await get('/api/v1/outcomes?kind=cooperation_idea&objective=7')).json().items;
    expect(ideas.length).toBeGreaterThan(0);
    expect(ideas[0].meeting.key).toBe('champions-forum-i-2023-panama');
    expect(ideas[0].objectives).toEqual(expect.arrayContaining([7, 8, 14, 15]));

    for (const table of ['roadmap', 'roadmap_action', 'action_update', 'pledge'] as const) {
      const n = await t.db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n), table).toBe(0);
    }
    expect((await get('/api/v1/meetings/no-such-meeting', 'en')).json().error.message).toBe('That meeting was not found.');
  });
});

describe('roadmaps, actions and permissions', () => {
  const ids = { publicRoadmap: '', privateRoadmap: '', pan: '', mex: '', iom: '', unowned: '' };

  beforeAll(async () => {
    const r = await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Registro regional', en: 'Regional registration' }, outcomes: [OUTCOME], leadCountries: ['PAN'], countries: ['MEX'], objectives: [7], isPublic: true } });
    expect(r.statusCode, r.body).toBe(201);
    ids.publicRoadmap = r.json().id;
    ids.privateRoadmap = (await sec.request({ method: 'POST', url: '/api/v1/roadmaps', payload: { title: { es: 'Borrador interno' } } })).json().id;
    const add = async (payload: object) => {
      const res = await sec.request({ method: 'POST', url: `/api/v1/roadmaps/${ids.publicRoadmap}/actions`, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    ids.pan = await add({ title: { es: 'Acción de Panamá' }, responsibleCountry: 'PAN', dueDate: '2020-01-15' });
    ids.mex = await add({ title: { es: 'Acción de México' }, responsibleCountry: 'MEX', dueDate: '2099-12-31' });
    ids.iom = await add({ title: { es: 'Acción de la OIM' }, responsibleOrganisation: 'IOM' });
    ids.unowned = await add({ title: { es: 'Acción sin responsable' } });
  });

  it('lets a focal point change the status of its own country’s action only, and nothing else of it', async () => {
    const url = (id: string) => `/api/v1/roadmaps/${ids.publicRoadmap}/actions/${id}`;
    expect((await pan.request({ method: 'PATCH', url: url(ids.pan), payload: { status: 'in_progress' } })).statusCode).toBe(200);
    const other = await pan.request({ method: 'PATCH', url: url(ids.mex), payload: { status: 'done' }, headers: { 'accept-language': 'en' } });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toMatch(/responsible country or organisation/);
    expect((await pan.request({ method: 'PATCH', url: url(ids.pan), payload: { title: { es: 'Otro' } } })).statusCode).toBe(403);
    expect((await iom.request({ method: 'PATCH', url: url(ids.iom), payload: { status: 'blocked' } })).statusCode).toBe(200);
    expect((await iom.request({ method: 'PATCH', url: url(ids.pan), payload: { status: 'done' } })).statusCode).toBe(403);
    expect((await viewer.request({ method: 'PATCH', url: url(ids.pan), payload: { status: 'done' } })).statusCode).toBe(403);
    expect((await sec.request({ method: 'PATCH', url: url(ids.mex), payload: { dueDate: '2098-01-01' } })).statusCode).toBe(200);
    const audit = await t.db.db.selectFrom('audit_event').select(['action', 'actor_label']).where('entity_id', '=', ids.pan).execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'roadmap_action.create', actor_label: 'cm.sec@example.org' }, { action: 'roadmap_action.update', actor_label: 'cm.pan@example.org' }]));
  });

  it('takes progress updates with http(s) evidence from the owner, refusing other links and dates', async () => {
    const post = (c: Client, id: string, payload: object) => c.request({ method: 'POST', url: `/api/v1/actions/${id}/updates`, payload, headers: { 'accept-language': 'en' } });
    const bad = await post(pan, ids.pan, { text: 'Avance', evidenceUrl: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].message).toMatch(/http:\/\/ or https:\/\//);
    expect((await post(pan, ids.pan, { text: 'Avance', date: '2999-01-01' })).statusCode).toBe(400);
    expect((await post(pan, ids.mex, { text: 'No es mío' })).statusCode).toBe(403);
    const ok = await post(pan, ids.pan, { text: 'Decreto publicado', evidenceUrl: 'https://example.gob.pa/decreto.pdf', status: 'in_progress' });
    expect(ok.statusCode, ok.body).toBe(201);
    const detail = (await get(`/api/v1/roadmaps/${ids.publicRoadmap}`)).json();
    const action = detail.actionList.find((a: { id: string }) => a.id === ids.pan);
    expect(action.updates[0]).toMatchObject({ text: 'Decreto publicado', evidenceUrl: 'https://example.gob.pa/decreto.pdf', author: null });
    expect(detail.sourceOutcomes[0].key).toBe(OUTCOME);
  });

  it('refuses dates out of order, unknown codes and two owners with translated messages', async () => {
    const r1 = await sec.request({ method: 'POST', url: '/api/v1/roadmaps', headers: { 'accept-language': 'en' }, payload: { title: { es: 'X' }, periodStart: '2025-06-01', periodEnd: '2025-01-01', leadCountries: ['XXX'], outcomes: ['nope'] } });
    expect(r1.statusCode).toBe(400);
    const messages = r1.json().error.issues.map((i: { message: string }) => i.message).join(' | ');
    expect(messages).toMatch(/end date cannot be before/i);
    expect(messages).toMatch(/XXX/);
    expect(messages).toMatch(/nope/);
    const r2 = await sec.request({ method: 'POST', url: `/api/v1/roadmaps/${ids.publicRoadmap}/actions`, payload: { title: { es: 'Y' }, responsibleCountry: 'PAN', responsibleOrganisation: 'IOM' } });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.issues[0].message).toMatch(/un solo responsable/);
    expect((await t.db.db.selectFrom('roadmap').select('title').execute()).filter((r) => r.title.es === 'X')).toEqual([]);
  });

  it('shows anonymous readers only public roadmaps; members see all', async () => {
    const anon = (await get('/api/v1/roadmaps')).json().items.map((r: { id: string }) => r.id);
    expect(anon).toContain(ids.publicRoadmap);
    expect(anon).not.toContain(ids.privateRoadmap);
    expect((await get(`/api/v1/roadmaps/${ids.privateRoadmap}`)).statusCode).toBe(404);
    const member = (await viewer.request({ method: 'GET', url: '/api/v1/roadmaps' })).json().items.map((r: { id: string }) => r.id);
    expect(member).toEqual(expect.arrayContaining([ids.publicRoadmap, ids.privateRoadmap]));
  });

  it('counts overdue, stale and unowned actions on the dashboard', async () => {
    // An open action last touched 200 days ago with no update is stale.
    await t.db.db.updateTable('roadmap_action').set({ created_at: new Date(Date.now() - 200 * 86400_000) }).where('id', '=', ids.unowned).execute();
    const d = (await get('/api/v1/commitments/dashboard')).json();
    expect(d.overall).toMatchObject({ total: 4, overdue: 1, noOwner: 1, stale: 1 });
    expect(d.overall.byStatus).toMatchObject({ in_progress: 1, blocked: 1, not_started: 2 });
    expect(d.overdueActions.map((a: { id: string }) => a.id)).toEqual([ids.pan]);
    expect(d.byCountry.find((c: { code: string }) => c.code === 'PAN')).toMatchObject({ total: 1, overdue: 1 });
    expect(d.byObjective.find((o: { objective: number }) => o.objective === 7)).toMatchObject({ total: 4 });
    expect(d.byMeeting.find((m: { key: string }) => m.key === 'champions-forum-i-2023-panama')).toMatchObject({ total: 4, overdue: 1 });
    expect(d.byRoadmap.find((r: { id: string }) => r.id === ids.publicRoadmap)).toMatchObject({ total: 4, overdue: 1 });
    // The roadmap page flags the same action as stale, and only that one.
    const detail = (await viewer.request({ method: 'GET', url: `/api/v1/roadmaps/${ids.publicRoadmap}` })).json();
    expect(detail.actionList.filter((a: { stale: boolean }) => a.stale).map((a: { id: string }) => a.id)).toEqual([ids.unowned]);

    const country = (await get('/api/v1/commitments/countries/PAN')).json();
    expect(country.leads.map((r: { id: string }) => r.id)).toContain(ids.publicRoadmap);
    expect(country.overdue.map((a: { id: string }) => a.id)).toEqual([ids.pan]);
    expect(country.meetings.map((m: { key: string }) => m.key)).toContain('champions-forum-i-2023-panama');
    expect((await get('/api/v1/commitments/countries/MEX')).json().participates.map((r: { id: string }) => r.id)).toContain(ids.publicRoadmap);
  });

  it('follows an outcome from its meeting to the evidence and the practices', async () => {
    const practice = (await get('/api/v1/practices?pageSize=1')).json().items[0].id as string;
    expect((await sec.request({ method: 'PATCH', url: `/api/v1/roadmaps/${ids.publicRoadmap}/actions/${ids.pan}`, payload: { practices: [practice] } })).statusCode).toBe(200);
    const tl = (await get(`/api/v1/outcomes/${OUTCOME}/timeline`)).json();
    expect(tl.meeting.key).toBe('champions-forum-i-2023-panama');
    expect(tl.outcome.key).toBe(OUTCOME);
    expect(tl.roadmaps).toHaveLength(1);
    const action = tl.roadmaps[0].actionList.find((a: { id: string }) => a.id === ids.pan);
    expect(action.overdue).toBe(true);
    expect(action.updates[0].evidenceUrl).toBe('https://example.gob.pa/decreto.pdf');
    expect(action.practices[0]).toMatchObject({ id: practice, published: true });
  });
});

describe('pledges', () => {
  it('records a joint pledge and takes progress from a pledger, not from others', async () => {
    const r = await sec.request({ method: 'POST', url: '/api/v1/pledges', payload: { title: { es: 'Compromiso conjunto' }, kind: 'technical', countries: ['PAN', 'CRI'], jointly: true, objectives: [1], target: '3 talleres', meeting: 'champions-forum-ii-2024-san-salvador', isPublic: true } });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    expect((await pan.request({ method: 'POST', url: `/api/v1/pledges/${id}/progress`, payload: { text: 'Primer taller', evidenceUrl: 'http://example.org' } })).statusCode).toBe(201);
    expect((await iom.request({ method: 'POST', url: `/api/v1/pledges/${id}/progress`, payload: { text: 'No' } })).statusCode).toBe(403);
    expect((await sec.request({ method: 'PATCH', url: `/api/v1/pledges/${id}`, payload: { status: 'in_progress' } })).statusCode).toBe(200);
    const p = (await get(`/api/v1/pledges/${id}`)).json();
    expect(p).toMatchObject({ jointly: true, countries: ['CRI', 'PAN'], status: 'in_progress', meeting: 'champions-forum-ii-2024-san-salvador', reports: 1 });
    expect(p.progress[0].text).toBe('Primer taller');
    expect((await sec.request({ method: 'POST', url: '/api/v1/pledges', payload: { title: { es: 'Sin nadie' }, kind: 'policy' } })).statusCode).toBe(400);
  });
});
