import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams, Page } from '../../core/schemas';
import { countUnread } from '../notifications/notification.repository';
import { listOrderNotifications } from './work-order.repository';
import {
  ActBody,
  CreateWorkOrder,
  actOnWorkOrder,
  createWorkOrder,
  getWorkOrder,
  listRoutingGaps,
  listWorkOrders,
} from './work-order.service';

const tags = ['work-orders'];

/** 一网统管 work orders: report, queues, one order with its timeline, actions, routing gaps. */
export const workOrderRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/work-orders', {
      config: { access: ['dispatcher', 'operator', 'inspector', 'admin', 'integration'] },
      schema: {
        tags,
        summary:
          'Report a problem (12345 call, inspector, 大调研, sensor or another system): filed at once, dispatched at once when a routing rule matches',
        body: CreateWorkOrder,
      },
      handler: async (request, reply) =>
        reply.status(201).send(await createWorkOrder(ctx, request.actor, request.body)),
    });
    app.post('/work-orders/citizen-reports', {
      config: { access: ['citizen'] },
      schema: {
        tags,
        summary: "A citizen's own report: waits for the dispatcher to file it (立案)",
        body: CreateWorkOrder.omit({ source: true }),
      },
      handler: async (request, reply) =>
        reply.status(201).send(await createWorkOrder(ctx, request.actor, request.body)),
    });
    app.get('/work-orders', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'Orders the caller may see. view=queue: unrouted and awaiting approval first, then by deadline; view=mine: my unit’s open orders by deadline',
        querystring: Page.extend({
          view: z.enum(['queue', 'mine', 'all']).default('all'),
          open: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
        }),
      },
      handler: (request) => listWorkOrders(ctx, request.actor, request.query),
    });
    app.get('/work-orders/notifications', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'My work-order notifications, newest first (readAt null: unread): 督办 and its reminders until acknowledged, missed 12345 first contacts; unread = all my unread notifications',
      },
      handler: async (request) => {
        const [items, unread] = await Promise.all([
          listOrderNotifications(ctx.db, request.actor.id ?? ''),
          countUnread(ctx.db, request.actor.id ?? ''),
        ]);
        return { items, unread };
      },
    });
    app.get('/work-orders/routing-gaps', {
      config: { access: ['dispatcher', 'admin', 'leader'] },
      schema: {
        tags,
        summary: 'Unrouted open orders by category × street: rules missing from the routing table',
      },
      handler: () => listRoutingGaps(ctx),
    });
    app.get('/work-orders/:id', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'One order with its log (timeline), deadline and next actions',
        params: IdParams,
      },
      handler: (request) => getWorkOrder(ctx, request.actor, request.params.id),
    });
    app.post('/work-orders/:id/actions', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Act on an order with the version seen (409 when stale): file, dispatch (data.unitId), accept, requestReturn / approveReturn / rejectReturn (reason), requestExtension (data.extendBy) / approveExtension / rejectExtension, escalate, feedback, verify, rejectVerification, close (data.outcome), callback (data.satisfaction 1–5; ≤ 2 reopens), reopen',
        params: IdParams,
        body: ActBody,
      },
      handler: (request) => actOnWorkOrder(ctx, request.actor, request.params.id, request.body),
    });
  };
