import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useLang, useTitle } from '../../app/hooks.ts';
import { formatNumber } from '../explore/format.ts';
import { useObjectiveList } from './api.ts';

/** The 23 objectives, each with what the platform holds on it, each a link to its page. */
export function ObjectivesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useObjectiveList();
  useTitle(t('objectives.listTitle'));
  return (
    <>
      <h1>{t('objectives.listTitle')}</h1>
      <p className="lead">{t('objectives.listIntro')}</p>
      <QueryState isLoading={list.isLoading} error={list.error} />
      {list.data ? (
        <ol className="objectives" data-testid="objective-list">
          {list.data.map((o) => (
            <li key={o.number} value={o.number}>
              <Link to={`/objectives/${o.number}`}>
                <span className="objective-number">{t('home.objectiveNumber', { number: o.number })}</span> <span className="objective-title">{o.title}</span>
              </Link>
              <span className="muted obj-list-counts">
                {t('objectives.listCounts', { practices: formatNumber(lang, o.practices), roadmaps: formatNumber(lang, o.roadmaps), pledges: formatNumber(lang, o.pledges), indicators: formatNumber(lang, o.indicators ?? 0) })}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
