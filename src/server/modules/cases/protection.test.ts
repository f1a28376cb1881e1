import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { emptyDatabase } from '../../../../test/helpers/db.ts';
import { createRemains, createReport, OTHER_CASES_KEY, people, post, REASON, REMAINS, REPORT, SECRETS, TEST_CASES_KEY, type People } from '../../../../test/helpers/cases.ts';
import { childEnv, cli } from '../../../../test/ops/process.ts';
import { migrations } from '../../composition.ts';
import { backupDatabase, restoreDatabase } from '../../platform/db/backup.ts';
import { createDatabase } from '../../platform/db/database.ts';
import { purgeExpired } from './retention.ts';

/** Matching on hand-made records, the feature off without a key, rotation, retention, backups. */
let t: TestApp;
let p: People;
beforeAll(async () => {
  t = await testApp({ env: { CASES_KEY: TEST_CASES_KEY } });
  p = await people(t);
});
afterAll(async () => t?.close());

const candidates = async (id: string) => (await p.saSLV.request({ method: 'GET', url: `/api/v1/cases/records/${id}/candidates` })).json<{ items: { remainsId: string; score: number }[] }>().items;
const remains = (ref: string, change: Record<string, unknown>) => createRemains(p.fsMEX, { ...REMAINS, caseRef: ref, ...change });

describe('matching on hand-made records', () => {
  it('ranks the right candidate first and never matches sex disagreeing, found before the last contact, or 2,000 km away', async () => {
    // A report of its own, in a part of the map no other test uses (Sonora–Arizona border).
    const report = await createReport(p.saSLV, {
      ...REPORT,
      caseRef: 'SLV-MATCH-1',
      person: { ...REPORT.person, markCodes: ['tattoo_chest', 'dental_gold'], belongingCodes: ['rosary', 'watch'] },
      lastContact: { ...REPORT.lastContact, date: '2024-06-01', point: { lat: 31.3, lon: -110.9 }, routePoints: [] },
    });
    const near = { date: '2024-07-01', point: { lat: 31.6, lon: -111.2 } };
    const right = await remains('MX-M-RIGHT', { found: near, markCodes: ['tattoo_chest', 'dental_gold'], belongingCodes: ['rosary', 'watch'] });
    const weaker = await remains('MX-M-WEAK', { found: near, markCodes: [], belongingCodes: ['rosary'] });
    const unknownSex = await remains('MX-M-U', { found: near, sex: 'U', markCodes: [], belongingCodes: [] });
    const wrongSex = await remains('MX-M-SEX', { found: near, sex: 'M', markCodes: ['tattoo_chest', 'dental_gold'], belongingCodes: ['rosary', 'watch'] });
    const before = await remains('MX-M-BEFORE', { found: { ...near, date: '2024-05-20' }, markCodes: ['tattoo_chest'] });
    // ≈ 2,000 km away (Mexico City), found after, same marks
    const far = await remains('MX-M-FAR', { found: { date: '2024-07-01', point: { lat: 19.4, lon: -99.1 } }, markCodes: ['tattoo_chest', 'dental_gold'] });
    const tooOld = await remains('MX-M-AGE', { found: near, ageMin: 60, ageMax: 75 });
    const tooTall = await remains('MX-M-TALL', { found: near, heightMin: 175, heightMax: 190 });
    const notShared = await remains('MX-M-NOSHARE', { found: near, share: { countries: ['GTM'] } });

    const items = await candidates(report);
    const ids = items.map((i) => i.remainsId);
    expect(ids[0]).toBe(right);
    expect(ids).toContain(weaker);
    expect(ids).toContain(unknownSex);
    expect(ids.indexOf(weaker)).toBeLessThan(ids.indexOf(unknownSex));
    for (const never of [wrongSex, before, far, tooOld, tooTall, notShared]) expect(ids).not.toContain(never);
    // even with the widest radius, 2,000 km stays out
    const wide = await p.saSLV.request({ method: 'GET', url: `/api/v1/cases/records/${report}/candidates?radiusKm=1000` });
    expect(wide.json<{ items: { remainsId: string }[] }>().items.map((i) => i.remainsId)).not.toContain(far);
    // a route point brings remains near the route into reach
    const viaRoute = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-MATCH-2', lastContact: { ...REPORT.lastContact, date: '2024-06-01', point: { lat: 14.9, lon: -92.3 }, routePoints: [{ lat: 31.4, lon: -111.0 }] } });
    expect((await candidates(viaRoute)).map((i) => i.remainsId)).toContain(right);
  });
});

describe('without CASES_KEY', () => {
  it('the exchange is off and says why, in the caller’s language; nothing is stored', async () => {
    const off = await testApp({ database: t.db });
    try {
      const c = await signIn(off, 'cases.saslv@example.org');
      const es = await c.request({ method: 'POST', url: '/api/v1/cases/reports', payload: REPORT });
      expect(es.statusCode).toBe(503);
      expect(es.json().error.code).toBe('cases_disabled');
      expect(es.json().error.message).toMatch(/CASES_KEY/);
      expect(es.json().error.message).toMatch(/desactivado/);
      const en = await c.request({ method: 'GET', url: '/api/v1/cases/status', headers: { 'accept-language': 'en' } });
      expect(en.json()).toMatchObject({ enabled: false });
      expect(en.json().reason).toMatch(/is off/);
    } finally {
      await off.app.close();
    }
  });
});

