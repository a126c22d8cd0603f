import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/**
 * Every route the app serves, as `METHOD /path`, read back from Fastify's route tree
 * (`printRoutes` draws it with four characters per level: `│   ├── /segment (GET, HEAD)`).
 */
function servedRoutes(tree: string): string[] {
  const routes: string[] = [];
  const pathAtDepth: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (pathAtDepth[depth - 1] ?? '') + match[2]!;
    pathAtDepth[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${path}`);
  }
  return routes;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with both ways of signing in', async () => {
    const res = await t.client().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'session']);
  });

  it('documents every API route the app serves', async () => {
    const doc = (await t.client().get('/api/openapi.json')).json<{ paths: Record<string, object> }>();
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false }))
      .filter((r) => !r.startsWith('HEAD '))
      .filter((r) => / \/api\//.test(r) && !/ \/api\/(docs|openapi\.json)/.test(r));
    expect(served.length).toBeGreaterThan(20);
    const undocumented = served.filter((r) => {
      const [method, path] = r.split(' ') as [string, string];
      const documented = doc.paths[path.replace(/:(\w+)/g, '{$1}')] as Record<string, unknown> | undefined;
      return !documented?.[method.toLowerCase()];
    });
    expect(undocumented).toEqual([]);
    expect(served).toEqual(expect.arrayContaining(['GET /api/users/:id', 'POST /api/users/:id/password']));
  });
});

describe('health and metrics', () => {
  it('answers liveness and readiness', async () => {
    const live = await t.app.inject('/healthz');
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'ok' });
  });

  it('serves Prometheus metrics, counting requests by route', async () => {
    await t.app.inject('/api/roles');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('yiwang_http_requests_total{method="GET",route="/api/roles",status="200"}');
    expect(res.body).toContain('yiwang_process_cpu_seconds_total');
  });

  it('serves only the metrics named (?name=), for a poller watching one counter', async () => {
    const one = await t.app.inject('/metrics?name=yiwang_http_requests_total&name=no_such_metric');
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('yiwang_http_requests_total{');
    expect(one.body).not.toContain('yiwang_process_cpu_seconds_total');
    const bad = await t.app.inject(`/metrics?name=${'x'.repeat(300)}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('problem+json');
  });
});
