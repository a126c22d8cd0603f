import { describe, expect, it } from 'vitest';
import {
  alarmColumns,
  alarmUnit,
  formatValue,
  chartData,
  formatThresholds,
  importPercent,
  parseThresholds,
  sensorColumns,
  sensorStatus,
  seriesQuery,
  stillRunning,
} from './sensor-view';
import type { Alarm, Sensor } from './types';

describe('sensorStatus', () => {
  it('tells online, offline, never reported and stopped apart', () => {
    expect(sensorStatus({ active: true, online: true, lastSeenAt: '2026-11-27T01:00:00Z' })).toBe('online');
    expect(sensorStatus({ active: true, online: false, lastSeenAt: '2026-11-27T01:00:00Z' })).toBe('offline');
    expect(sensorStatus({ active: true, online: false, lastSeenAt: null })).toBe('never');
    expect(sensorStatus({ active: false, online: true, lastSeenAt: null })).toBe('inactive');
  });
});

describe('thresholds text', () => {
  it('reads one override per line and writes it back', () => {
    const parsed = parseThresholds('threshold-high = 0.3\n\nsustained-high:0.25\r\n');
    expect(parsed).toEqual({ 'threshold-high': 0.3, 'sustained-high': 0.25 });
    expect(formatThresholds(parsed)).toBe('threshold-high=0.3\nsustained-high=0.25');
  });
  it('is null when empty and undefined when a line is not type=number', () => {
    expect(parseThresholds('  \n')).toBeNull();
    expect(parseThresholds('threshold-high=high')).toBeUndefined();
    expect(parseThresholds('0.3')).toBeUndefined();
  });
});

describe('seriesQuery', () => {
  it('asks raw readings for a day and hourly rollups for longer', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(seriesQuery('raw24h', now)).toEqual({
      bucket: 'raw',
      from: '2026-11-26T12:00:00.000Z',
      to: '2026-11-27T12:00:00.000Z',
    });
    expect(seriesQuery('hour30d', now).from).toBe('2026-10-28T12:00:00.000Z');
  });
});

describe('chartData', () => {
  it('keeps flagged raw readings off the line', () => {
    const d = chartData({
      sensorId: 'S',
      metric: 'water_level',
      unit: 'm',
      bucket: 'raw',
      points: [
        { ts: '2026-11-27T00:00:00Z', value: 0.1, flagged: false },
        { ts: '2026-11-27T00:01:00Z', value: 99, flagged: true },
      ],
    });
    expect(d).toEqual({
      bucket: 'raw',
      value: [[Date.parse('2026-11-27T00:00:00Z'), 0.1]],
      flagged: [[Date.parse('2026-11-27T00:01:00Z'), 99]],
    });
  });
  it('draws hourly average, min and max', () => {
    const d = chartData({
      sensorId: 'S',
      metric: 'm',
      unit: '',
      bucket: 'hour',
      points: [{ ts: '2026-11-27T00:00:00Z', n: 60, min: 1, max: 3, avg: 2 }],
    });
    expect(d).toMatchObject({
      value: [[Date.parse('2026-11-27T00:00:00Z'), 2]],
      min: [[expect.any(Number), 1]],
    });
  });
});

describe('values', () => {
  it('drops float noise and keeps at most 4 decimals', () => {
    expect(formatValue(0.16319999999999998)).toBe('0.1632');
    expect(formatValue(260)).toBe('260');
    expect(formatValue(null)).toBe('');
  });
  it('gives a rate alarm its unit per minute', () => {
    expect(alarmUnit({ alarmType: 'rate-rise', unit: 'm' })).toBe('m/min');
    expect(alarmUnit({ alarmType: 'threshold-high', unit: 'm' })).toBe('m');
  });
  it('shifts chart times to Shanghai wall-clock when asked', () => {
    const d = chartData(
      {
        sensorId: 'S',
        metric: 'm',
        unit: '',
        bucket: 'raw',
        points: [{ ts: '2026-11-27T00:00:00Z', value: 1 }],
      },
      8 * 3_600_000,
    );
    expect(new Date(d.value[0]![0]).toISOString()).toBe('2026-11-27T08:00:00.000Z');
  });
});

describe('import progress', () => {
  it('spends a fifth of the bar on the upload and the rest on rows, full only when done', () => {
    expect(importPercent(50, null)).toBe(10);
    expect(importPercent(100, { processed: 0, total: 100, state: 'queued' })).toBe(20);
    expect(importPercent(100, { processed: 50, total: 100, state: 'running' })).toBe(60);
    expect(importPercent(100, { processed: 100, total: 100, state: 'running' })).toBe(99);
    expect(importPercent(100, { processed: 100, total: 100, state: 'done' })).toBe(100);
  });
  it('polls while the job is queued or running', () => {
    expect(stillRunning({ state: 'running' })).toBe(true);
    expect(stillRunning({ state: 'done' })).toBe(false);
    expect(stillRunning(undefined)).toBe(false);
  });
});

describe('exports', () => {
  it('writes a sensor’s status and an alarm’s severity and type in the reader’s language', () => {
    const sensor = {
      id: 'WL-1',
      typeName: '积水监测',
      typeNameEn: 'Water level',
      active: true,
      online: false,
      lastSeenAt: null,
      openAlarms: 1,
    } as Sensor;
    const zh = sensorColumns('zh');
    expect(zh.find((c) => c.header === '状态')!.value(sensor)).toBe('从未上报');
    expect(
      sensorColumns('en')
        .find((c) => c.header === 'Type')!
        .value(sensor),
    ).toBe('Water level');
    const alarm = {
      severity: 3,
      state: 'open',
      alarmType: 'threshold-high',
      peakValue: 0.5,
      unit: 'm',
    } as Alarm;
    const cols = alarmColumns('zh');
    expect(cols.map((c) => c.value(alarm)).slice(0, 3)).toEqual(['严重', '待处理', '超上限']);
    expect(cols.find((c) => c.header === '峰值')!.value(alarm)).toBe('0.5 m');
  });
  it('exports an area outage with its committee’s counts, and a covered offline alarm as part of it', () => {
    const outage = {
      severity: 2,
      state: 'open',
      alarmType: 'outage',
      sensorId: null,
      silentCount: 12,
      sensorCount: 20,
      sensorTypes: ['water-level', 'smoke'],
      peakValue: null,
      threshold: null,
      workOrderNo: null,
      outageId: null,
    } as unknown as Alarm;
    const zh = alarmColumns('zh');
    const value = (header: string, a: Alarm) => zh.find((c) => c.header === header)!.value(a);
    expect(value('告警类型', outage)).toBe('区域集中离线');
    expect(value('传感器', outage)).toBe('12/20 个传感器离线（60%）');
    expect(value('类型', outage)).toBe('water-level, smoke');
    expect(
      alarmColumns('en')
        .find((c) => c.header === 'Sensor')!
        .value(outage),
    ).toBe('12 of 20 sensors silent (60%)');
    const covered = { ...outage, alarmType: 'offline', sensorId: 'S-1', outageId: 'x' } as Alarm;
    expect(value('工单', covered)).toBe('并入区域集中离线');
  });
});
