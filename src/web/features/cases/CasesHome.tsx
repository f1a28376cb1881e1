import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { useCasesStatus, type CaseRecord } from './api.ts';

/**
 * The exchange's entry (docs/adr/0014): off and why without CASES_KEY; for an account without a
 * capacity, who can have one (and, for a focal point or the secretariat, the grants page); for a
 * search authority or forensic service, its country's records and those shared with it —
 * comparison fields only: a list decrypts nothing.
 */
export function CasesGate({ children }: { children: (status: { country: string; capacities: string[] }) => React.ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const status = useCasesStatus(!!session.data?.user);
  const role = session.data?.user?.role;
  if (status.isLoading || status.error || !status.data) return <QueryState isLoading={status.isLoading} error={status.error} />;
  if (!status.data.enabled)
    return (
      <>
        <h1>{t('cases.title')}</h1>
        <p className="alert alert-error" data-testid="cases-off">
          {status.data.reason}
        </p>
      </>
    );
  if (!status.data.country || status.data.capacities.length === 0)
    return (
      <>
        <h1>{t('cases.title')}</h1>
        <p className="lead" data-testid="cases-no-capacity">
          {t('cases.noCapacity')}
        </p>
        {role === 'focal_point' || role === 'secretariat' ? (
          <p>
            <Link to="/cases/grants">{t('cases.grants.title')}</Link>
          </p>
        ) : null}
      </>
    );
  return <>{children({ country: status.data.country, capacities: status.data.capacities })}</>;
}

function RecordTable({ items, caption, own }: { items: CaseRecord[]; caption: string; own: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const country = useCountryName();
  if (items.length === 0)
    return (
      <p>
        <strong>{caption}:</strong> {t('cases.list.none')}
      </p>
    );
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cases.fields.kind')}</th>
            <th scope="col">{own ? t('cases.fields.caseRef') : t('cases.fields.country')}</th>
            <th scope="col">{t('cases.fields.sexAge')}</th>
            <th scope="col">{t('cases.fields.date')}</th>
            <th scope="col">{t('cases.fields.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => {
            const c = r.view === 'withdrawn' ? undefined : r.comparison;
            return (
            <tr key={r.id}>
              <td>
                <Link to={`/cases/records/${r.id}`}>{t(`cases.kind.${r.kind}`)}</Link>
              </td>
              <td>{own ? (r.view === 'full' ? r.caseRef : '—') : country(r.countryCode)}</td>
              <td>{c ? `${t(`cases.sex.${c.sex}`)}, ${c.ageMin}–${c.ageMax}` : '—'}</td>
              <td>{c ? fmt.date(c.date) : '—'}</td>
              <td>{r.withdrawn ? t('cases.withdrawn') : t(`cases.status.${r.status}`)}</td>
            </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Records({ country, capacities }: { country: string; capacities: string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const list = useQuery({ queryKey: ['cases', 'records', lang], queryFn: () => get<{ items: CaseRecord[] }>('/api/v1/cases/records').then((r) => r.items) });
  const items = list.data ?? [];
  const own = items.filter((r) => r.countryCode === country);
  const shared = items.filter((r) => r.countryCode !== country);
  return (
    <>
      <p className="lead">{t('cases.intro', { country: countryName(country), capacities: capacities.map((c) => t(`cases.capacity.${c}`)).join(', ') })}</p>
      <p className="coop-actions">
        {capacities.includes('search_authority') ? (
          <Link className="button" to="/cases/reports/new">
            {t('cases.form.reportTitle')}
          </Link>
        ) : null}
        {capacities.includes('forensic_service') ? (
          <Link className="button" to="/cases/remains/new">
            {t('cases.form.remainsTitle')}
          </Link>
        ) : null}
      </p>
      <QueryState isLoading={list.isLoading} error={list.error} />
      {list.data ? (
        <>
          <h2>{t('cases.list.reports')}</h2>
          <RecordTable items={own.filter((r) => r.kind === 'report')} caption={t('cases.list.ownReports')} own />
          <h2>{t('cases.list.remains')}</h2>
          <RecordTable items={own.filter((r) => r.kind === 'remains')} caption={t('cases.list.ownRemains')} own />
          <h2>{t('cases.list.shared')}</h2>
          <RecordTable items={shared} caption={t('cases.list.sharedCaption')} own={false} />
        </>
      ) : null}
    </>
  );
}

export function CasesHomePage() {
  const { t } = useTranslation();
  useTitle(t('cases.title'));
  return (
    <CasesGate>
      {(s) => (
        <>
          <h1>{t('cases.title')}</h1>
          <Records country={s.country} capacities={s.capacities} />
        </>
      )}
    </CasesGate>
  );
}
