/** What the operations-screen API answers (packages/server/src/features/cityops-screen). */
import type { Lang } from '../../i18n/messages';

export type PlaceRef = {
  id: string;
  kind: 'street' | 'committee';
  name: string;
  nameEn: string | null;
  streetId: string;
};

export const placeName = (p: PlaceRef | null | undefined, lang: Lang) =>
  !p ? '' : lang === 'en' && p.nameEn ? p.nameEn : p.name;

export type ScreenSummary = {
  level: 'district' | 'street';
  street: PlaceRef | null;
  asOf: string;
  counters: { open: number; dueToday: number; overdue: number };
  alarms: {
    active: number;
    unacknowledged: number;
    bySeverity: { severity: number; active: number; unacknowledged: number }[];
  } | null;
  sensors: { total: number; online: number; onlineRate: number | null } | null;
  places: (PlaceRef & {
    at: [number, number] | null;
    open: number;
    overdue: number;
    dueToday: number;
    alarms: number;
  })[];
};

export type Rates = {
  due: number;
  closed: number;
  closedOnTime: number;
  callbacks: number;
  satisfied: number;
  opened: number;
  closeActions: number;
  closeRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
};

export type ScreenRates = {
  from: string;
  to: string;
  by: 'street' | 'place';
  street: PlaceRef | null;
  rows: ({ place: PlaceRef } & Rates)[];
  total: Rates;
};

export type ScreenTrends = {
  from: string;
  to: string;
  days: { date: string; opened: number; closed: number }[];
};

export type Hotspot = {
  rank: number;
  place: PlaceRef | null;
  street: PlaceRef | null;
  categoryCode: string;
  categoryName: string;
  orders: number;
  previous: number;
  change: number | null;
  series: number[];
};
export type Hotspots = { days: number; from: string; to: string; items: Hotspot[] };

export type ScreenOrder = {
  id: string;
  orderNo: string;
  categoryCode: string;
  categoryName: string;
  state: string;
  stateName: { zh: string; en: string } | null;
  deadline: string | null;
  createdAt: string;
  description: string;
  source: string;
  street: PlaceRef | null;
  committee: PlaceRef | null;
  overdue: boolean;
};

export type Geo = {
  outline: {
    type: 'Feature';
    properties: Record<string, string>;
    geometry: { type: 'Polygon'; coordinates: number[][][] };
  };
  places: (PlaceRef & { at: [number, number] | null })[];
};

/** One item of the live feed (SSE `work-order` or `alarm`), with the names the server adds. */
export type LiveItem = {
  kind: 'work-order' | 'alarm';
  event: string;
  id: string;
  orderNo?: string;
  action?: string;
  state?: string;
  categoryCode?: string;
  categoryName?: string | null;
  sensorId?: string;
  sensorType?: string;
  severity?: number;
  workOrderId?: string | null;
  streetId: string | null;
  streetName: string | null;
  streetNameEn: string | null;
  committeeName: string | null;
  at: string;
};

export type DailyReportRow = {
  street: PlaceRef;
  carriedIn: number;
  opened: number;
  reopened: number;
  closed: number;
  carriedOver: number;
  due: number;
  overdue: number;
};
export type DailyReport = { date: string; rows: DailyReportRow[]; total: Omit<DailyReportRow, 'street'> };
