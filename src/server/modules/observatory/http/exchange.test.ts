import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { loadRealData } from '../real-data.ts';
import { monthRanges } from '../release/compliance.ts';

/** Saved column mappings, the XLSX template round trip, and the compliance view (on the real data). */
const BOUNDARY = 'obs-exchange';
function multipart(fields: Record<string, string>, file: { name: string; content: Buffer; type?: string }) {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`),
      file.content,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]),
  };
}

let t: TestApp;
let sec: Client;
let slv: Client;
let pan: Client;

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'ex.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'ex.slv@example.org', role: 'focal_point', countryCode: 'SLV' });
  await createUser(t, { email: 'ex.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
  [sec, slv, pan] = (await Promise.all(['ex.sec', 'ex.slv', 'ex.pan'].map((u) => signIn(t, `${u}@example.org`)))) as [Client, Client, Client];
  // SLV chose automatic approval: its focal point's confirmations apply at once (workflow.test.ts covers approval by the secretariat)
  expect((await slv.request({ method: 'PUT', url: '/api/v1/observatory/policies/SLV', payload: { visibility: 'public', autoApprove: true } })).statusCode).toBe(200);
  await loadRealData(t.db.db, t.services.observatory, { files: ['regin.csv', 'regout.csv', 'irreg.csv', 'guatemala_returns.csv', 'population.csv'] }) /* UNHCR asylum: real-data-asylum.test.ts */;
}, 300_000);
afterAll(async () => t?.close());

// A government's own layout: semicolons, Spanish headers, a title row, the flow as a constant.
const GOV_FILE = Buffer.from('Entradas regulares por nacionalidad\nmes;país;nacionalidad;personas\n2024-03;SLV;GTM;1.250\n2024-03;SLV;HND;980\n2024-04;SLV;GTM;1.310\n');
const GOV_MAPPING = { columns: { mes: 'TIME_PERIOD', país: 'REF_AREA', nacionalidad: 'CITIZENSHIP', personas: 'OBS_VALUE' }, constants: { FLOW: 'REG_ENTRY' } };

describe('saved column mappings', () => {
  it('a focal point saves the mapping of a submission under a name, and the next upload uses it by name', async () => {
    const first = await slv.request({ method: 'POST', url: '/api/v1/submissions', ...multipart({ mapping: JSON.stringify(GOV_MAPPING), saveMappingAs: 'DGME mensual' }, { name: 'marzo.csv', content: GOV_FILE }) });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().status).toBe('validated');
    const list = await slv.request({ method: 'GET', url: '/api/v1/dataflows/MIG_FLOWS/mappings' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { country: string; name: string; mapping: unknown }[];
    expect(items.find((i) => i.name === 'DGME mensual')).toMatchObject({ country: 'SLV', mapping: GOV_MAPPING });
    // the regional mappings the real data was imported with are offered too
    expect(items.filter((i) => i.country === '*').map((i) => i.name)).toEqual(['amerdigest-irreg', 'amerdigest-regin', 'amerdigest-regout', 'igm-guatemala-returns', 'unhcr-asylum-applications', 'unhcr-refugee-recognitions']);

    const second = await slv.request({ method: 'POST', url: '/api/v1/submissions', ...multipart({ mappingName: 'DGME mensual' }, { name: 'abril.csv', content: GOV_FILE }) });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().errors).toEqual([]);
    expect(second.json().preview[0]).toMatchObject({ REF_AREA: 'SLV', FLOW: 'REG_ENTRY', CITIZENSHIP: 'GTM', TIME_PERIOD: '2024-03', OBS_VALUE: 1250 });
    const stored = await t.db.db.selectFrom('obs_submission').select('mapping').where('id', '=', second.json().id).executeTakeFirstOrThrow();
    expect(stored.mapping).toEqual(GOV_MAPPING);
  });

  it("keeps countries' mappings apart and explains what is wrong, in the caller's language", async () => {
    const others = await pan.request({ method: 'GET', url: '/api/v1/dataflows/MIG_FLOWS/mappings' });
    expect((others.json().items as { name: string }[]).map((i) => i.name)).not.toContain('DGME mensual');
    const foreign = await pan.request({ method: 'POST', url: '/api/v1/submissions', headers: { 'accept-language': 'en' }, payload: { rows: [{ a: 1 }], mappingName: 'DGME mensual' } });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.message).toBe('There is no saved column mapping named "DGME mensual" for your country or for the region.');
    const both = await slv.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows: [{ a: 1 }], mappingName: 'DGME mensual', mapping: GOV_MAPPING } });
    expect(both.statusCode).toBe(400);
    expect(JSON.stringify(both.json())).toContain('no las dos');
    const notTheirs = await slv.request({ method: 'PUT', url: '/api/v1/dataflows/MIG_FLOWS/mappings/x', payload: { mapping: GOV_MAPPING, country: 'PAN' } });
    expect(notTheirs.statusCode).toBe(403);
    const regional = await sec.request({ method: 'PUT', url: '/api/v1/dataflows/MIG_FLOWS/mappings/regional-layout', payload: { mapping: GOV_MAPPING, country: '*' } });
    expect(regional.statusCode, regional.body).toBe(200);
    expect(regional.json()).toMatchObject({ country: '*', name: 'regional-layout' });
    // a regional mapping serves every country that has none of that name
    const viaRegional = await pan.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows: [{ mes: '2024-01', país: 'PAN', nacionalidad: 'COL', personas: '12' }], mappingName: 'regional-layout' } });
    expect(viaRegional.statusCode, viaRegional.body).toBe(201);
    expect(viaRegional.json().status).toBe('validated');
    const audit = await t.db.db.selectFrom('audit_event').select('entity_id').where('action', '=', 'observatory.mapping_save').execute();
    expect(audit.map((a) => a.entity_id)).toEqual(expect.arrayContaining(['MIG_FLOWS/SLV/DGME mensual', 'MIG_FLOWS/*/regional-layout']));
  });
});

describe('XLSX template', () => {
  const download = async (lang: 'es' | 'en') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/dataflows/MIG_FLOWS/template.xlsx?lang=${lang}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return { wb, res };
  };

  it("has the data sheet first, instructions in the caller's language, drop-downs bound to one sheet per code list", async () => {
    const { wb, res } = await download('en');
    expect(res.headers['content-disposition']).toContain('template-MIG_FLOWS.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Instructions', 'CL_AREA', 'CL_MIG_FLOW', 'CL_CITIZENSHIP', 'CL_COUNTERPART_AREA', 'CL_SEX', 'CL_AGE', 'CL_DISABILITY', 'CL_ETHNICITY']);
    const data = wb.getWorksheet('Data')!;
    expect((data.getRow(1).values as string[]).slice(1)).toEqual(['REF_AREA', 'FLOW', 'CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY', 'LOCATION', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'COMMENT']);
    const rules = (data as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }).dataValidations.model;
    expect(rules['A2']).toMatchObject({ type: 'list', formulae: [expect.stringMatching(/^'CL_AREA'!\$A\$2:\$A\$\d+$/)] });
    expect(rules['B500']).toMatchObject({ type: 'list', formulae: ["'CL_MIG_FLOW'!$A$2:$A$12"] });
    expect(rules['K2']).toMatchObject({ type: 'whole' });
    const flows = wb.getWorksheet('CL_MIG_FLOW')!;
    expect(flows.getRow(2).values).toEqual([undefined, 'REG_ENTRY', 'Regular entries']);
    expect(flows.rowCount).toBe(12);
    const text = wb.getWorksheet('Instructions')!.getColumn(1).values.map((v) => (typeof v === 'string' ? v : '')).join(' ');
    expect(text).toContain('Write one row per observation in the "Data" sheet');
    const es = await download('es');
    expect(es.wb.worksheets.slice(0, 2).map((w) => w.name)).toEqual(['Datos', 'Instrucciones']);
    expect(es.wb.getWorksheet('CL_MIG_FLOW')!.getRow(2).values).toEqual([undefined, 'REG_ENTRY', 'Entradas regulares']);
  });

  it('filled in and submitted without a mapping, gives exactly the observations typed', async () => {
    const { wb } = await download('es');
    const data = wb.getWorksheet('Datos')!;
    const rows: (string | number)[][] = [
      ['SLV', 'REG_EXIT', '_T', 'GTM', 'F', '_T', '_T', '_T', '_T', '2024-05', 40],
      ['SLV', 'REG_EXIT', '_T', 'GTM', 'M', '_T', '_T', '_T', '_T', '2024-05', 60],
      ['SLV', 'REG_EXIT', '_T', 'GTM', '_T', '_T', '_T', '_T', '_T', '2024-05', 100],
      ['SLV', 'REG_EXIT', '_T', 'HND', '_T', 'Y_LT18', '_T', '_T', '_T', '2024-05', 7, 'P', 'provisional'],
    ];
    rows.forEach((r, i) => data.getRow(i + 2).values = r);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await slv.request({ method: 'POST', url: '/api/v1/submissions', ...multipart({}, { name: 'plantilla.xlsx', content, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }) });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report.errors).toEqual([]);
    expect(report.rows).toBe(4);
    expect(report.warnings.map((w: { key: string }) => w.key)).not.toContain('observatory.msg.dimensionTotal');
    const applied = await slv.request({ method: 'POST', url: `/api/v1/submissions/${report.id}/apply` });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().applied).toMatchObject({ added: 4, changed: 0 });
    const obs = await sql<{ counterpart_area: string; sex: string; age: string; obs_value: string; obs_status: string; comment: string | null }>`
      select counterpart_area, sex, age, obs_value, obs_status, comment from obs_observation
      where ref_area = 'SLV' and flow = 'REG_EXIT' and time_period = '2024-05' and valid_to is null and citizenship = '_T'
      order by counterpart_area, sex, age`.execute(t.db.db);
    expect(obs.rows.map((o) => ({ ...o, obs_value: Number(o.obs_value) }))).toEqual([
      { counterpart_area: 'GTM', sex: 'F', age: '_T', obs_value: 40, obs_status: 'A', comment: null },
      { counterpart_area: 'GTM', sex: 'M', age: '_T', obs_value: 60, obs_status: 'A', comment: null },
      { counterpart_area: 'GTM', sex: '_T', age: '_T', obs_value: 100, obs_status: 'A', comment: null },
      { counterpart_area: 'HND', sex: '_T', age: 'Y_LT18', obs_value: 7, obs_status: 'P', comment: 'provisional' },
    ]);
  });
});

describe('a value far from its series history (warning)', () => {
  const rows = (vals: [string, number][]) => ({ rows: vals.map(([p, v]) => ({ TIME_PERIOD: p, REF_AREA: 'SLV', FLOW: 'ASYLUM_APP', OBS_VALUE: v })) });
  const send = async (vals: [string, number][]) => {
    const res = await slv.request({ method: 'POST', url: '/api/v1/submissions', headers: { 'accept-language': 'en' }, payload: rows(vals) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; status: string; warnings: { key: string; message: string; row: number }[] }>();
  };
  const far = <W extends { key: string }>(r: { warnings: W[] }) => r.warnings.filter((w) => w.key === 'observatory.msg.farFromHistory');

  it('compares a new month with the median of the stored previous twelve, and only warns', async () => {
    const year: [string, number][] = [100, 110, 95, 105, 98, 102, 120, 90, 101, 99, 104, 97].map((v, i) => [`2023-${String(i + 1).padStart(2, '0')}`, v]);
    const history = await send(year);
    expect(far(history)).toEqual([]);
    expect((await slv.request({ method: 'POST', url: `/api/v1/submissions/${history.id}/apply` })).statusCode).toBe(200);
    const high = await send([['2024-01', 900]]);
    expect(high.status).toBe('validated');
    expect(far(high).map((w) => w.message)).toEqual([
      "Row 2, column “OBS_VALUE”: 900 in 2024-01 is far from this series' history: the median of its 12 previous months is 101 (more than 5 times, or less than a fifth). Check the figure; if it is right, you may submit it.",
    ]);
    expect(far(await send([['2024-01', 450]]))).toEqual([]); // 4.5 times: within the rule
    expect(far(await send([['2024-01', 15]]))).toHaveLength(1); // less than a fifth
  });
});

describe('compliance with the regional minimum disaggregation', () => {
  it('groups consecutive months into ranges', () => {
    expect(monthRanges(['2023-02', '2022-12', '2023-01', '2023-05', '2023-05'])).toEqual(['2022-12/2023-02', '2023-05']);
    expect(monthRanges([])).toEqual([]);
  });

  type Country = { country: string; dimensions: Record<string, { reported: boolean; count: number; ranges: string[] }>; flows: { flow: string; dimensions: Record<string, { reported: boolean; count: number; ranges: string[] }> }[] };
  const view = async (c: Client | null, qs = '') => {
    const res = c ? await c.request({ method: 'GET', url: `/api/v1/dataflows/MIG_FLOWS/compliance${qs}` }) : await t.app.inject({ method: 'GET', url: `/api/v1/dataflows/MIG_FLOWS/compliance${qs}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ minimum: { id: string; name: string }[]; countries: Country[] }>();
  };

  it('on the real data: every country reports nationality for entries; only Guatemala (its returns) reports sex and age; none disability or ethnicity', async () => {
    const v = await view(null);
    expect(v.minimum.map((m) => m.id)).toEqual(['SEX', 'AGE', 'CITIZENSHIP', 'DISABILITY', 'ETHNICITY']);
    expect(v.minimum[2]!.name).toBe('Nacionalidad');
    expect(v.countries.map((c) => c.country)).toEqual(['ARG', 'BOL', 'BRA', 'COL', 'CRI', 'ECU', 'GTM', 'HND', 'MEX', 'PAN', 'PER']);
    const citizenship = v.countries.filter((c) => c.dimensions.CITIZENSHIP!.reported).map((c) => c.country);
    expect(citizenship).toHaveLength(11);
    for (const c of v.countries) for (const d of ['SEX', 'AGE', 'DISABILITY', 'ETHNICITY']) expect(c.dimensions[d]!.reported, `${c.country} ${d}`).toBe(c.country === 'GTM' && (d === 'SEX' || d === 'AGE'));
    // IGM's returns (seed/observatory/guatemala-returns), 2020-01 … 2025-04, by sex and by adult / child
    const returns = v.countries.find((c) => c.country === 'GTM')!.flows.find((f) => f.flow === 'RETURN_RECEIVED')!;
    expect(returns.dimensions.SEX).toEqual({ reported: true, count: 64, ranges: ['2020-01/2025-04'] });
    expect(returns.dimensions.AGE!.reported).toBe(true);
    // exits are reported by destination, not by nationality
    for (const c of v.countries) {
      const exits = c.flows.find((f) => f.flow === 'REG_EXIT');
      if (exits) expect(exits.dimensions.CITIZENSHIP!.reported).toBe(false);
    }
    // Costa Rica's entry months with a nationality breakdown, checked against the observations
    const months = await sql<{ m: string }>`select distinct time_period as m from obs_observation where ref_area = 'CRI' and flow = 'REG_ENTRY' and citizenship not in ('_T', '_U') order by 1`.execute(t.db.db);
    const cri = (await view(null, '?country=CRI&flow=REG_ENTRY')).countries;
    expect(cri).toHaveLength(1);
    expect(cri[0]!.flows[0]!.dimensions.CITIZENSHIP).toEqual({ reported: true, count: months.rows.length, ranges: monthRanges(months.rows.map((r) => r.m)) });
    expect(cri[0]!.flows[0]!.dimensions.CITIZENSHIP!.ranges).toEqual(['2022-01/2025-03']); // regin.csv has no April 2025 for Costa Rica
    const en = await t.app.inject({ method: 'GET', url: '/api/v1/dataflows/MIG_FLOWS/compliance?country=CRI', headers: { 'accept-language': 'en' } });
    expect(en.json().minimum[2].name).toBe('Citizenship');
  });

  it('counts unreleased figures only for their country and the secretariat', async () => {
    const anon = await view(null, '?country=SLV');
    expect(anon.countries).toEqual([]);
    const own = await view(slv, '?country=SLV');
    const exits = own.countries[0]!.flows.find((f) => f.flow === 'REG_EXIT')!;
    expect(exits.dimensions.SEX).toEqual({ reported: true, count: 1, ranges: ['2024-05'] });
    expect(exits.dimensions.AGE).toEqual({ reported: true, count: 1, ranges: ['2024-05'] });
    expect(exits.dimensions.DISABILITY!.reported).toBe(false);
    expect((await view(sec, '?country=SLV')).countries[0]!.dimensions.SEX!.reported).toBe(true);
    expect((await view(pan, '?country=SLV')).countries).toEqual([]);
  });
});
