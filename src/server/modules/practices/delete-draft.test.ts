import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let iom: Client;
let gtm: Client;
let sec: Client;

const draft = { title: { es: 'Borrador que se eliminará' }, summary: { es: 'Prueba.' }, kind: 'tool', countries: ['MEX'], organisations: ['IOM'], objectives: [7] };

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'del.iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  await createUser(t, { email: 'del.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  await createUser(t, { email: 'del.sec@example.org', role: 'secretariat' });
  [iom, gtm, sec] = await Promise.all([signIn(t, 'del.iom@example.org'), signIn(t, 'del.gtm@example.org'), signIn(t, 'del.sec@example.org')]);
});
afterAll(async () => t?.close());

const create = async (who: Client) => {
  const r = await who.request({ method: 'POST', url: '/api/v1/practices', payload: draft });
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string }>().id;
};
const exists = async (id: string) => (await t.db.db.selectFrom('practice').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

describe('deleting a practice draft', () => {
  it("lets its author delete it, with an audit row keeping what it said; not another country's focal point", async () => {
    const id = await create(iom);
    const other = await gtm.request({ method: 'DELETE', url: `/api/v1/practices/${id}` });
    expect(other.statusCode).toBe(403);
    expect(await exists(id)).toBe(true);

    const res = await iom.request({ method: 'DELETE', url: `/api/v1/practices/${id}` });
    expect(res.statusCode).toBe(204);
    expect(await exists(id)).toBe(false);
    const audit = await t.db.db.selectFrom('audit_event').selectAll().where('action', '=', 'practice.delete').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_label).toBe('del.iom@example.org');
    expect(audit[0]!.before).toMatchObject({ workflow: 'draft', title: { es: 'Borrador que se eliminará' } });
    expect((await iom.request({ method: 'DELETE', url: `/api/v1/practices/${id}` })).statusCode).toBe(404);
  });

  it('lets the secretariat delete a draft sent back for changes, and nobody delete a submitted or published one', async () => {
    const id = await create(iom);
    await iom.request({ method: 'POST', url: `/api/v1/practices/${id}/submit` });
    const submitted = await iom.request({ method: 'DELETE', url: `/api/v1/practices/${id}`, headers: { 'accept-language': 'en' } });
    expect(submitted.statusCode).toBe(409);
    expect(submitted.json<{ error: { message: string } }>().error.message).toBe('Only a draft can be deleted: this practice has been submitted or published.');
    expect((await sec.request({ method: 'DELETE', url: `/api/v1/practices/${id}` })).statusCode).toBe(409);

    await sec.request({ method: 'POST', url: `/api/v1/practices/${id}/review`, payload: { decision: 'request_changes', comment: 'Falta el periodo.' } });
    expect((await sec.request({ method: 'DELETE', url: `/api/v1/practices/${id}` })).statusCode).toBe(204);
    expect(await exists(id)).toBe(false);

    const published = await create(sec);
    await sec.request({ method: 'POST', url: `/api/v1/practices/${published}/submit` });
    await sec.request({ method: 'POST', url: `/api/v1/practices/${published}/review`, payload: { decision: 'publish' } });
    expect((await sec.request({ method: 'DELETE', url: `/api/v1/practices/${published}` })).statusCode).toBe(409);
    expect(await exists(published)).toBe(true);
  });
});
