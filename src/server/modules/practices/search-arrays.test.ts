import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { expandQuery } from './search.ts';

/**
 * The practice row carries copies of its links (countries, organisations, objectives,
 * principles) and the facet keys search counts, kept by triggers (migration 0032). These
 * tests write through every path there is and compare the copies with the link tables.
 */
let t: TestApp;
let iom: Client;
let sec: Client;
let mex: Client;

const draft = {
  title: { es: 'Mesa de coordinación para la protección de niñez migrante' },
  summary: { es: 'Coordinación interinstitucional en frontera.' },
  kind: 'protocol',
  countries: ['MEX'],
  organisations: ['IOM'],
  objectives: [7, 8],
  primaryObjective: 7,
  principles: ['a'],
  targetGroups: ['unaccompanied_children'],
};

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser(t, { email: 'sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'mex@example.org', role: 'focal_point', countryCode: 'MEX' });
  iom = await signIn(t, 'iom@example.org');
  sec = await signIn(t, 'sec@example.org');
  mex = await signIn(t, 'mex@example.org');
});
afterAll(async () => t.close());

/** Practices whose copies differ from what the link tables and their own columns say. */
async function inconsistent(): Promise<{ id: string }[]> {
  const r = await sql<{ id: string }>`
    select p.id from practice p
    where p.country_codes is distinct from array(select x.country_code::text from practice_country x where x.practice_id = p.id order by 1)
       or p.organisation_ids is distinct from array(select x.organisation_id from practice_organisation x where x.practice_id = p.id order by 1)
       or p.objective_numbers is distinct from array(select x.objective from practice_objective x where x.practice_id = p.id order by 1)
       or p.principle_codes is distinct from array(select x.principle from practice_principle x where x.practice_id = p.id order by 1)
       or array(select k from unnest(p.facet_keys) k order by 1) is distinct from array(select k from (
            select 'kind:' || p.kind as k union all select 'validation:' || p.validation union all select 'language:' || p.original_language
            union all select 'status:' || p.status where p.status is not null
            union all select 'objective:' || x.objective from practice_objective x where x.practice_id = p.id
            union all select 'country:' || x.country_code from practice_country x where x.practice_id = p.id
            union all select 'organisation:' || x.organisation_id from practice_organisation x where x.practice_id = p.id
            union all select 'principle:' || x.principle from practice_principle x where x.practice_id = p.id
            union all select 'targetGroup:' || g from unnest(p.target_groups) g) e order by 1)`.execute(t.db.db);
  return r.rows;
}

async function copies(id: string) {
  const r = await sql<{ country_codes: string[]; organisations: string[]; objective_numbers: number[]; principle_codes: string[]; facet_keys: string[] }>`
    select p.country_codes, array(select o.code from organisation o where o.id = any(p.organisation_ids) order by 1) as organisations,
      p.objective_numbers, p.principle_codes, array(select k from unnest(p.facet_keys) k order by 1) as facet_keys
    from practice p where p.id = ${id}::uuid`.execute(t.db.db);
  return r.rows[0]!;
}

