import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';

/**
 * One total per cell (issue 17 item 1, one-total.ts, docs/adr/0025): breakdowns of one cell
 * that disagree are reported with both sums; the declared total (or the `_T` row) stands and
 * the differences are published as `_U`; parts above the total are refused. Then every public
 * answer adds up.
 */
let t: TestApp;
let sec: Client;
beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'ot.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'ot.sec@example.org');
});
afterAll(async () => t?.close());

type Msg = { message: string; key: string };
type Report = { id: string; status: string; errorCount: number; errors: Msg[]; infos: Msg[] };
type Row = Record<string, string | number>;
// a JSON row gives every column; a dimension it does not break down is at its total
const full = (r: Row): Row => ({ CITIZENSHIP: '_T', COUNTERPART_AREA: '_T', SEX: '_T', AGE: '_T', DISABILITY: '_T', ...r });
const submit = async (rows: Row[], mapping: object = {}, lang = 'es', mode?: 'merge' | 'replace') => {
  const res = await sec.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows: rows.map(full), mapping, ...(mode ? { mode } : {}) }, headers: { 'accept-language': lang } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Report>();
};
const apply = async (id: string) => {
  const r = await sec.request({ method: 'POST', url: `/api/v1/submissions/${id}/apply` });
  expect(r.statusCode, r.body).toBe(200);
};
const publish = async (country: string) => {
  const r = await sec.request({ method: 'POST', url: '/api/v1/release-calendar/publish-now', payload: { country } });
  expect(r.statusCode, r.body).toBe(201);
};
type Obs = Record<string, string | number | null>;
const pub = async (qs: string): Promise<Obs[]> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ observations: Obs[] }>().observations;
};
const stored = async (country: string) =>
  (await t.db.db.selectFrom('obs_observation').select(['citizenship', 'sex', 'age', 'time_period', 'obs_value']).where('ref_area', '=', country).where('valid_to', 'is', null).orderBy('time_period').orderBy('citizenship').orderBy('sex').orderBy('age').execute()).map(
    (r) => `${r.time_period} ${r.citizenship}/${r.sex}/${r.age}=${Number(r.obs_value)}`,
  );

const base = (country: string, period: string) => ({ REF_AREA: country, FLOW: 'IRREG_ENTRY', TIME_PERIOD: period });
/** by nationality 700 + 500 = 1200; by sex and age 400 + 350 + 300 + 100 = 1150 (the publisher's own tables differ by 50) */
const twoTables = (country: string, period = '2024-03'): Row[] => [
  { ...base(country, period), CITIZENSHIP: 'VEN', OBS_VALUE: 700 },
  { ...base(country, period), CITIZENSHIP: 'HTI', OBS_VALUE: 500 },
  { ...base(country, period), SEX: 'M', AGE: 'Y18T29', OBS_VALUE: 400 },
  { ...base(country, period), SEX: 'F', AGE: 'Y18T29', OBS_VALUE: 350 },
  { ...base(country, period), SEX: 'M', AGE: 'Y30T59', OBS_VALUE: 300 },
  { ...base(country, period), SEX: 'F', AGE: 'Y30T59', OBS_VALUE: 100 },
];

