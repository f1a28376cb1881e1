import type { Database } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/context.ts';
import { isLocale, pick, t, type Locale } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import * as repo from './repository.ts';
import { countryParty, orgParty } from './dto.ts';

/**
 * E-mail to the people who speak for both sides of a cooperation (the requesting country's
 * focal points; the partner country's focal points or the partner organisation's
 * contributors), each in their language, except the person who acted. Sent after the
 * change is committed: a refused message is logged and never undoes the change.
 */
export async function notifyParties(
  db: Database,
  mail: { mailer: Mailer; publicUrl: string; log?: (m: string) => void },
  c: repo.CooperationRow,
  event: { kind: 'interest' | 'status'; by: Actor; byParty: string | null; message?: string },
): Promise<number> {
  const [requesters, partners, names] = await Promise.all([
    repo.partyPeople(db, { country: c.request_country }),
    repo.partyPeople(db, { country: c.partner_country, organisationId: c.partner_organisation }),
    repo.names(db),
  ]);
  const actorId = event.by.kind === 'user' ? event.by.id : null;
  const people = [...requesters, ...partners].filter((p, i, all) => p.id !== actorId && all.findIndex((q) => q.id === p.id) === i);
  let sent = 0;
  for (const p of people) {
    const locale: Locale = isLocale(p.locale) ? p.locale : 'es';
    const partner = c.partner_organisation ? orgParty(names, c.partner_organisation, locale).name : countryParty(names, c.partner_country!, locale).name;
    const params = {
      request: pick(c.request_title, locale),
      country: countryParty(names, c.request_country, locale).name,
      partner,
      by: event.byParty ?? t(locale, 'cooperation.mail.secretariat'),
      status: t(locale, `cooperation.cooperationStatus.${c.status}`),
      message: event.message ?? '',
      url: `${mail.publicUrl}/cooperation/requests/${c.request_id}`,
    };
    try {
      await mail.mailer.send({ to: p.email, subject: t(locale, `cooperation.mail.${event.kind}Subject`, params), text: t(locale, `cooperation.mail.${event.kind}Body`, params) });
      sent++;
    } catch (err) {
      mail.log?.(`cooperation e-mail to ${p.id} not sent: ${(err as Error).message}`);
    }
  }
  return sent;
}
