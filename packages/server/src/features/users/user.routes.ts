import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { ROLES, STAFF_ROLE_KEYS } from '../../core/auth/roles';
import { IdParams, Page, Password, PersonName, Username, Uuid } from '../../core/schemas';
import { changeUser, createUser, getUser, listUsers, resetPassword } from './user.service';

const StaffRole = z.enum(STAFF_ROLE_KEYS as [string, ...string[]]);
const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  unit: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    kind: z.string(),
  }),
  disabled: z.boolean(),
  createdAt: z.date(),
});
const tags = ['users'];

export const userRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/roles', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Every role with its Chinese and English name',
        response: {
          200: z.object({
            items: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), staff: z.boolean() })),
          }),
        },
      },
      handler: async () => ({ items: Object.entries(ROLES).map(([key, r]) => ({ key, ...r })) }),
    });

    app.get('/users', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Staff accounts in the units the administrator manages',
        querystring: Page.extend({ unitId: Uuid.optional(), q: z.string().max(50).optional() }),
        response: { 200: z.object({ items: z.array(User), total: z.number() }) },
      },
      handler: (request) => listUsers(ctx, request.actor, request.query),
    });

    app.get('/users/:id', {
      config: { access: ['admin'] },
      schema: { tags, summary: 'One staff account', params: IdParams, response: { 200: User } },
      handler: (request) => getUser(ctx, request.actor, request.params.id),
    });

    app.post('/users', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Create a staff account in a unit the administrator manages',
        body: z.object({
          username: Username,
          displayName: PersonName,
          password: Password,
          roles: z.array(StaffRole).min(1).max(STAFF_ROLE_KEYS.length),
          unitId: Uuid,
        }),
        response: { 201: User },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await createUser(ctx, request.actor, request.body)),
    });

    app.patch('/users/:id', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change a staff account: name, roles, unit, disabled',
        params: IdParams,
        body: z.object({
          displayName: PersonName.optional(),
          roles: z.array(StaffRole).min(1).max(STAFF_ROLE_KEYS.length).optional(),
          unitId: Uuid.optional(),
          disabled: z.boolean().optional(),
        }),
        response: { 200: User },
      },
      handler: (request) => changeUser(ctx, request.actor, request.params.id, request.body),
    });

    app.post('/users/:id/password', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: "Set a staff account's password (its sessions end)",
        params: IdParams,
        body: z.object({ password: Password }),
      },
      handler: async (request, reply) => {
        await resetPassword(ctx, request.actor, request.params.id, request.body.password);
        return reply.status(204).send();
      },
    });
  };
