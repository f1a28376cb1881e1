import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createRemains, createReport, people, post, REASON, REMAINS, REPORT, SECRETS, TEST_CASES_KEY, type People } from '../../../../test/helpers/cases.ts';
import { PURGE_CRON, PURGE_QUEUE, startCasesPurgeSchedule } from './schedule.ts';

/** Record correction (versions, 409, history) and the scheduled retention purge (docs/adr/0021). */
let t: TestApp;
let p: People;
beforeAll(async () => {
  t = await testApp({ env: { CASES_KEY: TEST_CASES_KEY } });
  p = await people(t);
});
afterAll(async () => t?.close());

const { consent: _consent, ...reportFields } = REPORT;
const { share: _share, ...remainsFields } = REMAINS;
const read = async (who: keyof People, id: string) => (await post(p[who], `/api/v1/cases/records/${id}/read`, REASON)).json();
const put = (who: keyof People, url: string, payload: object) => p[who].request({ method: 'PUT', url, payload });

describe('correcting a record', () => {
  it('the author corrects a report with the version read; the history names the fields changed, never their values', async () => {
    const id = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-FIX-1' });
    expect((await read('saSLV', id)).version).toBe(1);
    const fixed = { ...reportFields, caseRef: 'SLV-FIX-1', person: { ...REPORT.person, givenNames: 'Rosa Amalia', heightMin: 152 }, version: 1 };
    const r = await put('saSLV', `/api/v1/cases/reports/${id}`, fixed);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ id, version: 2 });
    const page = await read('saSLV', id);
    expect(page.version).toBe(2);
    expect(page.personal.givenNames).toBe('Rosa Amalia');
    expect(page.comparison.heightMin).toBe(152);
    expect(page.family.name).toBe(REPORT.family.name);
    const corrected = page.history.find((h: { action: string }) => h.action === 'corrected');
    expect(corrected.detail).toEqual({ version: 2, fields: ['givenNames', 'height_min'] });
    // nothing of the values in the history, the events or the audit
    const rows = await sql<{ detail: string }>`select detail::text as detail from case_event where record_id = ${id} union all select coalesce(before::text, '') || coalesce(after::text, '') from audit_event where entity_id = ${id}`.execute(t.db.db);
    for (const row of rows.rows) for (const s of [...SECRETS, 'Amalia']) expect(row.detail).not.toContain(s);
  });

  it('answers 409 to a correction made from a stale version, and changes nothing', async () => {
    const id = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-FIX-2' });
    expect((await put('saSLV', `/api/v1/cases/reports/${id}`, { ...reportFields, caseRef: 'SLV-FIX-2', version: 1, person: { ...REPORT.person, clothing: 'Primera corrección' } })).statusCode).toBe(200);
    const stale = await p.saSLV.request({ method: 'PUT', url: `/api/v1/cases/reports/${id}`, payload: { ...reportFields, caseRef: 'SLV-FIX-2', version: 1, person: { ...REPORT.person, clothing: 'Segunda corrección' } }, headers: { 'accept-language': 'es' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/corrigió este registro/);
    const page = await read('saSLV', id);
    expect(page.version).toBe(2);
    expect(page.personal.clothing).toBe('Primera corrección');
  });

  it('a forensic service corrects its remains; bad input is refused with nothing changed', async () => {
    const id = await createRemains(p.fsMEX, { ...REMAINS, caseRef: 'MX-FIX-1' });
    const bad = await put('fsMEX', `/api/v1/cases/remains/${id}`, { ...remainsFields, caseRef: 'MX-FIX-1', ageMin: 40, ageMax: 30, version: 1 });
    expect(bad.statusCode).toBe(400);
    expect((await read('fsMEX', id)).version).toBe(1);
    const ok = await put('fsMEX', `/api/v1/cases/remains/${id}`, { ...remainsFields, caseRef: 'MX-FIX-1', markCodes: ['tattoo_forearm_left', 'scar_abdomen'], version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await read('fsMEX', id)).comparison.markCodes).toEqual(['tattoo_forearm_left', 'scar_abdomen']);
  });

  it('only the authoring capacity of the author’s country corrects; a withdrawn record cannot be corrected', async () => {
    const id = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-FIX-3' });
    const body = { ...reportFields, caseRef: 'SLV-FIX-3', version: 1 };
    expect((await put('fsSLV', `/api/v1/cases/reports/${id}`, body)).statusCode).toBe(403);
    expect((await put('saMEX', `/api/v1/cases/reports/${id}`, body)).statusCode).toBe(404);
    expect((await put('saSLV', `/api/v1/cases/remains/${id}`, { ...remainsFields, caseRef: 'SLV-FIX-3', version: 1 })).statusCode).toBe(404);
    expect((await post(p.saSLV, `/api/v1/cases/records/${id}/withdraw`)).statusCode).toBe(200);
    expect((await put('saSLV', `/api/v1/cases/reports/${id}`, body)).statusCode).toBe(409);
  });
});

describe('the scheduled retention purge', () => {
  it('is a daily pg-boss schedule, and its run erases a record past its period', async () => {
    const expired = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-SCHED-1' });
    const kept = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-SCHED-2' });
    for (const id of [expired, kept]) expect((await post(p.saSLV, `/api/v1/cases/records/${id}/status`, { status: 'located_alive' })).statusCode).toBe(200);
    // the located-alive period (90 days) ended for one of them: its status changed 91 days ago
    await sql`update case_record set status_at = now() - interval '91 days' where id = ${expired}`.execute(t.db.db);
    const logs: string[] = [];
    const schedule = await startCasesPurgeSchedule({ connectionString: t.db.url, db: t.db.db, log: (m) => logs.push(m) });
    try {
      const rows = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule where name = ${PURGE_QUEUE}`.execute(t.db.db);
      expect(rows.rows).toEqual([{ name: PURGE_QUEUE, cron: PURGE_CRON }]);
      await schedule.runNow();
      const erasedAt = async (id: string) => (await t.db.db.selectFrom('case_record').select('erased_at').where('id', '=', id).executeTakeFirstOrThrow()).erased_at;
      for (let i = 0; i < 100 && (await erasedAt(expired)) === null; i++) await new Promise((r) => setTimeout(r, 200));
      const row = await t.db.db.selectFrom('case_record').selectAll().where('id', '=', expired).executeTakeFirstOrThrow();
      expect(row.erased_at).not.toBeNull();
      expect(row.personal_ct).toBeNull();
      expect(row.family_ct).toBeNull();
      expect(await erasedAt(kept)).toBeNull();
      expect(logs.some((l) => /retention purge erased [1-9]/.test(l))).toBe(true);
      expect((await read('saSLV', expired)).history.map((h: { action: string }) => h.action)).toContain('erased');
    } finally {
      await schedule.stop();
    }
  });
});

describe('the accounts a focal point may propose', () => {
  it('are the active accounts of their own country, never administration, the secretariat, another country or themself', async () => {
    const r = await p.fpSLV.request({ method: 'GET', url: '/api/v1/cases/grants/accounts' });
    expect(r.statusCode).toBe(200);
    const emails = r.json<{ items: { email: string }[] }>().items.map((i) => i.email);
    expect(emails).toEqual(expect.arrayContaining(['cases.saslv@example.org', 'cases.fsslv@example.org', 'cases.viewerslv@example.org']));
    for (const never of ['cases.fpslv@example.org', 'cases.admin@example.org', 'cases.secretariat@example.org', 'cases.samex@example.org']) expect(emails).not.toContain(never);
  });
});
