import type { AppContext } from '../../../core/app-context';
import { isDatabaseUnavailable } from '../../../core/error-handler';
import { Problem } from '../../../core/problem';
import { RuleEngine } from '../../sensor-rules/sensor-rule-engine';
import { AlarmProcessor } from '../../sensor-alarms/sensor-alarm-processor';
import { loadRegistry, registryFingerprint, type RegisteredSensor } from './sensor-registry';
import {
  applyRetention,
  ensureReadingPartitions,
  insertDeadLetters,
  insertReadings,
  markSeen,
  upsertRollups,
  type DeadLetterRow,
  type ReadingRow,
  type RollupRow,
} from './sensor-ingest.repository';
import { batchSeconds, readingsCounter, rejectedCounter } from './sensor-metrics';

/** A reading as devices and the HTTP batch endpoint send it. */
export type SensorReadingInput = { sensorId: string; ts: string; metrics: Record<string, unknown> };

export type IngestResult =
  | { status: 'accepted'; flagged: boolean }
  | { status: 'duplicate' }
  | { status: 'rejected'; reason: RejectReason };

export type RejectReason =
  | 'malformed'
  | 'bad-topic'
  | 'unknown-sensor'
  | 'inactive-sensor'
  | 'missing-metric'
  | 'out-of-order'
  | 'future-timestamp'
  | 'too-old'
  | 'store-failed';

export type IngestStats = {
  /** MQTT messages handled (stored or dead-lettered, acknowledged) */
  messages: number;
  received: number;
  stored: number;
  duplicates: number;
  flagged: number;
  rejected: Record<string, number>;
  batches: number;
  lastBatchSize: number;
  pending: number;
  sensors: number;
  alarmEvents: number;
};

export type SensorIngestOptions = {
  /** flush when this many readings wait (default 5,000) */
  batchSize?: number;
  /** or after this many ms (default 50) */
  flushMs?: number;
  /** add the hourly rollups accumulated in memory every … ms (default 10,000) */
  rollupFlushMs?: number;
  /** write last_seen_at/online every … ms (default 5,000) */
  seenFlushMs?: number;
  /** mark silent sensors offline every … ms (default 30,000) */
  offlineSweepMs?: number;
  /** look for registry changes every … ms (default 5,000) */
  registryPollMs?: number;
  /** days of raw readings kept (default: config SENSOR_RAW_RETENTION_DAYS) */
  retentionDays?: number;
  /** a reading further in the future than this is refused (default 5 min: device clocks drift) */
  maxFutureMs?: number;
  /**
   * While the database is unreachable, MQTT messages beyond this many waiting readings are refused
   * unacknowledged (default 100,000; a broker's receiveMaximum of 65,535 stops sooner)
   */
  maxBacklog?: number;
  log?: { info: (msg: string) => void; error: (err: unknown, msg: string) => void };
};

const TRUNCATE = 4096;
const READINGS_SUFFIX = '/readings';
const HOUR = 3_600_000;

/**
 * the keys inserted now, or null when every reading of the batch was; `failFast` (an HTTP caller)
 * is answered with the error while the database is unreachable, the others wait for it
 */
type Waiter = ((inserted: Set<string> | null | Error) => void) & { failFast?: true };
/** an MQTT message's acknowledgement: called once its reading (or dead letter) is stored */
type Ack = (error?: Error) => void;
type Pending = { readings: ReadingRow[]; deadLetters: DeadLetterRow[]; waiters: Waiter[]; acks: Ack[] };
const emptyPending = (): Pending => ({ readings: [], deadLetters: [], waiters: [], acks: [] });

const quietLog = { info: () => {}, error: () => {} };

/**
 * The sensor ingester: readings from MQTT and HTTP go through one pipeline — checked against
 * the registry held in memory, batched into one INSERT (…ON CONFLICT DO NOTHING, so a QoS 1
 * redelivery is stored once) with the hourly rollups and dead letters in the same transaction,
 * acknowledged after the commit, then evaluated by the rules in memory; alarms are written by
 * their own queue so an alarm storm never slows the readings.
 *
 * @example
 * const ingest = createSensorIngest(ctx);
 * const [r] = await ingest.ingest([{ sensorId: 'HK-WL-000123', ts: new Date().toISOString(), metrics: { water_level: 0.42 } }]);
 * await ingest.stop();
 */
