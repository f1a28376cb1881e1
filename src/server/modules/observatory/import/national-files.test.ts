import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';

/**
 * National files as they come (issue 17 item 6, split-columns.ts): one column carrying SEX and
 * AGE (`hombres / mujeres / niños / niñas`), columns that match no dimension summed away on
 * request, the mapping kept with these choices; and the bad mappings refused with nothing stored.
 */
let t: TestApp;
let pan: Client;
beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'nf.pan@example.org', role: 'focal_point', countryCode: 'PAN' });
  pan = await signIn(t, 'nf.pan@example.org');
});
afterAll(async () => t?.close());

type Msg = { message: string; key: string };
type Report = { id: string; status: string; errors: Msg[]; infos: Msg[]; preview: Record<string, unknown>[] };
const submit = async (rows: object[], body: object, lang = 'es') => {
  const res = await pan.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows, ...body }, headers: { 'accept-language': lang } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Report>();
};
const stored = async () =>
  (await t.db.db.selectFrom('obs_observation').select(['sex', 'age', 'citizenship', 'obs_value']).where('ref_area', '=', 'PAN').where('valid_to', 'is', null).orderBy('citizenship').orderBy('sex').orderBy('age').execute()).map(
    (r) => `${r.citizenship}/${r.sex}/${r.age}=${Number(r.obs_value)}`,
  );

// a monthly table as a border authority publishes it: one row per nationality × group × authority
const file = [
  ['VEN', 'Hombres', 'SENAFRONT', 410],
  ['VEN', 'Hombres', 'SNM', 12],
  ['VEN', 'Mujeres', 'SENAFRONT', 300],
  ['VEN', 'Niños', 'SENAFRONT', 95],
  ['VEN', 'Niñas', 'SENAFRONT', 88],
  ['HTI', 'Hombres', 'SENAFRONT', 120],
  ['HTI', 'Mujeres', 'SENAFRONT', 101],
  ['HTI', 'Niños', 'SNM', 20],
  ['HTI', 'Niñas', 'SNM', 19],
].map(([nac, grupo, autoridad, n]) => ({ Mes: '2024-03', País: 'PAN', Nacionalidad: nac, Grupo: grupo, Autoridad: autoridad, Personas: n }));
const GROUPS = {
  hombres: { SEX: 'M', AGE: 'Y_GE18' },
  mujeres: { SEX: 'F', AGE: 'Y_GE18' },
  niños: { SEX: 'M', AGE: 'Y_LT18' },
  niñas: { SEX: 'F', AGE: 'Y_LT18' },
};
const MAPPING = {
  columns: { Mes: 'TIME_PERIOD', País: 'REF_AREA', Nacionalidad: 'CITIZENSHIP', Personas: 'OBS_VALUE', Autoridad: '' },
  constants: { FLOW: 'IRREG_ENTRY' },
  split: { Grupo: GROUPS },
  sumRows: true,
};

describe('one column into two dimensions', () => {
  it('maps men/women/boys/girls to SEX and AGE, sums away the authority column, and the saved mapping keeps it', async () => {
    const save = await pan.request({ method: 'PUT', url: '/api/v1/dataflows/MIG_FLOWS/mappings/SNM%20mensual', payload: { mapping: MAPPING } });
    expect(save.statusCode, save.body).toBe(200);
    const list = await pan.request({ method: 'GET', url: '/api/v1/dataflows/MIG_FLOWS/mappings' });
    expect(list.json<{ items: { name: string; mapping: object }[] }>().items.find((i) => i.name === 'SNM mensual')?.mapping).toEqual(MAPPING);
    const r = await submit(file, { mappingName: 'SNM mensual' });
    expect(r.status, JSON.stringify(r.errors)).toBe('validated');
    expect(r.infos.map((i) => i.key)).toContain('observatory.msg.mergedCodesSummed');
    expect(r.preview[0]).toMatchObject({ CITIZENSHIP: 'VEN', SEX: 'M', AGE: 'Y_GE18', OBS_VALUE: 410 });
    const confirm = await pan.request({ method: 'POST', url: `/api/v1/submissions/${r.id}/apply` });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const sec = await (async () => {
      await createUser(t, { email: 'nf.sec@example.org', role: 'secretariat' });
      return signIn(t, 'nf.sec@example.org');
    })();
    expect((await sec.request({ method: 'POST', url: `/api/v1/submissions/${r.id}/approve`, payload: {} })).statusCode).toBe(200);
    expect(await stored()).toEqual(['HTI/F/Y_GE18=101', 'HTI/F/Y_LT18=19', 'HTI/M/Y_GE18=120', 'HTI/M/Y_LT18=20', 'VEN/F/Y_GE18=300', 'VEN/F/Y_LT18=88', 'VEN/M/Y_GE18=422', 'VEN/M/Y_LT18=95']);
  });
});

describe('bad mappings: a clear message in the submitter’s language, nothing stored', () => {
  it('refuses a mapping that sends one column to a dimension twice', async () => {
    const twice = { ...MAPPING, split: undefined, columns: { ...MAPPING.columns, Grupo: 'SEX', Autoridad: 'SEX' } };
    const es = await submit(file, { mapping: twice });
    expect(es.status).toBe('rejected');
    expect(es.errors.map((e) => e.message)).toEqual(['La correspondencia envía la dimensión SEX desde más de una columna (Grupo, Autoridad). Cada dimensión sale de una sola columna: corrija la correspondencia.']);
    const en = await submit(file, { mapping: { ...MAPPING, columns: { ...MAPPING.columns, Autoridad: 'SEX' } } }, 'en');
    expect(en.errors.map((e) => e.message)).toEqual(['The mapping sends the dimension SEX from more than one column (Grupo → SEX, Autoridad). Each dimension comes from one column only: correct the mapping.']);
  });

  it('names a value the column’s table does not have', async () => {
    const rows = [...file, { Mes: '2024-03', País: 'PAN', Nacionalidad: 'CUB', Grupo: 'Adolescentes', Autoridad: 'SNM', Personas: 7 }];
    const es = await submit(rows, { mapping: MAPPING });
    expect(es.errors.map((e) => e.message)).toEqual(['Fila 11, columna «Grupo»: el valor «Adolescentes» no está en la tabla de valores de esa columna (hombres, mujeres, niñas, niños).']);
    const en = await submit(rows, { mapping: { ...MAPPING, split: { Grupo: { ...GROUPS, hombres: { SEX: 'M', COLOUR: 'X' } } } } }, 'en');
    expect(en.errors.map((e) => e.message)).toEqual(['The value table of column “Grupo” uses “COLOUR”, which is not a dimension of this dataflow.']);
  });

  it('refuses parts above the declared total', async () => {
    const rows = [
      { Mes: '2024-04', País: 'PAN', Nacionalidad: '_T', Grupo: 'total', Autoridad: 'SNM', Personas: 100 },
      { Mes: '2024-04', País: 'PAN', Nacionalidad: 'VEN', Grupo: 'total', Autoridad: 'SNM', Personas: 80 },
      { Mes: '2024-04', País: 'PAN', Nacionalidad: 'COL', Grupo: 'total', Autoridad: 'SNM', Personas: 30 },
    ];
    const mapping = { ...MAPPING, split: { Grupo: { ...GROUPS, total: {} } } };
    const en = await submit(rows, { mapping }, 'en');
    expect(en.status).toBe('rejected');
    expect(en.errors.map((e) => e.message)).toEqual(['Row 2, column “Nacionalidad”: the CITIZENSHIP total _T is 100, but its parts add up to 110.']);
    const before = await stored();
    expect(before).toHaveLength(8);
  });
});
