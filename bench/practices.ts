import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createMailer } from '../src/server/platform/mail/index.ts';
import { PracticePublishing } from '../src/server/modules/practices/index.ts';
import { rebuildLexicon } from '../src/server/modules/practices/seed.ts';
import { searchWithFacetsQuery } from '../src/server/modules/practices/repository.ts';
import { buildTextQuery, optimisticTextQuery } from '../src/server/modules/practices/search.ts';
import { httpGet, openBenchDatabase, percentile, timeInterleaved, type Figure } from './lib.ts';
import { measureRecall } from './recall.ts';

/**
 * Practices search at 10,000 practices: latency through the HTTP API (search + facets +
 * typo correction + vocabulary) against the core full-text query as raw SQL on the same
 * database, and the accuracy of the objective suggestions (leave-one-out).
 */
const N = 10_000;
const QUERIES = 200;

// Topics with the GCM objectives they belong to, in the words people use in both languages.
const TOPICS: { words: string[]; objectives: number[] }[] = [
  { words: ['búsqueda y rescate', 'salvar vidas', 'search and rescue', 'migrantes desaparecidos'], objectives: [8] },
  { words: ['protección consular', 'asistencia consular', 'consular protection'], objectives: [14] },
  { words: ['trata de personas', 'víctimas de trata', 'human trafficking'], objectives: [10] },
  { words: ['tráfico ilícito de migrantes', 'migrant smuggling'], objectives: [9] },
  { words: ['retorno', 'reintegración', 'return and reintegration'], objectives: [21] },
  { words: ['datos desagregados', 'estadísticas migratorias', 'migration statistics'], objectives: [1] },
  { words: ['regularización migratoria', 'documentación', 'identity documents'], objectives: [4, 7] },
  { words: ['gestión de fronteras', 'border management'], objectives: [11] },
  { words: ['trabajadores migrantes', 'migración laboral', 'labour migration'], objectives: [5, 6] },
  { words: ['remesas', 'inclusión financiera', 'remittances'], objectives: [20] },
  { words: ['integración', 'cohesión social', 'social inclusion'], objectives: [16] },
  { words: ['discriminación', 'xenofobia', 'discourse'], objectives: [17] },
  { words: ['cambio climático', 'desastres', 'climate change'], objectives: [2] },
  { words: ['niñez migrante', 'niños no acompañados', 'unaccompanied children'], objectives: [7] },
  { words: ['salud', 'servicios básicos', 'health services'], objectives: [15] },
];
const KINDS = ['good_practice', 'policy', 'tool', 'programme', 'protocol', 'campaign', 'study'];
const COUNTRIES = ['ARG', 'BLZ', 'BOL', 'BRA', 'CAN', 'CHL', 'COL', 'CRI', 'DOM', 'ECU', 'GTM', 'GUY', 'HND', 'MEX', 'NIC', 'PAN', 'PER', 'PRY', 'SLV', 'SUR', 'URY', 'USA', 'VEN'];
const FRAMES = ['Programa nacional de', 'Protocolo interinstitucional de', 'Estrategia regional de', 'Guía práctica de', 'Mesa técnica sobre', 'Sistema de información de', 'Campaña de'];

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

