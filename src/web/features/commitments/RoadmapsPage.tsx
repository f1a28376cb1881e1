import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useFormat, useSession, useTitle } from '../../app/hooks.ts';
import { useRoadmaps } from './api.ts';
import { ACTION_STATUSES, isSecretariat } from './logic.ts';
import { CommitmentsSubNav, CountryLinks, DayRange, PublicBadge } from './labels.tsx';

export function RoadmapsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSession();
  const roadmaps = useRoadmaps();
  useTitle(t('commitments.roadmaps.title'));
  const items = roadmaps.data?.items ?? [];
  return (
    <>
      <CommitmentsSubNav />
      <h1>{t('commitments.roadmaps.title')}</h1>
      <p className="lead">{t('commitments.roadmaps.intro')}</p>
      {isSecretariat(session.data?.user) ? (
        <p>
          <Link className="button" to="/roadmaps/new">
            {t('commitments.roadmaps.new')}
          </Link>
        </p>
      ) : null}
      <QueryState isLoading={roadmaps.isLoading} error={roadmaps.error} />
      {roadmaps.data && items.length === 0 ? <p>{session.data?.user ? t('commitments.roadmaps.none') : t('commitments.roadmaps.noneSignIn')}</p> : null}
      <ul className="plain cm-cards" data-testid="roadmaps">
        {items.map((r) => (
          <li key={r.id} className="cm-card">
            <h2 className="cm-card-title">
              <Link to={`/roadmaps/${r.id}`}>{r.title}</Link>
            </h2>
            <p className="muted cm-small">
              <PublicBadge isPublic={r.isPublic} /> <DayRange start={r.periodStart} end={r.periodEnd} />
            </p>
            {r.leadCountries.length ? (
              <p className="cm-small">
                {t('commitments.roadmap.leads')}: <CountryLinks codes={r.leadCountries} />
              </p>
            ) : null}
            <p className="cm-small">
              {t('commitments.roadmaps.actionCount', { count: r.actions.total, text: fmt.number(r.actions.total) })}
              {ACTION_STATUSES.filter((s) => r.actions.byStatus[s]).map((s) => (
                <span key={s}>
                  {' · '}
                  {t(`commitments.status.${s}`)}: {fmt.number(r.actions.byStatus[s] ?? 0)}
                </span>
              ))}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
