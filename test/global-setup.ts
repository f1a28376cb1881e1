import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/server/platform/db/database.ts';
import { startEmbedded, type EmbeddedHandle } from '../src/server/platform/db/embedded.ts';
import { migrateAll, migrations, seedAll } from '../src/server/composition.ts';

/**
 * Finds a PostgreSQL for the suite: the server at DATABASE_URL when set (CI machines run
 * one), else a private embedded one. Builds a template database (migrated and seeded)
 * once per migration set, which every test file clones.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

let embedded: EmbeddedHandle | undefined;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-test-pg-'));
    embedded = await startEmbedded({ dataDir: dir, port: 55000 + Math.floor(Math.random() * 5000) });
    adminUrl = embedded.url;
  }
  const hash = crypto.createHash('sha256');
  for (const m of migrations()) hash.update(m.name + fs.readFileSync(m.file, 'utf8'));
  for (const f of walk(path.resolve('seed'))) hash.update(f).update(fs.readFileSync(f));
  const template = `obs_tpl_${hash.digest('hex').slice(0, 12)}`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(4242)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}_build`).catch(async () => {
        await admin.query(`drop database ${template}_build`);
        await admin.query(`create database ${template}_build`);
      });
      const h = createDatabase(withDb(adminUrl, `${template}_build`));
      await migrateAll(h.db);
      await seedAll(h.db);
      await h.close();
      await admin.query(`alter database ${template}_build rename to ${template}`);
    }
    await admin.query('select pg_advisory_unlock(4242)');
  } finally {
    await admin.end();
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  return async () => {
    await embedded?.stop();
  };
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
}
