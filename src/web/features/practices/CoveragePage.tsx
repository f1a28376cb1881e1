import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { useCountries, useFormat, useLang, useTitle } from '../../app/hooks.ts';
import { useObjectiveTitle, type Coverage } from './api.ts';
import { PracticesSubNav } from './labels.tsx';

const OBJECTIVES = Array.from({ length: 23 }, (_, i) => i + 1);

/** Countries × the 23 GCM objectives: where practices exist and where the gaps are. */
export function CoveragePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  const countries = useCountries();
  const objectiveTitle = useObjectiveTitle();
  useTitle(t('practices.coverage.title'));
  const coverage = useQuery({ queryKey: ['practices', 'coverage', lang], queryFn: () => get<Coverage>('/api/v1/practices/coverage') });
  const data = coverage.data;

  const counts = new Map((data?.cells ?? []).map((c) => [`${c.country}:${c.objective}`, c.count]));
  const withPractices = new Set((data?.cells ?? []).map((c) => c.country));
  // Member states always have a row (an empty row is a gap too), then any other country with practices.
  const rows = (countries.data ?? []).filter((c) => c.memberships.length > 0 || withPractices.has(c.code));

  return (
    <>
      <h1>{t('practices.coverage.title')}</h1>
      <PracticesSubNav />
      <p className="lead">{t('practices.coverage.intro')}</p>
      <QueryState isLoading={coverage.isLoading || countries.isLoading} error={coverage.error ?? countries.error} />
      {data ? (
        <section aria-labelledby="empty-objectives-title" className="panel empty-objectives" data-testid="empty-objectives">
          <h2 id="empty-objectives-title">{t('practices.coverage.emptyTitle')}</h2>
          {data.emptyObjectives.length ? (
            <ul>
              {data.emptyObjectives.map((n) => (
                <li key={n} data-objective={n}>
                  {t('practices.objectiveLabel', { number: n, title: objectiveTitle(n, true) })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('practices.coverage.noEmpty')}</p>
          )}
          <p className="muted" data-testid="report-note">{t('practices.coverage.reportNote')}</p>
        </section>
      ) : null}
      {data && countries.data ? (
        <>
          <p className="muted">{t('practices.coverage.legend')}</p>
          <div className="table-wrap coverage-wrap" tabIndex={0} role="region" aria-labelledby="coverage-caption">
            <table className="coverage" data-testid="coverage">
              <caption id="coverage-caption">{t('practices.coverage.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('practices.coverage.country')}</th>
                  {OBJECTIVES.map((n) => (
                    <th key={n} scope="col" className="coverage-objective">
                      <abbr title={objectiveTitle(n, true)}>{n}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.code}>
                    <th scope="row">{c.name}</th>
                    {OBJECTIVES.map((n) => {
                      const count = counts.get(`${c.code}:${n}`) ?? 0;
                      return count ? (
                        <td key={n} className="coverage-cell coverage-filled" data-objective={n}>
                          <Link to={`/practices?country=${c.code}&objective=${n}`} aria-label={t('practices.coverage.cellLink', { count, country: c.name, number: n })}>
                            {fmt.number(count)}
                          </Link>
                        </td>
                      ) : (
                        <td key={n} className="coverage-cell coverage-empty" data-objective={n}>
                          <span aria-hidden="true">—</span>
                          <span className="visually-hidden">{t('practices.coverage.none')}</span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('practices.coverage.total')}</th>
                  {data.objectives.map((o) => (
                    <td key={o.objective} className={o.practices ? 'coverage-total' : 'coverage-total coverage-empty'} data-objective={o.objective} data-testid={`total-${o.objective}`}>
                      {o.practices ? fmt.number(o.practices) : <span aria-label={t('practices.coverage.none')}>—</span>}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
