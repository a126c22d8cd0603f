/** Pure helpers of the sensor and alarm pages: status, colours, thresholds text, chart ranges, exports. */
import type { Lang } from '../../i18n/messages';
import { formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { snTranslate, snTranslateLoose, type SensorMessageKey } from './i18n';
import type { Alarm, ImportJob, Sensor, Series } from './types';

export type SensorStatus = 'online' | 'offline' | 'never' | 'inactive';

/** What the status tag says: a stopped sensor is 停用 whatever it last sent. */
export function sensorStatus(s: Pick<Sensor, 'active' | 'online' | 'lastSeenAt'>): SensorStatus {
  if (!s.active) return 'inactive';
  if (s.online) return 'online';
  return s.lastSeenAt ? 'offline' : 'never';
}

export const STATUS_COLOR: Record<SensorStatus, string> = {
  online: 'green',
  offline: 'red',
  never: 'default',
  inactive: 'default',
};

/** 1 一般 · 2 较重 · 3 严重 */
export const SEVERITY_COLOR: Record<number, string> = { 1: 'gold', 2: 'orange', 3: 'red' };
export const ALARM_STATE_COLOR: Record<string, string> = {
  open: 'red',
  acknowledged: 'orange',
  cleared: 'default',
};

/**
 * The drawer's threshold text (`threshold-high=0.3`, one per line) → the object the server
 * stores; `null` when empty; `undefined` when a line is not `type=number`.
 *
 * @example parseThresholds('threshold-high = 0.3\n') // { 'threshold-high': 0.3 }
 */
export function parseThresholds(text: string): Record<string, number> | null | undefined {
  const out: Record<string, number> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([a-z0-9][a-z0-9_-]{0,39})\s*[=:：]\s*(-?\d+(?:\.\d+)?)$/.exec(line);
    if (!m) return undefined;
    out[m[1]!] = Number(m[2]);
  }
  return Object.keys(out).length ? out : null;
}

export const formatThresholds = (t: Record<string, number> | null | undefined): string =>
  t
    ? Object.entries(t)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')
    : '';

/** A reading as people read it: at most 4 decimals, no float noise (0.16319999 → 0.1632). */
export const formatValue = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toFixed(4)));

/** The unit of an alarm's values: a rate alarm's are per minute. */
export const alarmUnit = (a: Pick<Alarm, 'alarmType' | 'unit'>): string =>
  a.alarmType.startsWith('rate-') ? `${a.unit || ''}/min` : a.unit;

/** 区域集中离线: "12/20 个传感器离线（60%）" — a committee's silent sensors of its active ones. */
export function outageText(a: Pick<Alarm, 'silentCount' | 'sensorCount'>, lang: Lang): string {
  const silent = a.silentCount ?? 0;
  const total = a.sensorCount ?? 0;
  return snTranslate(lang, 'al.outageOf', {
    silent,
    total,
    pct: total ? Math.round((silent / total) * 100) : 0,
  });
}

/** ECharts draws a time axis in the browser's zone; shifted by +8 h and drawn as UTC it shows Shanghai time. */
export const SHANGHAI_SHIFT_MS = 8 * 3_600_000;

export type SeriesRange = 'raw24h' | 'hour7d' | 'hour30d';

/** The series query for a range ending now. */
export function seriesQuery(range: SeriesRange, now = new Date()) {
  const days = range === 'raw24h' ? 1 : range === 'hour7d' ? 7 : 30;
  return {
    bucket: range === 'raw24h' ? 'raw' : 'hour',
    from: new Date(now.getTime() - days * 86_400_000).toISOString(),
    to: now.toISOString(),
  } as const;
}

/**
 * The chart's lines from a series: raw readings (flagged ones apart, never on the line) or
 * hourly average with min and max.
 */
export function chartData(series: Series, shiftMs = 0) {
  const time = (ts: string) => new Date(ts).getTime() + shiftMs;
  if (series.bucket === 'raw') {
    const trusted = series.points.filter((p) => !p.flagged && p.value !== undefined);
    const flagged = series.points.filter((p) => p.flagged && p.value !== undefined);
    return {
      bucket: 'raw' as const,
      value: trusted.map((p) => [time(p.ts), p.value!] as [number, number]),
      flagged: flagged.map((p) => [time(p.ts), p.value!] as [number, number]),
    };
  }
  return {
    bucket: 'hour' as const,
    value: series.points.map((p) => [time(p.ts), p.avg ?? null] as [number, number | null]),
    min: series.points.map((p) => [time(p.ts), p.min ?? null] as [number, number | null]),
    max: series.points.map((p) => [time(p.ts), p.max ?? null] as [number, number | null]),
  };
}

