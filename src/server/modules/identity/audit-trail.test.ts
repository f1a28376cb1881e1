import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
let admin: Client;

interface Event {
  action: string;
  entityType: string;
  entityId: string | null;
  entityLabel: string | Record<string, string> | null;
}

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'audit.admin@example.org', role: 'admin' });
  admin = await signIn(t, 'audit.admin@example.org');
});
afterAll(async () => {
  await t?.close();
});

async function trail(query = ''): Promise<Event[]> {
  const res = await admin.request({ method: 'GET', url: `/api/v1/admin/audit?pageSize=200${query}` });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: Event[] }>().items;
}

describe('the audit trail names what each event is about', () => {
  it('gives the organisation its names in both languages, the invitation its e-mail, the country its names', async () => {
    const org = await admin.request({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { code: 'AUDIT-ORG', kind: 'observer', name: { es: 'Organización auditada', en: 'Audited organisation' } },
    });
    expect(org.statusCode).toBe(201);
    const inv = await admin.request({ method: 'POST', url: '/api/v1/admin/invitations', payload: { email: 'invitee.audit@example.org', role: 'secretariat', locale: 'en' } });
    expect(inv.statusCode).toBe(201);
    const invId = inv.json<{ id: string }>().id;
    const country = await admin.request({ method: 'PATCH', url: '/api/v1/reference/countries/GTM', payload: { memberships: ['CRM'] } });
    expect(country.statusCode).toBe(200);

    const events = await trail();
    const orgEvent = events.find((e) => e.action === 'organisation.create');
    expect(orgEvent?.entityLabel).toEqual({ es: 'Organización auditada', en: 'Audited organisation' });
    // The id is still there, for the page's hover text.
    expect(orgEvent?.entityId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.find((e) => e.action === 'invitation.create' && e.entityId === invId)?.entityLabel).toBe('invitee.audit@example.org');
    expect(events.find((e) => e.action === 'country.update')?.entityLabel).toMatchObject({ es: 'Guatemala', en: 'Guatemala' });
  });

  it("names a practice by its title and a release by its data flow, country and date (modules' own sources)", async () => {
    const practice = await t.db.db
      .insertInto('practice')
      .values({ slug: 'audit-labelled-practice', kind: 'programme', original_language: 'es', summary: JSON.stringify({ es: 'Resumen' }), title: JSON.stringify({ es: 'Práctica con nombre', en: 'Named practice' }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const flow = await t.db.db.selectFrom('obs_dataflow').select(['id', 'name']).limit(1).executeTakeFirstOrThrow();
    const release = await t.db.db
      .insertInto('obs_release')
      .values({ dataflow_id: flow.id, country_code: 'CRI', level: 'public', cutoff: new Date('2026-03-01T00:00:00Z'), release_at: new Date('2026-03-02T10:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.db
      .insertInto('audit_event')
      .values([
        { actor_label: 'system', action: 'practice.publish', entity_type: 'practice', entity_id: practice.id },
        { actor_label: 'system', action: 'observatory.release_create', entity_type: 'obs_release', entity_id: release.id },
      ])
      .execute();
    const events = await trail();
    expect(events.find((e) => e.entityId === practice.id)?.entityLabel).toEqual({ es: 'Práctica con nombre', en: 'Named practice' });
    const names = flow.name as unknown as Record<string, string>;
    expect(events.find((e) => e.entityId === release.id)?.entityLabel).toEqual({ es: `${names.es} · Costa Rica · 2026-03-02`, en: `${names.en} · Costa Rica · 2026-03-02` });
  });

  it('names an entity that is gone by what the event recorded (a deleted draft keeps its title)', async () => {
    await t.db.db
      .insertInto('audit_event')
      .values({ actor_label: 'system', action: 'practice.delete', entity_type: 'practice', entity_id: '11111111-1111-4111-8111-111111111111', before: JSON.stringify({ workflow: 'draft', title: { es: 'Borrador ido' } }) })
      .execute();
    const events = await trail('&action=practice.delete');
    expect(events[0]?.entityLabel).toEqual({ es: 'Borrador ido' });
  });

  it('leaves the label empty when the entity cannot be found, or its type names nothing', async () => {
    await t.db.db
      .insertInto('audit_event')
      .values([
        { actor_label: 'system', action: 'practice.update', entity_type: 'practice', entity_id: '00000000-0000-4000-8000-000000000000' },
        { actor_label: 'system', action: 'inc_import.apply', entity_type: 'inc_import', entity_id: 'whatever' },
      ])
      .execute();
    const events = await trail('&entityType=practice');
    expect(events.find((e) => e.entityId === '00000000-0000-4000-8000-000000000000')?.entityLabel).toBeNull();
    const other = await trail('&entityType=inc_import');
    expect(other[0]?.entityLabel).toBeNull();
  });
});
