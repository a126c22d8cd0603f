import { DEPARTMENT_COLUMNS, XLSX_TYPE, toXlsx } from '@yiwang/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { Uuid } from '../../core/schemas';
import { serviceKpis } from './service-kpi.service';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Query = z.object({
  from: IsoDate.optional().describe('First day (Shanghai), inclusive; default 29 days before `to`'),
  to: IsoDate.optional().describe('Last day (Shanghai), inclusive; default today'),
  department: Uuid.optional().describe('Only this department (an org unit id)'),
});
const ACCESS = ['leader', 'admin', 'auditor'] as const;
const tags = ['service-kpis'];

export const serviceKpiRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/service-kpis',
      {
        config: { access: ACCESS },
        schema: {
          tags,
          summary:
            '一网通办 figures for leaders: 全程网办率, 平均办理时长 (working days), 按期办结率, 零跑动, 开办企业用时 — overall, by department and per day',
          querystring: Query,
        },
      },
      async (request) => serviceKpis(ctx, request.actor, request.query),
    );
    app.get(
      '/service-kpis/export.xlsx',
      {
        config: { access: ACCESS },
        schema: { tags, summary: 'The by-department table as an XLSX workbook', querystring: Query },
      },
      async (request, reply) => {
        const kpis = await serviceKpis(ctx, request.actor, request.query);
        const bytes = toXlsx('按部门', DEPARTMENT_COLUMNS, kpis.departments);
        return reply
          .type(XLSX_TYPE)
          .header(
            'content-disposition',
            `attachment; filename="service-kpis-${kpis.from}-${kpis.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(`一网通办看板-${kpis.from}-${kpis.to}.xlsx`)}`,
          )
          .send(Buffer.from(bytes));
      },
    );
  };
