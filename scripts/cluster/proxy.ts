/**
 * A small round-robin HTTP proxy in front of N server copies, for the cluster test (and as a
 * stand-in for nginx when trying copies out locally; docs/operations.md "Running N copies").
 *
 * - Requests go to the copies in turn. A copy that refuses the connection (it is gone) is marked
 *   down and the request goes to the next one: nothing reached the dead copy, so even a POST is
 *   safe to send again. A copy that fails after the request was sent is not retried (the write
 *   may have happened): the client gets 502, as from nginx without `proxy_next_upstream` for
 *   non-idempotent requests.
 * - A copy marked down is probed (GET /readyz) every `probeMs` and taken back when it answers 200.
 * - Responses are streamed, so Server-Sent Events (GET /api/cityops/live) pass through; a stream
 *   whose copy dies ends, and the browser's EventSource reconnects to another.
 *
 * Run alone: `npx tsx scripts/cluster/proxy.ts 8080 127.0.0.1:3001 127.0.0.1:3002`.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export type Upstream = { host: string; port: number };

export type ProxyStats = {
  /** requests answered, per upstream `host:port` */
  served: Record<string, number>;
  /** requests moved to another copy because the chosen one refused the connection */
  rerouted: number;
  /** 502s: the copy failed after the request was sent, or no copy was up */
  failed: number;
};

export type Proxy = {
  port: number;
  stats: ProxyStats;
  /** whether the proxy currently sends requests to this upstream */
  isUp: (upstream: Upstream) => boolean;
  close: () => Promise<void>;
};

const MAX_BODY = 32 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

/** Start the proxy on `port` (0 = a free one) of 127.0.0.1. */
export async function startProxy(
  upstreams: Upstream[],
  options: { port?: number; host?: string; probeMs?: number } = {},
): Promise<Proxy> {
  const key = (u: Upstream) => `${u.host}:${u.port}`;
  const down = new Set<string>();
  const stats: ProxyStats = { served: {}, rerouted: 0, failed: 0 };
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;

  const probe = setInterval(() => {
    for (const u of upstreams) {
      if (!down.has(key(u))) continue;
      const req = httpRequest({ host: u.host, port: u.port, path: '/readyz', timeout: 2000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) down.delete(key(u));
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => {});
      req.end();
    }
  }, options.probeMs ?? 500);
  probe.unref();

  /** The copies to try for one request, in round-robin order, those up first. */
  const order = (): Upstream[] => {
    const start = next++ % upstreams.length;
    const ring = upstreams.map((_, i) => upstreams[(start + i) % upstreams.length]!);
    return [...ring.filter((u) => !down.has(key(u))), ...ring.filter((u) => down.has(key(u)))];
  };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    candidates: Upstream[],
    attempt: number,
  ) => {
    const upstream = candidates[attempt];
    if (!upstream) {
      stats.failed++;
      reply502(res, 'no server copy is reachable');
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    const client = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for']
      ? `${String(req.headers['x-forwarded-for'])}, ${client}`
      : client;
    headers['x-forwarded-proto'] = 'http';
    headers['content-length'] = String(body.length);
    let connected = false;
    const out = httpRequest(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent },
      (upstreamRes) => {
        stats.served[key(upstream)] = (stats.served[key(upstream)] ?? 0) + 1;
        const resHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(upstreamRes.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name)) resHeaders[name] = value;
        res.writeHead(upstreamRes.statusCode ?? 502, resHeaders);
        res.flushHeaders();
        upstreamRes.pipe(res);
        // the copy died mid-stream (an SSE stream, a long download): end the client's response too
        upstreamRes.on('error', () => res.destroy());
        upstreamRes.on('aborted', () => res.destroy());
      },
    );
    out.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && (error.code === 'ECONNREFUSED' || error.code === 'EHOSTUNREACH')) {
        // nothing was sent: mark the copy down and try the next one
        down.add(key(upstream));
        stats.rerouted++;
        forward(req, res, body, candidates, attempt + 1);
        return;
      }
      stats.failed++;
      if (!res.headersSent)
        reply502(res, `server copy ${key(upstream)} failed: ${error.code ?? error.message}`);
      else res.destroy();
    });
    // the browser went away (an SSE stream closed): stop the upstream request
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => forward(req, res, Buffer.concat(chunks), order(), 0));
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0; // SSE streams stay open
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  return {
    port: (server.address() as AddressInfo).port,
    stats,
    isUp: (u) => !down.has(key(u)),
    close: async () => {
      clearInterval(probe);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function reply502(res: ServerResponse, detail: string) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(502, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [port, ...targets] = process.argv.slice(2);
  if (!port || !targets.length) {
    process.stderr.write('usage: tsx scripts/cluster/proxy.ts <port> <host:port> [<host:port> …]\n');
    process.exit(2);
  }
  const upstreams = targets.map((t) => {
    const [host = '127.0.0.1', p = ''] = t.split(':');
    return { host, port: Number(p) };
  });
  const proxy = await startProxy(upstreams, { port: Number(port), host: '0.0.0.0' });
  process.stdout.write(`round-robin proxy on :${proxy.port} → ${targets.join(', ')}\n`);
}