export async function benchPractices(): Promise<Figure[]> {
  // BENCH_KEEP_DB=1 keeps the generated database for EXPLAIN ANALYZE sessions.
  const h = await openBenchDatabase('obs_bench', { keep: !!process.env.BENCH_KEEP_DB });
  try {
    const config = loadConfig({ DATABASE_URL: h.url, LOG_LEVEL: 'silent', PORT: '0' });
    const { app } = await buildApp({ config, db: h.db, mailer: createMailer({ smtpUrl: undefined, from: 'x <x@x>', log: () => {} }), logger: false, webDistDir: '/nonexistent' });
    // Recall first, on the seeded practices alone (the 65 of the 2023 forum report, before the
    // generated ones): the hand-written query set of bench/practices-recall.json.
    const recall = await measureRecall(async (q, lang) => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/practices?q=${encodeURIComponent(q)}&pageSize=5`, headers: { 'accept-language': lang } });
      return res.json<{ items: { slug: string }[] }>().items.map((i) => i.slug);
    });
    for (const r of recall.perQuery.filter((x) => x.recall < 1)) console.log(`recall@5 ${r.recall.toFixed(2)} for "${r.q}" (${r.lang}): missing ${r.missing.join(', ')}`);
    const rand = rng(42);
    const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
    const truth = new Map<string, number[]>();
    console.log(`generating ${N} practices…`);
    for (let start = 0; start < N; start += 500) {
      const rows: { i: number; topic: (typeof TOPICS)[number]; title: string; summary: string }[] = [];
      for (let i = start; i < Math.min(N, start + 500); i++) {
        const topic = pick(TOPICS);
        const w = pick(topic.words);
        rows.push({ i, topic, title: `${pick(FRAMES)} ${w} ${i}`, summary: `Acciones de ${pick(topic.words)} y ${w} coordinadas entre instituciones. ${pick(TOPICS).words[0]}.` });
      }
      const inserted = await h.db
        .insertInto('practice')
        .values(rows.map((r) => ({ slug: `bench-${r.i}`, kind: pick(KINDS), title: JSON.stringify({ es: r.title }), summary: JSON.stringify({ es: r.summary }), original_language: 'es', workflow: 'published', published_at: new Date(Date.now() - r.i * 3_600_000) })))
        .returning(['id', 'slug'])
        .execute();
      const objectiveRows = inserted.flatMap((p, k) => rows[k]!.topic.objectives.map((o) => ({ practice_id: p.id, objective: o })));
      await h.db.insertInto('practice_objective').values(objectiveRows).execute();
      await h.db.insertInto('practice_country').values(inserted.map((p) => ({ practice_id: p.id, country_code: pick(COUNTRIES) }))).execute();
      inserted.forEach((p, k) => truth.set(p.id, rows[k]!.topic.objectives));
    }
    await rebuildLexicon(h.db);
    // Each insert into a link table rewrites its practices' rows (the triggers of practices
    // migration 0032 copy the links into arrays), leaving dead row versions behind: compact
    // the table so that both the API and the reference query read it as freshly loaded.
    await sql`vacuum (full, analyze) practice`.execute(h.db);
    await sql`analyze`.execute(h.db);

    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const terms = TOPICS.flatMap((t) => t.words).concat(['regularizacion', 'protocolos', 'trafficking', 'retorno', 'busqueda rescate']);
    const qs = Array.from({ length: QUERIES }, (_, i) => terms[i % terms.length]!);
    // Warm both paths (plans, caches) before measuring.
    for (const q of qs.slice(0, 20)) await fetch(`${address}/api/v1/practices?q=${encodeURIComponent(q)}`).then((r) => r.arrayBuffer());
    const raw = new pg.Client({ connectionString: h.url });
    await raw.connect();
    // Reference 1: the typed words alone as a bare full-text query (page + total). A smaller
    // search than the API's — no vocabulary ("human trafficking" finds 365 practices here and
    // 1,341 with "trata de personas"), no typo correction, no facets.
    const rawSql = `select id, slug, title, ts_rank(search_es, q) + ts_rank(search_en, qe) as rank, count(*) over () as total
      from practice, websearch_to_tsquery('obs_es', $1) q, websearch_to_tsquery('obs_en', $1) qe
      where workflow = 'published' and (search_es @@ q or search_en @@ qe)
      order by rank desc limit 20`;
    // Reference 2: the same search (the words the API searches for after typo correction and
    // the vocabulary, the same title-weighted rank, page + total; no facets) written as plain
    // SQL: the OR of every alternative's websearch_to_tsquery.
    const alternatives = await Promise.all(terms.map(async (q) => (await buildTextQuery(h.db, q)).alternatives));
    const sameSearchSql = (n: number) => {
      const or = (cfg: string) => Array.from({ length: n }, (_, k) => `websearch_to_tsquery('${cfg}', $${k + 1})`).join(' || ');
      return `select id, slug, title, ts_rank('{0.1,0.2,0.4,1.0}', search_es, q) + ts_rank('{0.1,0.2,0.4,1.0}', search_en, qe) as rank, count(*) over () as total
        from practice, (select ${or('obs_es')} as q, ${or('obs_en')} as qe) x
        where workflow = 'published' and (search_es @@ q or search_en @@ qe)
        order by rank desc limit 20`;
    };
    // Reference 3: the identical statement the API runs (page + total + facets + the lexicon
    // check), compiled once per query text outside the timing, sent as raw SQL: what the API
    // layer itself costs on top.
    const compiled = terms.map((q) => {
      const { tq, check } = optimisticTextQuery(q);
      const filters = { q, objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [] };
      return searchWithFacetsQuery(filters, tq, 'relevance', 20, 0, check).compile(h.db);
    });
    // Each query is timed four ways back to back, in a rotating order, so that whatever else
    // the machine does at that moment weighs on the API and its references alike.
    const ways: ((i: number) => Promise<unknown>)[] = [
      async (i) => {
        const r = await httpGet(`${address}/api/v1/practices?q=${encodeURIComponent(qs[i]!)}&pageSize=20`);
        if (r.status !== 200) throw new Error(`search failed: ${r.status}`);
      },
      (i) => raw.query(rawSql, [qs[i]!]),
      (i) => {
        const a = alternatives[i % alternatives.length]!;
        return raw.query(sameSearchSql(a.length), a);
      },
      (i) => {
        const c = compiled[i % compiled.length]!;
        return raw.query(c.sql, c.parameters as unknown[]);
      },
    ];
    for (let i = 0; i < terms.length; i++) for (const way of ways) await way(i);
    const [api = [], rawT = [], plainT = [], sameT = []] = await timeInterleaved(QUERIES, ways);
    await raw.end();
    await app.close();

    // Objective suggestions: leave-one-out over 200 generated practices; a hit when one of
    // the true objectives is among the first three suggested.
    const publishing = new PracticePublishing(h.db, 'http://localhost');
    const sample = await h.db.selectFrom('practice').select(['id', 'title', 'summary']).where('slug', 'like', 'bench-%').orderBy('slug').limit(200).execute();
    let hits = 0;
    for (const p of sample) {
      const s = await publishing.suggestObjectives(`${p.title.es ?? ''} ${p.summary.es ?? ''}`, 3, p.id);
      if (s.some((x) => truth.get(p.id)?.includes(x.objective))) hits++;
    }
    const p50 = percentile(api, 50);
    const p95 = percentile(api, 95);
    const r50 = percentile(rawT, 50);
    const r95 = percentile(rawT, 95);
    const s95 = percentile(sameT, 95);
    const w50 = percentile(plainT, 50);
    const w95 = percentile(plainT, 95);
    return [
      { name: `practices search p50 (API, ${N} practices)`, value: p50, unit: 'ms', reference: 'raw SQL: typed words only', referenceValue: r50, ratio: p50 / r50 },
      { name: `practices search p95 (API, ${N} practices)`, value: p95, unit: 'ms', reference: 'raw SQL: typed words only', referenceValue: r95, ratio: p95 / r95 },
      { name: `practices search p50 (API, ${N} practices)`, value: p50, unit: 'ms', reference: 'raw SQL: same search, plain', referenceValue: w50, ratio: p50 / w50 },
      { name: `practices search p95 (API, ${N} practices)`, value: p95, unit: 'ms', reference: 'raw SQL: same search, plain', referenceValue: w95, ratio: p95 / w95 },
      { name: `practices search p95 (API, ${N} practices)`, value: p95, unit: 'ms', reference: 'raw SQL: the API statement', referenceValue: s95, ratio: p95 / s95 },
      { name: `practices search recall@5 (${recall.perQuery.length} queries, es/en, seeded practices)`, value: recall.recall, unit: '', reference: 'target', referenceValue: 0.95, ratio: recall.recall / 0.95 },
      { name: 'objective suggestion accuracy (top 3)', value: (100 * hits) / sample.length, unit: '%', reference: 'target', referenceValue: 80, ratio: hits / sample.length / 0.8 },
    ];
  } finally {
    await h.close();
  }
}

// `node --import tsx bench/practices.ts` runs this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchPractices());
  process.exit(0);
}
