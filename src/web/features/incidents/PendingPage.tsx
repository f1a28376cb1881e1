import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useSession, useTitle } from '../../app/hooks.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { IMPORTERS, useIncidentList } from './api.ts';
import { IncidentTable } from './IncidentTable.tsx';
import { canVerify } from './IncidentDetailPage.tsx';

/**
 * Incidents awaiting verification. The secretariat and IOM see every reported record (and
 * verify each on its page); anyone else who records sees their own, as the API decides.
 */
export function PendingPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useIncidentList('region=world&status=reported', page);
  const user = useSession().data?.user;
  const verifier = canVerify(user);
  useTitle(t('incidents.pending.title'));
  return (
    <>
      <ObservatoryNav />
      <h1>{t('incidents.pending.title')}</h1>
      <p className="lead">{verifier ? t('incidents.pending.introVerifier') : t('incidents.pending.introOwn')}</p>
      {user && IMPORTERS.has(user.role) ? (
        <p className="obs-links">
          <Link to="/observatory/missing-migrants/import">{t('incidents.import.open')}</Link>
        </p>
      ) : null}
      {list.data ? <IncidentTable answer={list.data} page={page} onPage={setPage} caption={t('incidents.pending.caption')} testId="pending-table" /> : <QueryState isLoading={list.isLoading} error={list.error} />}
    </>
  );
}
