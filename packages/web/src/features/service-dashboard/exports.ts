/** The by-department table as CSV (the XLSX comes from the server, same columns). */
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import type { DepartmentFigures } from './types';

export const pct = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);
export const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

export function departmentColumns(): ExportColumn<DepartmentFigures>[] {
  return [
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
}

export const departmentsCsv = (rows: readonly DepartmentFigures[]): string =>
  toCsv(departmentColumns(), rows);
