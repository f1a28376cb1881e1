import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useFormat, useTitle } from '../../app/hooks.ts';
import { useMeeting, useMeetings, type Outcome } from './api.ts';
import { groupByKind } from './logic.ts';
import { CommitmentsSubNav, CountryLinks, DayRange, Fact, ObjectiveList } from './labels.tsx';
import { documentUrl, MeetingDocuments } from './MeetingDocuments.tsx';
import { MeetingParticipants } from './MeetingParticipants.tsx';

export function MeetingsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const countryName = useCountryName();
  const meetings = useMeetings();
  useTitle(t('commitments.meetings.title'));
  return (
    <>
      <CommitmentsSubNav />
      <h1>{t('commitments.meetings.title')}</h1>
      <p className="lead">{t('commitments.meetings.intro')}</p>
      <QueryState isLoading={meetings.isLoading} error={meetings.error} />
      <ul className="plain cm-cards" data-testid="meetings">
        {(meetings.data?.items ?? []).map((m) => (
          <li key={m.id} className="cm-card">
            <h2 className="cm-card-title">
              <Link to={`/meetings/${m.key}`}>{m.title}</Link>
            </h2>
            <p className="muted">
              {t(`commitments.meetingKind.${m.kind}`)}
              {m.startDate ? (
                <>
                  {' · '}
                  <DayRange start={m.startDate} end={m.endDate} />
                </>
              ) : null}
              {m.place || m.hostCountry ? ` · ${[m.place, countryName(m.hostCountry)].filter(Boolean).join(', ')}` : null}
            </p>
            <p>
              {t('commitments.meetings.counts', {
                countries: m.counts.countries,
                organisations: m.counts.organisations,
                outcomes: m.counts.outcomes,
                countriesText: fmt.number(m.counts.countries),
                organisationsText: fmt.number(m.counts.organisations),
                outcomesText: fmt.number(m.counts.outcomes),
              })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function OutcomeItem({ o, showMeeting = false }: { o: Outcome; showMeeting?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className="cm-outcome" data-outcome={o.key ?? o.id}>
      <p lang={o.textLanguage ?? undefined}>{o.text}</p>
      <p className="muted cm-small">
        {o.table ? <span>{o.table} · </span> : null}
        {showMeeting ? <span>{o.meeting.title} · </span> : null}
        {t('commitments.outcome.roadmapCount', { count: o.roadmaps })}
        {' · '}
        <Link to={`/outcomes/${o.key ?? o.id}`} aria-label={t('commitments.outcome.followLabel', { text: o.text.slice(0, 80) })}>
          {t('commitments.outcome.follow')}
        </Link>
      </p>
    </li>
  );
}

export function MeetingPage() {
  const { t } = useTranslation();
  const { key = '' } = useParams();
  const fmt = useFormat();
  const countryName = useCountryName();
  const meeting = useMeeting(key);
  const m = meeting.data;
  useTitle(m?.title ?? t('commitments.meetings.title'));
  if (!m) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{t('commitments.meetings.title')}</h1>
        <QueryState isLoading={meeting.isLoading} error={meeting.error} />
      </>
    );
  }
  const objectives = [...new Set(m.outcomes.flatMap((o) => o.objectives))].sort((a, b) => a - b);
  const observers = m.organisations;
  return (
    <article>
      <CommitmentsSubNav />
      <p className="practice-kind">{t(`commitments.meetingKind.${m.kind}`)}</p>
      <h1>{m.title}</h1>
      <dl className="facts-grid">
        <Fact label={t('commitments.meetings.dates')}>{m.startDate ? <DayRange start={m.startDate} end={m.endDate} /> : null}</Fact>
        <Fact label={t('commitments.meetings.host')}>{m.hostCountry ? <CountryLinks codes={[m.hostCountry]} /> : null}</Fact>
        <Fact label={t('commitments.meetings.place')}>{m.place}</Fact>
        <Fact label={t('commitments.meetings.countryCount')}>{fmt.number(m.counts.countries)}</Fact>
        <Fact label={t('commitments.meetings.organisationCount')}>{fmt.number(m.counts.organisations)}</Fact>
        {/* By the attached copy's title, not the seed's file name; nothing when no copy is attached. */}
        <Fact label={t('commitments.meetings.source')}>
          {m.sourceDocumentRef ? (
            <a href={documentUrl(m.key, m.sourceDocumentRef.id)} hrefLang={m.sourceDocumentRef.language} lang={m.sourceDocumentRef.language}>
              {m.sourceDocumentRef.title}
            </a>
          ) : null}
        </Fact>
      </dl>
      <MeetingDocuments meetingKey={m.key} documents={m.documents ?? []} />

      <MeetingParticipants count={m.participantCount} people={m.participants} />

      <section aria-labelledby="meeting-countries">
        <h2 id="meeting-countries">{t('commitments.meetings.countries', { count: m.countries.length })}</h2>
        {m.countries.length ? (
          <ul className="cm-columns">
            {m.countries.map((c) => (
              <li key={c.code}>
                <Link to={`/commitments/countries/${c.code}`}>{c.name || countryName(c.code)}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('commitments.meetings.noCountryList')}</p>
        )}
      </section>

      <section aria-labelledby="meeting-orgs">
        <h2 id="meeting-orgs">{t('commitments.meetings.organisations', { count: observers.length })}</h2>
        {observers.length ? (
          <ul className="cm-columns">
            {observers.map((o) => (
              <li key={o.code}>
                {o.name}
                {o.acronym ? ` (${o.acronym})` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('commitments.meetings.noOrganisationList')}</p>
        )}
      </section>

      {objectives.length ? (
        <section aria-labelledby="meeting-objectives">
          <h2 id="meeting-objectives">{t('commitments.meetings.objectives')}</h2>
          <ObjectiveList numbers={objectives} />
        </section>
      ) : null}

      <section aria-labelledby="meeting-outcomes">
        <h2 id="meeting-outcomes">{t('commitments.meetings.outcomes')}</h2>
        {m.outcomes.length === 0 ? <p>{t('commitments.meetings.noOutcomes')}</p> : null}
        {groupByKind(m.outcomes).map((g) => (
          <section key={g.kind} aria-labelledby={`kind-${g.kind}`}>
            <h3 id={`kind-${g.kind}`}>{t(`commitments.outcomeKindPlural.${g.kind}`, { count: g.items.length })}</h3>
            <ul className="plain">
              {g.items.map((o) => (
                <OutcomeItem key={o.id} o={o} />
              ))}
            </ul>
          </section>
        ))}
      </section>
    </article>
  );
}
