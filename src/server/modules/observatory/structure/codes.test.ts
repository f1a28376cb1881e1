import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { suggestCode, typoDistance } from './codes.ts';
import type { Structure } from './structure.ts';

/**
 * Codes people type (issue 17): the data API refuses unknown codes naming the dimension and
 * the code, in the caller's language; "did you mean" only when it is likely, with the name.
 */
let t: TestApp;
let s: Structure;
let sec: Client;

beforeAll(async () => {
  t = await testApp();
  s = await t.services.observatory.structure('MIG_FLOWS');
  await createUser(t, { email: 'codes.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'codes.sec@example.org');
  // figures of Costa Rica, released to the public, so valid questions have an answer
  const rows = ['2024-01', '2024-02'].flatMap((m) => [
    { REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'NIC', TIME_PERIOD: m, OBS_VALUE: 1200 },
    { REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'VEN', TIME_PERIOD: m, OBS_VALUE: 800 },
  ]);
  const sub = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
  expect(sub.statusCode, sub.body).toBe(201);
  expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${sub.json().id}/apply` })).statusCode).toBe(200);
  expect((await sec.request({ method: 'POST', url: '/api/v1/releases', payload: { country: 'CRI', level: 'public' } })).statusCode).toBe(201);
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
type Report = { id: string; errors: { message: string }[] };
type ErrorBody = { error: { code: string; message: string; issues: { path: string; message: string }[] } };

describe('did you mean: only when likely, with the name', () => {
  const area = () => s.byId.get('REF_AREA')!;
  const citizenship = () => s.byId.get('CITIZENSHIP')!;

  it('suggests nothing for TIB or STL: one arbitrary letter from GIB / STP is not a likely slip', () => {
    expect(suggestCode(area(), 'TIB')).toBeNull();
    expect(suggestCode(area(), 'STL')).toBeNull();
    expect(suggestCode(citizenship(), 'tib')).toBeNull();
  });

  it('suggests GTM (Guatemala) for GTN: a neighbouring key, and no other code as close', () => {
    expect(suggestCode(area(), 'GTN')).toEqual({ code: 'GTM', name: expect.objectContaining({ es: 'Guatemala', en: 'Guatemala' }) });
    // two letters swapped
    expect(suggestCode(area(), 'PNA')?.code).toBe('PAN');
    expect(suggestCode(area(), 'HDN')?.code).toBe('HND');
    expect(suggestCode(s.byId.get('FLOW')!, 'REG_ENTRI')).toEqual({ code: 'REG_ENTRY', name: expect.objectContaining({ es: 'Entradas regulares' }) });
  });

  it('suggests by a code name in either language, without accents or case', () => {
    expect(suggestCode(area(), 'guatemala')?.code).toBe('GTM');
    expect(suggestCode(area(), 'Panamá')?.code).toBe('PAN');
    expect(suggestCode(s.byId.get('SEX')!, 'Mujeres')?.code).toBe('F');
  });

  it('suggests nothing when two codes are equally close, or for a known code', () => {
    expect(suggestCode(area(), 'BRZ')).toBeNull(); // BRA, BLZ, BRB, BRN
    expect(suggestCode(area(), 'CRI')).toBeNull();
    expect(typoDistance('GTN', 'GTM')).toBe(0.5);
    expect(typoDistance('TIB', 'GIB')).toBe(1);
  });

  it('shows the suggestion with its name in the import report, in Spanish and English', async () => {
    const rows = [
      { REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'GTN', TIME_PERIOD: '2024-03', OBS_VALUE: 10 },
      { REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'TIB', TIME_PERIOD: '2024-03', OBS_VALUE: 10 },
      { REF_AREA: 'CRI', FLOW: 'REG_ENTRY', CITIZENSHIP: 'STL', TIME_PERIOD: '2024-03', OBS_VALUE: 10 },
    ];
    const res = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows, mapping: { constants: { SEX: 'Hombres' } } } });
    expect(res.statusCode, res.body).toBe(201);
    const es = res.json<Report>().errors.map((e) => e.message);
    expect(es).toContain('El valor fijo «Hombres» no es un código de SEX. ¿Quiso decir M (Hombres)?');
    const id = res.json<Report>().id;
    const fixed = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows } });
    const msgs = fixed.json<Report>().errors.map((e) => e.message);
    expect(msgs).toContain('Fila 2, columna «CITIZENSHIP»: «GTN» no es un código de CITIZENSHIP. ¿Quiso decir GTM (Guatemala)?');
    expect(msgs).toContain('Fila 3, columna «CITIZENSHIP»: «TIB» no es un código de CITIZENSHIP.');
    expect(msgs).toContain('Fila 4, columna «CITIZENSHIP»: «STL» no es un código de CITIZENSHIP.');
    const en = await sec.request({ method: 'GET', url: `/api/v1/submissions/${fixed.json<Report>().id}?lang=en` });
    expect(en.json<Report>().errors.map((e) => e.message)).toContain('Row 2, column “CITIZENSHIP”: “GTN” is not a CITIZENSHIP code. Did you mean GTM (Guatemala)?');
    const enConstant = await sec.request({ method: 'GET', url: `/api/v1/submissions/${id}`, headers: { 'accept-language': 'en' } });
    expect(enConstant.json<Report>().errors.map((e) => e.message)).toContain('The fixed value “Hombres” is not a SEX code. Did you mean M (Male)?');
  });
});

describe('the data API refuses unknown codes', () => {
  it('answers 400 naming the dimension and the code, in Spanish by default', async () => {
    const res = await get('/api/v1/data/MIG_FLOWS?REF_AREA=XYZ');
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe('invalid');
    expect(body.error.issues).toEqual([{ path: 'REF_AREA', message: '«XYZ» no es un código de la dimensión REF_AREA; consulte sus códigos en /api/v1/dataflows/MIG_FLOWS.' }]);
  });

  it('answers in English with Accept-Language: en or ?lang=en', async () => {
    const expected = [{ path: 'REF_AREA', message: '“XYZ” is not a code of the REF_AREA dimension; see its codes at /api/v1/dataflows/MIG_FLOWS.' }];
    const header = await get('/api/v1/data/MIG_FLOWS?REF_AREA=XYZ', { 'accept-language': 'en' });
    expect(header.statusCode).toBe(400);
    expect(header.json<ErrorBody>().error.issues).toEqual(expected);
    const param = await get('/api/v1/data/MIG_FLOWS?REF_AREA=XYZ&lang=en');
    expect(param.statusCode).toBe(400);
    expect(param.json<ErrorBody>().error.issues).toEqual(expected);
  });

  it('checks every dimension: one issue per unknown code, with the likely code when there is one', async () => {
    const res = await get('/api/v1/data/MIG_FLOWS?REF_AREA=CRI,GTN&FLOW=REG_ENTRY,NOPE&CITIZENSHIP=VEN,TIB&SEX=X&AGE=Y_LT99&DISABILITY=DIS&ETHNICITY=IND&LOCATION=SANJOSE&COUNTERPART_AREA=_Z');
    expect(res.statusCode).toBe(400);
    const issues = res.json<ErrorBody>().error.issues;
    expect(issues.map((i) => i.path)).toEqual(['REF_AREA', 'FLOW', 'CITIZENSHIP', 'SEX', 'AGE', 'LOCATION']);
    expect(issues[0]!.message).toBe('«GTN» no es un código de la dimensión REF_AREA. ¿Quiso decir GTM (Guatemala)?');
    expect(issues[1]!.message).toContain('«NOPE» no es un código de la dimensión FLOW');
    expect(issues[2]!.message).toBe('«TIB» no es un código de la dimensión CITIZENSHIP; consulte sus códigos en /api/v1/dataflows/MIG_FLOWS.');
    expect(issues[5]!.message).toContain('un lugar es _T o el código de un país seguido de un guion');
    const en = await get('/api/v1/data/MIG_FLOWS?SEX=X&LOCATION=ZZZ-PORT&lang=en');
    expect(en.json<ErrorBody>().error.issues.map((i) => i.message)).toEqual([
      '“X” is not a code of the SEX dimension; see its codes at /api/v1/dataflows/MIG_FLOWS.',
      '“ZZZ-PORT” is not a code of the LOCATION dimension: a location is _T or a country code followed by a hyphen and the place code (PAN-DARIEN).',
    ]);
  });

  it('still answers valid questions as before (200), known codes without figures included', async () => {
    const ok = await get('/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().observations).toEqual([{ REF_AREA: 'CRI', OBS_VALUE: 4000, CONF_STATUS: 'F' }]);
    const cit = await get('/api/v1/data/MIG_FLOWS?REF_AREA=cri&CITIZENSHIP=NIC,_T&groupBy=CITIZENSHIP');
    expect(cit.statusCode).toBe(200);
    expect(cit.json().observations).toEqual([{ CITIZENSHIP: 'NIC', OBS_VALUE: 2400, CONF_STATUS: 'F' }]);
    const none = await get('/api/v1/data/MIG_FLOWS?REF_AREA=ARG&LOCATION=ARG-EZEIZA&groupBy=REF_AREA');
    expect(none.statusCode).toBe(200);
    expect(none.json().observations).toEqual([]);
    // a wrong parameter value is still the schema's 400, as before
    expect((await get('/api/v1/data/MIG_FLOWS?REF_AREA=C%20RI')).statusCode).toBe(400);
  });

  it('the explore endpoints that take codes refuse them too: download and compliance', async () => {
    const dl = await get('/api/v1/observatory/download/MIG_FLOWS?REF_AREA=XYZ&file=csv&lang=en');
    expect(dl.statusCode).toBe(400);
    expect(dl.json<ErrorBody>().error.issues[0]!.message).toContain('“XYZ” is not a code of the REF_AREA dimension');
    expect((await get('/api/v1/observatory/download/MIG_FLOWS?REF_AREA=CRI&groupBy=CITIZENSHIP&file=csv')).statusCode).toBe(200);
    const cc = await get('/api/v1/dataflows/MIG_FLOWS/compliance?country=XYZ&flow=NOPE');
    expect(cc.statusCode).toBe(400);
    expect(cc.json<ErrorBody>().error.issues.map((i) => [i.path, i.message])).toEqual([
      ['country', '«XYZ» no es un código de la dimensión REF_AREA; consulte sus códigos en /api/v1/dataflows/MIG_FLOWS.'],
      ['flow', '«NOPE» no es un código de la dimensión FLOW; consulte sus códigos en /api/v1/dataflows/MIG_FLOWS.'],
    ]);
    expect((await get('/api/v1/dataflows/MIG_FLOWS/compliance?country=CRI&flow=REG_ENTRY')).statusCode).toBe(200);
  });
});
