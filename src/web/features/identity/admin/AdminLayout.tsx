import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/hooks.ts';
import { QueryState } from '../../../components/Loading.tsx';
import { FirstSteps } from './FirstSteps.tsx';

export function AdminLayout() {
  const { t } = useTranslation();
  const { data } = useSession();
  const isAdmin = data?.user?.role === 'admin';
  const sections = isAdmin ? (['users', 'invitations', 'organisations', 'reference', 'audit'] as const) : (['organisations', 'reference'] as const);
  const labels = { users: t('admin.users.title'), invitations: t('admin.invitations.title'), organisations: t('admin.orgs.title'), reference: t('admin.reference.title'), audit: t('admin.audit.title') };
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <nav aria-label={t('admin.subnav')} className="sub-nav">
        <ul>
          {sections.map((s) => (
            <li key={s}>
              <NavLink to={`/admin/${s}`}>{labels[s]}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {isAdmin ? <FirstSteps /> : null}
      <Suspense fallback={<QueryState isLoading error={null} />}>
        <Outlet />
      </Suspense>
    </>
  );
}