describe('retention', () => {
  it('erases the personal fields of records past their period, keeps the tombstone and says so in the history', async () => {
    const id = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-RET-1' });
    expect((await post(p.saSLV, `/api/v1/cases/records/${id}/status`, { status: 'located_alive' })).statusCode).toBe(200);
    expect(await purgeExpired(t.db.db, new Date(Date.now() + 30 * 86_400_000))).toBe(0);
    expect(await purgeExpired(t.db.db, new Date(Date.now() + 91 * 86_400_000))).toBeGreaterThanOrEqual(1);
    const row = await t.db.db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.personal_ct).toBeNull();
    expect(row.family_ct).toBeNull();
    const page = (await post(p.saSLV, `/api/v1/cases/records/${id}/read`, REASON)).json();
    expect(page.erased).toBe(true);
    expect(page.personal).toBeUndefined();
    expect(page.history.map((h: { action: string }) => h.action)).toContain('erased');
  });
});

describe('key rotation (observatorio cases rotate-key)', () => {
  it('re-encrypts every value under the new key; afterwards the old key is not needed', async () => {
    const id = await createReport(p.saSLV, { ...REPORT, caseRef: 'SLV-ROT-1' });
    await post(p.saSLV, `/api/v1/cases/records/${id}/read`, REASON);
    const oldIds = await t.db.db.selectFrom('case_record').select('key_id').where('key_id', 'is not', null).distinct().execute();
    expect(oldIds).toHaveLength(1);
    const env = childEnv({ DATABASE_URL: t.db.url, CASES_KEY: OTHER_CASES_KEY, LANG: 'en_US.UTF-8' });
    // without the old key, it says which key is missing and changes nothing
    const missing = await cli(['cases', 'rotate-key'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/CASES_KEY_PREVIOUS/);
    const ok = await cli(['cases', 'rotate-key'], { ...env, CASES_KEY_PREVIOUS: TEST_CASES_KEY });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/No value is left under an old key/);
    const left = await sql<{ n: number }>`select count(*)::int as n from (select key_id from case_record where key_id is not null union all select key_id from case_access) k where key_id = ${oldIds[0]!.key_id}`.execute(t.db.db);
    expect(left.rows[0]!.n).toBe(0);
    // an app with only the new key reads everything, reasons included
    const rotated = await testApp({ database: t.db, env: { CASES_KEY: OTHER_CASES_KEY } });
    try {
      const sa = await signIn(rotated, 'cases.saslv@example.org');
      const page = await sa.request({ method: 'POST', url: `/api/v1/cases/records/${id}/read`, payload: REASON });
      expect(page.statusCode).toBe(200);
      expect(page.json().personal.familyNames).toBe('Quintanilla Portillo');
      expect(page.json().family.name).toBe('Marta Portillo de Quintanilla');
      expect(page.json().reads.at(-1).reason).toBe(REASON.reason);
    } finally {
      await rotated.app.close();
    }
  }, 120_000);
});

describe('backups', () => {
  it('a backup holds no personal field in clear, and restored without the key shows none', async () => {
    await createRemains(p.fsMEX, { ...REMAINS, caseRef: 'MX-BACKUP-1' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-backup-'));
    const file = path.join(dir, 'b.obsbackup');
    const target = await emptyDatabase();
    try {
      await backupDatabase(t.db.url, file);
      // the backup file, uncompressed or not, does not contain the names
      const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
      expect(text).toContain('MX-BACKUP-1');
      for (const s of SECRETS) expect(text.includes(s), s).toBe(false);
      await restoreDatabase(target.url, file, { migrations: migrations() });
      const h = createDatabase(target.url, { max: 2 });
      try {
        const rows = await h.db.selectFrom('case_record').select(['personal_ct', 'family_ct']).execute();
        expect(rows.length).toBeGreaterThan(0);
        const all = await sql<{ j: string }>`select string_agg(x::text, ' ') as j from case_record x`.execute(h.db);
        for (const s of SECRETS) expect(all.rows[0]!.j.includes(s), s).toBe(false);
      } finally {
        await h.close();
      }
      const handle = createDatabase(target.url, { max: 2 });
      const restored = await testApp({ database: { ...handle, url: target.url, name: target.name, drop: async () => {} } });
      try {
          const sa = await signIn(restored, 'cases.saslv@example.org');
        const r = await sa.request({ method: 'GET', url: '/api/v1/cases/records' });
        expect(r.statusCode).toBe(503);
        for (const s of SECRETS) expect(r.body).not.toContain(s);
      } finally {
        await restored.app.close();
        await handle.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await target.drop();
    }
  }, 120_000);
});
