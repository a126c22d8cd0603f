import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maskPhone, maskResidentId } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { recordAuditNow } from '../../core/audit/audit-log';
import { notFound } from '../../core/problem';
import { IdParams, Page } from '../../core/schemas';
import { paginate } from '../../core/paginate';

const Person = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string().describe('masked: first 6 and last 4 characters'),
  phone: z.string().describe('masked'),
  createdAt: z.date(),
});
const tags = ['people'];
const PERSON = { zh: '市民', en: 'citizen' };

/**
 * Registered citizens for staff who serve them. Lists show 身份证号 and phone masked; the
 * unmasked view is for window clerks (who check an applicant's identity) and every such
 * view is written to the audit log.
 */
export const peopleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/citizens', {
      config: { access: ['clerk', 'admin', 'leader', 'auditor'] },
      schema: {
        tags,
        summary: 'Find registered citizens by name, full ID number or phone (numbers masked)',
        querystring: Page.extend({ q: z.string().max(50).optional() }),
        response: { 200: z.object({ items: z.array(Person), total: z.number() }) },
      },
      handler: async (request) => {
        const { q, page, pageSize } = request.query;
        let query = ctx.db.selectFrom('account').where('kind', '=', 'citizen');
        if (q) {
          const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          query = query.where((eb) =>
            eb.or([
              eb('display_name', 'like', like),
              eb('id_number', '=', q.toUpperCase()),
              eb('phone', '=', q),
            ]),
          );
        }
        const { rows, total } = await paginate(
          query,
          (q) =>
            q
              .select(['id', 'display_name', 'id_number', 'phone', 'created_at'])
              .orderBy('created_at', 'desc'),
          { page, pageSize },
        );
        return {
          total,
          items: rows.map((r) => ({
            id: r.id,
            name: r.display_name,
            idNumber: maskResidentId(r.id_number ?? ''),
            phone: maskPhone(r.phone ?? ''),
            createdAt: r.created_at,
          })),
        };
      },
    });

    app.get('/citizens/:id/identity', {
      config: { access: ['clerk'] },
      schema: {
        tags,
        summary: "A citizen's full ID number and phone, for identity checks at the window (audited)",
        params: IdParams,
        response: {
          200: z.object({ id: z.string(), name: z.string(), idNumber: z.string(), phone: z.string() }),
        },
      },
      handler: async (request) => {
        const row = await ctx.db
          .selectFrom('account')
          .select(['id', 'display_name', 'id_number', 'phone'])
          .where('kind', '=', 'citizen')
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!row) throw notFound(PERSON);
        await recordAuditNow(ctx.db, request.actor, {
          action: 'personal-data.view',
          entity: 'account',
          entityId: row.id,
          summary: { fields: ['idNumber', 'phone'] },
        });
        return { id: row.id, name: row.display_name, idNumber: row.id_number ?? '', phone: row.phone ?? '' };
      },
    });
  };
