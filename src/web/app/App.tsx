import { lazy, Suspense } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { Layout } from './Layout.tsx';
import { RequireUser } from './guards.tsx';
import { useSession } from './hooks.ts';
import { HomePage } from '../features/site/HomePage.tsx';
import { NotFoundPage } from '../features/site/NotFoundPage.tsx';
import { SignInPage } from '../features/identity/SignInPage.tsx';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage.tsx';
import { LinkPage } from '../features/identity/LinkPage.tsx';
import { AccountPage } from '../features/identity/AccountPage.tsx';
import { ApiError, type Role } from '../api/client.ts';
import { QueryState } from '../components/Loading.tsx';

// The administration area (and its dialog library) loads only when someone opens it.
const admin = () => import('../features/identity/admin/index.ts');
const AdminLayout = lazy(() => admin().then((m) => ({ default: m.AdminLayout })));
const UsersPage = lazy(() => admin().then((m) => ({ default: m.UsersPage })));
const InvitationsPage = lazy(() => admin().then((m) => ({ default: m.InvitationsPage })));
const OrganisationsPage = lazy(() => admin().then((m) => ({ default: m.OrganisationsPage })));
const AuditPage = lazy(() => admin().then((m) => ({ default: m.AuditPage })));
// The practices repository loads when someone opens it.
const practices = () => import('../features/practices/index.ts');
const PracticeSearchPage = lazy(() => practices().then((m) => ({ default: m.SearchPage })));
const PracticeCoveragePage = lazy(() => practices().then((m) => ({ default: m.CoveragePage })));
const PracticeDetailPage = lazy(() => practices().then((m) => ({ default: m.DetailPage })));
const PracticeHistoryPage = lazy(() => practices().then((m) => ({ default: m.HistoryPage })));
const PracticeEditPage = lazy(() => practices().then((m) => ({ default: m.EditPage })));
const WorkspacePage = lazy(() => practices().then((m) => ({ default: m.WorkspacePage })));
const PRACTICE_AUTHORS: Role[] = ['admin', 'secretariat', 'focal_point', 'contributor'];
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
            <Route path="practices" element={<Suspense fallback={<QueryState isLoading error={null} />}><Outlet /></Suspense>}>
              <Route index element={<PracticeSearchPage />} />
              <Route path="coverage" element={<PracticeCoveragePage />} />
              <Route path="new" element={<RequireUser roles={PRACTICE_AUTHORS}><PracticeEditPage /></RequireUser>} />
              <Route path=":id/edit" element={<RequireUser roles={PRACTICE_AUTHORS}><PracticeEditPage /></RequireUser>} />
              <Route path=":slug/history" element={<PracticeHistoryPage />} />
              <Route path=":slug" element={<PracticeDetailPage />} />
            </Route>
            <Route
              path="workspace"
              element={
                <RequireUser roles={PRACTICE_AUTHORS}>
                  <Suspense fallback={<QueryState isLoading error={null} />}>
                    <WorkspacePage />
                  </Suspense>
                </RequireUser>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
