import { Counter, Histogram, register } from 'prom-client';

// On prom-client's default registry, which /metrics serves beside the HTTP metrics; created
// once per process (several ingesters in one process, as in tests, share them).
const existing = <T>(name: string) => register.getSingleMetric(name) as T | undefined;

export const readingsCounter =
  existing<Counter<'result'>>('yiwang_sensor_readings_total') ??
  new Counter({
    name: 'yiwang_sensor_readings_total',
    help: 'Sensor readings by result: stored, duplicate (already stored), flagged (impossible value, stored flagged)',
    labelNames: ['result'] as const,
  });

export const rejectedCounter =
  existing<Counter<'reason'>>('yiwang_sensor_rejected_total') ??
  new Counter({
    name: 'yiwang_sensor_rejected_total',
    help: 'Sensor messages and readings not accepted, by reason (kept in sensor_dead_letter)',
    labelNames: ['reason'] as const,
  });

export const batchSeconds =
  existing<Histogram>('yiwang_sensor_batch_seconds') ??
  new Histogram({
    name: 'yiwang_sensor_batch_seconds',
    help: 'Time to store one batch of sensor readings durably',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

export const alarmCounter =
  existing<Counter<'event'>>('yiwang_sensor_alarm_events_total') ??
  new Counter({
    name: 'yiwang_sensor_alarm_events_total',
    help: 'Sensor alarm events: opened, updated, cleared (automatically or by staff), acknowledged',
    labelNames: ['event'] as const,
  });
