import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createRemains, createReport, people, post, REASON, REMAINS, REPORT, SECRETS, TEST_CASES_KEY, type People } from '../../../../test/helpers/cases.ts';

/** The exchange's rules, one test each (docs/adr/0014). */
let t: TestApp;
let p: People;
let reportId: string;
let remainsId: string;

beforeAll(async () => {
  t = await testApp({ env: { CASES_KEY: TEST_CASES_KEY } });
  p = await people(t);
  reportId = await createReport(p.saSLV);
  remainsId = await createRemains(p.fsMEX);
});
afterAll(async () => t?.close());

const read = (who: keyof People, id: string) => post(p[who], `/api/v1/cases/records/${id}/read`, REASON);

describe('grants', () => {
  it('a focal point proposes only for another account of their country; the secretariat confirms; nothing opens before', async () => {
    const self = await post(p.fpSLV, '/api/v1/cases/grants', { userId: p.fpSLV.id, capacity: 'search_authority' });
    expect(self.statusCode).toBe(403);
    const other = await post(p.fpSLV, '/api/v1/cases/grants', { userId: p.saMEX.id, capacity: 'search_authority' });
    expect(other.statusCode).toBe(400);
    const admin = await post(p.fpSLV, '/api/v1/cases/grants', { userId: p.admin.id, capacity: 'search_authority' });
    expect(admin.statusCode).toBe(400);
    const ok = await post(p.fpSLV, '/api/v1/cases/grants', { userId: p.viewerSLV.id, capacity: 'search_authority' });
    expect(ok.statusCode).toBe(201);
    // proposed, not confirmed: still no access
    expect((await p.viewerSLV.request({ method: 'GET', url: '/api/v1/cases/records' })).statusCode).toBe(403);
    const id = ok.json<{ id: string }>().id;
    expect((await post(p.fpSLV, `/api/v1/cases/grants/${id}/confirm`)).statusCode).toBe(403);
    expect((await post(p.admin, `/api/v1/cases/grants/${id}/confirm`)).statusCode).toBe(403);
    expect((await post(p.secretariat, `/api/v1/cases/grants/${id}/confirm`)).statusCode).toBe(200);
    expect((await p.viewerSLV.request({ method: 'GET', url: '/api/v1/cases/records' })).statusCode).toBe(200);
    // another country's focal point cannot revoke it; its own can, and access ends at once
    expect((await post(p.fpMEX, `/api/v1/cases/grants/${id}/revoke`)).statusCode).toBe(403);
    expect((await post(p.fpSLV, `/api/v1/cases/grants/${id}/revoke`)).statusCode).toBe(200);
    expect((await p.viewerSLV.request({ method: 'GET', url: '/api/v1/cases/records' })).statusCode).toBe(403);
    const list = await p.fpGTM.request({ method: 'GET', url: '/api/v1/cases/grants' });
    expect(list.json<{ items: { countryCode: string }[] }>().items.every((g) => g.countryCode === 'GTM')).toBe(true);
  });
});

