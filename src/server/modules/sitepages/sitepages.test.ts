import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { readSeedPage } from './seed.ts';

let t: TestApp;
let sec: Client;
let focal: Client;

const versions = async () => (await t.db.db.selectFrom('site_page_version').select(['slug', 'version']).where('slug', '=', 'contact').execute()).length;
const edit = (title: string, baseVersion: number) => ({
  title: { es: `${title} (es)`, en: `${title} (en)` },
  body: { es: 'Escriba a **secretaria@example.org**.\n', en: 'Write to **secretaria@example.org**.\n' },
  note: 'dirección publicada',
  baseVersion,
});

beforeAll(async () => {
  t = await testApp();
  const secId = await createUser(t, { email: 'pages.sec@example.org', role: 'secretariat' });
  await t.db.db.updateTable('app_user').set({ display_name: 'Ana Secretaría' }).where('id', '=', secId).execute();
  await createUser(t, { email: 'pages.focal@example.org', role: 'focal_point', countryCode: 'CRI' });
  sec = await signIn(t, 'pages.sec@example.org');
  focal = await signIn(t, 'pages.focal@example.org');
});
afterAll(async () => t?.close());

describe('site pages', () => {
  it('seeds about, methodology and contact in both languages from seed/site-pages, readable by anyone', async () => {
    for (const slug of ['about', 'methodology', 'contact']) {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/site-pages/${slug}` });
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json<{ version: number; title: { es: string; en: string }; body: { es: string; en: string } }>();
      expect(page.version).toBe(1);
      expect(page.title).toEqual({ es: readSeedPage(slug, 'es').title, en: readSeedPage(slug, 'en').title });
      expect(page.body.es.length).toBeGreaterThan(100);
      expect(page.body.en.length).toBeGreaterThan(100);
    }
    const m = (await t.app.inject({ method: 'GET', url: '/api/v1/site-pages/methodology' })).json<{ body: { es: string; en: string } }>();
    expect(m.body.es).toContain('MIG_FLOWS');
    expect(m.body.en).toContain('5 persons');
  });

  it('answers an unknown page with 404 in the reader’s language', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/site-pages/news', headers: { 'accept-language': 'en' } });
    expect(r.statusCode).toBe(404);
    expect(r.json<{ error: { message: string } }>().error.message).toBe('That page does not exist.');
  });

  it('lets the secretariat save a new version, keeps the old one, and records who and why', async () => {
    const r = await sec.request({ method: 'PUT', url: '/api/v1/site-pages/contact', payload: edit('Contacto', 1) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ version: number }>().version).toBe(2);
    const now = (await t.app.inject({ method: 'GET', url: '/api/v1/site-pages/contact' })).json<{ version: number; title: { en: string } }>();
    expect(now).toMatchObject({ version: 2, title: { en: 'Contacto (en)' } });
    const hist = await sec.request({ method: 'GET', url: '/api/v1/site-pages/contact/history' });
    expect(hist.statusCode).toBe(200);
    const list = hist.json<{ version: number; editedBy: string | null; note: string | null }[]>();
    expect(list.map((v) => v.version)).toEqual([2, 1]);
    expect(list[0]).toMatchObject({ editedBy: 'Ana Secretaría', note: 'dirección publicada' });
    expect(list[1]!.editedBy).toBeNull();
    const audit = await t.db.db.selectFrom('audit_event').select(['action', 'entity_id']).where('action', '=', 'site_page.update').execute();
    expect(audit).toEqual([{ action: 'site_page.update', entity_id: 'contact' }]);
  });

  it('refuses a save made from an older version with a conflict that names the newer one, and changes nothing', async () => {
    const before = await versions();
    const r = await sec.request({ method: 'PUT', url: '/api/v1/site-pages/contact', payload: edit('Otra', 1), headers: { 'accept-language': 'es' } });
    expect(r.statusCode).toBe(409);
    expect(r.json<{ error: { message: string } }>().error.message).toContain('versión 2');
    expect(await versions()).toBe(before);
  });

  it('refuses empty titles and writes from anyone but the secretariat, changing nothing', async () => {
    const before = await versions();
    const empty = await sec.request({ method: 'PUT', url: '/api/v1/site-pages/contact', payload: { ...edit('x', 2), title: { es: ' ', en: 'Contact' } } });
    expect(empty.statusCode).toBe(400);
    const byFocal = await focal.request({ method: 'PUT', url: '/api/v1/site-pages/contact', payload: edit('Focal', 2) });
    expect(byFocal.statusCode).toBe(403);
    const anon = await t.app.inject({ method: 'PUT', url: '/api/v1/site-pages/contact', payload: edit('Anon', 2) });
    expect([401, 403]).toContain(anon.statusCode);
    expect((await focal.request({ method: 'GET', url: '/api/v1/site-pages/contact/history' })).statusCode).toBe(403);
    expect(await versions()).toBe(before);
  });
});