describe('breakdowns of one cell that disagree', () => {
  it('are reported with both sums and the difference, per period, in the submitter’s language; nothing is stored', async () => {
    const es = await submit([...twoTables('PAN'), ...twoTables('PAN', '2024-04')]);
    expect(es.status).toBe('rejected');
    const disagree = es.errors.filter((e) => e.key === 'observatory.msg.breakdownsDisagree');
    expect(disagree.map((e) => e.message)).toEqual([
      'PAN, IRREG_ENTRY, 2024-03: las desagregaciones de la misma cifra no suman lo mismo — Nacionalidad: 1200; Sexo × Grupo de edad: 1150; diferencia 50. Una cifra tiene un solo total: indique cuál de esas sumas es el total (o envíe la fila total, _T) y valide de nuevo; la diferencia se publicará como «no especificado» (_U) en las otras.',
      expect.stringContaining('PAN, IRREG_ENTRY, 2024-04:'),
    ]);
    const en = await submit(twoTables('PAN'), {}, 'en');
    expect(en.errors.map((e) => e.message)).toEqual([
      'PAN, IRREG_ENTRY, 2024-03: the breakdowns of the same figure do not add up to the same total — Citizenship: 1,200; Sex × Age group: 1,150; difference 50. A figure has one total: say which of these sums is the total (or send the total row, _T) and validate again; the difference will be published as “not stated” (_U) in the others.',
    ]);
    expect(await stored('PAN')).toEqual([]);
  });

  it('declaring the larger sum the total stores the other’s difference as “not stated”, and the public sees one total', async () => {
    const r = await submit(twoTables('PAN'), { totalFrom: 'CITIZENSHIP' });
    expect(r.status, JSON.stringify(r.errors)).toBe('validated');
    expect(r.infos.filter((i) => i.key === 'observatory.msg.unstatedStored').map((i) => i.message)).toEqual([
      'PAN, IRREG_ENTRY, 2024-03: el total es 1200 (Nacionalidad). Desagregaciones que suman menos: Sexo × Grupo de edad 1150 (+50); la diferencia se guarda y se publica como «no especificado» (_U).',
    ]);
    await apply(r.id);
    expect(await stored('PAN')).toEqual([
      '2024-03 HTI/_T/_T=500',
      '2024-03 VEN/_T/_T=700',
      '2024-03 _T/F/Y18T29=350',
      '2024-03 _T/F/Y30T59=100',
      '2024-03 _T/M/Y18T29=400',
      '2024-03 _T/M/Y30T59=300',
      '2024-03 _T/_T/_T=1200',
      '2024-03 _T/_U/_U=50',
    ]);
    await publish('PAN');
    const q = 'REF_AREA=PAN&startPeriod=2024-03&endPeriod=2024-03';
    expect(await pub(`${q}&groupBy=REF_AREA`)).toEqual([expect.objectContaining({ OBS_VALUE: 1200 })]);
    const bySex = await pub(`${q}&groupBy=SEX`);
    expect(Object.fromEntries(bySex.map((o) => [o.SEX, o.OBS_VALUE]))).toMatchObject({ M: 700, F: 450, _U: 50 });
    const byCit = await pub(`${q}&groupBy=CITIZENSHIP`);
    expect(Object.fromEntries(byCit.map((o) => [o.CITIZENSHIP, o.OBS_VALUE]))).toMatchObject({ VEN: 700, HTI: 500 });
    const byAge = await pub(`${q}&groupBy=AGE`);
    expect(Object.fromEntries(byAge.map((o) => [o.AGE, o.OBS_VALUE]))).toMatchObject({ Y18T29: 750, Y30T59: 400, _U: 50 });
  });

  it('refuses parts above the declared total, naming both figures, in es and en; nothing is stored', async () => {
    const es = await submit(twoTables('CRI'), { totalFrom: 'SEX+AGE' });
    expect(es.status).toBe('rejected');
    expect(es.errors.map((e) => e.message)).toEqual([
      'CRI, IRREG_ENTRY, 2024-03: la suma por Nacionalidad (1200) supera el total declarado (Sexo × Grupo de edad: 1150) en 50. Las partes nunca pueden superar el total; corrija las cifras o declare otro total.',
    ]);
    const withTotal = [{ ...base('CRI', '2024-03'), OBS_VALUE: 1000 }, ...twoTables('CRI')];
    const en = await submit(withTotal, {}, 'en');
    expect(en.errors.map((e) => e.message)).toEqual([
      'CRI, IRREG_ENTRY, 2024-03: the sum by Sex × Age group (1,150) exceeds the declared total (total row (_T): 1,000) by 150. Parts can never exceed the total; correct the figures or declare another total.',
      'Row 2, column “CITIZENSHIP”: the CITIZENSHIP total _T is 1000, but its parts add up to 1200.',
    ]);
    expect(await submit(twoTables('CRI'), { totalFrom: 'COLOUR' }).then((r) => r.errors.map((e) => e.key))).toEqual(['observatory.msg.totalFromUnknown']);
    expect(await stored('CRI')).toEqual([]);
  });

  it('uses the `_T` row as the total and fills each breakdown’s shortfall with `_U`', async () => {
    const r = await submit([{ ...base('CRI', '2024-03'), OBS_VALUE: 1300 }, ...twoTables('CRI')]);
    expect(r.status, JSON.stringify(r.errors)).toBe('validated');
    await apply(r.id);
    expect((await stored('CRI')).filter((x) => x.includes('_U'))).toEqual(['2024-03 _T/_U/_U=150', '2024-03 _U/_T/_T=100']);
  });

  it('compares a file with what is stored: a new breakdown that disagrees with stored figures is reported', async () => {
    const first = await submit([
      { ...base('HND', '2024-05'), CITIZENSHIP: 'CUB', OBS_VALUE: 90 },
      { ...base('HND', '2024-05'), CITIZENSHIP: 'NIC', OBS_VALUE: 60 },
    ]);
    await apply(first.id);
    const second = await submit([
      { ...base('HND', '2024-05'), SEX: 'M', OBS_VALUE: 100 },
      { ...base('HND', '2024-05'), SEX: 'F', OBS_VALUE: 70 },
    ]);
    expect(second.status).toBe('rejected');
    expect(second.errors[0]!.message).toContain('Nacionalidad: 150; Sexo: 170; diferencia 20');
    // replace mode: the stored breakdown goes, nothing to compare
    expect((await submit([{ ...base('HND', '2024-05'), SEX: 'M', OBS_VALUE: 100 }], {}, 'es', 'replace')).status).toBe('validated');
  });
});

