/** Shapes of the sensor registry's and the alarms' JSON (server: features/sensors, features/sensor-alarms). */
import type { SensorTypeView, SensorView } from '@yiwang/domain';

export type SensorType = SensorTypeView;

export type Sensor = SensorView;

/** What the add/edit drawer sends. */
export type SensorInput = {
  id?: string;
  typeCode: string;
  model: string | null;
  streetId: string | null;
  committeeId: string | null;
  latitude: number;
  longitude: number;
  address: string | null;
  intervalS: number | null;
  thresholds: Record<string, number> | null;
  active: boolean;
  installedAt: string | null;
  note: string | null;
};

export type ImportError = { row: number; field: string; zh: string; en: string };

export type ImportJob = {
  id: string;
  fileName: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejectedRows: number;
  errorCount: number;
  errors: ImportError[];
  startedAt: string;
  finishedAt: string | null;
  failure: { zh: string; en: string } | null;
};

export type AlarmState = 'open' | 'acknowledged' | 'cleared';

export type Alarm = {
  id: string;
  /** null for a committee's area outage (alarmType 'outage', 区域集中离线) */
  sensorId: string | null;
  sensorType: string | null;
  sensorTypeName: string | null;
  sensorTypeNameEn: string | null;
  unit: string;
  alarmType: string;
  severity: number;
  state: AlarmState;
  metric: string | null;
  threshold: number | null;
  openedAt: string;
  lastReadingAt: string | null;
  lastValue: number | null;
  peakValue: number | null;
  readingCount: number;
  acknowledgedAt: string | null;
  clearedAt: string | null;
  clearComment: string | null;
  streetId: string | null;
  streetName: string | null;
  committeeId: string | null;
  committeeName: string | null;
  address: string | null;
  workOrderId: string | null;
  workOrderNo: string | null;
  /** outage: silent sensors of the committee's active ones, and their types */
  silentCount: number | null;
  sensorCount: number | null;
  sensorTypes: string[] | null;
  /** offline: the area outage that covered it (its order is the outage's) */
  outageId: string | null;
};

export type SeriesPoint = {
  ts: string;
  value?: number;
  flagged?: boolean;
  n?: number;
  min?: number;
  max?: number;
  avg?: number;
};
export type Series = {
  sensorId: string;
  metric: string;
  unit: string;
  bucket: 'raw' | 'hour';
  points: SeriesPoint[];
};

export type Place = { id: string; code: string; name: string; kind: string; parentId: string | null };
