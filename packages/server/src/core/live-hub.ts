import pg from 'pg';
import { LIVE_CHANNEL, type LiveEvent } from './live';

/** What subscribers receive: a live event, or `resync` after the hub reconnected (events may have been missed). */
export type LiveMessage = LiveEvent | { kind: 'resync'; at: string };
export type LiveListener = (message: LiveMessage) => void;

type Log = { info: (msg: string) => void; warn: (obj: unknown, msg: string) => void };

const MAX_BACKOFF_MS = 10_000;
const PING_MS = 30_000;

/**
 * The listening side of the live feed (core/live.ts publishes): one dedicated PostgreSQL
 * connection per server copy doing `LISTEN yiwang_live`, fanning each notification out to the
 * subscribers in this process (the SSE streams). A lost connection is re-opened with backoff
 * (250 ms doubling to 10 s); subscribers then get `resync`, since NOTIFYs sent meanwhile are
 * gone. A ping every 30 s finds a connection that died silently.
 *
 * @example
 * const hub = new LiveHub(databaseUrl);
 * await hub.start();
 * const off = hub.subscribe((m) => console.log(m));
 * // … later
 * off();
 * await hub.stop();
 */
export class LiveHub {
  readonly #url: string;
  readonly #log: Log | undefined;
  readonly #listeners = new Set<LiveListener>();
  #client: pg.Client | null = null;
  #stopped = true;
  #attempt = 0;
  #everConnected = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #pingTimer: NodeJS.Timeout | null = null;
  #connectedWaiters: (() => void)[] = [];

  constructor(url: string, log?: Log) {
    this.#url = url;
    this.#log = log;
  }

  /** Connect and LISTEN. Resolves once listening, or after the first failure (retries continue). */
  async start(): Promise<void> {
    if (!this.#stopped) return;
    this.#stopped = false;
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.#retryTimer = this.#pingTimer = null;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
    this.#listeners.clear();
  }

  /** Receive every event from now on; returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get connected(): boolean {
    return this.#client !== null;
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Resolves when the hub is listening (at once if it is). */
  whenConnected(): Promise<void> {
    if (this.#client) return Promise.resolve();
    return new Promise((resolve) => this.#connectedWaiters.push(resolve));
  }

  #emit(message: LiveMessage) {
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch (error) {
        this.#log?.warn(error, 'live feed subscriber failed');
      }
    }
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client({
      connectionString: this.#url,
      application_name: 'yiwang-live',
      keepAlive: true,
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.#client === client) this.#client = null;
      if (this.#pingTimer) clearInterval(this.#pingTimer);
      this.#pingTimer = null;
      client.end().catch(() => {});
      if (this.#stopped) return;
      this.#log?.warn(error ?? {}, 'live feed: connection to PostgreSQL lost; reconnecting');
      this.#scheduleRetry();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (n) => {
      if (n.channel !== LIVE_CHANNEL || !n.payload) return;
      try {
        this.#emit(JSON.parse(n.payload) as LiveEvent);
      } catch (error) {
        this.#log?.warn(error, 'live feed: unreadable notification');
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#attempt = 0;
    this.#pingTimer = setInterval(() => {
      client.query('SELECT 1').catch((e: Error) => onLost(e));
    }, PING_MS);
    this.#pingTimer.unref();
    if (this.#everConnected) {
      this.#log?.info('live feed: listening again');
      this.#emit({ kind: 'resync', at: new Date().toISOString() });
    }
    this.#everConnected = true;
    for (const resolve of this.#connectedWaiters.splice(0)) resolve();
  }

  #scheduleRetry() {
    if (this.#retryTimer || this.#stopped) return;
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.#attempt) * (0.8 + Math.random() * 0.4);
    this.#attempt++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, delay);
    this.#retryTimer.unref();
  }
}
