import type { Localized } from '../work-orders/types';

export type Call = {
  id: string;
  callNo: string;
  callerName: string | null;
  callerPhone: string | null;
  kindCode: string;
  kindName: string;
  subjectCategoryCode: string | null;
  subjectCategoryName: string | null;
  streetName: string | null;
  committeeName: string | null;
  address: string | null;
  description: string;
  disposition: 'created' | 'followed' | 'answered';
  answer: string | null;
  workOrderId: string | null;
  orderNo: string | null;
  orderState: string | null;
  orderStateName: Localized | null;
  recordedByName: string | null;
  createdAt: string;
};

type OrderSummary = {
  caseId: string;
  orderNo: string;
  categoryName: string;
  subjectCategoryName: string | null;
  state: string;
  stateName: Localized | null;
  version: number;
  streetName: string | null;
  committeeName: string | null;
  responsibleUnitName: string | null;
  description: string;
  outcome: string | null;
  createdAt: string;
};

export type FirstContact = OrderSummary & {
  reporterName: string | null;
  reporterPhone: string | null;
  firstContactDue: string;
  missed: boolean;
};

export type Caller = { kind: 'order' | 'follower'; id: string; name: string | null; phone: string | null };

export type Callback = OrderSummary & { closedAt: string; callers: Caller[] };

export type Category = {
  code: string;
  kind: 'component' | 'event' | 'hotline';
  name: string;
  majorName: string;
  active: boolean;
};
