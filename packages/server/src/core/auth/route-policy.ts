import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Access } from './access';
import type { Role } from './roles';

/**
 * Whose objects a route reaches, beyond the role check:
 * - `none`: no object of a unit or a person (reference data, the caller's own session, public
 *   look-ups): every allowed caller gets the same answer.
 * - `district`: district-wide data, the same for every allowed role (the 12345 hotline desk,
 *   the sensor dead letters).
 * - `unit`: objects of an org unit — staff see their unit's subtree (district-level units,
 *   leaders and auditors see all; see `scopeOf`), citizens and enterprises only their own
 *   records. An id from outside the scope answers 404, never the object.
 * - `own`: only the caller's own records (a citizen's applications, wallet, reports).
 */
export type RouteScope = 'none' | 'district' | 'unit' | 'own';

export type RoutePolicy = {
  /** Who may call the route (401 for nobody, 403 for the wrong role), enforced before validation. */
  access: Access;
  scope: RouteScope;
  /**
   * The handler authenticates the caller itself from an `api_key` parameter (Open311's
   * convention) and admits only API keys holding one of these roles; without it, 403.
   */
  apiKeyParameter?: readonly Role[];
};

/**
 * THE authorization table: every route of the API, Open311, the probes and the API
 * documentation, as `'METHOD /url'` (HEAD follows GET). The app refuses to start with a route
 * missing here (see {@link installRoutePolicy}); `authorization-matrix.test.ts` calls every
 * route as every role against it, and `route-policy.test.ts` fails on a stale entry. Handlers
 * still check object-level scope (their unit, their own records) themselves.
 * ADR: docs/adr/011-authorization-matrix.md.
 */