export class SensorIngest {
  private registry = new Map<string, RegisteredSensor>();
  private fingerprint = '';
  private ready: Promise<void> | undefined;
  private isReady = false;
  private pending = emptyPending();
  private flushing: Promise<void> | undefined;
  /** the rules of committed batches, in batch order (see writeBatch) */
  private ruling: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private timers: NodeJS.Timeout[] = [];
  private readonly lastTs = new Map<string, number>();
  private seen = new Map<string, number>();
  private rollups = new Map<string, RollupRow[]>();
  private stopped = false;
  /** a batch could not be stored because the database is unreachable; it is being retried */
  private outage = false;
  readonly engine = new RuleEngine();
  readonly alarms: AlarmProcessor;
  private readonly opts: Required<Omit<SensorIngestOptions, 'log'>> & {
    log: NonNullable<SensorIngestOptions['log']>;
  };
  private readonly counts: IngestStats = {
    messages: 0,
    received: 0,
    stored: 0,
    duplicates: 0,
    flagged: 0,
    rejected: {},
    batches: 0,
    lastBatchSize: 0,
    pending: 0,
    sensors: 0,
    alarmEvents: 0,
  };

  constructor(
    private readonly ctx: AppContext,
    options: SensorIngestOptions = {},
  ) {
    this.opts = {
      batchSize: options.batchSize ?? 5000,
      flushMs: options.flushMs ?? 50,
      rollupFlushMs: options.rollupFlushMs ?? 10_000,
      seenFlushMs: options.seenFlushMs ?? 5000,
      offlineSweepMs: options.offlineSweepMs ?? 30_000,
      registryPollMs: options.registryPollMs ?? 5000,
      retentionDays: options.retentionDays ?? ctx.config.sensorRawRetentionDays ?? 7,
      maxFutureMs: options.maxFutureMs ?? 5 * 60_000,
      maxBacklog: options.maxBacklog ?? 100_000,
      log: options.log ?? quietLog,
    };
    this.alarms = new AlarmProcessor(ctx, this.engine, this.opts.log);
  }

  /** Load the registry (and create today's partitions) once, before the first reading. */
  private whenReady(): Promise<void> {
    this.ready ??= (async () => {
      await this.reload();
      await ensureReadingPartitions(this.ctx.db, 1, 2, (e, p) =>
        this.opts.log.error(e, `sensor partition ${p}`),
      );
      this.isReady = true;
    })();
    return this.ready;
  }

  /** Reload the registry and rules now (also done by a short poll when they change). */
  async reload(): Promise<void> {
    const fingerprint = await registryFingerprint(this.ctx.db);
    this.registry = await loadRegistry(this.ctx.db);
    this.fingerprint = fingerprint;
    this.counts.sensors = this.registry.size;
    await this.alarms.refreshOpen();
  }