describe('who reads what', () => {
  it('the reporting search authority reads everything, family contact included, and the read is kept with its reason', async () => {
    const r = await read('saSLV', reportId);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.view).toBe('full');
    expect(body.personal.familyNames).toBe('Quintanilla Portillo');
    expect(body.family.name).toBe('Marta Portillo de Quintanilla');
    expect(body.reads[0].reason).toBe(REASON.reason);
    expect(body.history.map((h: { action: string }) => h.action)).toContain('created');
  });

  it('a read without a reason is refused and nothing is kept', async () => {
    const before = await t.db.db.selectFrom('case_access').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect((await post(p.saSLV, `/api/v1/cases/records/${reportId}/read`, {})).statusCode).toBe(400);
    expect((await post(p.saSLV, `/api/v1/cases/records/${reportId}/read`, { reason: 'x' })).statusCode).toBe(400);
    const after = await t.db.db.selectFrom('case_access').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('a country the family consented to sees the comparison fields only; El Salvador’s forensic service too', async () => {
    for (const who of ['saMEX', 'fsMEX', 'saGTM', 'fsGTM', 'fsSLV'] as const) {
      const r = await read(who, reportId);
      expect(r.statusCode, who).toBe(200);
      const body = r.json();
      expect(body.view, who).toBe('comparison');
      expect(body.personal, who).toBeUndefined();
      expect(body.family, who).toBeUndefined();
      expect(body.caseRef, who).toBeUndefined();
      for (const s of SECRETS) expect(r.body, who).not.toContain(s);
      expect(body.comparison.markCodes).toContain('tattoo_forearm_left');
    }
  });

  it('a country outside the consent sees nothing; roles without a capacity are refused everything', async () => {
    const hnd = await read('saGTM', remainsId); // remains shared with GTM: comparison
    expect(hnd.json().view).toBe('comparison');
    const noConsent = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-BDF-2024-0200', consent: { date: '2024-03-10', countries: [] } });
    expect((await read('saGTM', noConsent)).statusCode).toBe(404);
    expect((await read('fsMEX', noConsent)).statusCode).toBe(404);
    for (const who of ['secretariat', 'admin', 'fpSLV', 'fpMEX', 'fpGTM', 'viewerSLV'] as const) {
      const r = await read(who, reportId);
      expect(r.statusCode, who).toBe(403);
      for (const s of SECRETS) expect(r.body, who).not.toContain(s);
      expect((await p[who].request({ method: 'GET', url: '/api/v1/cases/records' })).statusCode, who).toBe(403);
      expect((await p[who].request({ method: 'GET', url: `/api/v1/cases/records/${reportId}/candidates` })).statusCode, who).toBe(403);
    }
  });

  it('lists decrypt nothing', async () => {
    const r = await p.saSLV.request({ method: 'GET', url: '/api/v1/cases/records' });
    expect(r.statusCode).toBe(200);
    for (const s of SECRETS) expect(r.body).not.toContain(s);
    expect(r.json().items.find((i: { id: string }) => i.id === reportId).caseRef).toBe(REPORT.caseRef);
  });
});

describe('candidates', () => {
  it('both sides see the candidate, with why it scores', async () => {
    const a = await p.saSLV.request({ method: 'GET', url: `/api/v1/cases/records/${reportId}/candidates` });
    expect(a.statusCode).toBe(200);
    const c = a.json().items[0];
    expect(c.remainsId).toBe(remainsId);
    expect(c.reasons.find((x: { code: string }) => x.code === 'marks').value).toEqual(['tattoo_forearm_left']);
    expect(c.reasons.find((x: { code: string }) => x.code === 'belongings').value).toEqual(['rosary']);
    expect(c.other.personal).toBeUndefined();
    for (const s of SECRETS) expect(a.body).not.toContain(s);
    const b = await p.fsMEX.request({ method: 'GET', url: `/api/v1/cases/records/${remainsId}/candidates` });
    expect(b.json().items.map((x: { reportId: string }) => x.reportId)).toContain(reportId);
    for (const s of SECRETS) expect(b.body).not.toContain(s);
    // a receiving country that is not a side has no candidate list of someone else's record
    expect((await p.saGTM.request({ method: 'GET', url: `/api/v1/cases/records/${reportId}/candidates` })).statusCode).toBe(404);
  });

  it('personal fields cross only once both sides opened the pair, and never the family contact', async () => {
    const url = `/api/v1/cases/candidates/${reportId}/${remainsId}`;
    expect((await post(p.saGTM, `${url}/open`, REASON)).statusCode).toBe(403);
    expect((await post(p.saSLV, `${url}/open`, REASON)).statusCode).toBe(200);
    const half = await post(p.fsMEX, `${url}/read`, REASON);
    expect(half.json().report.view).toBe('comparison');
    expect(half.json().report.personal).toBeUndefined();
    expect((await post(p.fsMEX, `${url}/open`, REASON)).json()).toMatchObject({ openedByReportSide: true, openedByRemainsSide: true });
    const mx = await post(p.fsMEX, `${url}/read`, REASON);
    expect(mx.json().report.view).toBe('candidate');
    expect(mx.json().report.personal.familyNames).toBe('Quintanilla Portillo');
    expect(mx.json().report.family).toBeUndefined();
    expect(mx.body).not.toContain('Marta Portillo');
    const sv = await post(p.saSLV, `${url}/read`, REASON);
    expect(sv.json().remains.personal.marksText).toBe(REMAINS.marksText);
    // the other receiving country still sees nothing personal of either
    const gt = await read('saGTM', reportId);
    expect(gt.json().personal).toBeUndefined();
  });

  it("a mark by the forensic service returns to the family's authority", async () => {
    const r = await post(p.fsMEX, `/api/v1/cases/candidates/${reportId}/${remainsId}/mark`, { mark: 'confirmed' });
    expect(r.statusCode).toBe(200);
    const list = await p.saSLV.request({ method: 'GET', url: `/api/v1/cases/records/${reportId}/candidates` });
    expect(list.json().items[0]).toMatchObject({ remainsId, mark: 'confirmed', markedCountry: 'MEX' });
    const page = await read('saSLV', reportId);
    expect(page.json().history.some((h: { action: string; countryCode: string; detail: { mark?: string } }) => h.action === 'candidate_marked' && h.countryCode === 'MEX' && h.detail.mark === 'confirmed')).toBe(true);
    expect(page.json().reads.some((x: { countryCode: string }) => x.countryCode === 'MEX')).toBe(true);
  });

  it('a withdrawn record leaves the other side’s candidates: marked pairs show it withdrawn, without content', async () => {
    const other = await createRemains(p.fsMEX, { ...REMAINS, caseRef: 'MEX-SEMEFO-CHIS-24-078', markCodes: [], belongingCodes: [] });
    let list = await p.saSLV.request({ method: 'GET', url: `/api/v1/cases/records/${reportId}/candidates` });
    expect(list.json().items.map((i: { remainsId: string }) => i.remainsId)).toContain(other);
    expect((await post(p.fsMEX, `/api/v1/cases/records/${other}/withdraw`)).statusCode).toBe(200);
    expect((await post(p.fsMEX, `/api/v1/cases/records/${remainsId}/withdraw`)).statusCode).toBe(200);
    list = await p.saSLV.request({ method: 'GET', url: `/api/v1/cases/records/${reportId}/candidates` });
    const items = list.json().items as { remainsId: string; withdrawn: boolean; other: { comparison?: unknown; view: string } }[];
    expect(items.map((i) => i.remainsId)).not.toContain(other);
    const gone = items.find((i) => i.remainsId === remainsId)!;
    expect(gone.withdrawn).toBe(true);
    expect(gone.other.view).toBe('withdrawn');
    expect(gone.other.comparison).toBeUndefined();
    const pair = await post(p.saSLV, `/api/v1/cases/candidates/${reportId}/${remainsId}/read`, REASON);
    expect(pair.json().remains.view).toBe('withdrawn');
    expect(pair.body).not.toContain(REMAINS.marksText);
    expect((await read('saSLV', remainsId)).json().view).toBe('withdrawn');
  });
});

describe('statuses and sharing', () => {
  it('only the author moves a record through its statuses, and narrowing the consent hides it at once', async () => {
    const id = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-BDF-2024-0300' });
    expect((await post(p.saMEX, `/api/v1/cases/records/${id}/status`, { status: 'closed' })).statusCode).toBe(404);
    expect((await post(p.fsSLV, `/api/v1/cases/records/${id}/status`, { status: 'closed' })).statusCode).toBe(403);
    expect((await post(p.saSLV, `/api/v1/cases/records/${id}/status`, { status: 'unidentified' })).statusCode).toBe(400);
    expect((await post(p.saSLV, `/api/v1/cases/records/${id}/status`, { status: 'located_alive' })).statusCode).toBe(200);
    expect((await read('saGTM', id)).statusCode).toBe(200);
    expect((await post(p.saSLV, `/api/v1/cases/records/${id}/sharing`, { countries: ['MEX'], consentDate: '2024-05-01' })).statusCode).toBe(200);
    expect((await read('saGTM', id)).statusCode).toBe(404);
    const page = (await read('saSLV', id)).json();
    expect(page.history.map((h: { action: string }) => h.action)).toEqual(['created', 'status', 'sharing']);
  });

  it('bad input: a clear message in the caller’s language that names the field, never the value, and nothing stored', async () => {
    const before = await t.db.db.selectFrom('case_record').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const bad = { ...REPORT, caseRef: 'Rosa Quintanilla', person: { ...REPORT.person, markCodes: ['tattoo_with_name'] } };
    const r = await p.saSLV.request({ method: 'POST', url: '/api/v1/cases/reports', payload: bad, headers: { 'accept-language': 'en' } });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain('Quintanilla');
    expect(r.body).toContain('caseRef');
    expect(r.json().error.issues.some((i: { message: string }) => /distinguishing-mark code/.test(i.message))).toBe(true);
    const es = await post(p.saSLV, '/api/v1/cases/reports', { ...REPORT, consent: { date: '2099-01-01', countries: ['MEX'] } });
    expect(es.statusCode).toBe(400);
    expect(es.json().error.issues[0].message).toBe('La fecha no puede ser futura.');
    const after = await t.db.db.selectFrom('case_record').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('at rest', () => {
  it('reading the database directly finds no personal field in clear, in any table (audit trail included)', async () => {
    const tables = await sql<{ name: string }>`select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`.execute(t.db.db);
    const rows = await t.db.db.selectFrom('case_record').select(['personal_ct', 'family_ct', 'key_id']).execute();
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) if (r.personal_ct) expect(r.personal_ct.toString('latin1')).not.toContain('Quintanilla');
    for (const { name } of tables.rows) {
      const dump = await sql<{ j: string }>`select coalesce(string_agg(x::text, ' '), '') as j from ${sql.table(name)} x`.execute(t.db.db);
      // bytea columns print as hex in x::text; names in clear would print as themselves
      for (const s of SECRETS) expect(dump.rows[0]!.j.includes(s), `${s} in ${name}`).toBe(false);
      const hex = Buffer.from('Quintanilla').toString('hex');
      expect(dump.rows[0]!.j.includes(hex), `hex of a name in ${name}`).toBe(false);
    }
  });
});
