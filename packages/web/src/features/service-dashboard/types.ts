/** GET /api/service-kpis, as the server sends it (packages/server/src/features/service-kpis). */
export interface KpiFigures {
  publishedItems: number;
  fullyOnlineItems: number;
  fullyOnlineRate: number | null;
  submitted: number;
  submittedOnline: number;
  decided: number;
  averageWorkingDays: number | null;
  withDeadline: number;
  onTime: number;
  onTimeRate: number | null;
  zeroVisit: number;
  zeroVisitRate: number | null;
}
export interface DepartmentFigures extends KpiFigures {
  departmentId: string;
  code: string;
  name: string;
}
export interface ServiceKpis {
  from: string;
  to: string;
  departmentId: string | null;
  overall: KpiFigures & {
    applications: number;
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
}
