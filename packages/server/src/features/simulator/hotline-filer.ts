import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { createWorkOrder } from '../work-orders/work-order.service';
import { hotlineCall } from './hotline-calls';

export type HotlinePlace = { id: string; name: string };

/** Something that files the n-th simulated call: in-process or over HTTP. */
export type HotlineFiler = (n: number) => Promise<{ orderNo: string }>;

/**
 * File calls in-process through the work-order service, as `operator` (the demo `hotline`
 * account), at the committees in `places`.
 */
export function inProcessHotlineFiler(
  ctx: AppContext,
  operator: Actor,
  places: HotlinePlace[],
  seed: number,
): HotlineFiler {
  const names = places.map((p) => p.name);
  return async (n) => {
    const call = hotlineCall(seed, n, names);
    const order = await createWorkOrder(ctx, operator, {
      categoryCode: call.categoryCode,
      source: 'hotline',
      placeUnitId: places[call.placeIndex]!.id,
      description: call.description,
      reporterName: call.reporterName,
      reporterPhone: call.reporterPhone,
    });
    return { orderNo: order.order.orderNo };
  };
}

/** A staff session over HTTP: cookie jar and CSRF token, as a browser keeps them. */
class StaffSession {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly baseUrl: string) {}

  async send(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    if (method !== 'GET' && !this.csrf) await this.send('GET', '/api/session');
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      if (pair.slice(at + 1)) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
      else this.cookies.delete(pair.slice(0, at));
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    if (json && typeof json === 'object' && 'csrfToken' in json) this.csrf = String(json.csrfToken);
    return { status: response.status, json };
  }

  async expect(method: string, path: string, status: number, body?: unknown) {
    const r = await this.send(method, path, body);
    if (r.status !== status)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
    return r.json;
  }
}

/**
 * Sign in to a running server as a hotline operator and file calls with
 * `POST /api/work-orders` at its residents' committees.
 *
 * @example
 * const file = await httpHotlineFiler('http://localhost:3000', 'hotline', 'Yiwang@2026', 42);
 * await file(0); // → { orderNo: 'GD20261127000001' }
 */
export async function httpHotlineFiler(
  baseUrl: string,
  username: string,
  password: string,
  seed: number,
): Promise<HotlineFiler> {
  const session = new StaffSession(baseUrl);
  await session.expect('POST', '/api/auth/login', 200, { username, password });
  await session.send('GET', '/api/session'); // the signed-in session's CSRF token
  const { items } = (await session.expect('GET', '/api/cityops/places', 200)) as {
    items: { id: string; name: string; kind: string }[];
  };
  const places = items.filter((p) => p.kind === 'committee');
  if (!places.length) throw new Error('the server lists no residents’ committees');
  const names = places.map((p) => p.name);
  return async (n) => {
    const call = hotlineCall(seed, n, names);
    const order = (await session.expect('POST', '/api/work-orders', 201, {
      categoryCode: call.categoryCode,
      source: 'hotline',
      placeUnitId: places[call.placeIndex]!.id,
      description: call.description,
      reporterName: call.reporterName,
      reporterPhone: call.reporterPhone,
    })) as { order: { orderNo: string } };
    return { orderNo: order.order.orderNo };
  };
}
