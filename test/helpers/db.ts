import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/server/platform/db/database.ts';

/** A fresh database for one test file, cloned from the migrated and seeded template. */
export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function adminQuery(sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/** An empty database (no migrations), for tests of migrations, start-up and restore. */
export async function emptyDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `obs_t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = withDb(inject('pgAdminUrl'), name);
  return { url, name, drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string) {
  await adminQuery(`drop database if exists ${name} with (force)`);
}

export async function testDatabase(): Promise<TestDatabase> {
  const name = `obs_t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${inject('pgTemplate')}`);
  const url = withDb(inject('pgAdminUrl'), name);
  const handle = createDatabase(url, { max: 5 });
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close();
      await dropDatabase(name);
    },
  };
}
