import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { isLocale, pick, t, type Locale } from '../../platform/i18n/index.ts';

/**
 * E-mail reminders to the focal points of the country responsible for an action due
 * within 14 days or overdue (not done, not cancelled). One e-mail per person and run,
 * listing their actions; each action is reminded at most once a day per person, recorded
 * in `action_reminder` before sending (so parallel runs and several instances cannot
 * send twice), and the record is removed again when the SMTP server refuses the message
 * so the next run retries.
 */
export const REMINDER_WINDOW_DAYS = 14;

interface Due {
  action_id: string;
  roadmap_id: string;
  title: Localized;
  roadmap_title: Localized;
  due_date: string;
  user_id: string;
  email: string;
  locale: string;
}

export interface ReminderResult {
  emails: number;
  actions: number;
  failed: number;
}

export async function sendActionReminders(db: Database, mailer: Mailer, opts: { publicUrl: string; today?: string }): Promise<ReminderResult> {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const due = await sql<Due>`
    select a.id as action_id, a.roadmap_id, a.title, r.title as roadmap_title, a.due_date::text as due_date, u.id as user_id, u.email, u.locale
    from roadmap_action a
    join roadmap r on r.id = a.roadmap_id
    join app_user u on u.role = 'focal_point' and u.status = 'active' and u.country_code = a.responsible_country
    where a.status not in ('done','cancelled') and a.due_date is not null
      and a.due_date <= ${today}::date + ${REMINDER_WINDOW_DAYS}::int
      and not exists (select 1 from action_reminder x where x.action_id = a.id and x.user_id = u.id and x.sent_on = ${today}::date)
    order by u.id, a.due_date, a.id`.execute(db);
  const byUser = new Map<string, Due[]>();
  for (const d of due.rows) byUser.set(d.user_id, [...(byUser.get(d.user_id) ?? []), d]);
  const result: ReminderResult = { emails: 0, actions: 0, failed: 0 };
  for (const [userId, list] of byUser) {
    // Claim first: a row that already exists belongs to another run that is sending it.
    const claimed = await db
      .insertInto('action_reminder')
      .values(list.map((d) => ({ action_id: d.action_id, user_id: userId, sent_on: today })))
      .onConflict((oc) => oc.doNothing())
      .returning('action_id')
      .execute();
    const mine = list.filter((d) => claimed.some((c) => c.action_id === d.action_id));
    if (mine.length === 0) continue;
    const first = mine[0]!;
    const locale: Locale = isLocale(first.locale) ? first.locale : 'es';
    const lines = mine.map((d) =>
      t(locale, d.due_date < today ? 'commitments.reminder.lineOverdue' : 'commitments.reminder.lineDueSoon', {
        title: pick(d.title, locale),
        roadmap: pick(d.roadmap_title, locale),
        due: d.due_date,
        url: `${opts.publicUrl}/roadmaps/${d.roadmap_id}`,
      }),
    );
    try {
      await mailer.send({
        to: first.email,
        subject: t(locale, 'commitments.reminder.subject', { count: mine.length }),
        text: t(locale, 'commitments.reminder.body', { count: mine.length, days: REMINDER_WINDOW_DAYS, actions: lines.join('\n') }),
      });
      result.emails++;
      result.actions += mine.length;
    } catch {
      result.failed++;
      await db
        .deleteFrom('action_reminder')
        .where('user_id', '=', userId)
        .where('sent_on', '=', today)
        .where(
          'action_id',
          'in',
          mine.map((d) => d.action_id),
        )
        .execute();
    }
  }
  return result;
}

export const REMINDER_QUEUE = 'commitments-action-reminders';

/**
 * The daily pg-boss schedule that runs the reminders (14:00 UTC, morning in the
 * Americas). pg-boss keeps one schedule across instances; the per-day record above keeps
 * a rerun from sending twice.
 */
export async function startReminderSchedule(opts: {
  connectionString: string;
  db: Database;
  mailer: Mailer;
  publicUrl: string;
  cron?: string;
  log?: (msg: string) => void;
}): Promise<{ stop(): Promise<void> }> {
  const boss = new PgBoss({ connectionString: opts.connectionString, max: 2, application_name: 'observatorio-jobs' });
  boss.on('error', (err) => opts.log?.(`pg-boss: ${err.message}`));
  await boss.start();
  // a job left active by a dead process is failed and retried after 10 minutes (pg-boss's
  // default: 15); the per-day record keeps the retry from mailing anyone twice
  const queue = { name: REMINDER_QUEUE, expireInSeconds: 10 * 60, retryLimit: 1 };
  await boss.createQueue(REMINDER_QUEUE, queue);
  await boss.updateQueue(REMINDER_QUEUE, queue);
  await boss.schedule(REMINDER_QUEUE, opts.cron ?? '0 14 * * *', {}, { tz: 'UTC' });
  await boss.work(REMINDER_QUEUE, async () => {
    const r = await sendActionReminders(opts.db, opts.mailer, { publicUrl: opts.publicUrl });
    opts.log?.(`reminders: ${r.emails} e-mails, ${r.actions} actions, ${r.failed} failed`);
  });
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