export const ROUTE_POLICY: Readonly<Record<string, RoutePolicy>> = {
  // API documentation (registered before the auth hook: public by design)
  'GET /api/openapi.json': { access: 'public', scope: 'none' },
  'GET /api/docs': { access: 'public', scope: 'none' },
  'GET /api/docs/static/index.html': { access: 'public', scope: 'none' },
  'GET /api/docs/static/swagger-initializer.js': { access: 'public', scope: 'none' },
  'GET /api/docs/': { access: 'public', scope: 'none' },
  'GET /api/docs/json': { access: 'public', scope: 'none' },
  'GET /api/docs/yaml': { access: 'public', scope: 'none' },
  'GET /api/docs/static/*': { access: 'public', scope: 'none' },
  'GET /healthz': { access: 'public', scope: 'none' },
  'GET /readyz': { access: 'public', scope: 'none' },
  'GET /metrics': { access: 'public', scope: 'none' },
  'GET /api/session': { access: 'public', scope: 'none' },
  'POST /api/auth/login': { access: 'public', scope: 'none' },
  'POST /api/auth/public/login': { access: 'public', scope: 'none' },
  'POST /api/auth/register/citizen': { access: 'public', scope: 'none' },
  'POST /api/auth/register/enterprise': { access: 'public', scope: 'none' },
  'POST /api/auth/logout': { access: 'public', scope: 'none' },
  'POST /api/auth/password': { access: 'signed-in', scope: 'none' },
  'GET /api/units': { access: 'public', scope: 'none' },
  'POST /api/units': { access: ['admin'], scope: 'unit' },
  'PATCH /api/units/:id': { access: ['admin'], scope: 'unit' },
  'GET /api/roles': { access: 'public', scope: 'none' },
  'GET /api/users': { access: ['admin'], scope: 'unit' },
  'GET /api/users/:id': { access: ['admin'], scope: 'unit' },
  'POST /api/users': { access: ['admin'], scope: 'unit' },
  'PATCH /api/users/:id': { access: ['admin'], scope: 'unit' },
  'POST /api/users/:id/password': { access: ['admin'], scope: 'unit' },
  'GET /api/calendar/years': { access: 'staff', scope: 'none' },
  'PUT /api/calendar/years/:year': { access: ['admin'], scope: 'none' },
  'POST /api/calendar/import': { access: ['admin'], scope: 'none' },
  'GET /api/calendar/deadline': { access: 'signed-in', scope: 'none' },
  'GET /api/audit': { access: ['auditor', 'admin'], scope: 'unit' },
  'GET /api/audit/verify': { access: ['auditor'], scope: 'district' },
  'GET /api/api-keys': { access: ['admin'], scope: 'unit' },
  'POST /api/api-keys': { access: ['admin'], scope: 'unit' },
  'DELETE /api/api-keys/:id': { access: ['admin'], scope: 'unit' },
  'GET /api/whoami': { access: 'signed-in', scope: 'own' },
  'GET /api/workflows': { access: 'staff', scope: 'none' },
  'GET /api/cases/:id': { access: 'signed-in', scope: 'unit' },
  'POST /api/cases/:id/actions': { access: 'signed-in', scope: 'unit' },
  'GET /api/citizens': { access: ['clerk', 'admin', 'leader', 'auditor'], scope: 'unit' },
  'GET /api/citizens/:id/identity': { access: ['clerk'], scope: 'unit' },
  'GET /api/citizens/:id/export': { access: ['admin'], scope: 'district' },
  'POST /api/citizens/:id/erase': { access: ['admin'], scope: 'district' },
  'GET /api/me/export': { access: ['citizen', 'enterprise'], scope: 'own' },
  'POST /api/applications': { access: ['citizen', 'enterprise', 'clerk'], scope: 'unit' },
  'GET /api/applications/mine': { access: ['citizen', 'enterprise'], scope: 'own' },
  'GET /api/applications/queue': { access: ['clerk', 'reviewer', 'leader'], scope: 'unit' },
  'GET /api/applications/:id': { access: 'signed-in', scope: 'unit' },
  'POST /api/applications/:id/cases/:caseId/actions': { access: 'signed-in', scope: 'unit' },
  'GET /api/applications/:id/receipts/:kind.pdf': { access: 'signed-in', scope: 'unit' },
  'GET /api/applications/:id/files/:fileId': { access: 'signed-in', scope: 'unit' },
  'POST /api/applications/:id/materials': { access: ['citizen', 'enterprise', 'clerk'], scope: 'unit' },
  'POST /api/applications/:id/cases/:caseId/false-pledge': { access: ['reviewer'], scope: 'unit' },
  'GET /api/notifications': { access: ['citizen', 'enterprise'], scope: 'own' },
  'GET /api/catalogue/items': { access: 'public', scope: 'none' },
  'GET /api/catalogue/items/:code': { access: 'public', scope: 'none' },
  'GET /api/catalogue/items/:code/versions': { access: ['admin'], scope: 'none' },
  'GET /api/catalogue/items/:code/versions/:version': { access: ['admin'], scope: 'none' },
  'POST /api/catalogue/items': { access: ['admin'], scope: 'none' },
  'PUT /api/catalogue/items/:code': { access: ['admin'], scope: 'none' },
  'GET /api/catalogue/life-events': { access: 'public', scope: 'none' },
  'GET /api/catalogue/bundles': { access: 'public', scope: 'none' },
  'GET /api/catalogue/bundles/:code': { access: 'public', scope: 'none' },
  'POST /api/catalogue/bundles': { access: ['admin'], scope: 'none' },
  'PUT /api/catalogue/bundles/:code': { access: ['admin'], scope: 'none' },
  'GET /api/wallet': { access: ['citizen', 'enterprise'], scope: 'own' },
  'GET /api/licenses': { access: ['clerk', 'reviewer', 'admin', 'leader', 'auditor'], scope: 'unit' },
  'GET /api/licenses/:id': { access: 'signed-in', scope: 'unit' },
  'POST /api/licenses/:id/revoke': { access: ['admin', 'reviewer'], scope: 'unit' },
  'GET /api/verify/:id': { access: 'public', scope: 'none' },
  'GET /api/verify/:id/qr.svg': { access: 'public', scope: 'none' },
  'GET /api/service-kpis': { access: ['leader', 'admin', 'auditor'], scope: 'unit' },
  'GET /api/service-kpis/export.xlsx': { access: ['leader', 'admin', 'auditor'], scope: 'unit' },
  'GET /api/licenses/:id/outlets': { access: 'signed-in', scope: 'unit' },
  'POST /api/licenses/:id/outlets': { access: ['enterprise'], scope: 'unit' },
  'PATCH /api/outlets/:id': { access: ['enterprise', 'reviewer', 'admin'], scope: 'unit' },
  'GET /api/outlets/lookup': { access: 'public', scope: 'none' },
  'POST /api/batches': { access: ['clerk', 'enterprise'], scope: 'unit' },
  'GET /api/batches': { access: ['clerk', 'leader', 'admin', 'auditor', 'enterprise'], scope: 'unit' },
  'GET /api/batches/:id': { access: ['clerk', 'leader', 'admin', 'auditor', 'enterprise'], scope: 'unit' },
  'POST /api/batches/:id/shops': { access: ['clerk', 'enterprise'], scope: 'unit' },
  'POST /api/batches/:id/applications': { access: ['clerk'], scope: 'unit' },
  'POST /api/joint-reviews': { access: ['reviewer'], scope: 'unit' },
  'GET /api/joint-reviews': { access: 'staff', scope: 'unit' },
  'GET /api/joint-reviews/departments': { access: ['reviewer'], scope: 'none' },
  'GET /api/joint-reviews/:id': { access: 'staff', scope: 'unit' },
  'POST /api/joint-reviews/:id/opinions': { access: ['reviewer'], scope: 'unit' },
  'GET /api/business-scopes': { access: 'public', scope: 'none' },
  'POST /api/applications/:id/rating': { access: ['citizen', 'enterprise'], scope: 'own' },
  'GET /api/applications/:id/rating': { access: 'signed-in', scope: 'unit' },
  'GET /api/rectifications': { access: 'staff', scope: 'unit' },
  'GET /api/rectifications/:id': { access: 'staff', scope: 'unit' },
  'POST /api/rectifications/:id/actions': { access: 'staff', scope: 'unit' },
  'GET /api/ratings/stats': { access: 'public', scope: 'none' },
  'GET /api/cityops/categories': { access: 'signed-in', scope: 'none' },
  'POST /api/cityops/categories': { access: ['admin'], scope: 'none' },
  'PUT /api/cityops/categories/:code': { access: ['admin'], scope: 'none' },
  'GET /api/cityops/places': { access: 'signed-in', scope: 'district' },
  'GET /api/cityops/routing-rules': { access: 'staff', scope: 'none' },
  'POST /api/cityops/routing-rules': { access: ['admin', 'dispatcher'], scope: 'none' },
  'PUT /api/cityops/routing-rules/:id': { access: ['admin', 'dispatcher'], scope: 'none' },
  'DELETE /api/cityops/routing-rules/:id': { access: ['admin', 'dispatcher'], scope: 'none' },
  'POST /api/work-orders': {
    access: ['dispatcher', 'operator', 'inspector', 'admin', 'integration'],
    scope: 'unit',
  },
  'POST /api/work-orders/citizen-reports': { access: ['citizen'], scope: 'own' },
  'GET /api/work-orders': { access: 'signed-in', scope: 'unit' },
  'GET /api/work-orders/notifications': { access: 'staff', scope: 'unit' },
  'GET /api/work-orders/routing-gaps': { access: ['dispatcher', 'admin', 'leader'], scope: 'district' },
  'GET /api/work-orders/:id': { access: 'signed-in', scope: 'unit' },
  'POST /api/work-orders/:id/actions': { access: 'staff', scope: 'unit' },
  'GET /api/cityops/screen/summary': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/cityops/screen/rates': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/cityops/screen/trends': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/cityops/hotspots': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/cityops/screen/orders': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/cityops/daily-report': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/cityops/screen/geo': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/cityops/live': {
    access: ['dispatcher', 'operator', 'leader', 'admin', 'auditor', 'handler', 'inspector'],
    scope: 'unit',
  },
  'GET /api/sensor-types': { access: 'staff', scope: 'none' },
  'GET /api/sensors': { access: 'staff', scope: 'unit' },
  'GET /api/sensors/import/template': { access: ['admin', 'dispatcher'], scope: 'unit' },
  'POST /api/sensors/import': { access: ['admin', 'dispatcher'], scope: 'unit' },
  'GET /api/sensors/import/:jobId': { access: ['admin', 'dispatcher'], scope: 'unit' },
  'GET /api/sensors/import/:jobId/errors': { access: ['admin', 'dispatcher'], scope: 'unit' },
  'GET /api/sensors/:id': { access: 'staff', scope: 'unit' },
  'POST /api/sensors': { access: ['admin', 'dispatcher'], scope: 'unit' },
  'PUT /api/sensors/:id': { access: ['admin', 'dispatcher'], scope: 'unit' },
  'POST /api/work-orders/duplicate-check': {
    access: ['dispatcher', 'operator', 'inspector', 'admin'],
    scope: 'unit',
  },
  'GET /api/work-orders/settings': { access: 'staff', scope: 'none' },
  'PUT /api/work-orders/settings/:key': { access: ['admin'], scope: 'none' },
  'GET /api/work-orders/:id/duplicates': { access: 'staff', scope: 'unit' },
  'POST /api/work-orders/:id/merge': { access: ['dispatcher', 'admin'], scope: 'unit' },
  'POST /api/work-orders/:id/followers': { access: ['dispatcher', 'operator', 'admin'], scope: 'unit' },
  'POST /api/hotline/calls': { access: ['operator', 'dispatcher'], scope: 'district' },
  'GET /api/hotline/calls': { access: ['operator', 'dispatcher'], scope: 'district' },
  'GET /api/hotline/calls/:id': { access: ['operator', 'dispatcher'], scope: 'district' },
  'GET /api/hotline/callbacks': { access: ['operator', 'dispatcher'], scope: 'district' },
  'GET /api/hotline/first-contacts': { access: ['operator', 'dispatcher'], scope: 'district' },
  'GET /api/hotline/phones/:kind/:id': { access: ['operator', 'dispatcher'], scope: 'district' },
  'POST /api/work-order-photos': {
    access: ['inspector', 'handler', 'dispatcher', 'operator', 'admin', 'citizen'],
    scope: 'unit',
  },
  'POST /api/work-orders/:id/photos': {
    access: ['inspector', 'handler', 'dispatcher', 'operator', 'admin'],
    scope: 'unit',
  },
  'GET /api/work-orders/:id/photos': { access: 'signed-in', scope: 'unit' },
  'GET /api/work-order-photos/:photoId': { access: 'signed-in', scope: 'unit' },
  'GET /api/work-orders/awaiting-verification': {
    access: ['inspector', 'dispatcher', 'admin'],
    scope: 'unit',
  },
  'POST /api/sensor-readings': { access: ['device', 'integration', 'admin'], scope: 'unit' },
  'GET /api/sensors/:id/series': { access: 'staff', scope: 'unit' },
  'GET /api/sensor-dead-letters': { access: ['admin', 'dispatcher'], scope: 'district' },
  'GET /api/sensor-alarms': {
    access: ['dispatcher', 'operator', 'admin', 'handler', 'inspector', 'leader', 'auditor'],
    scope: 'unit',
  },
  'GET /api/sensor-alarms/:id': {
    access: ['dispatcher', 'operator', 'admin', 'handler', 'inspector', 'leader', 'auditor'],
    scope: 'unit',
  },
  'POST /api/sensor-alarms/:id/acknowledge': { access: ['dispatcher', 'operator', 'admin'], scope: 'unit' },
  'POST /api/sensor-alarms/:id/clear': { access: ['dispatcher', 'operator', 'admin'], scope: 'unit' },
  'GET /api/sensor-rules': { access: 'staff', scope: 'none' },
  'PUT /api/sensor-rules/:id': { access: ['admin'], scope: 'none' },
  'PUT /api/sensor-types/:code/offline': { access: ['admin'], scope: 'none' },
  'GET /api/sensor-outage-setting': { access: 'staff', scope: 'none' },
  'PUT /api/sensor-outage-setting': { access: ['admin'], scope: 'none' },
  'GET /api/notifications/unread-count': { access: 'signed-in', scope: 'own' },
  'POST /api/notifications/read-all': { access: 'signed-in', scope: 'own' },
  'POST /api/notifications/:id/read': { access: 'signed-in', scope: 'own' },
  'GET /open311/v2/services.json': { access: 'public', scope: 'none' },
  'GET /open311/v2/requests.json': { access: 'public', scope: 'none' },
  'GET /open311/v2/servicerequestupdates.json': { access: 'public', scope: 'none' },
  'POST /open311/v2/requests.json': { access: 'public', scope: 'none', apiKeyParameter: ['integration'] },
  'GET /open311/v2/services.xml': { access: 'public', scope: 'none' },
  'GET /open311/v2/requests.xml': { access: 'public', scope: 'none' },
  'GET /open311/v2/servicerequestupdates.xml': { access: 'public', scope: 'none' },
  'POST /open311/v2/requests.xml': { access: 'public', scope: 'none', apiKeyParameter: ['integration'] },
  'GET /open311/v2/services/:file': { access: 'public', scope: 'none' },
  'GET /open311/v2/requests/:file': { access: 'public', scope: 'none' },
  'GET /open311/v2/tokens/:file': { access: 'public', scope: 'none' },
};