describe('bad input', () => {
  it('an annual and a monthly figure for the same year and cell: a clear message, nothing stored', async () => {
    for (const [lang, text] of [['es', 'el archivo da cifras de periodos de distinta duración'], ['en', '']] as const) {
      const r = await submit([{ ...base('BLZ', '2023'), OBS_VALUE: 1200 }, { ...base('BLZ', '2023-05'), OBS_VALUE: 90 }], {}, lang);
      expect(r.status).toBe('rejected');
      expect(r.errors.map((e) => e.key)).toEqual(['observatory.msg.periodLengthsMixed']);
      expect(r.errors[0]!.message).toContain(lang === 'es' ? text : 'BLZ, IRREG_ENTRY, 2023');
    }
    expect(await stored('BLZ')).toEqual([]);
  });
});

/** A seeded generator (mulberry32): the same cases every run, and a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[], n: number): T[] => [...xs].sort(() => next() - 0.5).slice(0, n);
  return { next, int, pick };
}

const BREAKDOWNS: Record<string, { dims: string[]; codes: string[][] }> = {
  CITIZENSHIP: { dims: ['CITIZENSHIP'], codes: [['VEN'], ['HTI'], ['CUB'], ['COL'], ['ECU']] },
  'SEX+AGE': { dims: ['SEX', 'AGE'], codes: [['M', 'Y18T29'], ['F', 'Y18T29'], ['M', 'Y_LT5'], ['F', 'Y30T59'], ['M', 'Y_GE60']] },
  COUNTERPART_AREA: { dims: ['COUNTERPART_AREA'], codes: [['COL'], ['PAN'], ['MEX'], ['GTM']] },
  DISABILITY: { dims: ['DISABILITY'], codes: [['DIS'], ['NODIS']] },
};

describe('property: every public answer’s parts add up to its total', () => {
  it('for random submissions with two or three breakdowns per cell', async () => {
    const rnd = random(20261207);
    const countries = ['ARG', 'BOL', 'BRA', 'CHL', 'COL', 'ECU', 'GTM', 'MEX', 'PER', 'PRY', 'SLV', 'URY'];
    const expected = new Map<string, number>();
    for (const country of countries) {
      const names = rnd.pick(Object.keys(BREAKDOWNS), rnd.int(2, 3));
      const declared = names[0]!;
      const withTotalRow = rnd.next() < 0.3;
      const rows: Row[] = [];
      for (const period of ['2024-01', '2024-02', '2024-03'].slice(0, rnd.int(1, 3))) {
        const partsOf = (name: string, sum: number | null) => {
          const b = BREAKDOWNS[name]!;
          const codes = rnd.pick(b.codes, rnd.int(2, b.codes.length));
          // parts of at least 20 (no cell under the disclosure threshold, so none is hidden)
          let values = codes.map(() => rnd.int(100, 400));
          if (sum !== null) {
            // at most `sum`: the same, or short by at least 20 (the difference is a part too)
            const target = rnd.next() < 0.4 ? sum : sum - rnd.int(20, 60);
            const weights = codes.map(() => rnd.next() + 0.1);
            const w = weights.reduce((a, v) => a + v, 0);
            const rest = target - 20 * codes.length;
            values = weights.map((x) => 20 + Math.floor((rest * x) / w));
            values[0]! += target - values.reduce((a, v) => a + v, 0);
          }
          codes.forEach((c, i) => rows.push({ ...base(country, period), ...Object.fromEntries(b.dims.map((d, j) => [d, c[j]!])), OBS_VALUE: values[i]! }));
          return values.reduce((a, v) => a + v, 0);
        };
        const total = withTotalRow ? rnd.int(1000, 2000) : partsOf(declared, null);
        if (withTotalRow) {
          rows.push({ ...base(country, period), OBS_VALUE: total });
          partsOf(declared, total);
        }
        for (const other of names.slice(1)) partsOf(other, total);
        expected.set(`${country} ${period}`, total);
      }
      const r = await submit(rows, withTotalRow ? {} : { totalFrom: declared });
      expect(r.status, `${country}: ${JSON.stringify(r.errors)}`).toBe('validated');
      await apply(r.id);
      await publish(country);
    }
    const area = `REF_AREA=${countries.join(',')}&startPeriod=2024-01&endPeriod=2024-03`;
    const totals = await pub(`${area}&groupBy=REF_AREA,TIME_PERIOD`);
    expect(totals.length).toBe(expected.size);
    for (const o of totals) {
      expect(o.CONF_STATUS).toBe('F');
      expect(o.OBS_VALUE, `${o.REF_AREA} ${o.TIME_PERIOD}`).toBe(expected.get(`${o.REF_AREA} ${o.TIME_PERIOD}`));
    }
    let checked = 0;
    for (const grouping of [['CITIZENSHIP'], ['COUNTERPART_AREA'], ['SEX'], ['AGE'], ['DISABILITY'], ['SEX', 'AGE']]) {
      const parts = await pub(`${area}&groupBy=REF_AREA,TIME_PERIOD,${grouping.join(',')}`);
      const sums = new Map<string, number>();
      for (const o of parts) {
        expect(o.CONF_STATUS).toBe('F');
        if (grouping.some((d) => o[d] === '_T')) continue;
        const k = `${o.REF_AREA} ${o.TIME_PERIOD}`;
        sums.set(k, (sums.get(k) ?? 0) + Number(o.OBS_VALUE));
      }
      for (const [k, v] of sums) {
        expect(v, `${grouping.join('×')} of ${k}`).toBe(expected.get(k));
        checked++;
      }
    }
    // every cell had two or three breakdowns: each was checked at least twice
    expect(checked).toBeGreaterThanOrEqual(expected.size * 2);
  });
});
