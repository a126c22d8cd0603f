import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams, Uuid, checkedString } from '../../core/schemas';
import { createUnit, listVisibleUnits, renameUnit } from './unit.service';

const UnitKind = z.enum(['district', 'street', 'committee', 'department', 'station']);
const Unit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: z.string(),
  parentId: z.string().nullable(),
  path: z.string(),
  demo: z.boolean(),
  note: z.string().nullable(),
});
const UnitName = checkedString((v) => v.trim().length >= 2 && v.length <= 60 && !/[\p{Cc}<>]/u.test(v), {
  zh: '名称须为 2–60 个字符，且不含特殊符号',
  en: 'the name must be 2–60 characters without control characters or < >',
});
const tags = ['org'];

export const unitRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/units', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Org units: staff see the units they manage, others the public directory',
        querystring: z.object({
          kind: UnitKind.optional(),
          parentId: Uuid.optional(),
          q: z.string().max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(Unit) }) },
      },
      handler: async (request) => ({ items: await listVisibleUnits(ctx, request.actor, request.query) }),
    });

    app.post('/units', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Create a unit under a parent the administrator manages',
        body: z.object({
          code: checkedString((v) => /^[A-Z0-9-]{2,32}$/.test(v), {
            zh: '单位代码须为 2–32 位大写字母、数字或 -',
            en: 'the code must be 2–32 uppercase letters, digits or -',
          }),
          name: UnitName,
          nameEn: z.string().max(100).optional(),
          kind: z.enum(['street', 'committee', 'department', 'station']),
          parentId: Uuid,
        }),
        response: { 201: Unit },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await createUnit(ctx, request.actor, request.body)),
    });

    app.patch('/units/:id', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Rename a unit',
        params: IdParams,
        body: z.object({ name: UnitName.optional(), nameEn: z.string().max(100).optional() }),
        response: { 200: Unit },
      },
      handler: (request) => renameUnit(ctx, request.actor, request.params.id, request.body),
    });
  };
