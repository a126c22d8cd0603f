export type Text = { zh: string; en: string };
export const INDICATORS = ['attitude', 'efficiency', 'standard', 'convenience', 'result'] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface Rating {
  id: string;
  score: number;
  indicators: Partial<Record<Indicator, number>>;
  comment: string | null;
  via: 'web' | 'mobile' | 'window-tablet';
  serviceChannel: string;
  departmentName: string;
  createdAt: string;
  rectification: { caseId: string; state: string; stateName: Text | null } | null;
}

export interface RatingAnswer {
  rating: Rating | null;
  canRate: boolean;
}

export interface RectificationRow {
  caseId: string;
  title: string;
  state: string;
  stateName: Text;
  version: number;
  departmentName: string;
  applicationId: string;
  applicationNo: string;
  score: number;
  comment: string | null;
  tierDays: number;
  openedAt: string;
  deadline: string | null;
  unknownYear: number | null;
  urgency: 'none' | 'normal' | 'warning' | 'overdue';
}

export interface RectificationView {
  case: {
    id: string;
    title: string;
    state: string;
    version: number;
    createdAt: string;
    tierDays: number;
    sla:
      | { kind: 'none' | 'paused' }
      | { kind: 'unknown'; unknownYear: number }
      | { kind: 'running'; deadline: string; warnAt: string };
    available: string[];
    actions: Array<{
      seq: number;
      action: string;
      fromState: string;
      toState: string;
      at: string;
      comment: string | null;
      data: Record<string, unknown>;
    }>;
  };
  rating: Rating;
  rater: { name: string; phone: string | null };
  application: {
    id: string;
    applicationNo: string;
    channel: string;
    submittedAt: string;
    items: Array<{ itemName: string; departmentName: string; state: string }>;
  };
}

export interface DepartmentFigures {
  unitId: string;
  name: string;
  total: number;
  good: number;
  poor: number;
  rectified: number;
  goodRate: number | null;
  poorRate: number | null;
  rectificationRate: number | null;
  average: number | null;
}

export interface RatingStats {
  days: number;
  total: number;
  good: number;
  poor: number;
  rectified: number;
  excluded: number;
  goodRate: number | null;
  poorRate: number | null;
  rectificationRate: number | null;
  average: number | null;
  counts: Record<'1' | '2' | '3' | '4' | '5', number>;
  indicators: Record<Indicator, number | null>;
  ranking: DepartmentFigures[];
}
