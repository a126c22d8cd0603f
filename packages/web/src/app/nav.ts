/** What each role may open; the side menu and the route guards both read this table. */
import type { MessageKey } from '../i18n/messages';

export interface NavItem {
  path: string;
  label: MessageKey;
  testId: string;
  /** Roles that may open the page; `'staff'` means any staff account. */
  roles: 'staff' | readonly string[];
}

export const NAV_ITEMS = [
  { path: '/workbench', label: 'nav.workbench', testId: 'nav-workbench', roles: 'staff' },
  {
    path: '/workbench/queue',
    label: 'nav.queue',
    testId: 'nav-workbench-queue',
    roles: ['clerk', 'reviewer', 'leader'],
  },
  { path: '/workbench/window', label: 'nav.window', testId: 'nav-workbench-window', roles: ['clerk'] },
  {
    path: '/workbench/batches',
    label: 'nav.batches',
    testId: 'nav-workbench-batches',
    roles: ['clerk', 'admin', 'leader', 'auditor'],
  },
  {
    path: '/workbench/joint-review',
    label: 'nav.jointReview',
    testId: 'nav-workbench-joint-review',
    roles: ['reviewer', 'admin', 'leader', 'auditor'],
  },
  {
    path: '/workbench/rectifications',
    label: 'nav.rectifications',
    testId: 'nav-workbench-rectifications',
    roles: ['clerk', 'reviewer', 'admin', 'leader'],
  },
  {
    path: '/workbench/dispatch',
    label: 'nav.dispatch',
    testId: 'nav-workbench-dispatch',
    roles: ['dispatcher', 'leader'],
  },
  {
    path: '/workbench/hotline',
    label: 'nav.hotline',
    testId: 'nav-workbench-hotline',
    roles: ['operator', 'dispatcher'],
  },
  {
    path: '/workbench/my-orders',
    label: 'nav.myOrders',
    testId: 'nav-workbench-my-orders',
    roles: ['handler', 'inspector'],
  },
  {
    path: '/workbench/inspector',
    label: 'nav.inspector',
    testId: 'nav-workbench-inspector',
    roles: ['inspector'],
  },
  {
    path: '/workbench/sensors',
    label: 'nav.sensors',
    testId: 'nav-workbench-sensors',
    roles: ['dispatcher', 'operator', 'admin', 'leader'],
  },
  {
    path: '/workbench/alarms',
    label: 'nav.alarms',
    testId: 'nav-workbench-alarms',
    roles: ['dispatcher', 'operator', 'admin', 'leader'],
  },
  {
    path: '/workbench/citizens',
    label: 'nav.citizens',
    testId: 'nav-workbench-citizens',
    roles: ['clerk', 'admin', 'leader', 'auditor'],
  },
  {
    path: '/workbench/licenses',
    label: 'nav.licenses',
    testId: 'nav-workbench-licenses',
    roles: ['clerk', 'reviewer', 'admin', 'leader', 'auditor'],
  },
  {
    path: '/workbench/service-dashboard',
    label: 'nav.serviceDashboard',
    testId: 'nav-workbench-service-dashboard',
    roles: ['leader', 'admin', 'auditor'],
  },
  {
    path: '/ops-screen',
    label: 'nav.opsScreen',
    testId: 'nav-ops-screen',
    roles: ['dispatcher', 'operator', 'leader', 'admin', 'auditor'],
  },
  {
    path: '/workbench/daily-report',
    label: 'nav.dailyReport',
    testId: 'nav-workbench-daily-report',
    roles: ['dispatcher', 'operator', 'leader', 'admin', 'auditor'],
  },
  {
    path: '/workbench/hotspots',
    label: 'nav.hotspots',
    testId: 'nav-workbench-hotspots',
    roles: ['dispatcher', 'operator', 'leader', 'admin', 'auditor'],
  },
  { path: '/admin/users', label: 'nav.users', testId: 'nav-admin-users', roles: ['admin'] },
  { path: '/admin/units', label: 'nav.units', testId: 'nav-admin-units', roles: ['admin'] },
  { path: '/admin/calendar', label: 'nav.calendar', testId: 'nav-admin-calendar', roles: ['admin'] },
  { path: '/admin/catalogue', label: 'nav.catalogue', testId: 'nav-admin-catalogue', roles: ['admin'] },
  {
    path: '/admin/cityops',
    label: 'nav.cityops',
    testId: 'nav-admin-cityops',
    roles: ['admin', 'dispatcher'],
  },
  { path: '/admin/api-keys', label: 'nav.apiKeys', testId: 'nav-admin-api-keys', roles: ['admin'] },
  { path: '/admin/audit', label: 'nav.audit', testId: 'nav-admin-audit', roles: ['admin', 'auditor'] },
] as const satisfies readonly NavItem[];

export function mayOpen(item: Pick<NavItem, 'roles'>, roles: readonly string[]): boolean {
  return item.roles === 'staff' || item.roles.some((r) => roles.includes(r));
}

/** The menu a staff member with these roles sees. */
export function navFor(roles: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => mayOpen(item, roles));
}

/** The menu entry a location belongs to, for highlighting. */
export function navKeyFor(pathname: string): string | undefined {
  return [...NAV_ITEMS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))?.path;
}

/** Pages of a signed-in citizen or enterprise, linked from 个人中心 (/me). */
export const PUBLIC_NAV_ITEMS = [
  {
    path: '/me/applications',
    label: 'me.applications',
    testId: 'nav-my-applications',
    roles: ['citizen', 'enterprise'],
  },
  { path: '/me/wallet', label: 'nav.wallet', testId: 'nav-wallet', roles: ['citizen', 'enterprise'] },
  { path: '/public/report', label: 'nav.report', testId: 'nav-report', roles: ['citizen'] },
  { path: '/me/outlets', label: 'nav.outlets', testId: 'nav-my-outlets', roles: ['enterprise'] },
  { path: '/me/batches', label: 'nav.myBatches', testId: 'nav-my-batches', roles: ['enterprise'] },
] as const satisfies readonly NavItem[];
