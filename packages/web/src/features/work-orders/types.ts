export type Localized = { zh: string; en: string };

export type WorkOrder = {
  caseId: string;
  orderNo: string;
  source: string;
  categoryCode: string;
  categoryName: string;
  limitValue: number;
  limitUnit: string;
  streetName: string | null;
  committeeName: string | null;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  description: string;
  address: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  outcome: string | null;
  satisfaction: number | null;
  escalationLevel: number;
  createdAt: string;
  state: string;
  stateName: Localized | null;
  version: number;
  slaDeadline: string | null;
  overdue: boolean;
};

export type WorkOrderAction = {
  seq: number;
  action: string;
  actionName: Localized | null;
  fromState: string;
  toState: string;
  actorId: string;
  actorName: string | null;
  at: string;
  comment?: string;
  data?: Record<string, unknown>;
};

export type WorkOrderView = {
  order: WorkOrder;
  available: string[];
  actions: WorkOrderAction[];
  sla: { kind: string; deadline?: string; warnAt?: string };
};

export type RoutingGap = {
  categoryCode: string;
  categoryName: string;
  streetId: string | null;
  streetName: string | null;
  suggestedUnitName: string | null;
  orders: number;
  oldest: string;
};

export type Place = { id: string; code: string; name: string; kind: string; parentId: string | null };
