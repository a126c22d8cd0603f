import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { scopeOf } from '../../core/auth/actor';
import { API_KEY_ROLE_KEYS } from '../../core/auth/roles';
import { sha256 } from '../../core/auth/session.repository';
import { unitInScope } from '../../core/auth/scope-filters';
import { recordAudit } from '../../core/audit/audit-log';
import { IdParams, Uuid, checkedString } from '../../core/schemas';
import { notFound } from '../../core/problem';
import { getManagedUnit } from '../units/unit.service';

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
const KEY = { zh: 'API 密钥', en: 'API key' };

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
      handler: async (request) => {
        const rows = await ctx.db
          .selectFrom('api_key as k')
          .innerJoin('org_unit as u', 'u.id', 'k.unit_id')
          .where(unitInScope(scopeOf(request.actor), 'u'))
          .selectAll('k')
          .orderBy('k.created_at', 'desc')
          .execute();
        return {
          items: rows.map((k) => ({
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            roles: k.roles,
            unitId: k.unit_id,
            createdAt: k.created_at,
            lastUsedAt: k.last_used_at,
            revokedAt: k.revoked_at,
          })),
        };
      },
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
      handler: async (request, reply) => {
        await getManagedUnit(ctx, request.actor, request.body.unitId);
        const prefix = randomBytes(6).toString('hex').slice(0, 8);
        const secret = randomBytes(24).toString('base64url');
        const id = await ctx.db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('api_key')
            .values({
              name: request.body.name,
              prefix,
              secret_hash: sha256(secret),
              roles: request.body.roles,
              unit_id: request.body.unitId,
              created_by: request.actor.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await recordAudit(trx, request.actor, {
            action: 'api-key.create',
            entity: 'api_key',
            entityId: row.id,
            summary: { name: request.body.name, roles: request.body.roles },
          });
          return row.id;
        });
        return reply.status(201).send({ id, key: `yk_${prefix}_${secret}` });
      },
    });

    app.delete('/api-keys/:id', {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Revoke an API key', params: IdParams },
      handler: async (request, reply) => {
        const key = await ctx.db
          .selectFrom('api_key as k')
          .innerJoin('org_unit as u', 'u.id', 'k.unit_id')
          .where(unitInScope(scopeOf(request.actor), 'u'))
          .where('k.id', '=', request.params.id)
          .select('k.id')
          .executeTakeFirst();
        if (!key) throw notFound(KEY);
        await ctx.db.transaction().execute(async (trx) => {
          await trx.updateTable('api_key').set({ revoked_at: new Date() }).where('id', '=', key.id).execute();
          await recordAudit(trx, request.actor, {
            action: 'api-key.revoke',
            entity: 'api_key',
            entityId: key.id,
          });
        });
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
