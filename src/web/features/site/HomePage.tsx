import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get, type Objective, type Overview } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { useFormat, useLang, useTitle } from '../../app/hooks.ts';

const COUNTS: (keyof Overview)[] = ['crm', 'csm', 'countries', 'objectives', 'principles', 'organisations', 'observers', 'users'];

export function HomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  useTitle(t('nav.home'));
  const overview = useQuery({ queryKey: ['overview', lang], queryFn: () => get<Overview>('/api/v1/overview') });
  const objectives = useQuery({
    queryKey: ['objectives', lang],
    queryFn: () => get<{ items: Objective[] }>('/api/v1/reference/gcm/objectives').then((r) => r.items),
  });
  return (
    <>
      <h1>{t('home.title')}</h1>
      <div className="lead">
        <p>{t('home.p1')}</p>
        <p>{t('home.p2')}</p>
        <p>{t('home.p3')}</p>
      </div>

      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{t('home.countsTitle')}</h2>
        <QueryState isLoading={overview.isLoading} error={overview.error} />
        {overview.data ? (
          <dl className="counts" data-testid="counts">
            {COUNTS.map((k) => (
              <div key={k} className="count">
                <dt>{t(`home.counts.${k}`)}</dt>
                <dd>{fmt.number(overview.data[k])}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </section>

      <section aria-labelledby="objectives-title">
        <h2 id="objectives-title">{t('home.objectivesTitle')}</h2>
        <QueryState isLoading={objectives.isLoading} error={objectives.error} />
        {objectives.data ? (
          <ol className="objectives">
            {objectives.data.map((o) => (
              <li key={o.number} value={o.number}>
                <Link to={`/objectives/${o.number}`}>
                  <span className="objective-number">{t('home.objectiveNumber', { number: o.number })}</span>
                  <span className="objective-title">{o.title}</span>
                </Link>
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </>
  );
}
