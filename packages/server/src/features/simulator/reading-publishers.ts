import mqtt, { type MqttClient } from 'mqtt';
import { readingPayload, readingTopic, type SimReading } from './reading-schedule';

/** Where simulated readings go: MQTT (QoS 1) or the HTTP batch endpoint. */
export interface ReadingPublisher {
  /** Resolves once the reading is handed over (it may still be in flight: see `flush`). */
  publish(reading: SimReading): Promise<void>;
  /** Resolves when everything published so far is acknowledged (PUBACK / 2xx). */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly stats: PublishStats;
}

export type PublishStats = { sent: number; acked: number; failed: number; lastError?: string };

/**
 * Many sensors over a few MQTT connections, QoS 1: reading i goes out on connection i mod
 * `connections`, and each connection keeps at most `window` publishes awaiting PUBACK (the
 * broker's pace sets ours).
 *
 * @example
 * const p = await MqttReadingPublisher.connect('mqtt://127.0.0.1:1883', { connections: 4 });
 * await p.publish({ sensorId: 'DEMO-WL-000001', ts: new Date().toISOString(), metrics: { water_level: 0.42 } });
 * await p.flush(); await p.close();
 */
export class MqttReadingPublisher implements ReadingPublisher {
  readonly stats: PublishStats = { sent: 0, acked: 0, failed: 0 };
  private next = 0;
  private readonly inFlight: number[];
  private readonly waiters: (() => void)[][];

  private constructor(
    private readonly clients: MqttClient[],
    private readonly window: number,
  ) {
    this.inFlight = clients.map(() => 0);
    this.waiters = clients.map(() => []);
  }

  static async connect(
    url: string,
    options: { connections?: number; window?: number; clientIdPrefix?: string } = {},
  ): Promise<MqttReadingPublisher> {
    const n = Math.max(1, options.connections ?? 4);
    const prefix = options.clientIdPrefix ?? `yiwang-sim-${process.pid}`;
    const clients = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        mqtt.connectAsync(url, {
          clientId: `${prefix}-${i}`,
          clean: true,
          reconnectPeriod: 1000,
          connectTimeout: 10_000,
        }),
      ),
    );
    return new MqttReadingPublisher(clients, Math.max(1, options.window ?? 1000));
  }

  async publish(reading: SimReading): Promise<void> {
    const i = this.next++ % this.clients.length;
    while (this.inFlight[i]! >= this.window) await new Promise<void>((done) => this.waiters[i]!.push(done));
    this.inFlight[i]!++;
    this.stats.sent++;
    this.clients[i]!.publish(readingTopic(reading.sensorId), readingPayload(reading), { qos: 1 }, (error) => {
      this.inFlight[i]!--;
      if (error) {
        this.stats.failed++;
        this.stats.lastError = error.message;
      } else this.stats.acked++;
      const waiters = this.waiters[i]!;
      if (waiters.length) waiters.shift()!();
    });
  }

  async flush(): Promise<void> {
    while (this.inFlight.some((n) => n > 0)) await new Promise((done) => setTimeout(done, 5));
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.endAsync().catch(() => {})));
  }
}

/**
 * Readings in batches to `POST /api/sensor-readings` with an API key of role device: `batch`
 * readings per request, at most `concurrency` requests at once.
 */
export class HttpReadingPublisher implements ReadingPublisher {
  readonly stats: PublishStats = { sent: 0, acked: 0, failed: 0 };
  private buffer: SimReading[] = [];
  private running = new Set<Promise<void>>();

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly options: { batch?: number; concurrency?: number } = {},
  ) {}

  async publish(reading: SimReading): Promise<void> {
    this.buffer.push(reading);
    this.stats.sent++;
    if (this.buffer.length >= (this.options.batch ?? 500)) await this.send();
  }

  private async send() {
    const readings = this.buffer;
    this.buffer = [];
    if (!readings.length) return;
    while (this.running.size >= (this.options.concurrency ?? 4)) await Promise.race(this.running);
    const request = (async () => {
      try {
        const response = await fetch(new URL('/api/sensor-readings', this.baseUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey },
          body: JSON.stringify({ readings }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = await response.text();
        if (response.ok) this.stats.acked += readings.length;
        else {
          this.stats.failed += readings.length;
          this.stats.lastError = `${response.status} ${body.slice(0, 200)}`;
        }
      } catch (error) {
        this.stats.failed += readings.length;
        this.stats.lastError = (error as Error).message;
      }
    })();
    this.running.add(request);
    void request.finally(() => this.running.delete(request));
  }

  async flush(): Promise<void> {
    await this.send();
    await Promise.all(this.running);
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
