import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/hooks.ts';
import { formatNumber } from '../explore/format.ts';
import type { IncidentPage } from './api.ts';
import { useIncidentLabels } from './labels.ts';

/** One page of incidents (newest first, as the API orders them), each linking to its own page. */
export function IncidentTable({ answer, page, onPage, caption, testId = 'incident-table' }: { answer: IncidentPage; page: number; onPage: (page: number) => void; caption?: string; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useIncidentLabels();
  const pages = Math.max(1, Math.ceil(answer.total / answer.pageSize));
  if (!answer.items.length) return <p className="obs-empty">{t('incidents.none')}</p>;
  return (
    <>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('explore.figure.tableRegion', { caption: caption ?? t('incidents.table.caption') })}>
        <table data-testid={testId}>
          <caption>{caption ?? t('incidents.table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('incidents.field.date')}</th>
              <th scope="col">{t('incidents.field.country')}</th>
              <th scope="col">{t('incidents.field.place')}</th>
              <th scope="col">{t('incidents.field.route')}</th>
              <th scope="col">{t('incidents.field.cause')}</th>
              <th scope="col" className="num">{t('incidents.deadAndMissing')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.items.map((i) => (
              <tr key={i.id} data-id={i.id}>
                <th scope="row">
                  <Link to={`/observatory/missing-migrants/${i.id}`}>{labels.date(i)}</Link>
                  {i.status !== 'verified' ? <span className="inc-status"> ({t(`incidents.status.${i.status}`)})</span> : null}
                </th>
                <td>{labels.country(i.countryCode)}</td>
                <td>{i.place ?? ''}</td>
                <td>{labels.route(i.route)}</td>
                <td>{labels.cause(i.cause)}</td>
                <td className="num">{formatNumber(lang, i.deadAndMissing)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className="pager" aria-label={t('incidents.table.pages')}>
          <button type="button" className="button-secondary button-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('incidents.table.previous')}
          </button>
          <span data-testid="inc-page">{t('incidents.table.pageOf', { page: formatNumber(lang, page), pages: formatNumber(lang, pages) })}</span>
          <button type="button" className="button-secondary button-small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            {t('incidents.table.next')}
          </button>
        </nav>
      ) : null}
    </>
  );
}
