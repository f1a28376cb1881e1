import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import type { UserActor } from '../../platform/http/context.ts';
import { Invalid } from '../../platform/http/errors.ts';
import { tempFile } from './temp-file.ts';
import type { ColumnMapping } from './validate.ts';

/** Every bad file of fixtures/bad through the importer: each expected message, and nothing stored. */
const DIR = path.resolve('fixtures/bad');
const spec = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as {
  uploader: { role: 'focal_point'; country: string };
  files: { file: string; errors: string[]; warnings?: string[]; infos?: string[]; mapping?: ColumnMapping }[];
};

let t: TestApp;
let actor: UserActor;
beforeAll(async () => {
  t = await testApp();
  const email = 'obs.fixtures@example.org';
  const id = await createUser(t, { email, role: spec.uploader.role, countryCode: spec.uploader.country });
  actor = { kind: 'user', id, email, displayName: '', role: spec.uploader.role, countryCode: spec.uploader.country, organisationId: null, locale: 'es', via: 'session' };
});
afterAll(async () => t?.close());

describe('fixtures/bad', () => {
  it('has at least 50 files, each listed once', () => {
    expect(spec.files.filter((f) => f.errors.length > 0).length).toBeGreaterThanOrEqual(50);
    const onDisk = fs.readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort();
    expect(spec.files.map((f) => f.file).sort()).toEqual(onDisk);
  });

  it.each(spec.files.map((f) => [f.file, f] as const))('%s', async (_name, f) => {
    const tmpPath = tempFile(fs.readFileSync(path.join(DIR, f.file)));
    let errorKeys: string[];
    let warningKeys: string[] = [];
    let infoKeys: string[] = [];
    try {
      const r = await t.services.observatory.submit(actor, { requestId: null, ip: null }, { dataflowId: 'MIG_FLOWS', fileName: f.file, tmpPath, mapping: f.mapping ?? {} }, 'es');
      // files that only carry warnings (far from history, a new series) validate; nothing is applied
      expect(r.status, JSON.stringify(r.errors)).toBe(f.errors.length ? 'rejected' : 'validated');
      errorKeys = r.errors.map((e) => e.key);
      warningKeys = r.warnings.map((w) => w.key);
      infoKeys = r.infos.map((w) => w.key);
      // every message names something the person can find, in words
      for (const e of r.errors) expect(e.message).not.toMatch(/observatory\.msg|\{/);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      errorKeys = err.issues.map((i) => i.key);
    }
    for (const k of f.errors) expect(errorKeys, `${f.file}: ${errorKeys.join(', ')}`).toContain(k);
    for (const k of f.warnings ?? []) expect(warningKeys, `${f.file}: ${warningKeys.join(', ')}`).toContain(k);
    // information (a series never seen before) is neither an error nor a warning
    for (const k of f.infos ?? []) {
      expect(infoKeys, `${f.file}: ${infoKeys.join(', ')}`).toContain(k);
      expect(warningKeys).not.toContain(k);
    }
    const stored = await t.db.db.selectFrom('obs_observation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });
});
