import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/server/composition.ts';
import { recordAudit } from '../../src/server/platform/audit/index.ts';
import { BackupError, backupDatabase, restoreDatabase } from '../../src/server/platform/db/backup.ts';
import { createDatabase } from '../../src/server/platform/db/database.ts';
import { LocalFileStore } from '../../src/server/platform/files.ts';
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

/** Every regular file under a files folder (the store's tmp/ left out), as path → content. */
function storeFiles(root: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== 'tmp') walk(r);
      } else out[r] = fs.readFileSync(path.join(root, r));
    }
  };
  walk('');
  return out;
}

/** Everything under a folder, tmp/ included (to see that a failed restore leaves nothing behind). */
function everything(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

const unzipLines = (f: string) => zlib.gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n').filter((l) => l !== '');
const zipLines = (f: string, lines: string[]) => fs.writeFileSync(f, zlib.gzipSync(lines.join('\n') + '\n'));
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-backup-'));
const file = path.join(dir, 'one.obsbak.gz');
/** DATA_DIR of the source installation; its file store is DATA_DIR/files. */
const sourceData = path.join(dir, 'source-data');
const sourceFiles = path.join(sourceData, 'files');
let stored: Record<string, Buffer>;
let source: TestDatabase;
let expected: Record<string, string>;
const drops: (() => Promise<void>)[] = [];
let newDirs = 0;
const newFilesDir = () => path.join(dir, `target-${++newDirs}`, 'files');

beforeAll(async () => {
  source = await testDatabase();
  const { db } = source;
  const org = await db
    .insertInto('organisation')
    .values({ code: 'BKP-ORG', kind: 'civil_society', name: JSON.stringify({ es: 'Organización «prueba» ñ', en: 'Test "org"\t\\back\\slash 😀\nline two' }), acronym: null, country_code: null })
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

  // Files through the store, as uploads put them: several chunks, one byte, empty, binary.
  const store = new LocalFileStore(sourceFiles);
  const big = crypto.randomBytes(1_300_000); // three chunks of at most 512 KB
  const bodies = [big, Buffer.from('a'), Buffer.alloc(0), Buffer.from('%PDF-1.4\n\u00e9\u00f1 \u0000\u00ff binary\n', 'latin1')];
  for (const b of bodies) await store.commit(await store.receive(Readable.from([b])));
  // An upload in progress (the store's tmp/) is not part of a backup.
  await store.receive(Readable.from([Buffer.from('half an upload')]));
  stored = storeFiles(sourceFiles);
  expect(Object.keys(stored)).toHaveLength(4);
  for (const b of bodies) expect(stored[`${sha(b).slice(0, 2)}/${sha(b)}`]).toEqual(b);

  const result = await backupDatabase(source.url, file, { filesDir: sourceFiles });
  expect(result.files).toEqual({ count: 4, bytes: bodies.reduce((n, b) => n + b.length, 0) });
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
    const b = await cli(['backup', cliFile], childEnv({ DATABASE_URL: source.url, DATA_DIR: sourceData, LANG: 'es_ES.UTF-8' }));
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/app_user: 2 /);
    expect(b.stdout).toMatch(/archivos: 4 \(1,2 MB\)/);
    const target = await empty();
    const targetData = path.dirname(newFilesDir());
    const r = await cli(['restore', cliFile], childEnv({ DATABASE_URL: target.url, DATA_DIR: targetData, LANG: 'en_US.UTF-8' }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Restore complete/);
    expect(r.stdout).toContain(`audit_event: ${(JSON.parse(expected.audit_event!) as unknown[]).length} rows`);
    expect(r.stdout).toMatch(/files: 4 \(1\.2 MB\)/);
    expect(await contents(target.url)).toEqual(expected);
    expect(storeFiles(path.join(targetData, 'files'))).toEqual(stored);
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

  it('restores every stored file byte-identical into an empty files folder', { timeout: 90_000 }, async () => {
    const target = await empty();
    const filesDir = newFilesDir();
    const result = await restoreDatabase(target.url, file, { migrations: migrations(), filesDir });
    expect(result.files).toEqual({ count: 4, bytes: Object.values(stored).reduce((n, b) => n + b.length, 0), skipped: 0 });
    expect(await contents(target.url)).toEqual(expected);
    const back = storeFiles(filesDir);
    expect(Object.keys(back).sort()).toEqual(Object.keys(stored).sort());
    for (const [p, b] of Object.entries(stored)) expect(back[p]!.equals(b), p).toBe(true);
    // No staging leftovers, and the upload in progress at the source did not travel.
    expect(everything(filesDir).filter((p) => p.startsWith('tmp'))).toEqual([]);
    // The files are served again by the store.
    const name = Object.keys(stored).find((p) => stored[p]!.length > 1_000_000)!;
    const chunks: Buffer[] = [];
    for await (const c of (await new LocalFileStore(filesDir).open(name.split('/')[1]!))!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(stored[name]!)).toBe(true);

    // Again with --force: the files already there with the same content are left alone.
    const again = await restoreDatabase(target.url, file, { migrations: migrations(), filesDir, force: true });
    expect(again.files.skipped).toBe(4);
    expect(storeFiles(filesDir)).toEqual(stored);
  });

  it('refuses a damaged file chunk or a wrong file count, changing nothing (database nor files)', { timeout: 90_000 }, async () => {
    const lines = unzipLines(file);
    // The last file with content: every file before it has been written when its chunk fails.
    const starts = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('{"file":'));
    const last = starts.map(([l, i]) => ({ i, f: JSON.parse(l) as { file: string; size: number } })).filter((x) => x.f.size > 0).at(-1)!;
    expect(starts.findIndex(([, i]) => i === last.i)).toBeGreaterThan(0);
    const damaged = [...lines];
    const bytes = Buffer.from((JSON.parse(damaged[last.i + 1]!) as { chunk: string }).chunk, 'base64');
    bytes[bytes.length - 1]! ^= 0x01; // one bit flipped
    damaged[last.i + 1] = JSON.stringify({ chunk: bytes.toString('base64') });
    const damagedFile = path.join(dir, 'damaged-chunk.gz');
    zipLines(damagedFile, damaged);
    // The trailer announces one file more than there is.
    const miscount = [...lines];
    const trailer = JSON.parse(miscount.at(-1)!) as { end: true; tables: number; files: number };
    miscount[miscount.length - 1] = JSON.stringify({ ...trailer, files: trailer.files + 1 });
    const miscountFile = path.join(dir, 'miscount.gz');
    zipLines(miscountFile, miscount);
    // A file cut short (its last chunk lost).
    const short = lines.filter((_, i) => i !== last.i + 1);
    const shortFile = path.join(dir, 'short.gz');
    zipLines(shortFile, short);

    // The target's files folder already holds one of the backup's files and an unrelated one.
    const filesDir = newFilesDir();
    const [firstPath, firstBody] = Object.entries(stored)[0]!;
    fs.mkdirSync(path.join(filesDir, firstPath.split('/')[0]!), { recursive: true });
    fs.writeFileSync(path.join(filesDir, firstPath), firstBody);
    fs.mkdirSync(path.join(filesDir, 'zz'));
    fs.writeFileSync(path.join(filesDir, 'zz', 'keep'), 'keep me');
    const before = everything(filesDir);
    const target = await empty();
    for (const f of [damagedFile, miscountFile, shortFile]) {
      const err = await restoreDatabase(target.url, f, { migrations: migrations(), filesDir }).catch((e: unknown) => e);
      expect(err, f).toBeInstanceOf(BackupError);
      expect((err as BackupError).key, f).toBe('damaged');
      expect(await tableCount(target.url), f).toBe(0);
      expect(everything(filesDir), f).toEqual(before);
      expect(fs.readFileSync(path.join(filesDir, firstPath)).equals(firstBody)).toBe(true);
    }
    // Into a files folder that did not exist: not even the folder is left behind.
    const fresh = newFilesDir();
    const err = await restoreDatabase(target.url, damagedFile, { migrations: migrations(), filesDir: fresh }).catch((e: unknown) => e);
    expect((err as BackupError).key).toBe('damaged');
    expect(fs.existsSync(fresh)).toBe(false);

    const r = await cli(['restore', damagedFile], childEnv({ DATABASE_URL: target.url, DATA_DIR: path.dirname(filesDir), LANG: 'en_US.UTF-8' }));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/damaged or incomplete.*does not match its checksum.*nothing was changed/);
    expect(await tableCount(target.url)).toBe(0);
    expect(everything(filesDir)).toEqual(before);
  });

  it('restores a version-1 backup (database only, no files section)', { timeout: 90_000 }, async () => {
    const lines = unzipLines(file).filter((l) => !/^\{"(file|chunk|endFile)":/.test(l));
    const header = JSON.parse(lines[0]!) as { version: number };
    lines[0] = JSON.stringify({ ...header, version: 1 });
    const trailer = JSON.parse(lines.at(-1)!) as { end: true; tables: number; files?: number };
    expect(trailer.files).toBe(4);
    lines[lines.length - 1] = JSON.stringify({ end: true, tables: trailer.tables });
    const v1 = path.join(dir, 'version-1.gz');
    zipLines(v1, lines);
    const target = await empty();
    const filesDir = newFilesDir();
    const result = await restoreDatabase(target.url, v1, { migrations: migrations(), filesDir });
    expect(result.files).toEqual({ count: 0, bytes: 0, skipped: 0 });
    expect(await contents(target.url)).toEqual(expected);
    expect(storeFiles(filesDir)).toEqual({});

    // A file section in a version-1 backup is damage.
    const mixed = unzipLines(file);
    mixed[0] = JSON.stringify({ ...(JSON.parse(mixed[0]!) as object), version: 1 });
    const mixedFile = path.join(dir, 'version-1-with-files.gz');
    zipLines(mixedFile, mixed);
    const other = await empty();
    const err = await restoreDatabase(other.url, mixedFile, { migrations: migrations(), filesDir: newFilesDir() }).catch((e: unknown) => e);
    expect((err as BackupError).key).toBe('damaged');
    expect(await tableCount(other.url)).toBe(0);
  });

  it('restores a backup made while a submission was staged: the staging table is read past, not restored', { timeout: 90_000 }, async () => {
    // Backups made before staging tables were left out hold them (and were refused whole).
    const lines = unzipLines(file);
    const header = JSON.parse(lines[0]!) as { tables: { name: string; columns: string[] }[] };
    const stage = 'obs_stage_0123456789abcdef0123456789abcdef';
    header.tables.push({ name: stage, columns: ['row_number', 'ref_area'] });
    lines[0] = JSON.stringify(header);
    const firstFile = lines.findIndex((l) => l.startsWith('{"file":'));
    lines.splice(firstFile, 0, JSON.stringify({ table: stage, columns: ['row_number', 'ref_area'] }), '["2","CRI"]', '["3","PAN"]', JSON.stringify({ end: stage, rows: 2 }));
    const trailer = JSON.parse(lines.at(-1)!) as { end: true; tables: number; files: number };
    lines[lines.length - 1] = JSON.stringify({ ...trailer, tables: trailer.tables + 1 });
    const old = path.join(dir, 'with-stage.gz');
    zipLines(old, lines);
    const target = await empty();
    const result = await restoreDatabase(target.url, old, { migrations: migrations(), filesDir: newFilesDir() });
    expect(result.skippedTables).toEqual([{ table: stage, rows: 2 }]);
    expect(await contents(target.url)).toEqual(expected);

    // A table that is not in the header is still damage.
    const stray = [...lines];
    stray[0] = JSON.stringify({ ...header, tables: header.tables.filter((t) => t.name !== stage) });
    stray[stray.length - 1] = JSON.stringify(trailer);
    const strayFile = path.join(dir, 'stray-table.gz');
    zipLines(strayFile, stray);
    const other = await empty();
    const err = await restoreDatabase(other.url, strayFile, { migrations: migrations() }).catch((e: unknown) => e);
    expect((err as BackupError).key).toBe('damaged');
    expect(await tableCount(other.url)).toBe(0);
  });

  it('refuses a file path that leaves the files folder, writing nothing', { timeout: 90_000 }, async () => {
    const lines = unzipLines(file).filter((l) => !/^\{"(file|chunk|endFile)":/.test(l));
    const trailer = lines.pop()!;
    const body = Buffer.from('not for you');
    const target = await empty();
    const base = path.dirname(newFilesDir());
    const filesDir = path.join(base, 'files');
    for (const evil of ['../escaped.txt', 'ab/../../escaped.txt', path.join(base, 'escaped.txt'), 'tmp/escaped.txt', 'ab//x', './x']) {
      const crafted = [
        ...lines,
        JSON.stringify({ file: evil, size: body.length, sha256: sha(body) }),
        JSON.stringify({ chunk: body.toString('base64') }),
        JSON.stringify({ endFile: evil }),
        JSON.stringify({ ...(JSON.parse(trailer) as object), files: 1 }),
      ];
      const f = path.join(dir, 'evil.gz');
      zipLines(f, crafted);
      const err = await restoreDatabase(target.url, f, { migrations: migrations(), filesDir }).catch((e: unknown) => e);
      expect(err, evil).toBeInstanceOf(BackupError);
      expect((err as BackupError).key, evil).toBe('damaged');
      expect((err as BackupError).detail, evil).toMatch(/outside the files folder/);
      expect(fs.existsSync(path.join(base, 'escaped.txt')), evil).toBe(false);
      expect(everything(base), evil).toEqual([]);
      expect(await tableCount(target.url), evil).toBe(0);
    }
  });
});
