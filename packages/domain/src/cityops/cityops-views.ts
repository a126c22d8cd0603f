/**
 * Rows of city operations as the API sends them, written once for the server's repositories and
 * the web pages. A time field is `T`: a `Date` on the server, the ISO string it becomes in JSON
 * in the browser (the default).
 *
 * @example
 * type Row = SensorView<Date>; // sensors.repository.ts
 * type Sensor = SensorView; // packages/web
 */

/** A sensor type (积水监测, 烟感…) with its offline alarm setting and how many sensors it has. */
export type SensorTypeView = {
  code: string;
  name: string;
  nameEn: string;
  metric: string;
  unit: string;
  validMin: number;
  validMax: number;
  defaultIntervalS: number;
  categoryCode: string | null;
  categoryName: string | null;
  /** severity (1–3) of the alarm a silent sensor of this type raises */
  offlineSeverity: number;
  /** whether that offline alarm opens a work order */
  offlineOpensWorkOrder: boolean;
  sensors: number;
};

/** A registered sensor with its type, place, reporting state and open alarm count. */
export type SensorView<T = string> = {
  id: string;
  typeCode: string;
  typeName: string;
  typeNameEn: string;
  metric: string;
  unit: string;
  model: string | null;
  streetId: string | null;
  streetName: string | null;
  committeeId: string | null;
  committeeName: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  intervalS: number;
  /** per-sensor override of the type's rule values, by alarm type */
  thresholds: Record<string, number> | null;
  active: boolean;
  /** a date (YYYY-MM-DD) */
  installedAt: string | null;
  note: string | null;
  lastSeenAt: T | null;
  online: boolean;
  openAlarms: number;
  createdAt: T;
  updatedAt: T;
};

/** A 12345 call as recorded at the hotline desk, with the order it created or followed. */
export type HotlineCallView<T = string> = {
  id: string;
  callNo: string;
  callerName: string | null;
  /** masked unless the caller's role needs it */
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
  recordedByName: string | null;
  createdAt: T;
};
