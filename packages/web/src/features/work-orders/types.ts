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
  /** The desks' tag: past the deadline, or past the 80% warning. */
  urgency?: 'none' | 'normal' | 'warning' | 'overdue';
  subjectCategoryCode?: string | null;
  subjectCategoryName?: string | null;
  /** Merged as a duplicate into this order. */
  duplicateOf?: string | null;
  firstContactDue?: string | null;
  firstContactAt?: string | null;
  firstContactMissedAt?: string | null;
  firstContactPending?: boolean;
  escalationUnacknowledged?: boolean;
  remindersSent?: number;
  /** Other open orders of the same category at the same committee (lists only). */
  possibleDuplicates?: number;
};

export type DuplicateCandidate = {
  caseId: string;
  orderNo: string;
  categoryName: string;
  state: string;
  streetName: string | null;
  committeeName: string | null;
  address: string | null;
  description: string;
  createdAt: string;
  responsibleUnitName: string | null;
  distanceMetres: number | null;
  reason: 'committee' | 'street' | 'distance';
  followers: number;
};

export type Follower = {
  id: string;
  name: string | null;
  phone: string | null;
  via: 'call' | 'merge' | 'staff';
  callNo: string | null;
  mergedFrom: string | null;
  mergedFromNo: string | null;
  createdAt: string;
};

export type OrderDuplicates = {
  candidates: DuplicateCandidate[];
  followers: Follower[];
  duplicateOf: { caseId: string; orderNo: string } | null;
  merged: { caseId: string; orderNo: string; createdAt: string }[];
  radiusMetres: number;
  windowDays: number;
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
