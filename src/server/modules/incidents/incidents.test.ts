import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

/**
 * The incidents importer on IOM's own download layouts, built here with their real column
 * names and quirks (Windows-1252 with a non-breaking space, WKT and "lat, lon" points, the
 * weekday date form, blank numbers, a cumulative incident), and the records' workflow.
 */
let t: TestApp;
let sec: Client;
let iom: Client;
let fp: Client;
let other: Client;
const BOUNDARY = 'inc-boundary';

function multipart(name: string, content: Buffer) {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}
const upload = (c: Client, name: string, content: Buffer, lang = 'es') =>
  c.request({ method: 'POST', url: '/api/v1/incidents/imports', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': lang }, payload: multipart(name, content) });

/** Windows-1252 bytes of a text (the older export is served so). */
function cp1252(text: string): Buffer {
  const map: Record<string, number> = { á: 0xe1, é: 0xe9, í: 0xed, ó: 0xf3, ú: 0xfa, ñ: 0xf1, '\u00a0': 0xa0 };
  return Buffer.from([...text].map((ch) => map[ch] ?? ch.charCodeAt(0)));
}

const OLD_HEADER =
  'Main ID,Incident ID,Incident Type,Region of Incident,Incident Date,Incident year,Reported Month,Number of Dead,Minimum Estimated Number of Missing,Total Number of Dead and Missing,Number of Survivors,Number of Females,Number of Males,Number of Children,Region of Origin,Cause of Death,Migration route,Location of death,Information Source,Coordinates,UNSD Geographical Grouping,Article title,Source Quality,URL';
const oldRows = [
  '2019.MMP001,2019.MMP001,Incident,Central America,2019-06-23,2019,Jun,2,,2,,1,1,1,Central America,Drowning,Central American Route,"Río Bravo, Matamoros, Tamaulipas, Mexico",Periódico local,POINT (-97.50 25.87),Central America,Padre e hija,3,https://example.org/a',
  '2019.MMP002,2019.MMP002,Cumulative Incident,North America,2019-12-31,2019,Dec,13,\u00a0,13,,,,,Unknown,Mixed or unknown,Central American Route,"Pima County, Arizona, USA",Medical examiner,POINT (-111.5 31.9),Northern America,,5,',
  '2019.MMP003,2019.MMP003,Split Incident,Caribbean,2019-03-02,2019,Mar,,4,4,10,,,,Caribbean,Drowning,Caribbean Route to the US,"Off the coast of Oaxaca, Mexico",Guardacostas,POINT (-100.0 5.0),Caribbean,,2,',
];

const CURRENT_HEADER =
  'Main ID,Incident ID,Region,Incident Date,Year,Reported Month,Number Dead,Minimum Estimated Number of Missing,Total Number of Dead and Missing,Number of Survivors,Number of Females,Number of Males,Number of Children,Region of Origin,Cause of Death,Country of Origin,Location of death,Information Source,Coordinates,Migration route,URL,UNSD Geographical Grouping,Source Quality';
const currentRows = [
  '2021.MMP010,2021.MMP010,Central America,"Fri, 01/01/2021 - 12:00",2021,January,1,2,3,,,,,Central America,Violence,"Guatemala,Honduras","Near Tapachula, Chiapas, Mexico",Red Cross,"14.9, -92.26",Central American Route,https://example.org/b,Central America,4',
  '2021.MMP011,2021.MMP011,South America,"Mon, 12/06/2021 - 09:30",2021,December,,1,1,3,,,,South America,"Harsh environmental conditions / lack of adequate shelter, food, water",Venezuela,"Darién, Panama",UNHCR,"8.4, -77.6",Darien,,Central America,3',
];

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'inc.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'inc.iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser(t, { email: 'inc.fp.mex@example.org', role: 'focal_point', countryCode: 'MEX' });
  await createUser(t, { email: 'inc.fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  sec = await signIn(t, 'inc.sec@example.org');
  iom = await signIn(t, 'inc.iom@example.org');
  fp = await signIn(t, 'inc.fp.mex@example.org');
  other = await signIn(t, 'inc.fp.gtm@example.org');
});
afterAll(async () => t?.close());

const stored = async () => Number((await t.db.db.selectFrom('inc_incident').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe("IOM's older export (Windows-1252, WKT points)", () => {
  it('reads it whole, warns of a point far off its country, and applies in one step', async () => {
    const file = cp1252([OLD_HEADER, ...oldRows].join('\r\n') + '\r\n');
    const res = await upload(sec, 'mmp-old.csv', file);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'validated', layout: 'mmp-old', rows: 3, valid: 3, added: 3, changed: 0, errorCount: 0 });
    // The Oaxaca record's point is in the Pacific far south of Mexico: a warning, not a refusal.
    expect(r.warnings.map((w: { message: string }) => w.message).join('\n')).toContain('Fila 4: El punto (5, -100) queda lejos de MEX');
    expect(await stored()).toBe(0);
    const applied = await sec.request({ method: 'POST', url: `/api/v1/incidents/imports/${r.id}/apply` });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ status: 'applied', added: 3 });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?from=2019&to=2019' });
    const items = list.json().items as { mainId: string; place: string; dead: number | null; missing: number | null; deadAndMissing: number; split: boolean; type: string; countryCode: string; lat: number; survivors: number | null }[];
    const byId = Object.fromEntries(items.map((i) => [i.mainId, i]));
    expect(byId['2019.MMP001']).toMatchObject({ place: 'Río Bravo, Matamoros, Tamaulipas, Mexico', dead: 2, missing: null, deadAndMissing: 2, split: true, countryCode: 'MEX', lat: 25.87 });
    // A non-breaking space is a blank: not reported, not zero.
    expect(byId['2019.MMP002']).toMatchObject({ type: 'cumulative', dead: 13, missing: null, deadAndMissing: 13, countryCode: 'USA', survivors: null });
    expect(byId['2019.MMP003']).toMatchObject({ type: 'split', dead: null, missing: 4, survivors: 10 });
  });

  it('refuses dead + missing ≠ total with the row and the three figures, and stores nothing', async () => {
    const before = await stored();
    const bad = OLD_HEADER + '\r\n' + '2020.MMP009,2020.MMP009,Incident,Central America,2020-02-02,2020,Feb,2,3,6,,,,,,Drowning,,"Somewhere, Mexico",x,POINT (-97 25),,,,' + '\r\n';
    for (const [lang, text] of [
      ['es', 'Fila 2: Muertos (2) más desaparecidos (3) no suman el total informado (6).'],
      ['en', 'Row 2: Dead (2) plus missing (3) do not add up to the reported total (6).'],
    ] as const) {
      const res = await upload(sec, 'bad.csv', cp1252(bad), lang);
      expect(res.statusCode).toBe(201);
      expect(res.json().status).toBe('refused');
      expect(res.json().errors[0].message).toBe(text);
      const apply = await sec.request({ method: 'POST', url: `/api/v1/incidents/imports/${res.json().id}/apply`, headers: { 'accept-language': lang } });
      expect(apply.statusCode).toBe(409);
    }
    expect(await stored()).toBe(before);
  });
});