/** Overall progress of an import: the upload is the first fifth, the server's rows the rest. */
export function importPercent(
  upload: number,
  job: Pick<ImportJob, 'processed' | 'total' | 'state'> | null,
): number {
  if (!job) return Math.round(upload * 0.2);
  if (job.state === 'done') return 100;
  const rows = job.total ? job.processed / job.total : 0;
  return Math.min(99, Math.round(20 + rows * 80));
}

/** Keep polling a job until it has finished. */
export const stillRunning = (job: Pick<ImportJob, 'state'> | undefined) =>
  !!job && (job.state === 'queued' || job.state === 'running');

const tr = (lang: Lang) => (k: SensorMessageKey) => snTranslate(lang, k);

export function sensorColumns(lang: Lang): ExportColumn<Sensor>[] {
  const t = tr(lang);
  return [
    { header: t('sn.id'), value: (s) => s.id, width: 18 },
    { header: t('sn.type'), value: (s) => (lang === 'zh' ? s.typeName : s.typeNameEn), width: 14 },
    { header: t('sn.model'), value: (s) => s.model ?? '' },
    { header: t('sn.street'), value: (s) => s.streetName ?? '', width: 14 },
    { header: t('sn.committee'), value: (s) => s.committeeName ?? '', width: 14 },
    { header: t('sn.address'), value: (s) => s.address ?? '', width: 24 },
    { header: t('sn.latitude'), value: (s) => s.latitude ?? '' },
    { header: t('sn.longitude'), value: (s) => s.longitude ?? '' },
    { header: t('sn.interval'), value: (s) => s.intervalS },
    { header: t('sn.status'), value: (s) => t(`sn.${sensorStatus(s)}` as SensorMessageKey) },
    { header: t('sn.lastSeen'), value: (s) => (s.lastSeenAt ? formatShanghai(s.lastSeenAt) : ''), width: 18 },
    { header: t('sn.openAlarms'), value: (s) => s.openAlarms },
  ];
}

export function alarmColumns(lang: Lang): ExportColumn<Alarm>[] {
  const t = tr(lang);
  return [
    { header: t('al.severity'), value: (a) => t(`al.sev${a.severity}` as SensorMessageKey) },
    { header: t('al.state'), value: (a) => t(`al.${a.state}` as SensorMessageKey) },
    { header: t('al.type'), value: (a) => snTranslateLoose(lang, `kind.${a.alarmType}`), width: 14 },
    {
      header: t('al.sensor'),
      value: (a) => (a.alarmType === 'outage' ? outageText(a, lang) : (a.sensorId ?? '')),
      width: 18,
    },
    {
      header: t('sn.type'),
      value: (a) =>
        a.alarmType === 'outage'
          ? (a.sensorTypes ?? []).join(', ')
          : ((lang === 'zh' ? a.sensorTypeName : a.sensorTypeNameEn) ?? ''),
      width: 14,
    },
    { header: t('sn.street'), value: (a) => a.streetName ?? '', width: 14 },
    {
      header: t('sn.place'),
      value: (a) => [a.committeeName, a.address].filter(Boolean).join(' '),
      width: 24,
    },
    { header: t('al.openedAt'), value: (a) => formatShanghai(a.openedAt), width: 18 },
    {
      header: t('al.peak'),
      value: (a) => (a.peakValue === null ? '' : `${formatValue(a.peakValue)} ${alarmUnit(a)}`.trim()),
    },
    {
      header: t('al.threshold'),
      value: (a) => (a.threshold === null ? '' : `${formatValue(a.threshold)} ${alarmUnit(a)}`.trim()),
    },
    { header: t('al.count'), value: (a) => a.readingCount },
    {
      header: t('al.order'),
      value: (a) => a.workOrderNo ?? (a.outageId ? t('al.covered') : ''),
      width: 20,
    },
    { header: t('al.clearComment'), value: (a) => a.clearComment ?? '', width: 24 },
  ];
}
