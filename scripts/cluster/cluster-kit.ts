/**
 * Clients for the cluster test (scripts/cluster/cluster.cluster.ts): a signed-in HTTP session
 * (cookies + CSRF header, as a browser has them), a follower of the live feed (SSE), and a
 * paced MQTT reading publisher that remembers which readings the broker acknowledged.
 */
import { request as httpRequest } from 'node:http';
import mqtt, { type MqttClient } from 'mqtt';
import { readingPayload, readingTopic } from '../../packages/server/src/features/simulator/reading-schedule';
import type { SimSensor } from '../../packages/server/src/features/simulator/sensor-models';
import { ReadingSchedule } from '../../packages/server/src/features/simulator/reading-schedule';

export const DEMO_PASSWORD = 'Yiwang@2026';

/** A browser-like session against one base URL (a copy, or the proxy). */
export class Session {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }),
        cookie: this.cookieHeader(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      if (pair.slice(at + 1)) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }

  async json<T>(method: string, path: string, status: number, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} (wanted ${status}) ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  private async refreshCsrf() {
    this.csrf = (await this.json<{ csrfToken: string }>('GET', '/api/session', 200)).csrfToken;
  }

  /** Staff sign in at /login. */
  async signIn(username: string): Promise<this> {
    await this.refreshCsrf();
    await this.json('POST', '/api/auth/login', 200, { username, password: DEMO_PASSWORD });
    await this.refreshCsrf();
    return this;
  }

  /** Citizens and enterprises sign in at /public/login with their phone. */
  async signInPublic(account: string): Promise<this> {
    await this.refreshCsrf();
    await this.json('POST', '/api/auth/public/login', 200, { account, password: DEMO_PASSWORD });
    await this.refreshCsrf();
    return this;
  }
}

export type LiveEvent = { at: number; event: string; data: Record<string, unknown> };

/** Follow GET /api/cityops/live with a signed-in session; resolves once the `hello` event came. */
export async function followLive(session: Session) {
  const url = new URL(`${session.base}/api/cityops/live`);
  const events: LiveEvent[] = [];
  let ended = false;
  let hello!: () => void;
  const connected = new Promise<void>((done) => (hello = done));
  const req = httpRequest(
    {
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      headers: { cookie: session.cookieHeader(), accept: 'text/event-stream' },
    },
    (res) => {
      if (res.statusCode !== 200) {
        ended = true;
        hello();
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('error', () => {});
      res.on('close', () => (ended = true));
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event) continue;
          if (event === 'hello') hello();
          try {
            events.push({ at: performance.now(), event, data: data ? JSON.parse(data) : {} });
          } catch {
            // not JSON
          }
        }
      });
    },
  );
  req.on('error', () => {
    ended = true;
    hello();
  });
  req.end();
  await Promise.race([connected, new Promise((r) => setTimeout(r, 15_000))]);
  return {
    events,
    ended: () => ended,
    /** ids of work orders this feed saw created */
    createdOrders: () =>
      new Set(
        events
          .filter((e) => e.event === 'work-order' && e.data.event === 'created')
          .map((e) => String(e.data.id)),
      ),
    close: () => req.destroy(),
  };
}

/**
 * Publishes rounds of readings (every sensor once per round, each round's timestamp `stepMs`
 * after the last, so every (sensor, ts) is unique) over MQTT at QoS 1, paced to `perSecond`.
 * `ackedRounds` counts the rounds whose every reading the broker acknowledged, in order.
 */
export class ReadingLoad {
  private client!: MqttClient;
  private schedule: ReadingSchedule;
  private running = false;
  private loop: Promise<void> | undefined;
  /** readings whose PUBACK came */
  acked = 0;
  /** readings published whose PUBACK never came (the broker refused or the connection broke) */
  unacked = 0;
  rounds = 0;
  /** per round: how many of its readings are acknowledged, and when the last one was */
  private roundAcks: number[] = [];
  roundAckedAt: number[] = [];

  constructor(
    private readonly url: string,
    readonly sensors: SimSensor[],
    readonly base: number,
    readonly stepMs: number,
    private readonly perSecond: number,
  ) {
    this.schedule = new ReadingSchedule(sensors, { seed: 11, intervalS: 60, startAt: base });
  }

  /** The timestamp of round r. */
  tsOf(round: number): number {
    return this.base + round * this.stepMs;
  }

  /** The last round r such that every reading of rounds 0…r is acknowledged (-1: none). */
  ackedPrefix(): number {
    let r = 0;
    while (r < this.roundAcks.length && this.roundAcks[r] === this.sensors.length) r++;
    return r - 1;
  }

  async start(clientId: string) {
    this.client = await mqtt.connectAsync(this.url, { clientId, protocolVersion: 5, reconnectPeriod: 1000 });
    this.client.on('error', () => {});
    this.running = true;
    const perRoundMs = (this.sensors.length / this.perSecond) * 1000;
    this.loop = (async () => {
      const t0 = performance.now();
      while (this.running) {
        const round = this.rounds++;
        this.roundAcks[round] = 0;
        const t = this.tsOf(round);
        for (const sensor of this.sensors) {
          const r = this.schedule.reading(sensor, t);
          this.client.publish(readingTopic(r.sensorId), readingPayload(r), { qos: 1 }, (error) => {
            if (error) this.unacked++;
            else {
              this.acked++;
              this.roundAcks[round]!++;
              this.roundAckedAt[round] = performance.now();
            }
          });
        }
        const wait = t0 + this.rounds * perRoundMs - performance.now();
        await new Promise((r) => setTimeout(r, Math.max(0, wait)));
      }
    })();
  }

  /** Stop publishing and wait (up to 30 s) for the outstanding PUBACKs. */
  async stop() {
    this.running = false;
    await this.loop;
    const deadline = Date.now() + 30_000;
    while (this.acked + this.unacked < this.rounds * this.sensors.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await this.client.endAsync();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `check` every 100 ms until it holds; throws `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out (${timeoutMs / 1000} s) waiting for ${what}`);
    await sleep(100);
  }
}

/** A counter from a copy's /metrics (0 when absent). */
export async function metric(base: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  return Number(pattern.exec(text)?.[1] ?? 0);
}
