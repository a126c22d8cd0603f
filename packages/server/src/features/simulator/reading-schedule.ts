import { readingValue, unit3, type SimSensor, type Weather } from './sensor-models';

/** A reading as devices send it (the MQTT payload, or one item of the HTTP batch plus `sensorId`). */
export type SimReading = { sensorId: string; ts: string; metrics: Record<string, number> };

export type ScheduleOptions = {
  seed: number;
  /** Seconds between two readings of a sensor (one interval for the whole run). */
  intervalS: number;
  /** When the first round starts (ms since epoch). */
  startAt: number;
  /** Storm mode: every water-level sensor rising from `startAt` on. */
  storm?: boolean;
  /** The share of readings that are alarm-worthy (0 … 1; default 0). */
  alarmShare?: number;
};

/**
 * When each sensor reports: every `intervalS` seconds at a phase of its own (seeded), so
 * a round of 61,000 sensors at 60 s is spread evenly over the minute rather than arriving at once.
 * `due(now)` hands out, in time order, every reading due since the last call.
 *
 * @example
 * const schedule = new ReadingSchedule(sensors, { seed: 42, intervalS: 60, startAt: Date.now() });
 * setInterval(() => { for (const r of schedule.due(Date.now())) publish(r); }, 200);
 */
export class ReadingSchedule {
  readonly weather: Weather;
  private readonly order: { sensor: SimSensor; phaseMs: number }[];
  private round = 0;
  private index = 0;
  private readonly alarmShare: number;

  constructor(
    readonly sensors: SimSensor[],
    private readonly options: ScheduleOptions,
  ) {
    this.weather = { seed: options.seed, ...(options.storm ? { stormFrom: options.startAt } : {}) };
    this.alarmShare = options.alarmShare ?? 0;
    this.order = sensors
      .map((sensor) => ({
        sensor,
        phaseMs: Math.floor(unit3(options.seed, sensor.key, 0x70686173) * options.intervalS * 1000),
      }))
      .sort((a, b) => a.phaseMs - b.phaseMs);
  }

  /** The reading of one sensor at time t (ms). */
  reading(sensor: SimSensor, t: number, alarm = false): SimReading {
    return {
      sensorId: sensor.id,
      ts: new Date(t).toISOString(),
      metrics: { [sensor.metric]: readingValue(sensor, t, this.weather, alarm) },
    };
  }

  /** Whether the reading of `sensor` at t is one of the rare alarm-worthy ones. */
  private alarmAt(sensor: SimSensor, t: number): boolean {
    return (
      this.alarmShare > 0 &&
      unit3(this.options.seed ^ 0x616c61, sensor.key, Math.floor(t / 1000)) < this.alarmShare
    );
  }

  /** Every reading due up to `now` (ms) not yet handed out, oldest first; at most `limit`. */
  *due(now: number, limit = Infinity): Generator<SimReading> {
    if (!this.order.length) return;
    let given = 0;
    for (;;) {
      const next = this.order[this.index]!;
      const t = this.options.startAt + this.round * this.options.intervalS * 1000 + next.phaseMs;
      if (t > now || given >= limit) return;
      yield this.reading(next.sensor, t, this.alarmAt(next.sensor, t));
      given++;
      if (++this.index === this.order.length) {
        this.index = 0;
        this.round++;
      }
    }
  }

  /** One full round at time t, every sensor once (for load tests: "all 61,000 report at once"). */
  *roundAt(t: number): Generator<SimReading> {
    for (const sensor of this.sensors) yield this.reading(sensor, t, this.alarmAt(sensor, t));
  }
}

/** The MQTT topic a sensor publishes on. */
export const readingTopic = (sensorId: string) => `yiwang/sensors/${sensorId}/readings`;

/** The MQTT payload of a reading: `{"ts":"…","metrics":{"water_level":0.42}}`. */
export const readingPayload = (r: SimReading) => JSON.stringify({ ts: r.ts, metrics: r.metrics });