describe("IOM's current export (UTF-8, weekday dates, 'lat, lon')", () => {
  it('reads month-first weekday dates, "lat, lon" points and countries of origin by name', async () => {
    const res = await upload(iom, 'mmp-current.csv', Buffer.from([CURRENT_HEADER, ...currentRows].join('\n') + '\n'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'validated', layout: 'mmp-current', added: 2, errorCount: 0 });
    expect((await iom.request({ method: 'POST', url: `/api/v1/incidents/imports/${res.json().id}/apply` })).statusCode).toBe(200);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/incidents?from=2021&to=2021' })).json().items as { mainId: string; date: string; lat: number; lon: number; origins: { code: string }[]; deadAndMissing: number; route: string }[];
    const a = list.find((i) => i.mainId === '2021.MMP010')!;
    expect(a).toMatchObject({ date: '2021-01-01', lat: 14.9, lon: -92.26, deadAndMissing: 3 });
    expect(a.origins.map((o) => o.code)).toEqual(['GTM', 'HND']);
    expect(list.find((i) => i.mainId === '2021.MMP011')).toMatchObject({ date: '2021-12-06', route: 'Darien' });
    // The CSV download: the source first, then one row per incident, origins as one JSON cell.
    const csv = (await t.app.inject({ method: 'GET', url: '/api/v1/incidents?from=2021&to=2021&format=csv' })).body.replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toMatch(/^# Fuente: Organización Internacional para las Migraciones/);
    expect(csv[1]!.startsWith('id,mainId,date,')).toBe(true);
    expect(csv.find((l) => l.includes('2021.MMP010'))).toContain('"[{""code"":""GTM"",""count"":null},{""code"":""HND"",""count"":null}]"');
  });

  it('a re-import of a newer export that changes one incident shows one change, then applies it with a revision', async () => {
    const newer = [CURRENT_HEADER, currentRows[0]!.replace(',1,2,3,', ',1,4,5,'), currentRows[1]!].join('\n') + '\n';
    const res = await upload(iom, 'mmp-current-newer.csv', Buffer.from(newer));
    expect(res.json()).toMatchObject({ status: 'validated', added: 0, changed: 1, unchanged: 1 });
    expect(res.json().changes).toEqual([{ key: '2021.MMP010', id: expect.any(String), fields: ['missing', 'dead_and_missing'] }]);
    await iom.request({ method: 'POST', url: `/api/v1/incidents/imports/${res.json().id}/apply` });
    const one = (await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${res.json().changes[0].id}` })).json();
    expect(one).toMatchObject({ missing: 4, deadAndMissing: 5, version: 2 });
    expect(one.revisions.map((r: { change: string }) => r.change)).toEqual(['import', 'import: missing, dead_and_missing']);
  });

  it('refuses a file of another layout, naming what it accepts', async () => {
    const res = await upload(iom, 'otra.csv', Buffer.from('fecha,muertos\n2024-01-01,3\n'), 'en');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].message).toContain('IOM Missing Migrants Project downloads');
  });
});

describe('records: reported by a country, verified by the secretariat, then public', () => {
  it('a focal point records an incident; the public sees it only once verified', async () => {
    const body = { date: '2024-05-10', countryCode: 'MEX', place: 'Tenosique, Tabasco', lat: 17.47, lon: -91.42, route: 'Central American Route', dead: 1, missing: 2, origins: [{ code: 'HND', count: 3 }], cause: 'Drowning', quality: 3 };
    const res = await fp.request({ method: 'POST', url: '/api/v1/incidents', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect(res.json()).toMatchObject({ status: 'reported', deadAndMissing: 3, split: true, canCorrect: true });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${id}` })).statusCode).toBe(404);
    // Another country's focal point can neither see nor correct it; nor verify.
    expect((await other.request({ method: 'GET', url: `/api/v1/incidents/${id}` })).statusCode).toBe(404);
    expect((await other.request({ method: 'PUT', url: `/api/v1/incidents/${id}`, payload: body })).statusCode).toBe(404);
    expect((await fp.request({ method: 'POST', url: `/api/v1/incidents/${id}/verify` })).statusCode).toBe(403);
    // The public map's answer is kept for anonymous readers; verifying must drop it.
    const mapUrl = '/api/v1/incidents?format=geojson&route=Central%20American%20Route&from=2024&to=2024';
    expect((await t.app.inject({ method: 'GET', url: mapUrl })).json().features).toEqual([]);
    const v = await sec.request({ method: 'POST', url: `/api/v1/incidents/${id}/verify` });
    expect(v.statusCode).toBe(200);
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${id}` });
    expect(pub.json()).toMatchObject({ status: 'verified', version: 2, canCorrect: false });
    // A correction sent with the version read before the verification is an edit conflict.
    const stale = await fp.request({ method: 'PUT', url: `/api/v1/incidents/${id}`, payload: { ...body, version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('Otra persona guardó este incidente mientras usted lo corregía. Vuelva a abrirlo para ver la versión guardada y corríjalo de nuevo.');
    expect(pub.json().revisions.map((r: { change: string; by: string | null }) => [r.change, r.by])).toEqual([
      ['create', null],
      ['verify', null],
    ]);
    const geo = (await t.app.inject({ method: 'GET', url: mapUrl })).json();
    expect(geo.features).toEqual([{ type: 'Feature', id, geometry: { type: 'Point', coordinates: [-91.42, 17.47] }, properties: { date: '2024-05-10', n: 3, route: 'Central American Route', cause: 'Drowning', country: 'MEX' } }]);
  });

  it('refuses a split that does not add up, and an unknown country, in the caller language', async () => {
    const res = await fp.request({ method: 'POST', url: '/api/v1/incidents', headers: { 'accept-language': 'en' }, payload: { date: '2024-05-11', dead: 1, missing: 1, deadAndMissing: 3 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].message).toBe('Dead (1) plus missing (1) do not add up to the reported total (3).');
    const unknown = await fp.request({ method: 'POST', url: '/api/v1/incidents', payload: { date: '2024-05-11', deadAndMissing: 1, countryCode: 'XYZ' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0].message).toBe('País desconocido: «XYZ».');
  });

  it('SDG 10.7.3 sums dead and missing by year, by country of incident and by origin', async () => {
    const s = (await t.app.inject({ method: 'GET', url: '/api/v1/incidents/summary?by=country&from=2019&to=2019' })).json();
    expect(s.rows).toEqual([
      { year: 2019, key: 'MEX', value: 6, incidents: 2 },
      { year: 2019, key: 'USA', value: 13, incidents: 1 },
    ]);
    const o = (await t.app.inject({ method: 'GET', url: '/api/v1/incidents/summary?by=origin&from=2021&to=2021' })).json();
    expect(o.rows).toEqual([
      { year: 2021, key: 'MULTIPLE', value: 5, incidents: 1 },
      { year: 2021, key: 'VEN', value: 1, incidents: 1 },
    ]);
  });

  it('gives the same sums per month for the public page\'s monthly chart (not by origin)', async () => {
    const m = (await t.app.inject({ method: 'GET', url: '/api/v1/incidents/summary?interval=month&from=2019&to=2019' })).json();
    expect(m.interval).toBe('month');
    expect(m.rows).toEqual([
      { year: 2019, month: '2019-03', key: '_T', value: 4, incidents: 1 },
      { year: 2019, month: '2019-06', key: '_T', value: 2, incidents: 1 },
      { year: 2019, month: '2019-12', key: '_T', value: 13, incidents: 1 },
    ]);
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/incidents/summary?interval=month&by=origin', headers: { 'accept-language': 'en' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues[0].message).toBe('Per month, figures are given in total, by country of incident or by route (not by origin).');
  });
});
