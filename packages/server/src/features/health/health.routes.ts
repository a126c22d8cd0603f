import { sql } from 'kysely';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { Registry, collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';
import type { AppContext } from '../../core/app-context';

/** Liveness, readiness (the database answers) and Prometheus metrics of every route. */
export const healthRoutes = (ctx: AppContext): FastifyPluginAsync => {
  const plugin: FastifyPluginAsync = async (app) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'yiwang_' });
    const requests = new Counter({
      name: 'yiwang_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'yiwang_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      duration.observe({ route }, reply.elapsedTime / 1000);
    });

    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(ctx.db);
        return { status: 'ready', database: 'ok' };
      } catch {
        return reply
          .status(503)
          .header('retry-after', '5')
          .send({ status: 'unavailable', database: 'unreachable' });
      }
    });
    // `?name=a&name=b`: only those metrics — a poller watching one counter does not pay for
    // collecting all of them (the process metrics read /proc on every scrape)
    const metricsQuery = z.object({
      name: z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]).optional(),
    });
    app.get('/metrics', { schema: { hide: true, querystring: metricsQuery } }, async (request, reply) => {
      const { name } = request.query as z.infer<typeof metricsQuery>;
      reply.type(registry.contentType);
      if (name === undefined)
        // with the metrics features keep on prom-client's default registry (e.g. the sensor ingester's)
        return reply.send(await Registry.merge([registry, register]).metrics());
      const wanted = [...new Set(typeof name === 'string' ? [name] : name)];
      const texts = await Promise.all(
        wanted.map((n) => {
          const from = registry.getSingleMetric(n) ? registry : register.getSingleMetric(n) ? register : null;
          return from ? from.getSingleMetricAsString(n) : '';
        }),
      );
      return reply.send(texts.filter(Boolean).join('\n\n') + '\n');
    });
  };
  // Not encapsulated (what fastify-plugin does): the request counter hook must see every route, not only these three.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
};
