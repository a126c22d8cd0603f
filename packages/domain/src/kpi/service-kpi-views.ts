/**
 * GET /api/service-kpis as the server sends it (packages/server/src/features/service-kpis) and the
 * leaders' dashboard reads it (packages/web/src/features/service-dashboard), written once; and the
 * by-department table's columns, the same in the server's XLSX and the dashboard's CSV.
 */
import type { XlsxColumn } from '../files/xlsx';
import type { CaseFigures } from './service-kpis';

/** The figures of a period, overall or for one department: the decided sub-cases' and these. */
export type KpiFigures = CaseFigures & {
  publishedItems: number;
  fullyOnlineItems: number;
  /** 全程网办率 */
  fullyOnlineRate: number | null;
  /** Sub-cases (办件) submitted in the period. */
  submitted: number;
  submittedOnline: number;
};

export type DepartmentFigures = KpiFigures & { departmentId: string; code: string; name: string };

export type ServiceKpis = {
  from: string;
  to: string;
  departmentId: string | null;
  overall: KpiFigures & {
    applications: number;
    /** 零跑动 at submission: applications filed online / all applications. */
    onlineApplications: number;
    onlineApplicationRate: number | null;
    byChannel: { online: number; window: number; station: number };
  };
  companySetup: {
    promiseHours: number;
    completed: number;
    medianHours: number | null;
    withinPromise: number;
    withinPromiseRate: number | null;
  };
  departments: DepartmentFigures[];
  daily: { date: string; submitted: number; decided: number }[];
};

/** A rate (0…1) as a percentage with one decimal. */
export const pct = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);
/** One decimal. */
export const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** The by-department table as exported (XLSX from the server, CSV in the dashboard). */
export const DEPARTMENT_COLUMNS: readonly XlsxColumn<DepartmentFigures>[] = [
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
