/**
 * What the operations-screen API answers (packages/server/src/features/cityops-screen), written
 * once for the server's service and the web's screen, hot-spot and 日日清 pages. A time field is
 * `T`: a `Date` on the server, the ISO string it becomes in JSON in the browser (the default).
 *
 * @example
 * type Orders = { items: ScreenOrderView<Date>[] }; // cityops-screen.service.ts
 * type Order = ScreenOrderView; // packages/web
 */

/** A street or a residents' committee (居委) as the screen names it. */
export type ScreenPlace = {
  id: string;
  kind: 'street' | 'committee';
  name: string;
  nameEn: string | null;
  streetId: string;
};

/** The live counters for the district or one street, and the same per place for the map. */
export type ScreenSummary = {
  level: 'district' | 'street';
  street: ScreenPlace | null;
  asOf: string;
  counters: { open: number; dueToday: number; overdue: number };
  alarms: {
    active: number;
    unacknowledged: number;
    bySeverity: { severity: number; active: number; unacknowledged: number }[];
  } | null;
  sensors: { total: number; online: number; onlineRate: number | null } | null;
  places: (ScreenPlace & {
    at: [number, number] | null;
    open: number;
    overdue: number;
    dueToday: number;
    alarms: number;
  })[];
};

/** A period's counts and rates (in %, one decimal; `null` with nothing to divide by). */
export type ScreenRateFigures = {
  due: number;
  closed: number;
  closedOnTime: number;
  callbacks: number;
  satisfied: number;
  opened: number;
  closeActions: number;
  /** 结案率 = closed / due */
  closeRate: number | null;
  /** 按期结案率 = closed on time / due */
  onTimeRate: number | null;
  /** 满意率 = satisfied callbacks / callbacks */
  satisfactionRate: number | null;
};

/** 结案率, 按期结案率 and 满意率 per street (or per committee of one street) and in total. */
export type ScreenRates = {
  from: string;
  to: string;
  by: 'street' | 'place';
  street: ScreenPlace | null;
  rows: ({ place: ScreenPlace } & ScreenRateFigures)[];
  total: ScreenRateFigures;
};

/** Orders opened and closed per day. */
export type ScreenTrends = {
  from: string;
  to: string;
  days: { date: string; opened: number; closed: number }[];
};

/** One 削峰 hot spot: a place × category with its orders in the window. */
export type Hotspot = {
  rank: number;
  place: ScreenPlace | null;
  street: ScreenPlace | null;
  categoryCode: string;
  categoryName: string;
  orders: number;
  previous: number;
  /** change against the previous window, in % (null when it had none) */
  change: number | null;
  series: number[];
};
export type Hotspots = { days: number; from: string; to: string; items: Hotspot[] };

/** An order to drill into from the screen. */
export type ScreenOrderView<T = string> = {
  id: string;
  orderNo: string;
  categoryCode: string;
  categoryName: string;
  state: string;
  stateName: { zh: string; en: string } | null;
  deadline: T | null;
  createdAt: T;
  description: string;
  source: string;
  street: ScreenPlace | null;
  committee: ScreenPlace | null;
  overdue: boolean;
};

/** 日日清: one street's day. */
export type DailyReportRow = {
  street: ScreenPlace;
  carriedIn: number;
  opened: number;
  reopened: number;
  closed: number;
  carriedOver: number;
  due: number;
  overdue: number;
};
export type DailyReport = { date: string; rows: DailyReportRow[]; total: Omit<DailyReportRow, 'street'> };
