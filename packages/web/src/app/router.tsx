import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { Spin } from 'antd';
import { PublicLayout } from './layout/PublicLayout';
import { StaffLayout } from './layout/StaffLayout';
import { RequireRoles } from './RequireRoles';
import { NAV_ITEMS } from './nav';
import { NotFound } from './components/results';
import { HomePage } from '../features/home/HomePage';
import { StaffLoginPage } from '../features/auth/StaffLoginPage';
import { PublicLoginPage } from '../features/auth/PublicLoginPage';
import { RegisterPage } from '../features/auth/RegisterPage';
import { MePage } from '../features/auth/MePage';
import { WorkbenchHome } from '../features/workbench/WorkbenchHome';

const UsersPage = lazy(() => import('../features/admin-users/UsersPage'));
const UnitsPage = lazy(() => import('../features/admin-units/UnitsPage'));
const CalendarPage = lazy(() => import('../features/admin-calendar/CalendarPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const ApiKeysPage = lazy(() => import('../features/admin-api-keys/ApiKeysPage'));
const CitizensPage = lazy(() => import('../features/citizens/CitizensPage'));
const ServicesPage = lazy(() => import('../features/catalogue/ServicesPage'));
const ServiceDetailPage = lazy(() => import('../features/catalogue/ServiceDetailPage'));
const BundlePage = lazy(() => import('../features/catalogue/BundlePage'));
const CatalogueAdminPage = lazy(() => import('../features/admin-catalogue/CatalogueAdminPage'));
const CasePage = lazy(() => import('../features/cases/CasePage'));
const WalletPage = lazy(() => import('../features/licenses/WalletPage'));
const VerifyPage = lazy(() => import('../features/licenses/VerifyPage'));
const LicensesPage = lazy(() => import('../features/licenses/LicensesPage'));
const ServiceDashboardPage = lazy(() => import('../features/service-dashboard/ServiceDashboardPage'));
const ApplyPage = lazy(() => import('../features/applications/ApplyPage'));
const MyApplications = lazy(() =>
  import('../features/applications/MyApplicationsPage').then((m) => ({ default: m.MyApplicationsPage })),
);
const MyApplication = lazy(() =>
  import('../features/applications/MyApplicationsPage').then((m) => ({ default: m.MyApplicationPage })),
);
const QueuePage = lazy(() => import('../features/queue/QueuePage'));
const StaffApplicationPage = lazy(() => import('../features/queue/StaffApplicationPage'));
const WindowPage = lazy(() => import('../features/window/WindowPage'));
const OutletLookupPage = lazy(() => import('../features/outlets/OutletLookupPage'));
const MyOutletsPage = lazy(() => import('../features/outlets/MyOutletsPage'));
const BatchesPage = lazy(() => import('../features/batches/BatchesPage'));
const JointReviewPage = lazy(() => import('../features/joint-review/JointReviewPage'));
const RatePage = lazy(() => import('../features/ratings/RatePage'));
const RatingsPage = lazy(() => import('../features/ratings/RatingsPage'));
const RectificationsPage = lazy(() => import('../features/ratings/RectificationsPage'));
const RectificationPage = lazy(() => import('../features/ratings/RectificationPage'));
const DispatchDeskPage = lazy(() => import('../features/work-orders/DispatchDeskPage'));
const MyOrdersPage = lazy(() => import('../features/work-orders/MyOrdersPage'));
const HotlineDeskPage = lazy(() => import('../features/hotline/HotlineDeskPage'));
const WorkOrderPage = lazy(() => import('../features/work-orders/WorkOrderPage'));
const CityopsAdminPage = lazy(() => import('../features/cityops-admin/CityopsAdminPage'));
const InspectorPage = lazy(() => import('../features/inspector/InspectorPage'));
const CitizenReportPage = lazy(() => import('../features/citizen-report/CitizenReportPage'));
const OpsScreenPage = lazy(() => import('../features/ops-screen/OpsScreenPage'));
const DailyReportPage = lazy(() => import('../features/daily-report/DailyReportPage'));
const HotspotsPage = lazy(() => import('../features/hotspots/HotspotsPage'));
const SensorsPage = lazy(() => import('../features/sensors/SensorsPage'));
const SensorPage = lazy(() => import('../features/sensors/SensorPage'));
const AlarmsPage = lazy(() => import('../features/sensors/AlarmsPage'));

const rolesOf = (path: (typeof NAV_ITEMS)[number]['path']) => NAV_ITEMS.find((i) => i.path === path)!.roles;

const suspended = (page: ReactNode) => (
  <Suspense fallback={<Spin className="yw-page-spin" />}>{page}</Suspense>
);

const guarded = (path: (typeof NAV_ITEMS)[number]['path'], page: ReactNode) => (
  <RequireRoles roles={rolesOf(path)}>
    <Suspense fallback={<Spin className="yw-page-spin" />}>{page}</Suspense>
  </RequireRoles>
);

/**
 * Routes: public pages under PublicLayout; `/workbench/*` and `/admin/*` under StaffLayout,
 * which sends the signed-out to /login and shows 403 to citizens, and each admin page checks its roles.
 */
export const routes: RouteObject[] = [
  // The operations screen (大屏): full screen, no staff menu; it checks the session and roles itself.
  { path: '/ops-screen', element: suspended(<OpsScreenPage />) },
  {
    element: <PublicLayout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/login', element: <StaffLoginPage /> },
      { path: '/public/login', element: <PublicLoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/me', element: <MePage /> },
      { path: '/services', element: suspended(<ServicesPage />) },
      { path: '/services/bundles/:code', element: suspended(<BundlePage />) },
      { path: '/services/:code', element: suspended(<ServiceDetailPage />) },
      { path: '/apply/bundle/:code', element: suspended(<ApplyPage kind="bundle" />) },
      { path: '/apply/:code', element: suspended(<ApplyPage kind="item" />) },
      { path: '/me/applications', element: suspended(<MyApplications />) },
      { path: '/me/applications/:id', element: suspended(<MyApplication />) },
      { path: '/outlets', element: suspended(<OutletLookupPage />) },
      { path: '/public/report', element: suspended(<CitizenReportPage />) },
      { path: '/me/outlets', element: suspended(<MyOutletsPage />) },
      { path: '/me/batches', element: suspended(<BatchesPage base="/me/batches" />) },
      { path: '/me/batches/:id', element: suspended(<BatchesPage base="/me/batches" />) },
      { path: '/me/applications/:id/rate', element: suspended(<RatePage />) },
      { path: '/ratings', element: suspended(<RatingsPage />) },
      {
        path: '/me/wallet',
        element: (
          <Suspense fallback={<Spin className="yw-page-spin" />}>
            <WalletPage />
          </Suspense>
        ),
      },
      {
        path: '/verify/:id',
        element: (
          <Suspense fallback={<Spin className="yw-page-spin" />}>
            <VerifyPage />
          </Suspense>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
  {
    element: <StaffLayout />,
    children: [
      { path: '/workbench', element: <WorkbenchHome /> },
      { path: '/workbench/citizens', element: guarded('/workbench/citizens', <CitizensPage />) },
      { path: '/workbench/licenses', element: guarded('/workbench/licenses', <LicensesPage />) },
      {
        path: '/workbench/service-dashboard',
        element: guarded('/workbench/service-dashboard', <ServiceDashboardPage />),
      },
      // Any staff member may open a case link; the server answers 404 outside their scope.
      { path: '/workbench/cases/:id', element: guarded('/workbench', <CasePage />) },
      { path: '/workbench/queue', element: guarded('/workbench/queue', <QueuePage />) },
      { path: '/workbench/window', element: guarded('/workbench/window', <WindowPage />) },
      {
        path: '/workbench/batches',
        element: guarded('/workbench/batches', <BatchesPage base="/workbench/batches" />),
      },
      {
        path: '/workbench/batches/:id',
        element: guarded('/workbench/batches', <BatchesPage base="/workbench/batches" />),
      },
      { path: '/workbench/joint-review', element: guarded('/workbench/joint-review', <JointReviewPage />) },
      {
        path: '/workbench/joint-review/:id',
        element: guarded('/workbench/joint-review', <JointReviewPage />),
      },
      {
        path: '/workbench/rectifications',
        element: guarded('/workbench/rectifications', <RectificationsPage />),
      },
      {
        path: '/workbench/rectifications/:id',
        element: guarded('/workbench/rectifications', <RectificationPage />),
      },
      { path: '/workbench/dispatch', element: guarded('/workbench/dispatch', <DispatchDeskPage />) },
      { path: '/workbench/my-orders', element: guarded('/workbench/my-orders', <MyOrdersPage />) },
      { path: '/workbench/inspector', element: guarded('/workbench/inspector', <InspectorPage />) },
      {
        path: '/workbench/daily-report',
        element: guarded('/workbench/daily-report', <DailyReportPage />),
      },
      { path: '/workbench/hotspots', element: guarded('/workbench/hotspots', <HotspotsPage />) },
      { path: '/workbench/hotline', element: guarded('/workbench/hotline', <HotlineDeskPage />) },
      { path: '/workbench/sensors', element: guarded('/workbench/sensors', <SensorsPage />) },
      { path: '/workbench/sensors/:id', element: guarded('/workbench/sensors', <SensorPage />) },
      { path: '/workbench/alarms', element: guarded('/workbench/alarms', <AlarmsPage />) },
      // Any staff member may open a work order link; the server answers 404 outside their scope.
      { path: '/workbench/work-orders/:id', element: guarded('/workbench', <WorkOrderPage />) },
      // Any staff member may open an application link; the server answers 404 outside their scope.
      { path: '/workbench/applications/:id', element: guarded('/workbench', <StaffApplicationPage />) },
      { path: '/workbench/*', element: <NotFound /> },
      { path: '/admin/users', element: guarded('/admin/users', <UsersPage />) },
      { path: '/admin/units', element: guarded('/admin/units', <UnitsPage />) },
      { path: '/admin/calendar', element: guarded('/admin/calendar', <CalendarPage />) },
      { path: '/admin/catalogue', element: guarded('/admin/catalogue', <CatalogueAdminPage />) },
      { path: '/admin/cityops', element: guarded('/admin/cityops', <CityopsAdminPage />) },
      { path: '/admin/api-keys', element: guarded('/admin/api-keys', <ApiKeysPage />) },
      { path: '/admin/audit', element: guarded('/admin/audit', <AuditPage />) },
      { path: '/admin/*', element: <NotFound /> },
    ],
  },
];

export const createAppRouter = () => createBrowserRouter(routes);
