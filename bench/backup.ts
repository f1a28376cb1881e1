import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrations } from '../src/server/composition.ts';
import { backupDatabase, restoreDatabase } from '../src/server/platform/db/backup.ts';
import { createMailer } from '../src/server/platform/mail/index.ts';
import type { UserActor } from '../src/server/platform/http/context.ts';
import { importAmericasFlows } from '../src/server/modules/observatory/index.ts';
import { loadShippedIncidents } from '../src/server/modules/incidents/index.ts';
import { openBenchDatabase, type Figure } from './lib.ts';

/**
 * Backups (issue 20): `observatorio backup` and `restore` of a populated database (the real
 * americas-flows and the Missing Migrants Project records, with their revisions and rollups)
 * beside `pg_dump -Fc` / `pg_restore` of the same database, and the files' sizes. Needs
 * pg_dump of the server's major version or newer (Debian's PostgreSQL 15 tools beside the
 * PostgreSQL 15 server); skipped with a note otherwise (the embedded PostgreSQL 18 ships none).
 */
const AMERICAS = path.resolve('../shared/data/americas-flows');
const PG_BIN = ['/usr/lib/postgresql/18/bin', '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => fs.existsSync(path.join(d, 'pg_dump')));

function toolMajor(bin: string): number {
  return Number(/(\d+)\./.exec(execFileSync(path.join(bin, 'pg_dump'), ['--version']).toString())?.[1] ?? 0);
}

export async function benchBackup(): Promise<Figure[]> {
  if (!PG_BIN) {
    console.log('backup: skipped, no pg_dump on this machine');
    return [];
  }
  const h = await openBenchDatabase('obs_bench_bak');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-bench-backup-'));
  try {
    const server = Number((await h.pool.query<{ v: string }>('show server_version_num')).rows[0]!.v) / 10000;
    if (toolMajor(PG_BIN) < Math.floor(server)) {
      console.log(`backup: skipped, pg_dump ${toolMajor(PG_BIN)} cannot dump PostgreSQL ${Math.floor(server)} (run with DATABASE_URL of the PostgreSQL server)`);
      return [];
    }
    console.log('backup: populating (americas-flows and the Missing Migrants Project)…');
    if (fs.existsSync(path.join(AMERICAS, 'regin.csv'))) {
      const user = await h.db.insertInto('app_user').values({ email: 'bench@example.org', role: 'secretariat', password_hash: null }).returning('id').executeTakeFirstOrThrow();
      const actor: UserActor = { kind: 'user', id: user.id, email: 'bench@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
      const config = loadConfig({ DATABASE_URL: h.url, LOG_LEVEL: 'silent', DATA_DIR: dir, PUBLIC_URL: 'http://localhost:3000' });
      const { app, services } = await buildApp({ config, db: h.db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
      await importAmericasFlows(services.observatory, actor, { requestId: null, ip: null }, AMERICAS, { release: 'public' });
      await app.close();
    }
    await loadShippedIncidents(h.db);
    await h.pool.query('vacuum analyze');

    const ours = path.join(dir, 'bench.obsbak.gz');
    let t0 = performance.now();
    await backupDatabase(h.url, ours, { filesDir: path.join(dir, 'files') });
    const backupS = (performance.now() - t0) / 1000;
    const dump = path.join(dir, 'bench.dump');
    t0 = performance.now();
    execFileSync(path.join(PG_BIN, 'pg_dump'), ['-Fc', '-f', dump, '-d', h.url]);
    const dumpS = (performance.now() - t0) / 1000;

    const admin = new pg.Client({ connectionString: h.url });
    await admin.connect();
    const target = async (suffix: string) => {
      const name = `${h.name}_${suffix}`;
      await admin.query(`create database ${name}`);
      const u = new URL(h.url);
      u.pathname = `/${name}`;
      return { name, url: u.toString() };
    };
    try {
      const a = await target('r1');
      t0 = performance.now();
      await restoreDatabase(a.url, ours, { migrations: migrations(), filesDir: path.join(dir, 'restored-files') });
      const restoreS = (performance.now() - t0) / 1000;
      const b = await target('r2');
      t0 = performance.now();
      execFileSync(path.join(PG_BIN, 'pg_restore'), ['--no-owner', '-d', b.url, dump]);
      const pgRestoreS = (performance.now() - t0) / 1000;
      for (const t of [a, b]) await admin.query(`drop database ${t.name} with (force)`);
      const mb = (f: string) => fs.statSync(f).size / 1024 / 1024;
      return [
        { name: 'backup: observatorio backup, s', value: backupS, unit: 's', reference: 'pg_dump -Fc of the same database', referenceValue: dumpS, ratio: backupS / dumpS },
        { name: 'backup: observatorio restore, s', value: restoreS, unit: 's', reference: 'pg_restore of the same dump', referenceValue: pgRestoreS, ratio: restoreS / pgRestoreS },
        { name: 'backup: file size, MB', value: mb(ours), unit: 'MB', reference: 'pg_dump -Fc file', referenceValue: mb(dump), ratio: mb(ours) / mb(dump) },
      ];
    } finally {
      await admin.end();
    }
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchBackup());
  process.exit(0);
}
