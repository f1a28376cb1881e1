import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/server/composition.ts';
import { recordAudit } from '../../src/server/platform/audit/index.ts';
import { BackupError, backupDatabase, restoreDatabase } from '../../src/server/platform/db/backup.ts';
import { createDatabase } from '../../src/server/platform/db/database.ts';
import { emptyDatabase, testDatabase, type TestDatabase } from '../helpers/db.ts';
import { childEnv, cli } from './process.ts';

/** Every table of the public schema, each as JSON text of its rows in a fixed order. */
async function contents(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`set timezone = 'UTC'`);
    const tables = await c.query<{ name: string }>(
      `select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const r = await c.query<{ j: string }>(`select coalesce(json_agg(x order by x::text), '[]')::text as j from "${name}" x`);
      out[name] = r.rows[0]!.j;
    }
    return out;
  } finally {
    await c.end();
  }
}

async function tableCount(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`);
    return r.rows[0]!.n;
  } finally {
    await c.end();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-backup-'));
const file = path.join(dir, 'one.obsbak.gz');
let source: TestDatabase;
let expected: Record<string, string>;
const drops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  source = await testDatabase();
  const { db } = source;
  const org = await db
    .insertInto('organisation')
    .values({ code: 'BKP-ORG', kind: 'civil_society', name: JSON.stringify({ es: 'Organización «prueba» ñ', en: 'Test "org"\nline two' }), acronym: null, country_code: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const users = await db
    .insertInto('app_user')
    .values([
      { email: 'fp@example.org', role: 'focal_point', country_code: 'GTM', password_hash: '$argon2id$fake', display_name: 'Ana Pérez' },
      { email: 'co@example.org', role: 'contributor', organisation_id: org.id, password_hash: null, locale: 'en', last_sign_in_at: new Date('2024-02-29T23:59:59.123Z') },
    ])
    .returning('id')
    .execute();
  await db.insertInto('sign_in_attempt').values([{ email: 'fp@example.org', ip: '10.0.0.1', succeeded: false }, { email: 'fp@example.org', ip: null, succeeded: true }]).execute();
  for (let i = 0; i < 30; i++) {
    await recordAudit(db, 'system', { requestId: `req-${i}`, ip: '127.0.0.1' }, { action: 'test.event', entityType: 'user', entityId: users[i % 2]!.id, after: { i, text: 'ü\u0000'.replace('\u0000', '') } });
  }
  // A gap at the end of a sequence: restored sequences must not hand out an id twice.
  await db.deleteFrom('audit_event').where('request_id', '=', 'req-29').execute();
  expected = await contents(source.url);
  await backupDatabase(source.url, file);
});

afterAll(async () => {
  for (const d of drops) await d().catch(() => {});
  await source?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function empty() {
  const e = await emptyDatabase();
  drops.push(() => e.drop());
  return e;
}

describe('backup and restore', () => {
  it('restores into an empty database with every table equal', async () => {
    const target = await empty();
    const result = await restoreDatabase(target.url, file, { migrations: migrations() });
    expect(result.tables.find((t) => t.table === 'app_user')?.rows).toBe(expected.app_user === '[]' ? 0 : JSON.parse(expected.app_user!).length);
    expect(await contents(target.url)).toEqual(expected);

    // Sequences are reset: new rows get fresh ids, past the highest one ever handed out.
    const h = createDatabase(target.url, { max: 1 });
    try {
      await recordAudit(h.db, 'system', null, { action: 'test.after_restore', entityType: 'user' });
      const ids = await h.db.selectFrom('audit_event').select('id').orderBy('id', 'desc').limit(2).execute();
      const srcMax = Math.max(...(JSON.parse(expected.audit_event!) as { id: number }[]).map((r) => Number(r.id)));
      expect(Number(ids[0]!.id)).toBeGreaterThan(srcMax + 1); // req-29's id is not reused
      await h.db.insertInto('sign_in_attempt').values({ email: 'x@example.org', ip: null, succeeded: false }).execute();
    } finally {
      await h.close();
    }
  });

  it('works through the command-line tool (backup and restore as child processes)', { timeout: 90_000 }, async () => {
    const cliFile = path.join(dir, 'cli.obsbak.gz');
    const b = await cli(['backup', cliFile], childEnv({ DATABASE_URL: source.url }));
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/app_user: 2 /);
    const target = await empty();
    const r = await cli(['restore', cliFile], childEnv({ DATABASE_URL: target.url, LANG: 'en_US.UTF-8' }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Restore complete/);
    expect(r.stdout).toContain(`audit_event: ${(JSON.parse(expected.audit_event!) as unknown[]).length} rows`);
    expect(await contents(target.url)).toEqual(expected);
  });

  it('refuses a database that holds data unless --force, changing nothing', { timeout: 90_000 }, async () => {
    const other = await testDatabase();
    drops.push(() => other.drop());
    await other.db.insertInto('sign_in_attempt').values({ email: 'keep@example.org', ip: null, succeeded: false }).execute();
    const before = await contents(other.url);
    const err = await restoreDatabase(other.url, file, { migrations: migrations() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).key).toBe('targetNotEmpty');
    expect(await contents(other.url)).toEqual(before);

    const r = await cli(['restore', file], childEnv({ DATABASE_URL: other.url, LANG: 'en_US.UTF-8' }));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/already holds data.*--force/);
    expect(await contents(other.url)).toEqual(before);

    // --force replaces everything, in one transaction.
    await restoreDatabase(other.url, file, { migrations: migrations(), force: true });
    expect(await contents(other.url)).toEqual(expected);
  });

  it('refuses a truncated, corrupted or foreign file with a clear message, changing nothing', { timeout: 90_000 }, async () => {
    const target = await empty();
    const whole = fs.readFileSync(file);
    const truncated = path.join(dir, 'truncated.gz');
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const notGzip = path.join(dir, 'not-gzip.gz');
    fs.writeFileSync(notGzip, 'hello, this is not a backup\n');
    // Valid gzip, damaged content: one row loses a column.
    const text = zlib.gunzipSync(whole).toString('utf8').split('\n');
    const i = text.findIndex((l, n) => n > 1 && l.startsWith('['));
    text[i] = JSON.stringify((JSON.parse(text[i]!) as unknown[]).slice(1));
    const badRow = path.join(dir, 'bad-row.gz');
    fs.writeFileSync(badRow, zlib.gzipSync(text.join('\n')));
    // Valid file, last table cut off (ends cleanly on a line).
    const cut = zlib.gunzipSync(whole).toString('utf8').split('\n');
    const cutFile = path.join(dir, 'cut.gz');
    fs.writeFileSync(cutFile, zlib.gzipSync(cut.slice(0, cut.length - 4).join('\n') + '\n'));

    for (const [f, key] of [
      [truncated, 'damaged'],
      [notGzip, 'notABackup'],
      [badRow, 'damaged'],
      [cutFile, 'damaged'],
    ] as const) {
      const err = await restoreDatabase(target.url, f, { migrations: migrations() }).catch((e: unknown) => e);
      expect(err, f).toBeInstanceOf(BackupError);
      expect((err as BackupError).key, f).toBe(key);
      expect(await tableCount(target.url), f).toBe(0);
    }
    const r = await cli(['restore', truncated], childEnv({ DATABASE_URL: target.url, LANG: 'en_US.UTF-8' }));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/damaged or incomplete.*nothing was changed/);
    expect(await tableCount(target.url)).toBe(0);
  });

  it('refuses a backup made by a different version', async () => {
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse(text[0]!) as { migrations: string[]; checksums: Record<string, string> };
    header.migrations.push('9999_from_the_future');
    header.checksums['9999_from_the_future'] = 'x';
    text[0] = JSON.stringify(header);
    const future = path.join(dir, 'future.gz');
    fs.writeFileSync(future, zlib.gzipSync(text.join('\n')));
    const target = await empty();
    const r = await cli(['restore', future], childEnv({ DATABASE_URL: target.url, LANG: 'en_US.UTF-8' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/backup made by a different version.*9999_from_the_future/);
    expect(await tableCount(target.url)).toBe(0);
  });
});
