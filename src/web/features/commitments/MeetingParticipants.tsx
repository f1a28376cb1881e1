import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/hooks.ts';
import type { MeetingParticipant } from './api.ts';

/**
 * The meeting's participants' list. Names are personal data: the API sends them to
 * signed-in members only, so anonymous readers see the count and a way to sign in.
 */
export function MeetingParticipants({ count, people }: { count: number; people: MeetingParticipant[] | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // The list's own sections, in its order ("OBSERVADORES Y EXPERTOS"…); the first has no heading.
  const sections: { title: string | null; people: MeetingParticipant[] }[] = [];
  for (const p of people ?? []) {
    const last = sections[sections.length - 1];
    if (last && last.title === p.section) last.people.push(p);
    else sections.push({ title: p.section, people: [p] });
  }
  return (
    <section aria-labelledby="meeting-participants">
      <h2 id="meeting-participants">{t('commitments.meetings.participants', { count })}</h2>
      {count === 0 ? (
        <p>{t('commitments.meetings.noParticipants')}</p>
      ) : people === null ? (
        <p>
          {t('commitments.meetings.participantsPrivate')} <Link to="/sign-in">{t('commitments.meetings.participantsSignIn')}</Link>
        </p>
      ) : (
        <>
          <p className="muted">{t('commitments.meetings.participantsMembers')}</p>
          {sections.map((s, i) => (
            <div className="table-wrap" key={`${s.title ?? ''}-${i}`} tabIndex={0} role="region" aria-label={s.title ?? t('commitments.meetings.participantsMain')}>
              <table data-testid="participants">
                <caption>
                  {s.title ?? t('commitments.meetings.participantsMain')} ({fmt.number(s.people.length)})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('commitments.meetings.pRepresents')}</th>
                    <th scope="col">{t('commitments.meetings.pName')}</th>
                    <th scope="col">{t('commitments.meetings.pJobTitle')}</th>
                    <th scope="col">{t('commitments.meetings.pInstitution')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.people.map((p, k) => (
                    <tr key={k}>
                      <td>{p.represents}</td>
                      <th scope="row">{p.name}</th>
                      <td>{p.jobTitle ?? '—'}</td>
                      <td>{p.institution ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
