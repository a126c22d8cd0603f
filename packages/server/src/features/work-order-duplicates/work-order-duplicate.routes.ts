import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams } from '../../core/schemas';
import {
  SettingBody,
  changeSetting,
  settings,
  DuplicateCheck,
  FollowBody,
  MergeBody,
  checkDuplicates,
  followOrder,
  mergeOrder,
  orderDuplicates,
} from './work-order-duplicate.service';

const tags = ['work-orders'];

/** Duplicate work orders: the check at creation, an order's candidates, merge and follow. */
export const workOrderDuplicateRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/work-orders/duplicate-check', {
      config: { access: ['dispatcher', 'operator', 'inspector', 'admin'] },
      schema: {
        tags,
        summary:
          'Possible duplicates of a problem about to be reported: open orders of the same category at the same committee, or within the configured distance and days',
        body: DuplicateCheck,
      },
      handler: (request) => checkDuplicates(ctx, request.actor, request.body),
    });
    app.get('/work-orders/settings', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'City-operations settings: duplicate.radiusMetres, duplicate.windowDays, reminder.everyWorkingHours',
      },
      handler: () => settings(ctx),
    });
    app.put('/work-orders/settings/:key', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change a city-operations setting (district administrators; audited)',
        params: z.object({ key: z.string().min(1).max(60) }),
        body: SettingBody,
      },
      handler: (request) => changeSetting(ctx, request.actor, request.params.key, request.body.value),
    });
    app.get('/work-orders/:id/duplicates', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'An order’s possible duplicates (open orders about the same problem), the order it was merged into, those merged into it, and its followers',
        params: IdParams,
      },
      handler: (request) => orderDuplicates(ctx, request.actor, request.params.id),
    });
    app.post('/work-orders/:id/merge', {
      config: { access: ['dispatcher', 'admin'] },
      schema: {
        tags,
        summary:
          'Merge: close this order as a duplicate (outcome duplicate) of the order kept; its reporter and followers follow the kept one',
        params: IdParams,
        body: MergeBody,
      },
      handler: (request) => mergeOrder(ctx, request.actor, request.params.id, request.body),
    });
    app.post('/work-orders/:id/followers', {
      config: { access: ['dispatcher', 'operator', 'admin'] },
      schema: {
        tags,
        summary: 'Follow: record another reporter of the same problem; they are called back with the order',
        params: IdParams,
        body: FollowBody,
      },
      handler: async (request, reply) =>
        reply.status(201).send(await followOrder(ctx, request.actor, request.params.id, request.body)),
    });
  };
