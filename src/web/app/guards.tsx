import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/client.ts';
import { QueryState } from '../components/Loading.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { useSession } from './hooks.ts';

/** Pages for signed-in people: others go to sign in and come back afterwards. */
export function RequireUser({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (!session.data) return <QueryState isLoading={session.isLoading} error={session.error} />;
  const user = session.data.user;
  if (!user) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !roles.includes(user.role)) {
    return (
      <>
        <h1>{t('admin.title')}</h1>
        <ErrorAlert message={t('errors.forbidden')} />
      </>
    );
  }
  return <>{children}</>;
}
