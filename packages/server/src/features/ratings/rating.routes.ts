import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RatingInput } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { IdParams, Page } from '../../core/schemas';
import {
  actOnRectification,
  getRating,
  getRectification,
  listRectifications,
  rateApplication,
  ratingStats,
} from './rating.service';

const tags = ['ratings'];
const ActionBody = z.object({
  action: z.string().min(1).max(64),
  expectedVersion: z.number().int().min(0),
  comment: z.string().max(2000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** 好差评: rating an application, the 差评整改 cases of the handling units, and the published figures. */
export const ratingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/applications/:id/rating', {
      config: { access: ['citizen', 'enterprise'] },
      schema: {
        tags,
        summary:
          'Rate an application once (一事一评/一次一评): score 1–5, optional sub-indicators, a comment required for 1–2 (差评 opens a rectification case)',
        params: IdParams,
        body: RatingInput,
      },
      handler: async (request, reply) =>
        reply.status(201).send(await rateApplication(ctx, request.actor, request.params.id, request.body)),
    });

    app.get('/applications/:id/rating', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: "An application's rating (or null) and whether its applicant may rate it now",
        params: IdParams,
      },
      handler: (request) => getRating(ctx, request.actor, request.params.id),
    });

    app.get('/rectifications', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: '差评整改 cases of the caller’s units (handling or intake), nearest deadline first',
        querystring: Page.extend({ status: z.enum(['open', 'all']).default('open') }),
      },
      handler: (request) => listRectifications(ctx, request.actor, request.query),
    });

    app.get('/rectifications/:id', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'A 差评整改 case: its log and deadline, the rating, the application and the rater to contact',
        params: IdParams,
      },
      handler: (request) => getRectification(ctx, request.actor, request.params.id),
    });

    app.post('/rectifications/:id/actions', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Act on a 差评整改 case: recordContact (data.contactedAt, data.channel phone|sms|visit|online; comment = what was said), rectify, reportBack, appeal; approveAppeal / rejectAppeal by the district',
        params: IdParams,
        body: ActionBody,
      },
      handler: (request) => actOnRectification(ctx, request.actor, request.params.id, request.body),
    });

    app.get('/ratings/stats', {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Published 好差评 figures for the last 30, 90 or 365 days: 好评率, 差评率, 差评整改率, counts and a ranking by department',
        querystring: z.object({ days: z.enum(['30', '90', '365']).default('30') }),
      },
      handler: (request) => ratingStats(ctx, Number(request.query.days) as 30 | 90 | 365),
    });
  };
