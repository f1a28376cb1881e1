import { lazy, Suspense, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, createRoutesFromElements, Navigate, Outlet, Route, StaticRouter, useRoutes, type RouteObject } from 'react-router';
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
// Forums, roadmaps and pledges load when someone opens them.
const commitments = () => import('../features/commitments/index.ts');
const MeetingsPage = lazy(() => commitments().then((m) => ({ default: m.MeetingsPage })));
const MeetingPage = lazy(() => commitments().then((m) => ({ default: m.MeetingPage })));
const OutcomePage = lazy(() => commitments().then((m) => ({ default: m.OutcomePage })));
const RoadmapsPage = lazy(() => commitments().then((m) => ({ default: m.RoadmapsPage })));
const RoadmapPage = lazy(() => commitments().then((m) => ({ default: m.RoadmapPage })));
const RoadmapFormPage = lazy(() => commitments().then((m) => ({ default: m.RoadmapFormPage })));
const RoadmapEditPage = lazy(() => commitments().then((m) => ({ default: m.RoadmapEditPage })));
const PledgesPage = lazy(() => commitments().then((m) => ({ default: m.PledgesPage })));
const PledgePage = lazy(() => commitments().then((m) => ({ default: m.PledgePage })));
const PledgeFormPage = lazy(() => commitments().then((m) => ({ default: m.PledgeFormPage })));
const PledgeEditPage = lazy(() => commitments().then((m) => ({ default: m.PledgeEditPage })));
const CommitmentsDashboardPage = lazy(() => commitments().then((m) => ({ default: m.DashboardPage })));
const CommitmentsCountryPage = lazy(() => commitments().then((m) => ({ default: m.CountryPage })));
const SECRETARIAT: Role[] = ['admin', 'secretariat'];
// The observatory's exploration pages (charts are small SVG components of the feature) load when opened.
const explore = () => import('../features/explore/index.ts');
const ObservatoryHomePage = lazy(() => explore().then((m) => ({ default: m.HomePage })));
const ExplorerPage = lazy(() => explore().then((m) => ({ default: m.ExplorerPage })));
const EmbedPage = lazy(() => explore().then((m) => ({ default: m.EmbedPage })));
const CountryPage = lazy(() => explore().then((m) => ({ default: m.CountryPage })));
const CountriesPage = lazy(() => explore().then((m) => ({ default: m.CountriesPage })));
const CorridorsPage = lazy(() => explore().then((m) => ({ default: m.CorridorsPage })));
const MirrorPage = lazy(() => explore().then((m) => ({ default: m.MirrorPage })));
// Missing migrants (issue 19): the page, an incident, recording and verifying; the map is a chunk of its own inside.
const incidents = () => import('../features/incidents/index.ts');
const MissingMigrantsPage = lazy(() => incidents().then((m) => ({ default: m.MissingMigrantsPage })));
const IncidentDetailPage = lazy(() => incidents().then((m) => ({ default: m.IncidentDetailPage })));
const IncidentRecordPage = lazy(() => incidents().then((m) => ({ default: m.RecordPage })));
const IncidentPendingPage = lazy(() => incidents().then((m) => ({ default: m.PendingPage })));
const IncidentImportPage = lazy(() => incidents().then((m) => ({ default: m.ImportPage })));
const IncidentCorrectPage = lazy(() => incidents().then((m) => ({ default: m.CorrectPage })));
const INCIDENT_RECORDERS: Role[] = ['admin', 'secretariat', 'focal_point', 'contributor'];
const INCIDENT_IMPORTERS: Role[] = ['admin', 'secretariat', 'contributor'];
// Indicator values from people and files (issue 18): a focal point's reports, the secretariat's validation queue.
const indicatorInput = () => import('../features/indicators/input-index.ts');
const ReportValuesPage = lazy(() => indicatorInput().then((m) => ({ default: m.ReportValuesPage })));
const IndicatorReviewPage = lazy(() => indicatorInput().then((m) => ({ default: m.ReviewPage })));
const IndicatorEditPage = lazy(() => indicatorInput().then((m) => ({ default: m.IndicatorEditPage })));
// The public indicator catalogue (issue 18), drawn on the server (ADR 0008).
const indicatorsPublic = () => import('../features/indicators/public-index.ts');
const IndicatorCataloguePage = lazy(() => indicatorsPublic().then((m) => ({ default: m.CataloguePage })));
const IndicatorPage = lazy(() => indicatorsPublic().then((m) => ({ default: m.IndicatorPage })));
// Submitting observatory data (upload, column mapping, report, review, release calendar) loads when opened.
const submissions = () => import('../features/submissions/index.ts');
const SubmitPage = lazy(() => submissions().then((m) => ({ default: m.SubmitPage })));
const SubmissionReportPage = lazy(() => submissions().then((m) => ({ default: m.ReportPage })));
const SubmissionListPage = lazy(() => submissions().then((m) => ({ default: m.ListPage })));
const ReleasesPage = lazy(() => submissions().then((m) => ({ default: m.ReleasesPage })));
const SUBMITTERS: Role[] = ['admin', 'secretariat', 'focal_point'];
// About, methodology and contact (issue 21) load when opened.
const siteInfo = () => import('../features/site/info/index.ts');
const InfoPage = lazy(() => siteInfo().then((m) => ({ default: m.InfoPage })));
const InfoEditPage = lazy(() => siteInfo().then((m) => ({ default: m.EditPage })));
const SiteSearchPage = lazy(() => import('../features/site/search/SearchPage.tsx').then((m) => ({ default: m.SearchPage })));
// A page per GCM objective (issue 18): drawn on the server like the observatory's pages.
const objectives = () => import('../features/objectives/index.ts');
const ObjectivesPage = lazy(() => objectives().then((m) => ({ default: m.ObjectivesPage })));
const ObjectivePage = lazy(() => objectives().then((m) => ({ default: m.ObjectivePage })));
// The regional review report (issue 18): the secretariat's report page.
const review = () => import('../features/review/index.ts');
const ReviewReportsPage = lazy(() => review().then((m) => ({ default: m.ReportsPage })));
const ReviewReportPage = lazy(() => review().then((m) => ({ default: m.ReportPage })));
// The missing-persons exchange (issue 23): capacity holders, focal points and the secretariat.
const cases = () => import('../features/cases/index.ts');
const CasesHomePage = lazy(() => cases().then((m) => ({ default: m.CasesHomePage })));
const CasePage = lazy(() => cases().then((m) => ({ default: m.CasePage })));
const CasesGrantsPage = lazy(() => cases().then((m) => ({ default: m.GrantsPage })));
const NewReportPage = lazy(() => cases().then((m) => ({ default: () => <m.NewRecordPage kind="report" /> })));
const NewRemainsPage = lazy(() => cases().then((m) => ({ default: () => <m.NewRecordPage kind="remains" /> })));
// The cooperation hub (issue 22): requests, offers, proposals, cooperations.
const cooperation = () => import('../features/cooperation/index.ts');
const HubPage = lazy(() => cooperation().then((m) => ({ default: m.HubPage })));
const HubRequestPage = lazy(() => cooperation().then((m) => ({ default: m.RequestPage })));
const HubRequestFormPage = lazy(() => cooperation().then((m) => ({ default: m.RequestFormPage })));
const HubOfferFormPage = lazy(() => cooperation().then((m) => ({ default: m.OfferFormPage })));
const HubCataloguePage = lazy(() => cooperation().then((m) => ({ default: m.CataloguePage })));
const HubRequestEditPage = lazy(() => cooperation().then((m) => ({ default: m.RequestEditPage })));
const HubOrganisationPage = lazy(() => cooperation().then((m) => ({ default: m.OrganisationPage })));
const ReferencePage = lazy(() => import('../features/reference/ReferencePage.tsx').then((m) => ({ default: m.ReferencePage })));

