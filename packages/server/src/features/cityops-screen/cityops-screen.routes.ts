import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import type { Role } from '../../core/auth/roles';
import type { LiveHub } from '../../core/live-hub';
import { checkedString, Uuid } from '../../core/schemas';
import {
  dailyReport,
  hotspots,
  screenGeo,
  screenOrders,
  screenRates,
  screenSummary,
  screenTrends,
} from './cityops-screen.service';
import { LiveFeed } from './live-feed';

const tags = ['cityops-screen'];

/**
 * Who sees the operations screen: the 城运中心 (dispatchers, hotline operators), leaders,
 * auditors and administrators; a street's own staff (handlers, inspectors, its administrator)
 * see their street only.
 */
export const SCREEN_ROLES: readonly Role[] = [
  'dispatcher',
  'operator',
  'leader',
  'admin',
  'auditor',
  'handler',
  'inspector',
];

const isDay = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const Day = checkedString(isDay, { zh: '日期格式应为 YYYY-MM-DD', en: 'a date is YYYY-MM-DD' });
const Street = z.object({ streetId: Uuid.optional() });

/** The operations screen (大屏): counters, rates, trends, hot spots, drill-down, 日日清, live feed. */
export const cityopsScreenRoutes =
  (ctx: AppContext, hub: LiveHub | undefined): FastifyPluginAsyncZod =>
  async (app) => {
    const feed = new LiveFeed(ctx, hub);
    app.addHook('preClose', async () => feed.closeAll());

    app.get('/cityops/screen/summary', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary:
          'Live counters of the district (or one street): open, due today, overdue; active alarms by severity; sensor online rate; the same per street and committee for the map',
        querystring: Street,
      },
      handler: (request) => screenSummary(ctx, request.actor, request.query),
    });
    app.get('/cityops/screen/rates', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary:
          '结案率 (closed/due), 按期结案率 (closed on time/due) and 满意率 (satisfied/callbacks) over a period (default the last 30 days), per street or, with streetId, per committee',
        querystring: Street.extend({ from: Day.optional(), to: Day.optional() }).refine(
          (q) => !q.from || !q.to || q.from <= q.to,
          {
            path: ['from'],
            message: '开始日期不能晚于结束日期',
            params: { zh: '开始日期不能晚于结束日期', en: 'from is after to' },
          },
        ),
      },
      handler: (request) => screenRates(ctx, request.actor, request.query),
    });
    app.get('/cityops/screen/trends', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary: 'Orders opened and closed per day over the last 7 or 30 days',
        querystring: Street.extend({
          days: z.enum(['7', '30']).default('30').transform(Number),
        }),
      },
      handler: (request) => screenTrends(ctx, request.actor, request.query),
    });
    app.get('/cityops/hotspots', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary:
          '削峰: recurring problems (category × committee) ranked by orders over the last 7, 30 or 90 days, with the previous window and a daily series',
        querystring: Street.extend({
          days: z.enum(['7', '30', '90']).default('30').transform(Number),
          limit: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
      handler: (request) => hotspots(ctx, request.actor, request.query),
    });
    app.get('/cityops/screen/orders', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary:
          'Drill-down: the open orders of the scope, a street or a committee by nearest deadline; with categoryCode and placeId, the latest orders of that hot spot',
        querystring: Street.extend({
          placeId: Uuid.optional(),
          categoryCode: z.string().min(1).max(60).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      handler: (request) => screenOrders(ctx, request.actor, request.query),
    });
    app.get('/cityops/daily-report', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary:
          '日日清: per street for one day (default today) — carried in, opened, reopened, closed, carried over, due that day and overdue of those',
        querystring: z.object({ date: Day.optional() }),
      },
      handler: (request) => dailyReport(ctx, request.actor, request.query),
    });
    app.get('/cityops/screen/geo', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary:
          'The district outline and every street and committee with its point (demo approximations: the reference data has no boundaries)',
      },
      handler: () => screenGeo(ctx),
    });
    app.get('/cityops/live', {
      config: { access: SCREEN_ROLES },
      schema: {
        tags,
        summary:
          'Server-Sent Events: new and moving work orders (event work-order) and sensor alarms (event alarm) the caller may see; resync after a reconnection; a comment every 15 s',
      },
      handler: (request, reply) => feed.stream(request, reply),
    });
  };
