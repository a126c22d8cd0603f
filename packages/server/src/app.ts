import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from '@yiwang/db';
import {
  JOINT_REVIEW_WORKFLOW,
  LICENCE_CASE_WORKFLOW,
  RATING_RECTIFICATION_WORKFLOW,
  WORK_ORDER_WORKFLOW,
} from '@yiwang/domain';
import multipart from '@fastify/multipart';
import { registerWorkflow } from './core/workflow/workflow.service';
import { applicationRoutes } from './features/applications/application.routes';
import type { Config } from './config';
import type { AppContext } from './core/app-context';
import { installAuth } from './core/auth/auth.hooks';
import { installRoutePolicy } from './core/auth/route-policy';
import { CalendarService } from './core/calendar/calendar.service';
import { frameworkErrors, installErrorHandling } from './core/error-handler';
import { redactingSerializers } from './core/log-redaction';
import { PROBLEM_TYPES } from './core/problem';
import { auditRoutes } from './features/audit/audit.routes';
import { authRoutes } from './features/auth/auth.routes';
import { calendarRoutes } from './features/calendar/calendar.routes';
import { catalogueRoutes } from './features/catalogue/catalogue.routes';
import { caseRoutes } from './features/cases/case.routes';
import { peopleRoutes } from './features/people/people.routes';
import { healthRoutes } from './features/health/health.routes';
import { apiKeyRoutes } from './features/api-keys/api-key.routes';
import { licenseRoutes } from './features/licenses/license.routes';
import { serviceKpiRoutes } from './features/service-kpis/service-kpi.routes';
import { ratingRoutes } from './features/ratings/rating.routes';
import { unitRoutes } from './features/units/unit.routes';
import { userRoutes } from './features/users/user.routes';
import { outletRoutes } from './features/outlets/outlet.routes';
import { batchRoutes } from './features/batches/batch.routes';
import { jointReviewRoutes } from './features/joint-review/joint-review.routes';
import { workOrderRoutes } from './features/work-orders/work-order.routes';
import { workOrderPhotoRoutes } from './features/work-order-photos/work-order-photo.routes';
import { cityopsCategoryRoutes } from './features/cityops-categories/cityops-category.routes';
import { open311Routes } from './features/open311/open311.routes';
import { cityopsScreenRoutes } from './features/cityops-screen/cityops-screen.routes';
import { LiveHub } from './core/live-hub';
import { sensorReadingRoutes } from './features/sensors/ingest/sensor-reading.routes';
import { sensorAlarmRoutes } from './features/sensor-alarms/sensor-alarm.routes';
import { sensorRuleRoutes } from './features/sensor-rules/sensor-rule.routes';
import { sensorRoutes } from './features/sensors/sensors.routes';
import { hotlineRoutes } from './features/hotline/hotline.routes';
import { workOrderDuplicateRoutes } from './features/work-order-duplicates/work-order-duplicate.routes';
import { notificationRoutes } from './features/notifications/notification.routes';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export type BuildOptions = {
  db: Database;
  config: Config;
  /** A pino logger config or false; tests pass false or a stream. */
  logger?: boolean | object;
  /** Serve the built web app (packages/web/dist) when it exists. */
  serveWeb?: boolean;
  /** The database's URL, for the live feed's own LISTEN connection (without it /api/cityops/live answers 503). */
  databaseUrl?: string;
};

/**
 * Build the whole HTTP application — API, OpenAPI, health, metrics and the web app — on
 * one Fastify instance without listening, so tests call it in-process with `inject`.
 */
