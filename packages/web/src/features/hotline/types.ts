import type { HotlineCallView } from '@yiwang/domain';
import type { Localized } from '../work-orders/types';

/** A call with its order's state named (hotline.service presents it so). */
export type Call = HotlineCallView & { orderStateName: Localized | null };

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
