import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { verifyAuditChain } from '../../core/audit/audit-log';
import { Page } from '../../core/schemas';
import { paginate } from '../../core/paginate';
import { hasRole } from '../../core/auth/access';

const AuditRow = z.object({
  seq: z.number(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  summary: z.unknown(),
});
const tags = ['audit'];

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit', {
      config: { access: ['auditor', 'admin'] },
      schema: {
        tags,
        summary:
          'The audit log, newest first (auditors and district administrators read all; a street administrator its own unit’s actors)',
        querystring: Page.extend({
          action: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(AuditRow), total: z.number() }) },
      },
      handler: async (request) => {
        const { page, pageSize, action, entityId } = request.query;
        const actor = request.actor;
        let query = ctx.db.selectFrom('audit_log as l');
        if (!hasRole(actor, 'auditor') && actor.unit?.kind !== 'district') {
          // Outside the district level, an administrator sees what the accounts of their own subtree did.
          const path = actor.unit?.path ?? '-';
          query = query.where('l.actor_id', 'in', (eb) =>
            eb
              .selectFrom('account as a')
              .innerJoin('org_unit as u', 'u.id', 'a.unit_id')
              .select('a.id')
              .where((w) => w.or([w('u.path', '=', path), w('u.path', 'like', `${path}/%`)])),
          );
        }
        if (action) query = query.where('l.action', '=', action);
        if (entityId) query = query.where('l.entity_id', '=', entityId);
        const { rows, total } = await paginate(query, (q) => q.selectAll('l').orderBy('l.seq', 'desc'), {
          page,
          pageSize,
        });
        return {
          total,
          items: rows.map((r) => ({
            seq: r.seq,
            at: r.at,
            actorId: r.actor_id,
            actorName: r.actor_label,
            action: r.action,
            entity: r.entity,
            entityId: r.entity_id,
            summary: r.summary,
          })),
        };
      },
    });

    app.get('/audit/verify', {
      config: { access: ['auditor'] },
      schema: { tags, summary: 'Verify the hash chain of the whole audit log' },
      handler: () => verifyAuditChain(ctx.db),
    });
  };