  /** Start the timers: registry poll, last-seen writes, offline sweep, partitions and retention. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.whenReady();
    const every = (ms: number, task: () => Promise<unknown>, name: string) => {
      let running = false;
      const t = setInterval(() => {
        if (running) return;
        running = true;
        task()
          .catch((e) => this.opts.log.error(e, `sensor ingest: ${name}`))
          .finally(() => (running = false));
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    every(
      this.opts.registryPollMs,
      async () => {
        if ((await registryFingerprint(this.ctx.db)) !== this.fingerprint) await this.reload();
        else await this.alarms.refreshOpen();
      },
      'registry',
    );
    every(this.opts.seenFlushMs, () => this.writeSeen(), 'last seen');
    every(this.opts.rollupFlushMs, () => this.writeRollups(), 'rollups');
    // offline sensors get an `offline` alarm, cleared when they report again (sensor-alarms)
    every(this.opts.offlineSweepMs, () => this.alarms.sweepOffline(), 'offline sweep');
    every(HOUR, () => this.maintain(), 'partitions and retention');
    await this.maintain();
  }

  private async maintain() {
    await ensureReadingPartitions(this.ctx.db, this.opts.retentionDays, 2, (e, p) =>
      this.opts.log.error(e, `sensor partition ${p}`),
    );
    await applyRetention(this.ctx.db, this.opts.retentionDays);
  }

  /**
   * Add the accumulated hourly aggregates (one row per sensor and hour however many readings
   * came): kept off the readings' transaction so acknowledgements never wait for them. A
   * crash loses at most rollupFlushMs of rollup increments; the raw readings are complete.
   */
  private async writeRollups() {
    if (!this.rollups.size) return;
    const rows = [...this.rollups.values()].flat();
    this.rollups = new Map();
    try {
      await this.ctx.db.transaction().execute((trx) => upsertRollups(trx, rows));
    } catch (error) {
      for (const r of rows) addRollup(this.rollups, r.sensorId, r.metric, r.bucketStart, r);
      throw error;
    }
  }

  private async writeSeen() {
    if (!this.seen.size) return;
    const seen = this.seen;
    this.seen = new Map();
    await markSeen(this.ctx.db, seen);
  }

  /** Stop: timers off, pending readings flushed, last-seen written, alarm queue drained. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.flush();
    await this.writeSeen().catch((e) => this.opts.log.error(e, 'sensor ingest: last seen'));
    await this.alarms.drain();
    await this.writeRollups().catch((e) => this.opts.log.error(e, 'sensor ingest: rollups'));
  }

  /** Write what is pending now and wait for it (and the alarms it raised). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.runFlush();
    await this.ruling;
    await this.alarms.drain();
    await this.writeRollups();
  }

  stats(): IngestStats {
    return {
      ...this.counts,
      rejected: { ...this.counts.rejected },
      pending: this.pending.readings.length,
      alarmEvents: this.alarms.processed,
    };
  }

  /**
   * Ingest readings (the HTTP batch endpoint); resolves once they are durably stored, with one
   * result per reading.
   */
  async ingest(
    readings: readonly SensorReadingInput[],
    source: 'http' | 'mqtt' = 'http',
  ): Promise<IngestResult[]> {
    await this.whenReady();
    if (this.outage) throw databaseUnavailable();
    const results: IngestResult[] = new Array(readings.length);
    const keys: (string | undefined)[] = new Array(readings.length);
    readings.forEach((r, i) => {
      const outcome = this.accept(source, null, r.sensorId, r.ts, r.metrics, undefined);
      if (typeof outcome === 'string') results[i] = { status: 'rejected', reason: outcome };
      else {
        keys[i] = `${r.sensorId}|${Date.parse(r.ts)}`;
        results[i] = { status: 'accepted', flagged: outcome };
      }
    });
    const inserted = await this.waitForBatch();
    const claimed = new Set<string>();
    keys.forEach((k, i) => {
      if (k === undefined) return;
      if ((inserted && !inserted.has(k)) || claimed.has(k)) results[i] = { status: 'duplicate' };
      claimed.add(k);
    });
    return results;
  }

  /**
   * One MQTT message (topic `yiwang/sensors/{sensorId}/readings`); `ack` is called once the
   * reading — or its dead letter — is durably stored, with an error if storing failed.
   */
  handleMessage(topic: string, payload: Buffer | string, ack: (error?: Error) => void): void {
    // the database is away and the backlog full: leave it unacknowledged (the broker keeps it)
    if (this.outage && this.pending.readings.length >= this.opts.maxBacklog) {
      ack(databaseUnavailable());
      return;
    }
    // once the registry is loaded, at once (a promise per message costs at tens of thousands a second)
    if (this.isReady) {
      try {
        this.takeMessage(topic, payload, ack);
      } catch (error) {
        this.opts.log.error(error, 'sensor ingest: a message could not be handled');
        ack(error as Error);
      }
      return;
    }
    void this.whenReady()
      .then(() => this.takeMessage(topic, payload, ack))
      .catch((error: Error) => {
        this.opts.log.error(error, 'sensor ingest: a message could not be handled');
        ack(error);
      });
  }

