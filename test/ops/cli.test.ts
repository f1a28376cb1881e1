import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createMailer } from '../../src/server/platform/mail/index.ts';
import { testDatabase, type TestDatabase } from '../helpers/db.ts';
import { childEnv, cli } from './process.ts';

let tdb: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  tdb = await testDatabase();
  env = childEnv({ DATABASE_URL: tdb.url, PUBLIC_URL: 'http://obs.example', LANG: 'en_US.UTF-8' });
});
afterAll(async () => {
  await tdb?.drop();
});

const oneLine = (s: string) => expect(s.trim().split('\n'), s).toHaveLength(1);

describe('observatorio user create', () => {
  it('prints an invitation link; the account exists only once the link is completed', { timeout: 90_000 }, async () => {
    const r = await cli(['user', 'create', '--email', 'ana@example.org', '--role', 'focal_point', '--country', 'gtm', '--name', 'Ana'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const token = /http:\/\/obs\.example\/link\/([A-Za-z0-9_-]{20,})/.exec(r.stdout)?.[1];
    expect(token, r.stdout).toBeDefined();
    expect(r.stdout).toMatch(/SMTP_URL is not set/);

    expect(await tdb.db.selectFrom('app_user').select('id').where('email', '=', 'ana@example.org').executeTakeFirst()).toBeUndefined();
    const audit = await tdb.db.selectFrom('audit_event').selectAll().where('action', '=', 'invitation.create').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_label).toBe('system');

    const config = loadConfig({ DATABASE_URL: tdb.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://obs.example' });
    const { app } = await buildApp({ config, db: tdb.db, mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: () => {} }), logger: false, webDistDir: '/nonexistent' });
    try {
      const res = await app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}`, payload: { password: 'a long enough password', displayName: 'Ana' } });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await app.close();
    }
    const user = await tdb.db.selectFrom('app_user').selectAll().where('email', '=', 'ana@example.org').executeTakeFirstOrThrow();
    expect(user.role).toBe('focal_point');
    expect(user.country_code).toBe('GTM');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);

    const list = await cli(['user', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ana@example\.org\s+focal_point\s+GTM/);
  });

  it('answers usage errors with exit code 2 and one line', { timeout: 120_000 }, async () => {
    for (const args of [
      ['user', 'create', '--role', 'admin'], // no --email
      ['user', 'create', '--email', 'x@example.org', '--role', 'king'],
      ['user', 'create', '--email', 'x@example.org', '--role', 'focal_point'], // no --country
      ['user', 'create', '--email', 'x@example.org', '--role', 'admin', '--colour', 'blue'],
      ['frobnicate'],
    ]) {
      const r = await cli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).not.toMatch(/\s+at\s/); // no stack trace
    }
  });

  it('answers an unknown country with exit code 1 and a clear message', async () => {
    const r = await cli(['user', 'create', '--email', 'x@example.org', '--role', 'focal_point', '--country', 'XXX'], env);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/XXX/);
    expect(r.stderr).toMatch(/country/i);
    expect(await tdb.db.selectFrom('one_time_token').select('id').where('email', '=', 'x@example.org').executeTakeFirst()).toBeUndefined();
  });
});