export async function buildApp(options: BuildOptions): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const { db, config } = options;
  const ctx: AppContext = { db, config, calendar: new CalendarService(db, config.workingHours) };
  // Workflows shipped with the product are data in code: stored (idempotently) at every start.
  await registerWorkflow(ctx, LICENCE_CASE_WORKFLOW, {
    actionsVia: '/api/applications/:id/cases/:caseId/actions',
  });
  await registerWorkflow(ctx, JOINT_REVIEW_WORKFLOW, { actionsVia: '/api/joint-reviews/:id/opinions' });
  await registerWorkflow(ctx, RATING_RECTIFICATION_WORKFLOW, {
    actionsVia: '/api/rectifications/:id/actions',
  });
  await registerWorkflow(ctx, WORK_ORDER_WORKFLOW, { actionsVia: '/api/work-orders/:id/actions' });
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            serializers: redactingSerializers,
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    routerOptions: { maxParamLength: 200 },
    // An undecodable URL or an over-long path parameter: a problem+json 400, not Fastify's own JSON.
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every route's access and scope, from one table (ADR 011): an undeclared route stops the start.
  installRoutePolicy(app);
  const serveWeb = options.serveWeb !== false && existsSync(WEB_DIST);
  installErrorHandling(app, { spa: serveWeb });

  // Security headers (docs/architecture.md, "Browser security"). Scripts only from our origin —
  // no inline script, no eval; styles may be inline because antd's CSS-in-JS injects <style>
  // elements at run time (the one relaxation). HTTPS upgrades are left to the TLS proxy and HSTS:
  // upgrade-insecure-requests would break a plain-HTTP intranet install.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header(
      'permissions-policy',
      'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()',
    );
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 30, fields: 5, parts: 40 } });
  // Counted per signed-in account (or API key) and, for anonymous callers, per address: a
  // street office behind one NAT address must not share one bucket. The per-route hook runs
  // after the global auth hook, so `request.actor` is resolved here. Probes and the built
  // web app's static files (immutable, cacheable) are not counted.
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => (request.actor?.id ? `actor:${request.actor.id}` : `ip:${request.ip}`),
    allowList: (request) => !rateLimited(request.url),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Yiwang 一网 API',
        version: '0.1.0',
        description:
          'The API of the Yiwang district platform. Browser clients sign in with a session cookie and send the ' +
          '`x-csrf-token` header (from GET /api/session) on every state-changing request; machine clients send ' +
          '`x-api-key`. Errors are RFC 9457 problem details with `zh`, `en` and `errors[]` naming each field. Problem types: ' +
          Object.keys(PROBLEM_TYPES).join(', '),
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'yw_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  installAuth(app, ctx);
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx), { prefix: '/api' });
  await app.register(unitRoutes(ctx), { prefix: '/api' });
  await app.register(userRoutes(ctx), { prefix: '/api' });
  await app.register(calendarRoutes(ctx), { prefix: '/api' });
  await app.register(auditRoutes(ctx), { prefix: '/api' });
  await app.register(apiKeyRoutes(ctx), { prefix: '/api' });
  await app.register(caseRoutes(ctx), { prefix: '/api' });
  await app.register(peopleRoutes(ctx), { prefix: '/api' });
  await app.register(applicationRoutes(ctx), { prefix: '/api' });
  await app.register(catalogueRoutes(ctx), { prefix: '/api' });
  await app.register(licenseRoutes(ctx), { prefix: '/api' });
  await app.register(serviceKpiRoutes(ctx), { prefix: '/api' });
  await app.register(outletRoutes(ctx), { prefix: '/api' });
  await app.register(batchRoutes(ctx), { prefix: '/api' });
  await app.register(jointReviewRoutes(ctx), { prefix: '/api' });
  await app.register(ratingRoutes(ctx), { prefix: '/api' });
  await app.register(cityopsCategoryRoutes(ctx), { prefix: '/api' });
  await app.register(workOrderRoutes(ctx), { prefix: '/api' });
  const liveHub = options.databaseUrl ? new LiveHub(options.databaseUrl, app.log) : undefined;
  if (liveHub) {
    app.addHook('onReady', () => liveHub.start());
    app.addHook('onClose', () => liveHub.stop());
  }
  await app.register(cityopsScreenRoutes(ctx, liveHub), { prefix: '/api' });
  await app.register(sensorRoutes(ctx), { prefix: '/api' });
  await app.register(workOrderDuplicateRoutes(ctx), { prefix: '/api' });
  await app.register(notificationRoutes(ctx), { prefix: '/api' });
  await app.register(hotlineRoutes(ctx), { prefix: '/api' });
  await app.register(workOrderPhotoRoutes(ctx), { prefix: '/api' });
  await app.register(sensorReadingRoutes(ctx), { prefix: '/api' });
  await app.register(sensorAlarmRoutes(ctx), { prefix: '/api' });
  await app.register(sensorRuleRoutes(ctx), { prefix: '/api' });
  await app.register(open311Routes(ctx), { prefix: '/open311/v2' });

  if (serveWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  }
  return { app, ctx };
}

/** Whether a request counts against the rate limit: the API and Open311, not probes or static files. */
export function rateLimited(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/open311/');
}
