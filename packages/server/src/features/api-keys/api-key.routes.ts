import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { API_KEY_ROLE_KEYS } from '../../core/auth/roles';
import { IdParams, Uuid, checkedString } from '../../core/schemas';
import { createKey, listKeys, revokeKey } from './api-key.service';

const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  roles: z.array(z.string()),
  unitId: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
const tags = ['api-keys'];

export const apiKeyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api-keys', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'API keys of machine clients in the units the administrator manages',
        response: { 200: z.object({ items: z.array(ApiKey) }) },
      },
      handler: async (request) => ({ items: await listKeys(ctx, request.actor) }),
    });

    app.post('/api-keys', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Create an API key for a sensor gateway or an integration client; the secret is shown once',
        body: z.object({
          name: checkedString((v) => v.trim().length >= 2 && v.length <= 80, {
            zh: '名称须为 2–80 个字符',
            en: 'the name must be 2–80 characters',
          }),
          roles: z.array(z.enum(API_KEY_ROLE_KEYS as [string, ...string[]])).min(1),
          unitId: Uuid,
        }),
        response: { 201: z.object({ id: z.string(), key: z.string() }) },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await createKey(ctx, request.actor, request.body)),
    });

    app.delete('/api-keys/:id', {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Revoke an API key', params: IdParams },
      handler: async (request, reply) => {
        await revokeKey(ctx, request.actor, request.params.id);
        return reply.status(204).send();
      },
    });

    app.get('/whoami', {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Who the caller is (for machine clients checking their key)' },
      handler: async (request) => ({
        kind: request.actor.kind,
        label: request.actor.label,
        roles: request.actor.roles,
        unit: request.actor.unit?.code ?? null,
      }),
    });
  };
