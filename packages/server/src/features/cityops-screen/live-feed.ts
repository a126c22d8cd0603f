import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/app-context';
import type { LiveHub, LiveMessage } from '../../core/live-hub';
import { Problem } from '../../core/problem';
import { categoryNames } from './cityops-screen.repository';
import { filterCovers, loadPlaces, placeFilterFor } from './places';

const HEARTBEAT_MS = 15_000;

/**
 * The operations screen's live feed over Server-Sent Events: every event of the hub the caller
 * may see (a street's staff only their street's), with the names of its category, street and
 * committee added; a comment line every 15 s keeps proxies from closing the stream; `resync`
 * tells the browser to reload its counters. Streams end when the client goes or the app closes.
 */
export class LiveFeed {
  readonly #streams = new Set<() => void>();
  #names: { at: number; categories: Promise<Map<string, string>> } | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly hub: LiveHub | undefined,
  ) {}

  get open(): number {
    return this.#streams.size;
  }

  async #categoryNames() {
    if (!this.#names || Date.now() - this.#names.at > 60_000)
      this.#names = { at: Date.now(), categories: categoryNames(this.ctx.db) };
    return this.#names.categories;
  }

  async stream(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const hub = this.hub;
    if (!hub)
      throw new Problem('unavailable', {
        zh: '实时推送未启用（服务器未连接数据库通知通道）',
        en: 'the live feed is not running on this server',
      });
    const places = await loadPlaces(this.ctx.db);
    const filter = placeFilterFor(request.actor, places);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ connected: hub.connected })}\n\n`);
    let closed = false;
    const send = async (m: LiveMessage) => {
      if (m.kind === 'resync') {
        res.write(`event: resync\ndata: ${JSON.stringify(m)}\n\n`);
        return;
      }
      if (!filterCovers(filter, m.streetId, m.committeeId)) return;
      const street = m.streetId ? places.byId.get(m.streetId) : undefined;
      const committee = m.committeeId ? places.byId.get(m.committeeId) : undefined;
      const categoryName =
        m.kind === 'work-order' ? ((await this.#categoryNames()).get(m.categoryCode) ?? null) : null;
      if (closed) return;
      const data = {
        ...m,
        streetName: street?.name ?? null,
        streetNameEn: street?.nameEn ?? null,
        committeeName: committee?.name ?? null,
        categoryName,
      };
      res.write(`event: ${m.kind}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const unsubscribe = hub.subscribe((m) => {
      send(m).catch((error: unknown) => request.log.warn(error, 'live feed: send failed'));
    });
    const heartbeat = setInterval(() => res.write(`: ping ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.#streams.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.#streams.add(close);
    request.raw.on('close', close);
    res.on('error', close);
  }

  /** End every open stream (the app is closing). */
  closeAll(): void {
    for (const close of [...this.#streams]) close();
  }
}
