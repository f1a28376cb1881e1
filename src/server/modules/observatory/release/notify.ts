import type { Database } from '../../../platform/db/database.ts';
import { isLocale, t, type Locale, dynamicKey } from '../../../platform/i18n/index.ts';
import type { Mailer } from '../../../platform/mail/index.ts';
import { secretariatContacts, userContact } from '../../identity/index.ts';

/**
 * E-mail around the submission workflow (docs/adr/0007): the secretariat hears that a
 * country's figures wait for approval; the person who submitted hears that they were
 * approved or returned (with the comment). Sent after the change is committed; a mail that
 * cannot be sent is logged and never undoes the change.
 */
export interface WorkflowNotifier {
  submitted(submissionId: string): Promise<void>;
  reviewed(submissionId: string): Promise<void>;
}

export function mailNotifier(db: Database, mailer: Mailer, publicUrl: string, log: (msg: string) => void = () => {}): WorkflowNotifier {
  const link = (id: string) => `${publicUrl}/observatory/submissions/${id}`;
  const loc = (l: string | null | undefined): Locale => (l && isLocale(l) ? l : 'es');
  const send = async (to: string, locale: Locale, key: string, params: Record<string, string | number>) => {
    try {
      await mailer.send({ to, subject: t(locale, dynamicKey(`observatory.mail.${key}.subject`), params), text: t(locale, dynamicKey(`observatory.mail.${key}.body`), params) });
    } catch (err) {
      log(`observatory mail to ${to} not sent: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const submission = (id: string) =>
    db.selectFrom('obs_submission').select(['id', 'country_code', 'file_name', 'rows_read', 'status', 'review_comment', 'user_id', 'user_label']).where('id', '=', id).executeTakeFirstOrThrow();
  return {
    async submitted(id) {
      const sub = await submission(id);
      const team = await secretariatContacts(db);
      for (const u of team) {
        await send(u.email, loc(u.locale), 'submitted', { country: sub.country_code ?? '—', file: sub.file_name, rows: sub.rows_read, by: sub.user_label, url: link(id) });
      }
    },
    async reviewed(id) {
      const sub = await submission(id);
      if (!sub.user_id) return;
      const u = await userContact(db, sub.user_id);
      if (!u) return;
      const key = sub.status === 'applied' ? 'approved' : 'returned';
      await send(u.email, loc(u.locale), key, { country: sub.country_code ?? '—', file: sub.file_name, comment: sub.review_comment ?? '', url: link(id) });
    },
  };
}
