import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/Field.tsx';
import { CountryOptions } from '../../components/CountryOptions.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useCountries, useCountryName, useFormat, useTitle } from '../../app/hooks.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { useDataflowList, useSubmissions } from './api.ts';
import { readFilters, STATUSES, writeFilters, type ListFilters } from './logic.ts';
import { isSecretariat, StatusBadge, useUser } from './Parts.tsx';

/** `/observatory/submissions?status=&country=&dataflow=`: a focal point's country's submissions; the secretariat's all (filters in the address). */
export function ListPage() {
  const { t } = useTranslation();
  useTitle(t('submissions.list.title'));
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const user = useUser();
  const secretariat = isSecretariat(user?.role);
  const countries = useCountries();
  const dataflows = useDataflowList();
  const list = useSubmissions(filters);
  const fmt = useFormat();
  const countryName = useCountryName();
  const set = (patch: Partial<ListFilters>) => setParams(writeFilters({ ...filters, ...patch }));

  return (
    <>
      <ObservatoryNav />
      <h1>{t('submissions.list.title')}</h1>
      <p className="lead">{t(secretariat ? 'submissions.list.introSecretariat' : 'submissions.list.intro')}</p>
      <p className="form-actions">
        <Link to="/observatory/submit" className="button">
          {t('submissions.list.new')}
        </Link>
        {secretariat ? (
          <Link to="/observatory/submissions?status=submitted" data-testid="awaiting-link">
            {t('submissions.list.awaiting')}
          </Link>
        ) : null}
      </p>
      <form className="filters" role="search" aria-label={t('submissions.list.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('submissions.list.status')} value={filters.status} onChange={(e) => set({ status: e.target.value as ListFilters['status'] })}>
          <option value="">{t('common.any')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === 'submitted' ? t('submissions.list.awaitingOption') : t(`submissions.status.${s}`)}
            </option>
          ))}
        </SelectField>
        {secretariat ? (
          <SelectField label={t('submissions.list.country')} value={filters.country} onChange={(e) => set({ country: e.target.value })}>
            <option value="">{t('common.any')}</option>
            <CountryOptions countries={countries.data ?? []} />
          </SelectField>
        ) : null}
        <SelectField label={t('submissions.list.dataflow')} value={filters.dataflow} onChange={(e) => set({ dataflow: e.target.value })}>
          <option value="">{t('common.any')}</option>
          {(dataflows.data ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.id})
            </option>
          ))}
        </SelectField>
      </form>
      {list.data ? (
        list.data.length ? (
          <div className="table-wrap">
            <table data-testid="submission-list" className="sub-list">
              <caption>{t('submissions.list.caption', { count: list.data.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('submissions.list.file')}</th>
                  <th scope="col">{t('submissions.list.country')}</th>
                  <th scope="col">{t('submissions.list.status')}</th>
                  <th scope="col" className="num">
                    {t('submissions.report.rows')}
                  </th>
                  <th scope="col" className="num">
                    {t('submissions.report.errors')}
                  </th>
                  <th scope="col" className="num">
                    {t('submissions.report.warnings')}
                  </th>
                  <th scope="col">{t('submissions.list.created')}</th>
                  <th scope="col">{t('submissions.list.by')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((s) => (
                  <tr key={s.id} data-submission={s.id}>
                    <th scope="row">
                      <Link to={`/observatory/submissions/${s.id}`}>{s.fileName}</Link>
                    </th>
                    <td>{s.country ? countryName(s.country) : t('common.none')}</td>
                    <td className="sub-list-status">
                      <StatusBadge status={s.status} />
                      {s.review?.comment ? (
                        <p className="sub-list-comment" data-testid="list-review-comment">
                          {t('submissions.review.commentTitle')}: {s.review.comment}
                        </p>
                      ) : null}
                    </td>
                    <td className="num">{fmt.number(s.rows)}</td>
                    <td className="num">{fmt.number(s.errorCount)}</td>
                    <td className="num">{fmt.number(s.warningCount)}</td>
                    <td>{fmt.dateTime(s.submittedAt ?? s.createdAt)}</td>
                    <td>{s.userLabel ?? t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="sub-empty">{t('submissions.list.empty')}</p>
        )
      ) : (
        <QueryState isLoading={list.isLoading} error={list.error} />
      )}
    </>
  );
}
