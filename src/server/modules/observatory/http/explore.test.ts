import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type TestApp } from '../../../../../test/helpers/app.ts';
import type { UserActor } from '../../../platform/http/context.ts';
import { importAmericasFlows, REAL_DATA_DIR } from '../real-data.ts';
import { mergeTotals } from './explore-routes.ts';

/** The exploration pages' server parts: people's downloads with the total row, recent releases, embeddable page. */
const DIR = REAL_DATA_DIR;
const present = fs.existsSync(path.join(DIR, 'regin.csv'));

describe('explore: frame headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t?.close());

  it('lets only the embed page be framed by other sites', async () => {
    const embed = await t.app.inject({ method: 'GET', url: '/observatory/embed?flow=REG_ENTRY' });
    expect(embed.headers['x-frame-options']).toBeUndefined();
    expect(String(embed.headers['content-security-policy'])).toContain('frame-ancestors *');
    for (const url of ['/observatory/explorer', '/observatory', '/', '/api/v1/dataflows', '/observatory/embed/../explorer']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
    }
  });

  it('puts each total after its parts', () => {
    const parts = [
      { REF_AREA: 'CRI', CITIZENSHIP: 'USA', OBS_VALUE: 10, CONF_STATUS: 'F' },
      { REF_AREA: 'PAN', CITIZENSHIP: 'USA', OBS_VALUE: 7, CONF_STATUS: 'F' },
      { REF_AREA: 'CRI', CITIZENSHIP: 'NIC', OBS_VALUE: null, CONF_STATUS: 'C' },
    ];
    const totals = [
      { REF_AREA: 'CRI', OBS_VALUE: 13, CONF_STATUS: 'F' },
      { REF_AREA: 'PAN', OBS_VALUE: 7, CONF_STATUS: 'F' },
    ];
    expect(mergeTotals(parts, totals, ['REF_AREA'], ['CITIZENSHIP']).map((r) => `${String(r.REF_AREA)}/${String(r.CITIZENSHIP)}/${String(r.OBS_VALUE)}`)).toEqual([
      'CRI/USA/10',
      'CRI/NIC/null',
      'CRI/_T/13',
      'PAN/USA/7',
      'PAN/_T/7',
    ]);
  });
});

