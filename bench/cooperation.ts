import ExcelJS from 'exceljs';
import { CooperationService, matchRequest } from '../src/server/modules/cooperation/index.ts';
import { CatalogueImport } from '../src/server/modules/practices/index.ts';
import type { UserActor } from '../src/server/platform/http/context.ts';
import { openBenchDatabase, percentile, timeInterleaved, type Figure } from './lib.ts';

/**
 * The cooperation hub (issue 22): the proposals for one request among 10,000 published
 * practices and 1,000 open offers (random objectives, kinds and countries; titles from a
 * small vocabulary so the text rank has work to do), through matchRequest, beside the two
 * main lists written as raw SQL on the same pool (aim p95 ≤ 100 ms); and a partner's catalogue
 * of 1,000 rows read, checked, suggested, duplicate-checked and applied (aim ≤ 15 s).
 */
const PRACTICES = 10_000;
const OFFERS = 1_000;
const RUNS = 40;
const ROWS = 1_000;
const WORDS = ['retorno', 'reintegración', 'trata', 'protección', 'niñez', 'datos', 'empleo', 'remesas', 'regularización', 'frontera', 'salud', 'educación', 'diáspora', 'refugio', 'capacitación'];
const COUNTRIES = ['HND', 'GTM', 'SLV', 'MEX', 'CRI', 'PAN', 'COL', 'ECU', 'PER', 'CHL'];

