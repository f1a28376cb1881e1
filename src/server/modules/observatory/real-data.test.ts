import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { loadRealData, type ImportOutcome, type RealDataLoad } from './real-data.ts';
import { SYSTEM_USER_ID } from './system-account.ts';

/**
 * The real files (the copy in seed/observatory/americas-flows) loaded as `npm start` does —
 * system account, saved regional mappings, public release — and read through the data API.
 */
describe('real data: americas-flows', () => {
  let t: TestApp;
  let load: RealDataLoad;
  let outcome: ImportOutcome[];
  beforeAll(async () => {
    t = await testApp();
    load = await loadRealData(t.db.db, t.services.observatory, { files: ['regin.csv', 'regout.csv', 'irreg.csv', 'guatemala_returns.csv', 'population.csv'] }) /* UNHCR asylum: real-data-asylum.test.ts */;
    outcome = load.loaded;
  }, 240_000);
  afterAll(async () => t?.close());

  const get = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().observations as { REF_AREA?: string; OBS_VALUE: number | null; CONF_STATUS: string }[];
  };

  it('imports the americas-flows files (and the other shipped ones), reporting the rows it cannot take', () => {
    const byFile = Object.fromEntries(outcome.map((o) => [o.file, o]));
    expect(byFile['regin.csv']!.applied).not.toBeNull();
    expect(byFile['regin.csv']!.rows).toBe(51281);
    expect(byFile['irreg.csv']!.skipped).toEqual([{ row: 4086, message: 'Fila 4086, columna «n»: falta el valor.' }]);
    expect(byFile['regout.csv']!.skipped).toHaveLength(188);
    expect(byFile['regout.csv']!.skipped[0]!.message).toBe('Fila 23, columna «geo»: falta el código de COUNTERPART_AREA.');
    expect(byFile['regin.csv']!.warnings.join(' ')).toContain('«OOO» se registró como «_U»');
  });

  it('uses the saved regional mappings, attributes the import to the system account and releases every country publicly', async () => {
    const saved = await t.db.db.selectFrom('obs_column_mapping').select(['country_code', 'name']).orderBy('name').execute();
    expect(saved).toEqual([
      { country_code: '*', name: 'amerdigest-irreg' },
      { country_code: '*', name: 'amerdigest-regin' },
      { country_code: '*', name: 'amerdigest-regout' },
      { country_code: '*', name: 'igm-guatemala-returns' },
      { country_code: '*', name: 'unhcr-asylum-applications' },
      { country_code: '*', name: 'unhcr-refugee-recognitions' },
    ]);
    const subs = await t.db.db.selectFrom('obs_submission').select(['user_id', 'status', 'mapping']).where('status', '=', 'applied').execute();
    expect(subs).toHaveLength(4);
    expect(subs.every((s) => s.user_id === SYSTEM_USER_ID)).toBe(true);
    const system = await t.db.db.selectFrom('app_user').select(['status', 'password_hash']).where('id', '=', SYSTEM_USER_ID).executeTakeFirstOrThrow();
    expect(system).toEqual({ status: 'disabled', password_hash: null });
    expect(load.released).toEqual(['ARG', 'BOL', 'BRA', 'COL', 'CRI', 'ECU', 'GTM', 'HND', 'MEX', 'PAN', 'PER']);
    // each release names the producers of the figures it holds
    const notes = await t.db.db.selectFrom('obs_release').select(['country_code', 'note']).where('country_code', 'in', ['CRI', 'GTM']).orderBy('country_code').execute();
    expect(notes).toEqual([
      { country_code: 'CRI', note: 'IOM amerdigest (seed/observatory/americas-flows/SOURCE.md)' },
      { country_code: 'GTM', note: 'IOM amerdigest (seed/observatory/americas-flows/SOURCE.md); IGM Guatemala, via IOM gdidata (seed/observatory/guatemala-returns/SOURCE.md)' },
    ]);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'system@observatorio.invalid', password: 'anything at all' } });
    expect(signIn.statusCode).toBe(401);
  });

  it('is idempotent: a second load finds the observations and changes nothing', async () => {
    const count = async () => Number((await t.db.db.selectFrom('obs_observation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const again = await loadRealData(t.db.db, t.services.observatory, { files: ['regin.csv', 'regout.csv', 'irreg.csv', 'guatemala_returns.csv', 'population.csv'] }) /* UNHCR asylum: real-data-asylum.test.ts */;
    expect(again).toEqual({ loaded: [], skippedFiles: ['regin.csv', 'regout.csv', 'irreg.csv', 'guatemala_returns.csv'], released: [], population: 0 });
    expect(await count()).toBe(before);
  });

  it('answers the figures of SOURCE.md through the public data API', async () => {
    expect(await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'CRI', OBS_VALUE: 5066194, CONF_STATUS: 'F' }]);
    expect(await get('REF_AREA=COL&FLOW=REG_ENTRY&CITIZENSHIP=VEN&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'COL', OBS_VALUE: 560627, CONF_STATUS: 'F' }]);
    const irreg = await get('FLOW=IRREG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA');
    expect(Object.fromEntries(irreg.map((o) => [o.REF_AREA, o.OBS_VALUE]))).toEqual({ COL: 400612, HND: 367890, MEX: 986314, PAN: 302290 });
    const yearly = await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA,TIME_PERIOD&timeAggregation=year');
    expect(yearly).toEqual([{ REF_AREA: 'CRI', TIME_PERIOD: '2024', OBS_VALUE: 5066194, CONF_STATUS: 'F' }]);
    const quarters = await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=TIME_PERIOD&timeAggregation=quarter');
    expect(quarters.map((q) => q.OBS_VALUE).reduce((a, b) => a! + b!, 0)).toBe(5066194);
  });

  it('suppresses small counts by nationality and never publishes them as zero', async () => {
    const cells = await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-01&groupBy=CITIZENSHIP');
    const hidden = cells.filter((c) => c.CONF_STATUS === 'C');
    expect(hidden.length).toBeGreaterThan(1);
    expect(hidden.every((c) => c.OBS_VALUE === null)).toBe(true);
    expect(cells.every((c) => c.OBS_VALUE === null || c.OBS_VALUE === 0 || c.OBS_VALUE >= 5)).toBe(true);
  });

  it('names each producer in one source line, from what SOURCE.md says, release ids only in the citation', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA,FLOW' });
    const body = res.json<{ source: string[]; citation: string; releases: { id: string; releasedAt: string }[] }>();
    const day = body.releases[0]!.releasedAt.slice(0, 10);
    // amerdigest does not name Guatemala's agency: the country and the compiler, nothing guessed
    expect(body.source).toEqual([
      `Fuente: Guatemala (compilado por: Organización Internacional para las Migraciones (OIM), Proyecto Lighthouse) — Entradas regulares, Salidas regulares. Publicado por la fuente: no indicado; en la compilación: iom/amerdigest, commit 4f2d71a (2025-05-15); en el Observatorio: ${day}.`,
      `Fuente: Instituto Guatemalteco de Migración (IGM), Guatemala (compilado por: Organización Internacional para las Migraciones (OIM), Global Data Institute) — Nacionales retornados recibidos. Publicado por la fuente: informes estadísticos, https://igm.gob.gt/informes-estadisticos; en la compilación: iom/gdidata, commit c9e4cc6, data/irreg_guatemala.rda (Last updated 18 Jun 2025); en el Observatorio: ${day}.`,
    ]);
    expect(body.source.join(' ')).not.toContain(body.releases[0]!.id.slice(0, 8));
    // each release carries its country's lines: a chart of some countries shows only theirs
    expect((body.releases[0] as unknown as { source: string[] }).source).toEqual(body.source);
    expect(body.citation).toContain(body.releases[0]!.id.slice(0, 8));
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2024-01&endPeriod=2024-12&groupBy=SEX&format=csv&lang=en' });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="MIG_FLOWS_RETURN_RECEIVED_GTM_2024-01_2024-12.csv"');
    expect(csv.body).toContain('# Licence: MIT (iom/gdidata)\r\n');
    expect(csv.body).toContain('# Source: Instituto Guatemalteco de Migración (IGM), Guatemala (compiled by: International Organization for Migration (IOM), Global Data Institute). Published by the source: ');
  });

  it("lets the country's focal point name its producer and a national definition (audited, versioned), and no one else's", async () => {
    await createUser(t, { email: 'fp.cri.sources@example.org', role: 'focal_point', countryCode: 'CRI' });
    const fp = await signIn(t, 'fp.cri.sources@example.org');
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA' });
    const payload = {
      producer: { es: 'Dirección General de Migración y Extranjería', en: 'General Directorate of Migration and Foreigners' },
      compiler: { es: 'Organización Internacional para las Migraciones (OIM), Proyecto Lighthouse', en: 'International Organization for Migration (IOM), Lighthouse Project' },
      compilationRef: 'iom/amerdigest, commit 4f2d71a (2025-05-15)',
      licence: 'MIT (iom/amerdigest)',
      definition: { es: 'Ingresos por puestos habilitados, con documento válido.', en: 'Entries through authorised posts with a valid document.' },
    };
    const put = await fp.request({ method: 'PUT', url: '/api/v1/dataflows/MIG_FLOWS/sources/CRI/REG_ENTRY', payload });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ country: 'CRI', flow: 'REG_ENTRY', producerCountry: 'CRI', version: 2, publicationRef: null });
    expect((await fp.request({ method: 'PUT', url: '/api/v1/dataflows/MIG_FLOWS/sources/PAN/REG_ENTRY', payload })).statusCode).toBe(403);
    const audit = await t.db.db.selectFrom('audit_event').select(['action', 'entity_id']).where('action', '=', 'observatory.source_update').execute();
    expect(audit).toEqual([{ action: 'observatory.source_update', entity_id: 'MIG_FLOWS:CRI:REG_ENTRY' }]);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA' });
    // the source lines are part of a public answer: its tag changes with them
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json().source[0]).toMatch(/^Fuente: Dirección General de Migración y Extranjería, Costa Rica \(compilado por: Organización Internacional para las Migraciones \(OIM\), Proyecto Lighthouse\)\. Publicado por la fuente: no indicado; /);
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA&format=csv' });
    expect(csv.body).toContain('# Definición nacional: Entradas regulares, Costa Rica: Ingresos por puestos habilitados, con documento válido.\r\n');
  });
});