// The browser's one client (main.tsx fills it with the answers a server-rendered page was drawn from).
export const queryClient = new QueryClient({
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

function Router({ location, children }: { location: string | undefined; children: ReactNode }) {
  return location === undefined ? <BrowserRouter>{children}</BrowserRouter> : <StaticRouter location={location}>{children}</StaticRouter>;
}

/**
 * Routes: keep in step with src/shared/pages.ts, which tells the server which pages exist.
 */
const ROUTES = (
  <>
    {/* Chart-only page for other sites' iframes: no header or footer. */}
    <Route path="observatory/embed" element={<Suspense fallback={<QueryState isLoading error={null} />}><EmbedPage /></Suspense>} />
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
      <Route path="review" element={<RequireUser><Suspense fallback={<QueryState isLoading error={null} />}><Outlet /></Suspense></RequireUser>}>
        <Route index element={<ReviewReportsPage />} />
        <Route path=":id" element={<ReviewReportPage />} />
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
      <Route element={<Suspense fallback={<QueryState isLoading error={null} />}><Outlet /></Suspense>}>
        <Route path="meetings" element={<MeetingsPage />} />
        <Route path="meetings/:key" element={<MeetingPage />} />
        <Route path="outcomes/:id" element={<OutcomePage />} />
        <Route path="roadmaps" element={<RoadmapsPage />} />
        <Route path="roadmaps/new" element={<RequireUser roles={SECRETARIAT}><RoadmapFormPage /></RequireUser>} />
        <Route path="roadmaps/:id" element={<RoadmapPage />} />
        <Route path="roadmaps/:id/edit" element={<RequireUser roles={SECRETARIAT}><RoadmapEditPage /></RequireUser>} />
        <Route path="pledges" element={<PledgesPage />} />
        <Route path="pledges/new" element={<RequireUser roles={SECRETARIAT}><PledgeFormPage /></RequireUser>} />
        <Route path="pledges/:id" element={<PledgePage />} />
        <Route path="pledges/:id/edit" element={<RequireUser roles={SECRETARIAT}><PledgeEditPage /></RequireUser>} />
        <Route path="commitments" element={<CommitmentsDashboardPage />} />
        <Route path="commitments/countries/:code" element={<CommitmentsCountryPage />} />
        <Route path="indicators/report" element={<RequireUser roles={['focal_point']}><ReportValuesPage /></RequireUser>} />
        <Route path="indicators/review" element={<RequireUser roles={SECRETARIAT}><IndicatorReviewPage /></RequireUser>} />
        <Route path="cooperation" element={<HubPage />} />
        <Route path="cooperation/requests/new" element={<RequireUser roles={['admin', 'secretariat', 'focal_point']}><HubRequestFormPage /></RequireUser>} />
        <Route path="cooperation/offers/new" element={<RequireUser roles={['admin', 'secretariat', 'focal_point', 'contributor']}><HubOfferFormPage /></RequireUser>} />
        <Route path="cooperation/requests/:id" element={<HubRequestPage />} />
        <Route path="cooperation/requests/:id/edit" element={<RequireUser roles={['admin', 'secretariat', 'focal_point']}><HubRequestEditPage /></RequireUser>} />
        <Route path="cooperation/organisations/:code" element={<HubOrganisationPage />} />
        <Route path="cases" element={<RequireUser><CasesHomePage /></RequireUser>} />
        <Route path="cases/grants" element={<RequireUser roles={['secretariat', 'focal_point']}><CasesGrantsPage /></RequireUser>} />
        <Route path="cases/reports/new" element={<RequireUser><NewReportPage /></RequireUser>} />
        <Route path="cases/remains/new" element={<RequireUser><NewRemainsPage /></RequireUser>} />
        <Route path="cases/records/:id" element={<RequireUser><CasePage /></RequireUser>} />
        <Route path="cooperation/catalogue" element={<RequireUser roles={['admin', 'secretariat', 'contributor']}><HubCataloguePage /></RequireUser>} />
      </Route>
      <Route path="observatory" element={<Suspense fallback={<QueryState isLoading error={null} />}><Outlet /></Suspense>}>
        <Route index element={<ObservatoryHomePage />} />
        <Route path="explorer" element={<ExplorerPage />} />
        <Route path="countries" element={<CountriesPage />} />
        <Route path="countries/:code" element={<CountryPage />} />
        <Route path="corridors" element={<CorridorsPage />} />
        <Route path="mirror" element={<MirrorPage />} />
        <Route path="submit" element={<RequireUser roles={SUBMITTERS}><SubmitPage /></RequireUser>} />
        <Route path="submissions" element={<RequireUser roles={SUBMITTERS}><SubmissionListPage /></RequireUser>} />
        <Route path="submissions/:id" element={<RequireUser roles={SUBMITTERS}><SubmissionReportPage /></RequireUser>} />
        <Route path="releases" element={<ReleasesPage />} />
        <Route path="missing-migrants" element={<MissingMigrantsPage />} />
        <Route path="missing-migrants/new" element={<RequireUser roles={INCIDENT_RECORDERS}><IncidentRecordPage /></RequireUser>} />
        <Route path="missing-migrants/pending" element={<RequireUser roles={INCIDENT_RECORDERS}><IncidentPendingPage /></RequireUser>} />
        <Route path="missing-migrants/import" element={<RequireUser roles={INCIDENT_IMPORTERS}><IncidentImportPage /></RequireUser>} />
        <Route path="missing-migrants/:id" element={<IncidentDetailPage />} />
        <Route path="missing-migrants/:id/edit" element={<RequireUser roles={INCIDENT_RECORDERS}><IncidentCorrectPage /></RequireUser>} />
      </Route>
      <Route element={<Suspense fallback={<QueryState isLoading error={null} />}><Outlet /></Suspense>}>
        <Route path="search" element={<SiteSearchPage />} />
        {(['about', 'methodology', 'contact'] as const).map((slug) => [
          <Route key={slug} path={slug} element={<InfoPage slug={slug} />} />,
          <Route key={`${slug}-edit`} path={`${slug}/edit`} element={<RequireUser roles={SECRETARIAT}><InfoEditPage slug={slug} /></RequireUser>} />,
        ])}
      </Route>
      <Route path="objectives" element={<Suspense fallback={<QueryState isLoading error={null} />}><Outlet /></Suspense>}>
        <Route index element={<ObjectivesPage />} />
        <Route path=":n" element={<ObjectivePage />} />
      </Route>
      <Route path="indicators" element={<Suspense fallback={<QueryState isLoading error={null} />}><Outlet /></Suspense>}>
        <Route index element={<IndicatorCataloguePage />} />
        <Route path="new" element={<RequireUser roles={SECRETARIAT}><IndicatorEditPage /></RequireUser>} />
        <Route path=":code" element={<IndicatorPage />} />
        <Route path=":code/edit" element={<RequireUser roles={SECRETARIAT}><IndicatorEditPage /></RequireUser>} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </>
);

/**
 * The route table, made from ROUTES once and matched by its own component: `<Routes>` makes
 * it again and matches it in one step of rendering each time — with some fifty routes the
 * longest single step of adopting a server-drawn page (ADR 0008).
 */
let routeTable: RouteObject[] | undefined;

function PageRoutes({ routes }: { routes: RouteObject[] }) {
  return useRoutes(routes);
}

/**
 * The server renders public pages with its own `client` and the page's `location`
 * (src/web/entry-server.tsx, ADR 0008); the browser passes the client it filled from that render.
 */
export function App({ client = queryClient, location }: { client?: QueryClient; location?: string } = {}) {
  routeTable ??= createRoutesFromElements(ROUTES);
  return (
    <QueryClientProvider client={client}>
      <Router location={location}>
        <PageRoutes routes={routeTable} />
      </Router>
    </QueryClientProvider>
  );
}
