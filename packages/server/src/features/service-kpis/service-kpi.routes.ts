import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { Uuid } from '../../core/schemas';
import { serviceKpis, type DepartmentFigures } from './service-kpi.service';
import { XLSX_TYPE, toXlsx, type XlsxCell } from './xlsx';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Query = z.object({
  from: IsoDate.optional().describe('First day (Shanghai), inclusive; default 29 days before `to`'),
  to: IsoDate.optional().describe('Last day (Shanghai), inclusive; default today'),
  department: Uuid.optional().describe('Only this department (an org unit id)'),
});
const ACCESS = ['leader', 'admin', 'auditor'] as const;
const tags = ['service-kpis'];

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** The by-department table as exported: the same columns as the dashboard's table. */
export const DEPARTMENT_COLUMNS: { header: string; value: (d: DepartmentFigures) => XlsxCell }[] = [
  { header: '部门编码', value: (d) => d.code },
  { header: '实施部门', value: (d) => d.name },
  { header: '在办事项数', value: (d) => d.publishedItems },
  { header: '全程网办事项数', value: (d) => d.fullyOnlineItems },
  { header: '全程网办率(%)', value: (d) => pct(d.fullyOnlineRate) },
  { header: '申请件数', value: (d) => d.submitted },
  { header: '网上申请件数', value: (d) => d.submittedOnline },
  { header: '办结件数', value: (d) => d.decided },
  { header: '平均办理时长(工作日)', value: (d) => round1(d.averageWorkingDays) },
  { header: '按期办结件数', value: (d) => d.onTime },
  { header: '按期办结率(%)', value: (d) => pct(d.onTimeRate) },
  { header: '零跑动办结件数', value: (d) => d.zeroVisit },
  { header: '零跑动办结占比(%)', value: (d) => pct(d.zeroVisitRate) },
];

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
        const bytes = toXlsx(
          '按部门',
          DEPARTMENT_COLUMNS.map((c) => c.header),
          kpis.departments.map((d) => DEPARTMENT_COLUMNS.map((c) => c.value(d))),
        );
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
