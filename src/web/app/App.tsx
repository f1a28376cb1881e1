import { lazy, Suspense } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Layout } from './Layout.tsx';
import { RequireUser } from './guards.tsx';
import { useSession } from './hooks.ts';
import { HomePage } from '../features/site/HomePage.tsx';
import { NotFoundPage } from '../features/site/NotFoundPage.tsx';
import { SignInPage } from '../features/identity/SignInPage.tsx';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage.tsx';
import { LinkPage } from '../features/identity/LinkPage.tsx';
import { AccountPage } from '../features/identity/AccountPage.tsx';
import { ApiError } from '../api/client.ts';
import { QueryState } from '../components/Loading.tsx';

// The administration area (and its dialog library) loads only when someone opens it.
const admin = () => import('../features/identity/admin/index.ts');
const AdminLayout = lazy(() => admin().then((m) => ({ default: m.AdminLayout })));
const UsersPage = lazy(() => admin().then((m) => ({ default: m.UsersPage })));
const InvitationsPage = lazy(() => admin().then((m) => ({ default: m.InvitationsPage })));
const OrganisationsPage = lazy(() => admin().then((m) => ({ default: m.OrganisationsPage })));
const AuditPage = lazy(() => admin().then((m) => ({ default: m.AuditPage })));
const ReferencePage = lazy(() => import('../features/reference/ReferencePage.tsx').then((m) => ({ default: m.ReferencePage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (403, 404…) will not change by asking again.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

function AdminIndex() {
  const { data } = useSession();
  return <Navigate to={data?.user?.role === 'admin' ? '/admin/users' : '/admin/organisations'} replace />;
}

/** Routes: keep in step with src/shared/pages.ts, which tells the server which pages exist. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="sign-in" element={<SignInPage />} />
            <Route path="forgot-password" element={<ForgotPasswordPage />} />
            <Route path="link/:token" element={<LinkPage />} />
            <Route
              path="account"
              element={
                <RequireUser>
                  <AccountPage />
                </RequireUser>
              }
            />
            <Route
              path="admin"
              element={
                <RequireUser roles={['admin', 'secretariat']}>
                  <Suspense fallback={<QueryState isLoading error={null} />}>
                    <AdminLayout />
                  </Suspense>
                </RequireUser>
              }
            >
              <Route index element={<AdminIndex />} />
              <Route path="users" element={<RequireUser roles={['admin']}><UsersPage /></RequireUser>} />
              <Route path="invitations" element={<RequireUser roles={['admin']}><InvitationsPage /></RequireUser>} />
              <Route path="organisations" element={<OrganisationsPage />} />
              <Route path="audit" element={<RequireUser roles={['admin']}><AuditPage /></RequireUser>} />
              <Route path="reference" element={<ReferencePage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
