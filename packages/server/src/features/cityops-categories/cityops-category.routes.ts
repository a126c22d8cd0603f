import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CityopsCategoryInput } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { IdParams } from '../../core/schemas';
import {
  RoutingRuleInput,
  createCategory,
  deleteRoutingRule,
  listCategories,
  listRoutingRules,
  saveRoutingRule,
  updateCategory,
} from './cityops-category.service';

const tags = ['cityops'];

/** 一网统管 reference tables: categories with their limits, and the routing table. */
export const cityopsCategoryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/cityops/categories', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          '部件/事件 classes and 12345 kinds: 立案条件, 处置时限 (value and unit), 结案条件, default 责任单位',
      },
      handler: async () => ({ items: await listCategories(ctx.db) }),
    });
    app.post('/cityops/categories', {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Add a category (district administrators)', body: CityopsCategoryInput },
      handler: async (request, reply) =>
        reply.status(201).send(await createCategory(ctx, request.actor, request.body)),
    });
    app.put('/cityops/categories/:code', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary:
          'Edit a category, its limit and default unit (district administrators); open orders keep theirs',
        params: z.object({ code: z.string().min(1).max(60) }),
        body: CityopsCategoryInput,
      },
      handler: (request) => updateCategory(ctx, request.actor, request.params.code, request.body),
    });
    app.get('/cityops/places', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'Streets, residents’ committees and departments: the places an order can be reported at and the units it can be dispatched to',
      },
      handler: async () => ({
        items: await ctx.db
          .selectFrom('org_unit')
          .select(['id', 'code', 'name', 'kind', 'parent_id as parentId'])
          .where('kind', 'in', ['street', 'committee', 'department'])
          .orderBy('kind')
          .orderBy('code')
          .execute(),
      }),
    });
    app.get('/cityops/routing-rules', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The routing table: category × street or committee (or anywhere) → responsible unit',
      },
      handler: async () => ({ items: await listRoutingRules(ctx.db) }),
    });
    app.post('/cityops/routing-rules', {
      config: { access: ['admin', 'dispatcher'] },
      schema: {
        tags,
        summary: 'Add a routing rule (district administrators, dispatchers)',
        body: RoutingRuleInput,
      },
      handler: async (request, reply) =>
        reply.status(201).send(await saveRoutingRule(ctx, request.actor, request.body)),
    });
    app.put('/cityops/routing-rules/:id', {
      config: { access: ['admin', 'dispatcher'] },
      schema: { tags, summary: 'Change a routing rule', params: IdParams, body: RoutingRuleInput },
      handler: (request) => saveRoutingRule(ctx, request.actor, request.body, request.params.id),
    });
    app.delete('/cityops/routing-rules/:id', {
      config: { access: ['admin', 'dispatcher'] },
      schema: { tags, summary: 'Remove a routing rule', params: IdParams },
      handler: async (request, reply) => {
        await deleteRoutingRule(ctx, request.actor, request.params.id);
        return reply.status(204).send();
      },
    });
  };
