import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './roles';
import { declaredRoutes, governed, installRoutePolicy, ROUTE_POLICY, type RoutePolicy } from './route-policy';

const table: Record<string, RoutePolicy> = {
  'GET /api/declared': { access: ['admin'], scope: 'none' },
  'POST /api/declared': { access: 'signed-in', scope: 'own' },
};

describe('the route policy table', () => {
  it('refuses at start-up an API or Open311 route missing from the table', () => {
    const app = Fastify();
    installRoutePolicy(app, table);
    expect(() => app.get('/api/undeclared', async () => 'x')).toThrow(
      /GET \/api\/undeclared has no entry in ROUTE_POLICY/,
    );
    expect(() => app.post('/open311/v2/x.json', async () => 'x')).toThrow(/POST \/open311\/v2\/x.json/);
    expect(() => app.get('/metrics', async () => 'x')).toThrow(/GET \/metrics/);
  });

  it('sets config.access from the table (HEAD following GET) and records the declared routes', async () => {
    const app = Fastify();
    installRoutePolicy(app, table);
    app.get('/api/declared', async (request) => request.routeOptions.config.access);
    app.post('/api/declared', async (request) => request.routeOptions.config.access);
    app.get('/assets/app.js', async () => 'static files of the web app are public by rule');
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/api/declared' })).json()).toEqual(['admin']);
    expect((await app.inject({ method: 'POST', url: '/api/declared' })).body).toBe('signed-in');
    expect(declaredRoutes(app).map((r) => r.key)).toEqual(['GET /api/declared', 'POST /api/declared']);
    await app.close();
  });

  it('refuses a route whose own config.access disagrees with the table', () => {
    const app = Fastify();
    installRoutePolicy(app, table);
    expect(() => app.get('/api/declared', { config: { access: 'public' } }, async () => 'x')).toThrow(
      /declares config.access "public" but ROUTE_POLICY says \["admin"\]/,
    );
  });

  it('names only known roles and scopes, with well-formed keys', () => {
    for (const [key, policy] of Object.entries(ROUTE_POLICY)) {
      expect(key, key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/);
      expect(governed(key.split(' ')[1]!), key).toBe(true);
      if (typeof policy.access !== 'string') {
        expect(policy.access.length, key).toBeGreaterThan(0);
        for (const role of policy.access) expect(Object.keys(ROLES), key).toContain(role as Role);
      } else expect(['public', 'signed-in', 'staff'], key).toContain(policy.access);
      expect(['none', 'district', 'unit', 'own'], key).toContain(policy.scope);
    }
  });
});