describe('the link copies on the practice row', () => {
  it('hold the seeded practices from the start (the migration backfills, the seed writes through the triggers)', async () => {
    expect(await inconsistent()).toEqual([]);
    const n = await sql<{ n: number }>`select count(*)::int as n from practice where objective_numbers <> '{}'`.execute(t.db.db);
    expect(n.rows[0]!.n).toBeGreaterThan(50);
  });

  it('follow creation, edits, submission, publication, endorsement, restore and deletion', async () => {
    const created = await iom.request({ method: 'POST', url: '/api/v1/practices', payload: draft });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect(await copies(id)).toEqual({
      country_codes: ['MEX'],
      organisations: ['IOM'],
      objective_numbers: [7, 8],
      principle_codes: ['a'],
      facet_keys: expect.arrayContaining(['kind:protocol', 'validation:stakeholder', 'language:es', 'objective:7', 'objective:8', 'country:MEX', 'principle:a', 'targetGroup:unaccompanied_children']),
    });
    expect(await inconsistent()).toEqual([]);

    // An edit replaces every link and changes the columns facets read.
    const v1 = (await iom.request({ method: 'GET', url: `/api/v1/practices/${id}/edit` })).json().version as number;
    const edited = { ...draft, kind: 'policy', status: 'ongoing', countries: ['GTM', 'MEX'], organisations: [], objectives: [2], primaryObjective: 2, principles: ['c', 'b'], targetGroups: [] };
    expect((await iom.request({ method: 'PUT', url: `/api/v1/practices/${id}`, payload: { version: v1, practice: edited } })).statusCode).toBe(200);
    const afterEdit = await copies(id);
    expect(afterEdit).toMatchObject({ country_codes: ['GTM', 'MEX'], organisations: [], objective_numbers: [2], principle_codes: ['b', 'c'] });
    expect(afterEdit.facet_keys).toEqual(['country:GTM', 'country:MEX', 'kind:policy', 'language:es', 'objective:2', 'principle:b', 'principle:c', 'status:ongoing', 'validation:stakeholder']);
    expect(await inconsistent()).toEqual([]);

    // Published, it is found by the new links and counted in their facets, not the old ones.
    await iom.request({ method: 'POST', url: `/api/v1/practices/${id}/submit` });
    expect((await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/review`, payload: { decision: 'publish' } })).json().workflow).toBe('published');
    const byGtm = (await t.app.inject({ method: 'GET', url: '/api/v1/practices?country=GTM&objective=2&principle=c' })).json();
    expect(byGtm.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(byGtm.items[0].countries).toEqual(['GTM', 'MEX']);
    expect(byGtm.facets.principle).toEqual([
      { value: 'b', count: 1 },
      { value: 'c', count: 1 },
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/practices?country=GTM&objective=7' })).json().items.some((i: { id: string }) => i.id === id)).toBe(false);

    // Endorsement changes the validation tier.
    expect((await mex.request({ method: 'POST', url: `/api/v1/practices/${id}/endorse` })).json().validation).toBe('state');
    expect((await copies(id)).facet_keys).toContain('validation:state');
    expect(await inconsistent()).toEqual([]);

    // Restoring the first version brings its links back.
    expect((await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/restore`, payload: { version: v1 } })).statusCode).toBe(200);
    expect(await copies(id)).toMatchObject({ country_codes: ['MEX'], organisations: ['IOM'], objective_numbers: [7, 8], principle_codes: ['a'] });
    expect(await inconsistent()).toEqual([]);
    const byIom = (await t.app.inject({ method: 'GET', url: '/api/v1/practices?organisation=IOM&objective=8' })).json();
    expect(byIom.items.some((i: { id: string; organisations: string[] }) => i.id === id && i.organisations.includes('IOM'))).toBe(true);

    // Writes straight to the link tables (imports, maintenance) are followed too: update, delete.
    await sql`update practice_objective set objective = 9 where practice_id = ${id}::uuid and objective = 8`.execute(t.db.db);
    await sql`delete from practice_country where practice_id = ${id}::uuid`.execute(t.db.db);
    expect(await copies(id)).toMatchObject({ country_codes: [], objective_numbers: [7, 9] });
    expect(await inconsistent()).toEqual([]);

    // Deleting the practice cascades to its links without tripping the triggers.
    await sql`delete from practice where id = ${id}::uuid`.execute(t.db.db);
    expect(await inconsistent()).toEqual([]);
    expect((await sql<{ n: number }>`select count(*)::int as n from practice_objective where practice_id = ${id}::uuid`.execute(t.db.db)).rows[0]!.n).toBe(0);
  });
});

describe('the search query forms', () => {
  // Alternatives as the search builds them (typed text plus vocabulary), and harder cases:
  // phrases, exclusions, stop words only, repeated and overlapping alternatives.
  const cases: string[][] = [
    expandQuery('migrantes desaparecidos'),
    expandQuery('human trafficking'),
    expandQuery('trabajadores migrantes'),
    expandQuery('retorno'),
    ['protocolo', 'protocolo frontera', 'frontera protocolo', 'protocolo'],
    ['"trata de personas"', 'trata', 'trata -personas'],
    ['el', 'de la'],
    ['grupo beta', 'beta'],
    ['niñez OR niños', 'niñez migrante'],
  ];

  it('practice_tsquery_any matches exactly the practices all the alternatives OR-ed match', async () => {
    for (const alts of cases) {
      for (const cfg of ['obs_es', 'obs_en']) {
        const all = sql.join(alts.map((a) => sql`websearch_to_tsquery(${cfg}::regconfig, ${a})`), sql` || `);
        const r = await sql<{ full: string[] | null; simplified: string[] | null }>`
          select array(select id::text from practice where search_${sql.raw(cfg.slice(4))} @@ (${all}) order by 1) as full,
            array(select id::text from practice where search_${sql.raw(cfg.slice(4))} @@ practice_tsquery_any(${cfg}::regconfig, ${alts}::text[]) order by 1) as simplified`.execute(t.db.db);
        expect(r.rows[0]!.simplified, `${cfg} ${JSON.stringify(alts)}`).toEqual(r.rows[0]!.full);
      }
    }
    // Something is matched at all (the comparison is not between two empty lists).
    const some = await sql<{ n: number }>`select count(*)::int as n from practice where search_es @@ practice_tsquery_any('obs_es', ${expandQuery('retorno')}::text[])`.execute(t.db.db);
    expect(some.rows[0]!.n).toBeGreaterThan(0);
  });

  it('practice_tsquery_rank ranks every practice exactly as all the alternatives OR-ed', async () => {
    for (const alts of cases) {
      for (const cfg of ['obs_es', 'obs_en']) {
        const all = sql.join(alts.map((a) => sql`websearch_to_tsquery(${cfg}::regconfig, ${a})`), sql` || `);
        const col = sql.raw(`search_${cfg.slice(4)}`);
        const r = await sql<{ n: number; differ: number }>`
          select count(*)::int as n, count(*) filter (where ts_rank('{0.1,0.2,0.4,1.0}', ${col}, (${all})) <> ts_rank('{0.1,0.2,0.4,1.0}', ${col}, practice_tsquery_rank(${cfg}::regconfig, ${alts}::text[])))::int as differ
          from practice`.execute(t.db.db);
        expect(r.rows[0]!.differ, `${cfg} ${JSON.stringify(alts)}`).toBe(0);
        expect(r.rows[0]!.n).toBeGreaterThan(0);
      }
    }
  });
});