async function catalogue(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Catalogue');
  ws.addRow(['Project title', 'Summary', 'Year', 'Countries', 'Thematic areas', 'Link', 'Good practice']);
  for (let i = 0; i < ROWS; i++) {
    const w1 = WORDS[i % WORDS.length]!;
    const w2 = WORDS[(i * 7 + 3) % WORDS.length]!;
    ws.addRow([`Proyecto ${i + 1} de ${w1} y ${w2}`, `Apoyo a instituciones nacionales en ${w1} y ${w2} para personas migrantes`, String(2015 + (i % 10)), `${COUNTRIES[i % 10]}, Honduras`, `${w1}; ${w2}`, `https://example.org/p/${i}`, i % 3 === 0 ? 'yes' : 'no']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

export async function benchCooperation(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_coop');
  try {
    console.log(`cooperation: writing ${PRACTICES.toLocaleString('en')} practices and ${OFFERS.toLocaleString('en')} offers…`);
    const words = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
    await h.pool.query(`
      insert into practice (slug, kind, title, workflow, published_at)
      select 'bench-' || g, 'programme', jsonb_build_object('es', 'Programa ' || g || ' de ' || (${words})[1 + g % 15] || ' y ' || (${words})[1 + (g * 7) % 15]), 'published', now()
      from generate_series(1, ${PRACTICES}) g`);
    await h.pool.query(`
      insert into practice_objective (practice_id, objective, is_primary)
      select p.id, 1 + (abs(hashtext(p.slug)) % 23), true from practice p where p.slug like 'bench-%'`);
    await h.pool.query(`
      insert into practice_country (practice_id, country_code)
      select p.id, (array['HND','GTM','SLV','MEX','CRI','PAN','COL','ECU','PER','CHL'])[1 + abs(hashtext(p.slug || 'c')) % 10] from practice p where p.slug like 'bench-%'`);
    await h.pool.query(`
      insert into coop_offer (country_code, title, objectives, kinds, status, visibility, published_at)
      select (array['GTM','SLV','MEX','CRI','PAN','COL','ECU','PER','CHL'])[1 + g % 9], jsonb_build_object('es', 'Oferta ' || g || ' de ' || (${words})[1 + g % 15]),
             array[1 + g % 23, 1 + (g * 5) % 23], array[(array['technical_assistance','training','exchange','data_tools','funding'])[1 + g % 5]], 'published', 'public', now()
      from generate_series(1, ${OFFERS}) g`);
    const user = (await h.pool.query<{ id: string }>(`insert into app_user (email, role) values ('bench-sec@example.org', 'secretariat') returning id`)).rows[0]!;
    const request = (
      await h.pool.query<{ id: string }>(`
      insert into coop_request (country_code, title, description, objectives, kinds, status, visibility, published_at)
      values ('HND', '{"es":"Reintegración de personas retornadas"}', '{"es":"Apoyo para la reintegración sostenible de migrantes en retorno"}', array[21, 10], array['technical_assistance','training'], 'published', 'public', now())
      returning id`)
    ).rows[0]!;
    await h.pool.query('analyze practice; analyze practice_objective; analyze coop_offer');
    const actor: UserActor = { kind: 'user', id: user.id, email: 'bench-sec@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'session' };
    const hub = new CooperationService(h.db);
    // The two lists that dominate the work, as plain SQL: practices on the request's objectives
    // ranked by the need's words, and open offers sharing an objective and a kind.
    const raw = `
      with q as (select websearch_to_tsquery('obs_es', 'reintegración sostenible migrantes retorno') as es)
      (select p.id, 0.7 * (select count(*) from practice_objective o where o.practice_id = p.id and o.objective in (21, 10)) / 2 + least(1, ts_rank(p.search_es, q.es) * 5) * 0.3 as s
       from practice p, q where p.workflow = 'published' and p.objective_numbers && array[21, 10] order by s desc limit 10)
      union all
      (select f.id, 0.6 * cardinality(array(select unnest(f.objectives) intersect select unnest(array[21, 10]))) / 2 as s
       from coop_offer f where f.status = 'published' and f.objectives && array[21, 10] and f.kinds && array['technical_assistance','training'] order by s desc limit 10)`;
    const m = await matchRequest(h.db, hub, actor, request.id, 'es');
    console.log(`cooperation: ${m.practices.length} practices, ${m.countries.length} countries, ${m.offers.length} offers proposed`);
    const [a, r] = await timeInterleaved(RUNS, [() => matchRequest(h.db, hub, actor, request.id, 'es'), () => h.pool.query(raw)]);
    const p95 = percentile(a!, 95);
    const ref = percentile(r!, 95);

    // The catalogue: IOM's 1,000 rows, preview then apply (as the page does), timed end to end.
    const org = (await h.pool.query<{ code: string }>(`select code from organisation where code = 'IOM'`)).rows[0]?.code ?? 'IOM';
    const content = await catalogue();
    const io = new CatalogueImport(h.db);
    const started = performance.now();
    const preview = await io.preview(actor, { format: 'xlsx', content, organisation: org }, 'es');
    const previewMs = performance.now() - started;
    if (!preview.canApply) throw new Error(`catalogue refused: ${JSON.stringify(preview.errors.slice(0, 3))}`);
    const applied = await io.apply(actor, { ip: '127.0.0.1', requestId: 'bench' }, { format: 'xlsx', content, organisation: org, checksum: preview.checksum }, 'es');
    const totalMs = performance.now() - started;
    console.log(`cooperation: catalogue of ${ROWS} rows — preview ${Math.round(previewMs)} ms, ${applied.created} created, ${applied.skipped} left out as duplicates`);
    return [
      { name: `cooperation: proposals for one request, ${PRACTICES.toLocaleString('en')} practices + ${OFFERS.toLocaleString('en')} offers (p95)`, value: p95, unit: 'ms', reference: 'practices + offers lists by raw SQL (p95)', referenceValue: ref, ratio: p95 / ref },
      { name: 'cooperation: proposals against the aim (p95)', value: p95, unit: 'ms', reference: 'aim', referenceValue: 100, ratio: p95 / 100 },
      { name: `cooperation: catalogue of ${ROWS.toLocaleString('en')} rows, preview (suggestions, duplicates)`, value: previewMs, unit: 'ms', reference: 'aim for the whole import', referenceValue: 15_000, ratio: previewMs / 15_000 },
      { name: `cooperation: catalogue of ${ROWS.toLocaleString('en')} rows, preview + apply`, value: totalMs, unit: 'ms', reference: 'aim', referenceValue: 15_000, ratio: totalMs / 15_000 },
    ];
  } finally {
    await h.close();
  }
}

// `node --import tsx bench/cooperation.ts`: this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchCooperation());
}