describe('explore: the country profile’s sex and age (issue 17)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    await createUser(t, { email: 'explore.sexage@example.org', role: 'secretariat' });
    const sec = await signIn(t, 'explore.sexage@example.org');
    // a country that sends one table by sex and another by age (children / adults), never crossed
    const rows = ['2024-01', '2024-02'].flatMap((m) =>
      [['F', '_T', 500], ['M', '_T', 600], ['_T', 'Y_LT18', 300], ['_T', 'Y_GE18', 800], ['_T', '_T', 1100]].map(([SEX, AGE, v]) => ({ REF_AREA: 'CRI', FLOW: 'REG_ENTRY', SEX, AGE, TIME_PERIOD: m, OBS_VALUE: v })),
    );
    const sub = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
    expect(sub.statusCode, sub.body).toBe(201);
    expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${sub.json<{ id: string }>().id}/apply` })).statusCode).toBe(200);
    expect((await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'CRI', level: 'public' } })).statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('the public answers the profile reads: sex and age each reported, never crossed (the page says so, not "not reported")', async () => {
    const obs = async (qs: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?REF_AREA=CRI&startPeriod=2024-01&endPeriod=2024-02&${qs}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ observations: Record<string, unknown>[] }>().observations.map((o) => Object.values(o).join('/'));
    };
    // the minimum table's questions (src/web/features/explore/minimum.ts: "reported")
    expect(await obs('groupBy=FLOW,SEX')).toEqual(['REG_ENTRY/F/1000/F', 'REG_ENTRY/M/1200/F', 'REG_ENTRY/_T/2200/F']);
    expect(await obs('groupBy=FLOW,AGE')).toEqual(['REG_ENTRY/Y_GE18/1600/F', 'REG_ENTRY/Y_LT18/600/F', 'REG_ENTRY/_T/2200/F']);
    // the pyramid's question: no cell crosses a sex with an age group ("separate", explore.test.ts of the web)
    expect(await obs('FLOW=REG_ENTRY&groupBy=SEX,AGE')).toEqual(['F/_T/1000/F', 'M/_T/1200/F', '_T/Y_GE18/1600/F', '_T/Y_LT18/600/F', '_T/_T/2200/F']);
  });
});

describe.skipIf(!present)('explore: downloads and recent releases on the real data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    const id = await createUser(t, { email: 'explore.import@example.org', role: 'secretariat' });
    const actor: UserActor = { kind: 'user', id, email: 'explore.import@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
    await importAmericasFlows(t.services.observatory, actor, { requestId: null, ip: null }, DIR, { release: 'public', files: ['regin.csv'] });
  }, 240_000);
  afterAll(async () => t?.close());

  const Q = 'REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA,CITIZENSHIP';

  it('downloads a breakdown with names in Spanish, suppressed cells as such and the API total as the last row', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/observatory/download/MIG_FLOWS?${Q}&file=csv` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const all = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    // `#` lines first: what the file holds (flow, unit, filters, source, licence, citation)
    expect(all[0]).toMatch(/^# Flujo de datos: CRM:MIG_FLOWS/);
    expect(all).toContain('# Flujo: REG_ENTRY (Entradas regulares)');
    expect(all.some((l) => l.startsWith('# Cómo citar: '))).toBe(true);
    expect(res.headers['content-disposition']).toBe('attachment; filename="MIG_FLOWS_REG_ENTRY_CRI_2024-01_2024-12.csv"');
    const lines = all.filter((l) => !l.startsWith('#'));
    expect(lines[0]).toBe('País que informa (código),País que informa,Nacionalidad (código),Nacionalidad,Personas,Estado');
    expect(lines.at(-1)).toBe('CRI,Costa Rica,_T,Total,5066194,Publicado');
    expect(lines.some((l) => /^CRI,Costa Rica,VEN,Venezuela[^,]*,\d+,Publicado$/.test(l))).toBe(true);
    const hidden = lines.filter((l) => l.endsWith(',,Confidencial'));
    expect(hidden.length).toBeGreaterThan(1);
    // The visible parts fall short of the total by exactly what is suppressed: the total is not their sum.
    const visible = lines.slice(1, -1).reduce((s, l) => s + Number(l.split(',').at(-2) || 0), 0);
    expect(visible).toBeLessThan(5066194);
  });

  it('answers in English and as a spreadsheet', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/observatory/download/MIG_FLOWS?${Q}&file=xlsx&lang=en` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Data');
    expect(ws.getRow(1).values).toEqual([undefined, 'Reporting country (code)', 'Reporting country', 'Citizenship (code)', 'Citizenship', 'Persons', 'Status']);
    const last = ws.getRow(ws.rowCount).values as unknown[];
    expect(last.slice(3)).toEqual(['_T', 'Total', 5066194, 'Published']);
    expect(wb.worksheets[1]!.name).toBe('Source');
  });

  it('lists the recent releases with who released them, without naming a person', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/observatory/releases/recent' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { country: string; publishedBy: string | null; level: string }[];
    expect(items.map((i) => i.country).sort()).toContain('CRI');
    expect(items.every((i) => i.publishedBy === 'Secretaría técnica' && i.level === 'public')).toBe(true);
    const en = await t.app.inject({ method: 'GET', url: '/api/v1/observatory/releases/recent?lang=en' });
    expect((en.json().items as { publishedBy: string }[])[0]!.publishedBy).toBe('Technical secretariat');
  });

  it('refuses a malformed question with a translated message', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/observatory/download/MIG_FLOWS?startPeriod=2024-13&file=csv', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/[a-z]/i);
  });
});
