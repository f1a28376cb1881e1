import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { startSmtp, type SmtpCapture } from '../../../../test/helpers/smtp.ts';
import { createMailer } from '../../platform/mail/index.ts';
import { REMINDER_QUEUE, sendActionReminders, startReminderSchedule } from './reminders.ts';
import { sql } from 'kysely';

let db: TestDatabase;
let smtp: SmtpCapture;

const day = (offset: number, from = '2026-03-10') => new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [db, smtp] = await Promise.all([testDatabase(), startSmtp()]);
  const users = [
    { email: 'pan.en@example.org', role: 'focal_point' as const, country_code: 'PAN', locale: 'en' },
    { email: 'pan.es@example.org', role: 'focal_point' as const, country_code: 'PAN', locale: 'es' },
    { email: 'mex@example.org', role: 'focal_point' as const, country_code: 'MEX', locale: 'es' },
    { email: 'pan.viewer@example.org', role: 'member_viewer' as const, country_code: 'PAN', locale: 'es' },
  ];
  await db.db.insertInto('app_user').values(users.map((u) => ({ ...u, password_hash: null }))).execute();
  const r = await db.db.insertInto('roadmap').values({ title: JSON.stringify({ es: 'Hoja de ruta', en: 'Roadmap' }), is_public: true }).returning('id').executeTakeFirstOrThrow();
  const action = (title: string, country: string, due: string, status: 'not_started' | 'done' = 'not_started') => ({
    roadmap_id: r.id,
    title: JSON.stringify({ es: `${title} (es)`, en: `${title} (en)` }),
    responsible_country: country,
    due_date: due,
    status,
  });
  await db.db
    .insertInto('roadmap_action')
    .values([action('Soon', 'PAN', day(5)), action('Late', 'PAN', day(-3)), action('Later', 'PAN', day(30)), action('Finished', 'PAN', day(-3), 'done'), action('Mexico', 'MEX', day(14))])
    .execute();
});
afterAll(async () => {
  await smtp?.close();
  await db?.drop();
});

it('e-mails the responsible focal points in their language, once per action and day', async () => {
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'observatorio@example.org', log: () => {} });
  const first = await sendActionReminders(db.db, mailer, { publicUrl: 'http://obs.example', today: day(0) });
  expect(first).toEqual({ emails: 3, actions: 5, failed: 0 });

  const en = await smtp.waitFor((m) => m.to === 'pan.en@example.org');
  expect(en.subject).toBe('Reminder: 2 roadmap actions are due or overdue');
  expect(en.text).toContain('Soon (en) (Roadmap): due on 2026-03-15');
  expect(en.text).toContain('Late (en) (Roadmap): OVERDUE since 2026-03-07');
  expect(en.text).not.toContain('Later');
  expect(en.text).not.toContain('Finished');
  const es = await smtp.waitFor((m) => m.to === 'pan.es@example.org');
  expect(es.subject).toMatch(/^Recordatorio: 2 acciones/);
  expect(es.text).toContain('Late (es) (Hoja de ruta): VENCIDA el 2026-03-07');
  expect((await smtp.waitFor((m) => m.to === 'mex@example.org')).text).toContain('Mexico (es)');
  expect(smtp.messages.some((m) => m.to === 'pan.viewer@example.org')).toBe(false);

  // Same day again: nothing new. The next day: reminded again.
  expect(await sendActionReminders(db.db, mailer, { publicUrl: 'http://obs.example', today: day(0) })).toEqual({ emails: 0, actions: 0, failed: 0 });
  expect(smtp.messages).toHaveLength(3);
  const rows = await db.db.selectFrom('action_reminder').select(['action_id']).where('sent_on', '=', day(0)).execute();
  expect(rows).toHaveLength(5);
  expect((await sendActionReminders(db.db, mailer, { publicUrl: 'http://obs.example', today: day(1) })).emails).toBe(3);
});

it('keeps no record when the SMTP server cannot be reached, so the next run retries', async () => {
  const broken = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'observatorio@example.org', log: () => {} });
  const r = await sendActionReminders(db.db, broken, { publicUrl: 'http://obs.example', today: day(2) });
  expect(r.failed).toBe(3);
  expect(await db.db.selectFrom('action_reminder').select('action_id').where('sent_on', '=', day(2)).execute()).toEqual([]);
});

it('schedules the reminders as a daily pg-boss job and stops cleanly', async () => {
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'observatorio@example.org', log: () => {} });
  const schedule = await startReminderSchedule({ connectionString: db.url, db: db.db, mailer, publicUrl: 'http://obs.example' });
  try {
    const rows = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule`.execute(db.db);
    expect(rows.rows).toEqual([{ name: REMINDER_QUEUE, cron: '0 14 * * *' }]);
  } finally {
    await schedule.stop();
  }
});
