import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_MEMBERS, CSM_MEMBERS } from './seed.ts';
import { createUser, signIn, testApp, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'fp.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
});
afterAll(async () => t?.close());

interface Country {
  code: string;
  alpha2: string;
  numeric: string;
  name: string;
  names: { es: string; en: string };
  memberships: string[];
}

const get = (url: string, lang?: string) => t.app.inject({ method: 'GET', url, headers: lang ? { 'accept-language': lang } : {} });

describe('countries', () => {
  it('lists every ISO 3166-1 country with Spanish and English names, in Spanish by default', async () => {
    const res = await get('/api/v1/reference/countries');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const items = res.json().items as Country[];
    expect(items.length).toBeGreaterThanOrEqual(249);
    expect(new Set(items.map((c) => c.code)).size).toBe(items.length);
    for (const c of items) {
      expect(c.code).toMatch(/^[A-Z]{3}$/);
      expect(c.alpha2).toMatch(/^[A-Z]{2}$/);
      expect(c.numeric).toMatch(/^\d{3}$/);
      expect(c.names.es.length).toBeGreaterThan(0);
      expect(c.names.en.length).toBeGreaterThan(0);
      expect(c.name).toBe(c.names.es);
    }
    const byCode = new Map(items.map((c) => [c.code, c]));
    expect(byCode.get('MEX')).toMatchObject({ alpha2: 'MX', numeric: '484', name: 'México', names: { es: 'México', en: 'Mexico' } });
    expect(byCode.get('DEU')?.name).toBe('Alemania');
    // Ordered by the name in the caller's language.
    const names = items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'es')));
  });

  it('answers in English with Accept-Language: en (and with ?lang=en)', async () => {
    for (const res of [await get('/api/v1/reference/countries', 'en'), await get('/api/v1/reference/countries?lang=en')]) {
      const items = res.json().items as Country[];
      expect(items.find((c) => c.code === 'DEU')?.name).toBe('Germany');
      const names = items.map((c) => c.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    }
  });

  it('filters by membership: exactly the 11 CRM members and the 12 CSM members', async () => {
    const crm = (await get('/api/v1/reference/countries?membership=CRM')).json().items as Country[];
    expect(crm.map((c) => c.code).sort()).toEqual([...CRM_MEMBERS].sort());
    expect(crm).toHaveLength(11);
    expect(crm.map((c) => c.code)).toEqual(expect.arrayContaining(['GTM', 'MEX', 'USA', 'CAN', 'BLZ', 'DOM']));
    for (const c of crm) expect(c.memberships).toContain('CRM');

    const csm = (await get('/api/v1/reference/countries?membership=CSM')).json().items as Country[];
    expect(csm.map((c) => c.code).sort()).toEqual([...CSM_MEMBERS].sort());
    expect(csm).toHaveLength(12);
    expect(csm.map((c) => c.code)).toEqual(expect.arrayContaining(['ARG', 'BRA', 'VEN', 'GUY', 'SUR']));

    const bad = await get('/api/v1/reference/countries?membership=EU');
    expect(bad.statusCode).toBe(400);
  });

  it('reads one country, and answers 404 in the caller language for an unknown code', async () => {
    const gtm = await get('/api/v1/reference/countries/gtm');
    expect(gtm.statusCode).toBe(200);
    expect(gtm.json()).toMatchObject({ code: 'GTM', name: 'Guatemala', memberships: ['CRM'] });
    const none = await get('/api/v1/reference/countries/XXX', 'en');
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toBe('The country “XXX” is not in the country list.');
  });
});

describe('GCM taxonomy', () => {
  it('has the 23 objectives, in Spanish by default and English on request', async () => {
    const es = (await get('/api/v1/reference/gcm/objectives')).json().items as { number: number; title: string; shortTitle: string }[];
    expect(es).toHaveLength(23);
    expect(es.map((o) => o.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(es[0]).toMatchObject({ number: 1, title: 'Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica', shortTitle: 'Datos' });
    const en = (await get('/api/v1/reference/gcm/objectives', 'en')).json().items as { number: number; title: string; shortTitle: string }[];
    expect(en).toHaveLength(23);
    expect(en[0]).toMatchObject({ number: 1, title: 'Collect and utilize accurate and disaggregated data as a basis for evidence-based policies', shortTitle: 'Data' });
    for (let i = 0; i < 23; i++) expect(en[i]!.title).not.toBe(es[i]!.title);
  });

  it('has the 10 guiding principles, in Spanish by default and English on request', async () => {
    const es = (await get('/api/v1/reference/gcm/principles')).json().items as { code: string; position: number; title: string }[];
    expect(es).toHaveLength(10);
    expect(es.map((p) => p.code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(es[0]!.title).toBe('Centrada en las personas');
    const en = (await get('/api/v1/reference/gcm/principles', 'en')).json().items as { code: string; title: string }[];
    expect(en).toHaveLength(10);
    expect(en[0]!.title).toBe('People-centred');
  });
});

describe('editing countries', () => {
  it('lets the secretariat rename a country, with an audit row', async () => {
    const sec = await signIn(t, 'sec@example.org');
    const before = (await get('/api/v1/reference/countries/BLZ')).json<Country>();
    const res = await sec.request({
      method: 'PATCH',
      url: '/api/v1/reference/countries/BLZ',
      payload: { name: { es: 'Belice (editado)', en: 'Belize (edited)' } },
    });
    expect(res.statusCode).toBe(200);
    expect((await get('/api/v1/reference/countries/BLZ')).json().name).toBe('Belice (editado)');
    expect((await get('/api/v1/reference/countries/BLZ', 'en')).json().name).toBe('Belize (edited)');

    const audit = await t.db.db.selectFrom('audit_event').selectAll().where('action', '=', 'country.update').where('entity_id', '=', 'BLZ').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: 'sec@example.org', entity_type: 'country' });
    expect(audit[0]!.before).toMatchObject({ code: 'BLZ', name: before.names });
    expect(audit[0]!.after).toMatchObject({ code: 'BLZ', name: { es: 'Belice (editado)', en: 'Belize (edited)' } });
  });

  it('refuses a focal point (403) and an anonymous caller (401), changing nothing', async () => {
    const fp = await signIn(t, 'fp.gtm@example.org');
    const res = await fp.request({ method: 'PATCH', url: '/api/v1/reference/countries/GTM', payload: { name: { es: 'Guate', en: 'Guate' } } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('No tiene permiso para esta acción.');
    const anon = await t.app.inject({ method: 'PATCH', url: '/api/v1/reference/countries/GTM', payload: { name: { es: 'Guate', en: 'Guate' } } });
    expect(anon.statusCode).toBe(401);
    expect((await get('/api/v1/reference/countries/GTM')).json().name).toBe('Guatemala');
    const audit = await t.db.db.selectFrom('audit_event').select('id').where('action', '=', 'country.update').where('entity_id', '=', 'GTM').execute();
    expect(audit).toHaveLength(0);
  });

  it('validates the edit: a name needs es and en', async () => {
    const sec = await signIn(t, 'sec@example.org');
    const res = await sec.request({ method: 'PATCH', url: '/api/v1/reference/countries/BLZ', payload: { name: { es: 'Solo español' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('name.en');
  });
});
