import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { suppress } from './read/disclosure.ts';
import { parseCount, parseMonth } from './import/validate.ts';

const FIXTURES = path.resolve('fixtures');
const BOUNDARY = 'obs-boundary';
function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

let t: TestApp;
let sec: Client;
let cri: Client;
let pan: Client;
let viewer: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'obs.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'obs.cri@example.org', role: 'focal_point', countryCode: 'CRI' });
  await createUser(t, { email: 'obs.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
  await createUser(t, { email: 'obs.viewer@example.org', role: 'member_viewer' });
  [sec, cri, pan, viewer] = (await Promise.all(['obs.sec', 'obs.cri', 'obs.pan', 'obs.viewer'].map((u) => signIn(t, `${u}@example.org`)))) as [Client, Client, Client, Client];
  // CRI chose automatic approval: its focal point's confirmations apply at once (workflow.test.ts covers approval by the secretariat)
  expect((await cri.request({ method: 'PUT', url: '/api/v1/observatory/policies/CRI', payload: { visibility: 'public', autoApprove: true } })).statusCode).toBe(200);
  // PAN chose automatic approval: its focal point's confirmations apply at once (workflow.test.ts covers approval by the secretariat)
  expect((await pan.request({ method: 'PUT', url: '/api/v1/observatory/policies/PAN', payload: { visibility: 'public', autoApprove: true } })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

const data = (c: Client | null, qs: string) =>
  c ? c.request({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` }) : t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });

describe('structures', () => {
  it('lists dataflows and describes MIG_FLOWS with its code lists in both languages', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/dataflows' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { urn: string }) => d.urn)).toContain('CRM:MIG_FLOWS(1.0)');
    const es = (await t.app.inject({ method: 'GET', url: '/api/v1/dataflows/MIG_FLOWS' })).json();
    expect(es.frequency).toBe('M');
    expect(es.unit).toBe('PS');
    expect(es.dimensions.map((d: { id: string }) => d.id)).toEqual(['REF_AREA', 'FLOW', 'CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY', 'LOCATION', 'TIME_PERIOD']);
    const codes = (id: string) => es.dimensions.find((d: { id: string }) => d.id === id).codes.map((c: { id: string }) => c.id);
    expect(codes('CITIZENSHIP')).toEqual(expect.arrayContaining(['VEN', 'XXA', '_U', '_T']));
    expect(codes('COUNTERPART_AREA')).toEqual(expect.arrayContaining(['_Z', '_U', '_T']));
    expect(codes('AGE')).toEqual(['Y_LT5', 'Y5T11', 'Y12T17', 'Y18T29', 'Y30T59', 'Y_GE60', 'Y_LT18', 'Y_GE18', '_U', '_T']);
    expect(codes('FLOW')).toHaveLength(11);
    expect(es.dimensions[1].codes[0].name).toBe('Entradas regulares');
    const en = (await t.app.inject({ method: 'GET', url: '/api/v1/dataflows/MIG_FLOWS', headers: { 'accept-language': 'en' } })).json();
    expect(en.dimensions[1].codes[0].name).toBe('Regular entries');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/dataflows/NOPE' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('parsing values as people write them', () => {
  it('reads counts with thousands separators and refuses fractions and negatives', () => {
    expect(parseCount('5.066.194')).toEqual({ value: 5066194 });
    expect(parseCount('5,066,194')).toEqual({ value: 5066194 });
    expect(parseCount('1 234')).toEqual({ value: 1234 });
    expect(parseCount('12,00')).toEqual({ value: 12 });
    expect(parseCount('12,5')).toEqual({ error: 'valueNotInteger' });
    expect(parseCount('-3')).toEqual({ error: 'valueNegative' });
    expect(parseCount('abc')).toEqual({ error: 'valueNotNumber' });
    expect(parseMonth('2024-01-01')).toEqual({ period: '2024-01' });
    expect(parseMonth('2024-Q1')).toEqual({ error: 'periodNotMonthly' });
    expect(parseMonth('2024-13')).toEqual({ error: 'periodMalformed' });
  });
});

describe('submitting, applying, releasing', () => {
  let first: string;

  it('validates a Windows-1252, semicolon, title-row file with decimal separators and a national code mapping', async () => {
    const content = fs.readFileSync(path.join(FIXTURES, 'good', 'cri-entries-1252.csv'));
    const mapping = { columns: { mes: 'TIME_PERIOD', país: 'REF_AREA', nacionalidad: 'CITIZENSHIP', sexo: 'SEX', valor: 'OBS_VALUE' }, constants: { FLOW: 'REG_ENTRY' } };
    const res = await cri.request({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipart({ mapping: JSON.stringify(mapping) }, { name: 'entradas.csv', content }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.errors).toEqual([]);
    expect(r.status).toBe('validated');
    expect(r.rows).toBe(7);
    expect(r.preview[0]).toMatchObject({ REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'NIC', SEX: 'F', AGE: '_T', TIME_PERIOD: '2024-01', OBS_VALUE: 1234 });
    expect(r.warnings.map((w: { message: string }) => w.message).join('\n')).toContain('«OOO» se registró como «_U» en 1 fila');
    first = r.id;
    // nothing stored until applied
    const before = await data(cri, 'REF_AREA=CRI&groupBy=REF_AREA');
    expect(before.json().observations).toEqual([]);
  });

  it('applies in one go; the country sees its figures, nobody else does before a release', async () => {
    const res = await cri.request({ method: 'POST', url: `/api/v1/submissions/${first}/apply` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().applied).toEqual({ added: 7, changed: 0, unchanged: 0 });
    const again = await cri.request({ method: 'POST', url: `/api/v1/submissions/${first}/apply` });
    expect(again.statusCode).toBe(409);
    const own = await data(cri, 'REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA');
    expect(own.json().observations).toEqual([{ REF_AREA: 'CRI', OBS_VALUE: 1234 + 2000 + 3 + 40 + 1300 + 2100 + 7, CONF_STATUS: 'F' }]);
    expect((await data(sec, 'REF_AREA=CRI&groupBy=REF_AREA')).json().observations[0].OBS_VALUE).toBe(6684);
    for (const c of [null, pan, viewer]) expect((await data(c, 'REF_AREA=CRI&groupBy=REF_AREA')).json().observations).toEqual([]);
    // the country's own users may not read other countries' submissions
    expect((await pan.request({ method: 'GET', url: `/api/v1/submissions/${first}` })).statusCode).toBe(404);
  });

  it('releases to member states, then to the public; small counts are suppressed in public outputs', async () => {
    const rel = await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'CRI', level: 'members' } });
    expect(rel.statusCode, rel.body).toBe(201);
    expect((await data(viewer, 'REF_AREA=CRI&groupBy=REF_AREA')).json().observations[0].OBS_VALUE).toBe(6684);
    expect((await data(null, 'REF_AREA=CRI&groupBy=REF_AREA')).json().observations).toEqual([]);
    await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'CRI', level: 'public' } });
    const pub = (await data(null, 'REF_AREA=CRI&FLOW=REG_ENTRY&groupBy=REF_AREA')).json();
    expect(pub.dataflow).toBe('CRM:MIG_FLOWS(1.0)');
    expect(pub.releases).toHaveLength(1);
    expect(pub.observations).toEqual([{ REF_AREA: 'CRI', OBS_VALUE: 6684, CONF_STATUS: 'F' }]);
    // by citizenship × sex in January: VEN F = 3 is suppressed, never 0, and so is a second cell of each group
    const cells = (await data(null, 'REF_AREA=CRI&startPeriod=2024-01&endPeriod=2024-01&groupBy=CITIZENSHIP,SEX')).json().observations;
    const venF = cells.find((c: { CITIZENSHIP: string; SEX: string }) => c.CITIZENSHIP === 'VEN' && c.SEX === 'F');
    expect(venF).toMatchObject({ OBS_VALUE: null, CONF_STATUS: 'C' });
    const venM = cells.find((c: { CITIZENSHIP: string; SEX: string }) => c.CITIZENSHIP === 'VEN' && c.SEX === 'M');
    expect(venM).toMatchObject({ OBS_VALUE: null, CONF_STATUS: 'C' });
    expect(cells.filter((c: { CONF_STATUS: string }) => c.CONF_STATUS === 'C').length).toBeGreaterThanOrEqual(3);
    // the country itself sees its own cells
    const own = (await data(cri, 'REF_AREA=CRI&startPeriod=2024-01&endPeriod=2024-01&groupBy=CITIZENSHIP,SEX')).json().observations;
    expect(own.every((c: { CONF_STATUS: string }) => c.CONF_STATUS === 'F')).toBe(true);
    const csv = await data(null, 'REF_AREA=CRI&groupBy=REF_AREA,TIME_PERIOD&format=sdmx-csv');
    expect(csv.body).toContain('STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA');
    expect(csv.body).toContain('dataflow,CRM:MIG_FLOWS(1.0),I,CRI,_T');
  });

  it('keeps every revision: a correction changes the figure, asOf gives back the earlier one', async () => {
    const released = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const res = await cri.request({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: { rows: [{ TIME_PERIOD: '2024-01', REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'NIC', SEX: 'F', OBS_VALUE: 1300 }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const applied = await cri.request({ method: 'POST', url: `/api/v1/submissions/${res.json().id}/apply` });
    expect(applied.json().applied).toEqual({ added: 0, changed: 1, unchanged: 0 });
    expect((await data(cri, 'REF_AREA=CRI&groupBy=REF_AREA')).json().observations[0].OBS_VALUE).toBe(6750);
    // the public still sees the released state until the next release
    expect((await data(null, 'REF_AREA=CRI&groupBy=REF_AREA')).json().observations[0].OBS_VALUE).toBe(6684);
    await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'CRI', level: 'public' } });
    expect((await data(null, 'REF_AREA=CRI&groupBy=REF_AREA')).json().observations[0].OBS_VALUE).toBe(6750);
    expect((await data(null, `REF_AREA=CRI&groupBy=REF_AREA&asOf=${released}`)).json().observations[0].OBS_VALUE).toBe(6684);
    const rows = await t.db.db.selectFrom('obs_observation').select(['obs_value', 'valid_to']).where('ref_area', '=', 'CRI').where('citizenship', '=', 'NIC').where('sex', '=', 'F').where('time_period', '=', '2024-01').orderBy('id').execute();
    expect(rows.map((r) => r.obs_value)).toEqual([1234, 1300]);
    expect(rows[0]!.valid_to).not.toBeNull();
    // the rollup and the raw observations agree
    const raw = await t.services.observatory.data({ kind: 'anonymous' }, 'MIG_FLOWS', { filters: { REF_AREA: ['CRI'] }, groupBy: ['REF_AREA', 'TIME_PERIOD'], timeAggregation: 'month', noRollup: true });
    const rolled = await t.services.observatory.data({ kind: 'anonymous' }, 'MIG_FLOWS', { filters: { REF_AREA: ['CRI'] }, groupBy: ['REF_AREA', 'TIME_PERIOD'], timeAggregation: 'month' });
    expect(rolled.rollup).toBe(true);
    expect(raw.rollup).toBe(false);
    expect(rolled.body.observations).toEqual(raw.body.observations);
  });

  it('refuses another country, reports row and column in the caller language, and gives the rows back with an error column', async () => {
    const res = await pan.request({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { 'accept-language': 'en' },
      payload: { rows: [{ TIME_PERIOD: '2024-01', REF_AREA: 'CRI', FLOW: 'REG_ENTRY', OBS_VALUE: 5 }, { TIME_PERIOD: '2024-01', REF_AREA: 'PAN', FLOW: 'REG_ENTRI', OBS_VALUE: 5 }] },
    });
    const r = res.json();
    expect(r.status).toBe('rejected');
    expect(r.errors.map((e: { message: string }) => e.message)).toEqual([
      'Row 2, column “REF_AREA”: the reporting country is “CRI”, but you may only submit data for PAN.',
      'Row 3, column “FLOW”: “REG_ENTRI” is not a FLOW code. Did you mean REG_ENTRY (Regular entries)?',
    ]);
    expect((await pan.request({ method: 'POST', url: `/api/v1/submissions/${r.id}/apply` })).statusCode).toBe(409);
    const csv = await pan.request({ method: 'GET', url: `/api/v1/submissions/${r.id}/report.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Fila 3');
    const line = csv.body.split('\r\n').find((l) => l.includes('REG_ENTRI'));
    expect(line).toMatch(/^3,2024-01,PAN,REG_ENTRI,5,"Error: Fila 3, columna «FLOW»/);
  });

  it('accepts an API token and honours Idempotency-Key', async () => {
    const token = (await pan.request({ method: 'POST', url: '/api/v1/account/tokens', payload: { name: 'sistema' } })).json().token as string;
    expect(token).toMatch(/^obs_/);
    const call = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'pan-2024-01' },
        payload: { rows: [{ TIME_PERIOD: '2024-01', REF_AREA: 'PAN', FLOW: 'IRREG_ENTRY', CITIZENSHIP: 'VEN', OBS_VALUE: 1000 }] },
      });
    const a = await call();
    expect(a.statusCode, a.body).toBe(201);
    const b = await call();
    expect(b.statusCode).toBe(200);
    expect(b.json().id).toBe(a.json().id);
    expect(await t.db.db.selectFrom('obs_submission').select('id').where('idempotency_key', '=', 'pan-2024-01').execute()).toHaveLength(1);
  });
});

describe('secondary suppression', () => {
  it('never leaves exactly one hidden cell in a group', () => {
    const cells = [
      { key: { SEX: 'F', AGE: 'A' }, value: 2 },
      { key: { SEX: 'F', AGE: 'B' }, value: 50 },
      { key: { SEX: 'F', AGE: 'C' }, value: 70 },
      { key: { SEX: 'M', AGE: 'A' }, value: 30 },
      { key: { SEX: 'M', AGE: 'B' }, value: 60 },
      { key: { SEX: 'M', AGE: 'C' }, value: 80 },
    ];
    const out = suppress(cells, ['SEX', 'AGE']);
    for (const d of ['SEX', 'AGE']) {
      const other = d === 'SEX' ? 'AGE' : 'SEX';
      const groups = new Map<string, number>();
      for (const c of out) if (c.suppressed) groups.set(c.key[other as 'SEX']!, (groups.get(c.key[other as 'SEX']!) ?? 0) + 1);
      for (const n of groups.values()) expect(n).not.toBe(1);
    }
    expect(out.filter((c) => c.suppressed).length).toBe(4);
  });
});
