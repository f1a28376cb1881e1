import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useSession, useTitle } from '../../app/hooks.ts';
import { useTimeline } from './api.ts';
import { isSecretariat } from './logic.ts';
import { ActionCard } from './ActionView.tsx';
import { CommitmentsSubNav, CountryLinks, DayRange, ObjectiveList, PublicBadge } from './labels.tsx';

/** meeting → outcome → roadmaps → actions → updates and evidence → practices */
export function OutcomePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const timeline = useTimeline(id);
  const tl = timeline.data;
  const kindLabel = tl ? t(`commitments.outcomeKind.${tl.outcome.kind}`) : t('commitments.timeline.title');
  useTitle(tl ? `${kindLabel}: ${tl.outcome.text.slice(0, 60)}` : t('commitments.timeline.title'));
  if (!tl) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{t('commitments.timeline.title')}</h1>
        <QueryState isLoading={timeline.isLoading} error={timeline.error} />
      </>
    );
  }
  const o = tl.outcome;
  const ref = o.key ?? o.id;
  const actions = tl.roadmaps.flatMap((r) => r.actionList);
  const updates = actions.reduce((n, a) => n + a.updates.length, 0);
  return (
    <article>
      <CommitmentsSubNav />
      <p className="practice-kind">{kindLabel}</p>
      <h1>{t('commitments.timeline.heading', { kind: kindLabel })}</h1>
      <blockquote className="cm-quote" lang={o.textLanguage ?? undefined}>
        {o.text}
      </blockquote>
      {o.textLanguage && o.textLanguage !== document.documentElement.lang ? <p className="muted cm-small">{t('commitments.outcome.onlyIn', { language: t(`language.${o.textLanguage}`, o.textLanguage) })}</p> : null}
      {isSecretariat(session.data?.user) ? (
        <p>
          <Link className="button" to={`/roadmaps/new?outcome=${encodeURIComponent(ref)}`}>
            {t('commitments.outcome.createRoadmap')}
          </Link>
        </p>
      ) : null}
      <p className="cm-summary" data-testid="timeline-summary">
        {t('commitments.timeline.summary', { roadmaps: tl.roadmaps.length, actions: actions.length, updates })}
      </p>

      <ol className="cm-timeline">
        <li className="cm-step">
          <h2>{t('commitments.timeline.meeting')}</h2>
          <p>
            <Link to={`/meetings/${tl.meeting.key}`}>{tl.meeting.title}</Link>
          </p>
          <p className="muted">
            <DayRange start={tl.meeting.startDate} end={tl.meeting.endDate} />
            {tl.meeting.place ? ` · ${tl.meeting.place}` : ''}
          </p>
        </li>
        <li className="cm-step">
          <h2>{kindLabel}</h2>
          {o.table ? <p className="muted">{o.table}</p> : null}
          <p lang={o.textLanguage ?? undefined}>{o.text}</p>
          <ObjectiveList numbers={o.objectives} />
          {o.source.quote ? (
            <details>
              <summary>{t('commitments.outcome.source')}</summary>
              <p lang="es">«{o.source.quote}»</p>
              {o.source.document ? <p className="muted cm-small">{o.source.document}</p> : null}
            </details>
          ) : null}
        </li>
        <li className="cm-step">
          <h2>{t('commitments.timeline.roadmaps', { count: tl.roadmaps.length })}</h2>
          {tl.roadmaps.length === 0 ? <p>{t('commitments.timeline.noRoadmap')}</p> : null}
          {tl.roadmaps.map((r) => (
            <section key={r.id} className="cm-timeline-roadmap" aria-labelledby={`tl-${r.id}`}>
              <h3 id={`tl-${r.id}`}>
                <Link to={`/roadmaps/${r.id}`}>{r.title}</Link>
              </h3>
              <p className="muted cm-small">
                <PublicBadge isPublic={r.isPublic} /> <DayRange start={r.periodStart} end={r.periodEnd} />
                {r.leadCountries.length ? (
                  <>
                    {' · '}
                    {t('commitments.roadmap.leads')}: <CountryLinks codes={r.leadCountries} />
                  </>
                ) : null}
              </p>
              {r.actionList.length ? (
                <ul className="plain cm-actions">
                  {r.actionList.map((a) => (
                    <ActionCard key={a.id} action={a} headingLevel={4} />
                  ))}
                </ul>
              ) : (
                <p>{t('commitments.roadmap.noActions')}</p>
              )}
            </section>
          ))}
        </li>
      </ol>
    </article>
  );
}