  private takeMessage(topic: string, payload: Buffer | string, ack: (error?: Error) => void): void {
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    // `…/{sensorId}/readings`, without splitting the topic (one substring, not four and an array)
    const end = topic.length - READINGS_SUFFIX.length;
    const start = end > 0 && topic.endsWith(READINGS_SUFFIX) ? topic.lastIndexOf('/', end - 1) + 1 : -1;
    const sensorId = start >= 0 && start < end ? topic.slice(start, end) : undefined;
    if (!sensorId) this.reject('mqtt', topic, null, text, 'bad-topic', 'topic is not …/{sensorId}/readings');
    else {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        this.reject('mqtt', topic, sensorId, text, 'malformed', (e as Error).message);
      }
      if (body !== undefined) {
        const b = body as { ts?: unknown; metrics?: unknown };
        if (
          !b ||
          typeof b !== 'object' ||
          typeof b.ts !== 'string' ||
          !b.metrics ||
          typeof b.metrics !== 'object'
        )
          this.reject(
            'mqtt',
            topic,
            sensorId,
            text,
            'malformed',
            'expected {"ts": ISO-8601 string, "metrics": {…}}',
          );
        else this.accept('mqtt', topic, sensorId, b.ts, b.metrics as Record<string, unknown>, text);
      }
    }
    this.pending.acks.push(ack);
    this.scheduleFlush();
  }

  private reject(
    source: 'mqtt' | 'http',
    topic: string | null,
    sensorId: string | null,
    payload: string | undefined,
    reason: RejectReason,
    detail: string | null,
  ): RejectReason {
    this.counts.rejected[reason] = (this.counts.rejected[reason] ?? 0) + 1;
    rejectedCounter.inc({ reason });
    this.pending.deadLetters.push({
      source,
      topic,
      sensorId: sensorId?.slice(0, 200) ?? null,
      payload: payload === undefined ? null : payload.slice(0, TRUNCATE),
      reason,
      detail: detail?.slice(0, 500) ?? null,
    });
    return reason;
  }

  /** Check one reading against the registry; queue it (or its dead letter) for the next batch. */
  /** The payload as received, or (HTTP) the reading as JSON: for a dead letter. */
  private raw(payload: string | undefined, sensorId: string, ts: string, metrics: Record<string, unknown>) {
    return payload ?? JSON.stringify({ sensorId, ts, metrics });
  }

  private accept(
    source: 'mqtt' | 'http',
    topic: string | null,
    sensorId: string,
    tsText: string,
    metrics: Record<string, unknown>,
    payload: string | undefined,
  ): RejectReason | boolean {
    this.counts.received++;
    const sensor = this.registry.get(sensorId);
    if (!sensor)
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'unknown-sensor',
        null,
      );
    if (!sensor.active)
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'inactive-sensor',
        null,
      );
    const ts = Date.parse(tsText);
    if (!Number.isFinite(ts) || !/^\d{4}-\d{2}-\d{2}T/.test(tsText))
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'malformed',
        'ts is not an ISO-8601 timestamp',
      );
    const value = metrics[sensor.metric];
    if (value === undefined)
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'missing-metric',
        `expected metrics.${sensor.metric}`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value))
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'malformed',
        `metrics.${sensor.metric} is not a number`,
      );
    const now = Date.now();
    if (ts > now + this.opts.maxFutureMs)
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'future-timestamp',
        null,
      );
    if (ts < now - this.opts.retentionDays * 86_400_000)
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'too-old',
        null,
      );
    const last = this.lastTs.get(sensorId);
    if (last !== undefined && ts < last)
      return this.reject(
        source,
        topic,
        sensorId,
        this.raw(payload, sensorId, tsText, metrics),
        'out-of-order',
        `older than the latest accepted ${new Date(last).toISOString()}`,
      );
    this.lastTs.set(sensorId, ts);
    const flagged = value < sensor.validMin || value > sensor.validMax;
    // stored flagged, and listed with the dead letters where operators look for bad input
    const deadLetter: DeadLetterRow | undefined = flagged
      ? {
          source,
          topic,
          sensorId,
          payload: this.raw(payload, sensorId, tsText, metrics).slice(0, TRUNCATE),
          reason: 'impossible-value',
          detail: `${value} outside [${sensor.validMin}, ${sensor.validMax}]: stored flagged`,
        }
      : undefined;
    const row: ReadingRow = { sensorId, metric: sensor.metric, ts, value, flagged };
    if (deadLetter) row.deadLetter = deadLetter;
    this.pending.readings.push(row);
    return flagged;
  }

  private waitForBatch(): Promise<Set<string> | null> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = (r) => (r instanceof Error ? reject(r) : resolve(r));
      waiter.failFast = true;
      this.pending.waiters.push(waiter);
      this.scheduleFlush();
    });
  }

  private scheduleFlush() {
    if (this.pending.readings.length >= this.opts.batchSize || this.stopped) {
      void this.runFlush();
      return;
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.runFlush();
    }, this.opts.flushMs);
  }

  /** One flush at a time; what arrives meanwhile goes in the next (group commit). */
  private runFlush(): Promise<void> {
    this.flushing ??= (async () => {
      await null; // so the finally below never runs before this assignment
      try {
        while (
          this.pending.waiters.length ||
          this.pending.acks.length ||
          this.pending.readings.length ||
          this.pending.deadLetters.length
        ) {
          const batch = this.pending;
          this.pending = emptyPending();
          await this.writeBatch(batch);
        }
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private async writeBatch(batch: Pending): Promise<void> {
    const started = performance.now();
    let inserted: Set<string> | null | undefined;
    for (let attempt = 1; inserted === undefined; attempt++) {
      try {
        inserted = await this.ctx.db.transaction().execute(async (trx) => {
          const fresh = await insertReadings(trx, batch.readings);
          const impossible = batch.readings.filter(
            (r) => r.deadLetter && (!fresh || fresh.has(`${r.sensorId}|${r.ts}`)),
          );
          await insertDeadLetters(trx, [...batch.deadLetters, ...impossible.map((r) => r.deadLetter!)]);
          return fresh;
        });
      } catch (error) {
        if (attempt <= 3 || attempt % 30 === 0)
          this.opts.log.error(
            error,
            `sensor ingest: storing a batch of ${batch.readings.length} failed (try ${attempt})`,
          );
        if (attempt >= 3) {
          const failure = error instanceof Error ? error : new Error(String(error));
          if (!isDatabaseUnavailable(error) || this.stopped) {
            for (const w of batch.waiters) w(failure);
            for (const a of batch.acks) a(failure);
            return;
          }
          // Backpressure: the database is unreachable. HTTP callers get a 503 now; MQTT messages stay
          // unacknowledged (the broker sends at most receiveMaximum unacknowledged) and the batch is
          // tried again until it commits, so every reading is stored once when the database is back.
          this.outage = true;
          batch.waiters = batch.waiters.filter((w) => !w.failFast || (w(failure), false));
        }
        await new Promise((r) => setTimeout(r, Math.min(200 * attempt, 2000)));
      }
    }
    this.outage = false;
    batchSeconds.observe((performance.now() - started) / 1000);
    this.counts.batches++;
    this.counts.lastBatchSize = batch.readings.length;
    for (const w of batch.waiters) w(inserted);
    this.counts.messages += batch.acks.length;
    for (const a of batch.acks) a();
    // The rules run after the next batch's INSERT has gone out (setImmediate: after this turn's
    // I/O), so PostgreSQL stores that batch while this process evaluates this one; batches keep
    // their order (each waits for the one before).
    this.ruling = this.ruling.then(
      () =>
        new Promise<void>((done) =>
          setImmediate(() => {
            try {
              this.applyRules(batch, inserted);
            } catch (error) {
              this.opts.log.error(error, 'sensor ingest: the rules of a batch failed');
            }
            done();
          }),
        ),
    );
  }

  /** Rules on what a batch stored, in time order per sensor; flagged readings are never trusted. */
  private applyRules(batch: Pending, inserted: Set<string> | null | undefined) {
    let stored = 0;
    let flagged = 0;
    const raises = [];
    const clears = [];
    // in time order per sensor already: a reading older than its sensor's latest is refused
    const unclaimed = inserted && new Set(inserted);
    const fresh = unclaimed
      ? batch.readings.filter((r) => unclaimed.delete(`${r.sensorId}|${r.ts}`))
      : batch.readings;
    for (const r of fresh) {
      stored++;
      const seen = this.seen.get(r.sensorId);
      if (seen === undefined || seen < r.ts) this.seen.set(r.sensorId, r.ts);
      if (!r.flagged) addRollup(this.rollups, r.sensorId, r.metric, Math.floor(r.ts / HOUR) * HOUR, r.value);
      if (r.flagged) {
        flagged++;
        this.counts.rejected['impossible-value'] = (this.counts.rejected['impossible-value'] ?? 0) + 1;
        rejectedCounter.inc({ reason: 'impossible-value' });
        continue;
      }
      const sensor = this.registry.get(r.sensorId);
      if (!sensor) continue;
      const out = this.engine.evaluate(r.sensorId, sensor.rules, r.value, r.ts);
      raises.push(...out.raises);
      clears.push(...out.clears);
    }
    const duplicates = batch.readings.length - stored;
    this.counts.stored += stored;
    this.counts.flagged += flagged;
    this.counts.duplicates += duplicates;
    readingsCounter.inc({ result: 'stored' }, stored - flagged);
    readingsCounter.inc({ result: 'flagged' }, flagged);
    readingsCounter.inc({ result: 'duplicate' }, duplicates);
    if (raises.length || clears.length) this.alarms.push(raises, clears);
  }
}

/**
 * Add one value (or an aggregate) to the hourly rollup of its sensor and hour: kept per sensor
 * (a short list, one entry per metric and hour), so no key string is made per reading.
 */
function addRollup(
  into: Map<string, RollupRow[]>,
  sensorId: string,
  metric: string,
  bucketStart: number,
  v: number | RollupRow,
) {
  const n = typeof v === 'number' ? 1 : v.n;
  const min = typeof v === 'number' ? v : v.min;
  const max = typeof v === 'number' ? v : v.max;
  const sum = typeof v === 'number' ? v : v.sum;
  let list = into.get(sensorId);
  if (!list) into.set(sensorId, (list = []));
  const a = list.find((r) => r.bucketStart === bucketStart && r.metric === metric);
  if (!a) list.push({ sensorId, metric, bucketStart, n, min, max, sum });
  else {
    a.n += n;
    if (min < a.min) a.min = min;
    if (max > a.max) a.max = max;
    a.sum += sum;
  }
}

const databaseUnavailable = () =>
  new Problem(
    'unavailable',
    {
      zh: '数据库暂时不可用，读数可能未保存，请稍后重发（已保存的计为重复）',
      en: 'the database is briefly unavailable: send the readings again later (any already stored count as duplicates)',
    },
    [],
    { 'retry-after': '5' },
  );

const instances = new WeakMap<object, SensorIngest>();

/**
 * The ingester of an app (one per database handle): the HTTP endpoint, the MQTT consumer and
 * main.ts share it.
 */
export function sensorIngestFor(ctx: AppContext, options?: SensorIngestOptions): SensorIngest {
  let ingest = instances.get(ctx.db);
  if (!ingest) {
    ingest = new SensorIngest(ctx, options);
    instances.set(ctx.db, ingest);
  }
  return ingest;
}

/** A new ingester (tests and benchmarks; the app uses {@link sensorIngestFor}). */
export const createSensorIngest = (ctx: AppContext, options?: SensorIngestOptions) =>
  new SensorIngest(ctx, options);
