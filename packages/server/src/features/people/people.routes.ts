import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maskPhone, maskResidentId } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { recordAudit, recordAuditNow } from '../../core/audit/audit-log';
import { scopeOf, type Actor } from '../../core/auth/actor';
import { notFound, Problem } from '../../core/problem';
import { IdParams, Page } from '../../core/schemas';
import { paginate } from '../../core/paginate';
import { countOpenApplicationCases, erasePerson, findPersonData } from './person-data.repository';

const Person = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string().describe('masked: first 6 and last 4 characters'),
  phone: z.string().describe('masked'),
  createdAt: z.date(),
});
const tags = ['people'];
const PERSON = { zh: '市民', en: 'citizen' };

const Rows = z.array(z.record(z.string(), z.unknown()));
/** Everything held about one person, unmasked (个人信息保护法 第45条). */
const PersonExport = z.object({
  exportedAt: z.date(),
  account: z.record(z.string(), z.unknown()),
  sessions: Rows,
  applications: Rows,
  licences: Rows,
  ratings: Rows,
  notifications: Rows,
  creditRecords: Rows,
  hotlineCalls: Rows,
  workOrdersReported: Rows,
  workOrdersFollowed: Rows,
  audit: Rows.describe('the newest 1000 audit rows about the person or made by them'),
});
const Erased = z.object({
  id: z.string(),
  erasedAt: z.date(),
  removed: z.object({
    sessions: z.number(),
    notifications: z.number(),
    loginFailures: z.number(),
    hotlineCalls: z.number(),
    workOrders: z.number(),
    followers: z.number(),
  }),
  kept: z.array(z.string()).describe('records kept because the law requires them (docs/security.md)'),
});
/** Kept on erasure: each is a record the law requires the district to keep (see docs/security.md). */
const KEPT_ON_ERASURE = ['applications', 'e-licences', 'credit-records', 'ratings', 'audit-log'];

/**
 * The district's personal-information officer acts for the district: only an administrator of
 * the district unit itself. A street administrator's scope is its street, which holds no
 * citizen accounts: like any object outside a scope, the citizen is not found (404).
 */
function assertDistrictAdmin(actor: Actor): void {
  if (scopeOf(actor).kind !== 'all') throw notFound(PERSON);
}

/** Export a person's data and audit it (the export holds the unmasked numbers). */
async function exportPerson(ctx: AppContext, actor: Actor, accountId: string) {
  const data = await findPersonData(ctx.db, accountId);
  if (!data) throw notFound(PERSON);
  await recordAuditNow(ctx.db, actor, {
    action: 'personal-data.export',
    entity: 'account',
    entityId: accountId,
    summary: { applications: data.applications.length, licences: data.licences.length },
  });
  return { exportedAt: new Date(), ...data };
}

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
        let query = ctx.db.selectFrom('account').where('kind', '=', 'citizen').where('erased_at', 'is', null);
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

    app.get('/citizens/:id/export', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary:
          'Everything held about a citizen, unmasked, for a request under 个人信息保护法 第45条 (district administrators; audited)',
        params: IdParams,
        response: { 200: PersonExport },
      },
      handler: async (request, reply) => {
        assertDistrictAdmin(request.actor);
        const row = await ctx.db
          .selectFrom('account')
          .select('id')
          .where('kind', '=', 'citizen')
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!row) throw notFound(PERSON);
        reply.header('cache-control', 'no-store');
        reply.header('content-disposition', `attachment; filename="person-${row.id}.json"`);
        return exportPerson(ctx, request.actor, row.id);
      },
    });

    app.get('/me/export', {
      config: { access: ['citizen', 'enterprise'] },
      schema: {
        tags,
        summary:
          'Everything the district holds about the signed-in citizen or enterprise (个人信息保护法 第45条; audited)',
        response: { 200: PersonExport },
      },
      handler: async (request, reply) => {
        reply.header('cache-control', 'no-store');
        reply.header('content-disposition', 'attachment; filename="my-data.json"');
        return exportPerson(ctx, request.actor, request.actor.id!);
      },
    });

    app.post('/citizens/:id/erase', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary:
          "Erase a citizen's personal data (个人信息保护法 第47条), keeping the records the law requires (district administrators; audited)",
        params: IdParams,
        body: z.object({
          confirm: z.literal(true, { error: '请确认删除 / confirm the erasure' }),
          reason: z.string().trim().min(2).max(500),
        }),
        response: { 200: Erased },
      },
      handler: async (request) => {
        assertDistrictAdmin(request.actor);
        const id = request.params.id;
        return ctx.db.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('account')
            .select(['id', 'erased_at'])
            .where('kind', '=', 'citizen')
            .where('id', '=', id)
            .forUpdate()
            .executeTakeFirst();
          if (!row) throw notFound(PERSON);
          if (row.erased_at) {
            throw new Problem('conflict', {
              zh: '该市民的个人信息已删除',
              en: "this citizen's personal data has already been erased",
            });
          }
          const open = await countOpenApplicationCases(trx, id);
          if (open > 0) {
            throw new Problem('conflict', {
              zh: `该市民有 ${open} 件办件尚在办理中，办结或撤回后才能删除个人信息`,
              en: `this citizen has ${open} application case(s) still being handled; erase after they are decided or withdrawn`,
            });
          }
          const removed = await erasePerson(trx, id);
          await recordAudit(trx, request.actor, {
            action: 'personal-data.erase',
            entity: 'account',
            entityId: id,
            summary: { reason: request.body.reason, removed, kept: KEPT_ON_ERASURE },
          });
          return { id, erasedAt: new Date(), removed, kept: KEPT_ON_ERASURE };
        });
      },
    });
  };
