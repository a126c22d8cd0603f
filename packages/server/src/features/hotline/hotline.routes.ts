import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams, Uuid } from '../../core/schemas';
import {
  RecordCall,
  awaitingCallback,
  awaitingFirstContact,
  callsOfDay,
  getCall,
  recordCall,
  revealPhone,
} from './hotline.service';

const tags = ['hotline'];
// the 城运中心's desk: calls and phones are district-wide, so not for a street's administrator
const DESK = ['operator', 'dispatcher'] as const;

/** The 12345 hotline desk: calls, the first-contact and callback lists, audited phone reveals. */
export const hotlineRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/hotline/calls', {
      config: { access: DESK },
      schema: {
        tags,
        summary:
          'Record a 12345 call: create an order, follow an existing one (the caller becomes a follower), or answer a 咨询 on the spot (no order)',
        body: RecordCall,
      },
      handler: async (request, reply) =>
        reply.status(201).send(await recordCall(ctx, request.actor, request.body)),
    });
    app.get('/hotline/calls', {
      config: { access: DESK },
      schema: {
        tags,
        summary: 'The calls of one day (Shanghai; default today), newest first, phones masked',
        querystring: z.object({
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
        }),
      },
      handler: (request) => callsOfDay(ctx, request.query.date),
    });
    app.get('/hotline/calls/:id', {
      config: { access: DESK },
      schema: { tags, summary: 'One call, phone masked', params: IdParams },
      handler: (request) => getCall(ctx, request.params.id),
    });
    app.get('/hotline/callbacks', {
      config: { access: DESK },
      schema: {
        tags,
        summary:
          'Closed hotline orders awaiting their callback (回访), with the reporter and followers to call',
      },
      handler: () => awaitingCallback(ctx),
    });
    app.get('/hotline/first-contacts', {
      config: { access: DESK },
      schema: {
        tags,
        summary: '12345 orders whose first contact with the caller is still to be made, most urgent first',
      },
      handler: () => awaitingFirstContact(ctx),
    });
    app.get('/hotline/phones/:kind/:id', {
      config: { access: ['operator', 'dispatcher'] },
      schema: {
        tags,
        summary: 'The full number of a caller (call), a follower or an order’s reporter; audited',
        params: z.object({ kind: z.enum(['call', 'follower', 'order']), id: Uuid }),
      },
      handler: (request) => revealPhone(ctx, request.actor, request.params.kind, request.params.id),
    });
  };