/**
 * Whether the table must declare a route: the API, Open311 and the probes. The built web
 * app's static files (present only when packages/web/dist exists) are public by rule.
 */
export function governed(url: string): boolean {
  return (
    url.startsWith('/api/') ||
    url === '/api' ||
    url.startsWith('/open311/') ||
    url === '/healthz' ||
    url === '/readyz' ||
    url === '/metrics'
  );
}

export type DeclaredRoute = { method: string; url: string; key: string; policy: RoutePolicy };

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** The routes an app registered under the table, each once (a HEAD route counts as its GET). */
export function declaredRoutes(app: FastifyInstance): DeclaredRoute[] {
  return declared.get(app) ?? [];
}

const sameAccess = (a: Access, b: Access) =>
  typeof a === 'string' || typeof b === 'string'
    ? a === b
    : a.length === b.length && a.every((r) => b.includes(r));

/**
 * Add the `onRoute` hook that reads the table: a governed route missing from it stops the
 * app at start-up, and the route's `config.access` is set from it (enforced by the auth
 * hook's preValidation: 401/403 before the body is even validated). A route that still
 * declares `config.access` itself must agree with the table. Call before any route is added.
 */
export function installRoutePolicy(
  app: FastifyInstance,
  table: Readonly<Record<string, RoutePolicy>> = ROUTE_POLICY,
): void {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!governed(route.url)) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    let policy: RoutePolicy | undefined;
    for (const method of methods) {
      const key = `${method === 'HEAD' ? 'GET' : method} ${route.url}`;
      const entry = table[key];
      if (!entry) {
        throw new Error(
          `route ${method} ${route.url} has no entry in ROUTE_POLICY ` +
            `(packages/server/src/core/auth/route-policy.ts): declare its access and scope there`,
        );
      }
      if (policy && !sameAccess(policy.access, entry.access)) {
        throw new Error(`route ${methods.join(',')} ${route.url}: one handler, different access per method`);
      }
      policy = entry;
      // HEAD is recorded as its GET (a plugin may add a HEAD route before or without its GET)
      if (!routes.some((r) => r.key === key))
        routes.push({ method: key.split(' ')[0]!, url: route.url, key, policy: entry });
    }
    if (!policy) return;
    const inline = route.config?.access;
    if (inline && !sameAccess(inline, policy.access)) {
      throw new Error(
        `route ${methods.join(',')} ${route.url} declares config.access ${JSON.stringify(inline)} ` +
          `but ROUTE_POLICY says ${JSON.stringify(policy.access)}: declare it only in route-policy.ts`,
      );
    }
    route.config = { ...route.config, access: policy.access };
  });
}
