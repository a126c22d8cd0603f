import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@yiwang/db/testing';
import { DEMO_PASSWORD, STREET } from '@yiwang/fixtures';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { seed } from '../../seed';

/**
 * The live feed end to end over a real socket: an order created through the API arrives on the
 * SSE stream of /api/cityops/live; a street's staff get only their street's events; the hub
 * listens again after its connection is killed; closing the app ends the streams.
 */
let database: TestDatabase;
let app: FastifyInstance;
let base: string;
const unit: Record<string, string> = {};
const COMPLAINT = 'H-complaint';

type Session = { cookie: string; csrf: string };

async function signIn(username: string): Promise<Session> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v ?? '');
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const s = await fetch(`${base}/api/session`);
  keep(s);
  const { csrfToken } = (await s.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: cookie() },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  keep(login);
  const { csrfToken: csrf } = (await login.json()) as { csrfToken: string };
  return { cookie: cookie(), csrf };
}

async function report(session: Session, placeUnitId: string): Promise<string> {
  const res = await fetch(`${base}/api/work-orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf, cookie: session.cookie },
    body: JSON.stringify({ categoryCode: COMPLAINT, placeUnitId, description: '噪声扰民' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { order: { caseId: string } }).order.caseId;
}

type SseEvent = { event: string; data: Record<string, unknown> };

/** An open SSE stream read event by event. */
async function openStream(session: Session) {
  const res = await fetch(`${base}/api/cityops/live`, { headers: { cookie: session.cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  let ended = false;
  const fill = async () => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const lines = block.split('\n').filter((l) => !l.startsWith(':'));
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (event && data) queue.push({ event, data: JSON.parse(data) as Record<string, unknown> });
    }
  };
  return {
    /** The next event matching `accept` (others are skipped); null when the stream ended. */
    async next(accept: (e: SseEvent) => boolean = () => true): Promise<SseEvent | null> {
      for (;;) {
        while (queue.length) {
          const e = queue.shift()!;
          if (accept(e)) return e;
        }
        if (ended) return null;
        await fill();
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seed(database.db, { demo: true });
  ({ app } = await buildApp({
    db: database.db,
    config: loadConfig({}),
    logger: false,
    serveWeb: false,
    databaseUrl: database.url,
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (const u of await database.db.selectFrom('org_unit').select(['id', 'code']).execute())
    unit[u.code] = u.id;
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const workOrder = (id: string) => (e: SseEvent) => e.event === 'work-order' && e.data.id === id;

describe('GET /api/cityops/live (Server-Sent Events)', () => {
  it('delivers a new order to the dispatcher’s stream, with its names', async () => {
    const hotline = await signIn('hotline');
    const stream = await openStream(await signIn('dispatcher'));
    expect((await stream.next())?.event).toBe('hello');
    const id = await report(hotline, unit[STREET.beiwaitan]!);
    const e = await stream.next(workOrder(id));
    expect(e?.data).toMatchObject({
      kind: 'work-order',
      event: 'created',
      id,
      categoryCode: COMPLAINT,
      streetId: unit[STREET.beiwaitan],
      streetName: '北外滩街道',
    });
    expect(e?.data.categoryName).toEqual(expect.any(String));
    await stream.cancel();
  });

  it('gives a street’s staff only their street’s events', async () => {
    const hotline = await signIn('hotline');
    const stream = await openStream(await signIn('bwt-handler'));
    await stream.next((e) => e.event === 'hello');
    const elsewhere = await report(hotline, unit[STREET.quyanglu]!);
    const here = await report(hotline, unit[STREET.beiwaitan]!);
    const first = await stream.next((e) => e.event === 'work-order');
    expect(first?.data.id).toBe(here);
    expect(first?.data.id).not.toBe(elsewhere);
    await stream.cancel();
  });

  it('refuses callers outside the operations roles', async () => {
    const clerk = await signIn('clerk');
    expect((await fetch(`${base}/api/cityops/live`, { headers: { cookie: clerk.cookie } })).status).toBe(403);
    expect((await fetch(`${base}/api/cityops/live`)).status).toBe(401);
  });

  it('listens again after its PostgreSQL connection is killed, and says resync', async () => {
    const hotline = await signIn('hotline');
    const stream = await openStream(await signIn('dispatcher'));
    await stream.next((e) => e.event === 'hello');
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const killed = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'yiwang-live' AND datname = current_database()`,
    );
    await admin.end();
    expect(killed.rowCount).toBe(1);
    expect((await stream.next((e) => e.event === 'resync'))?.event).toBe('resync');
    const id = await report(hotline, unit[STREET.beiwaitan]!);
    expect((await stream.next(workOrder(id)))?.data.id).toBe(id);
    await stream.cancel();
  });

  it('ends open streams when the app closes', async () => {
    const stream = await openStream(await signIn('leader'));
    await stream.next((e) => e.event === 'hello');
    await app.close();
    expect(await stream.next()).toBeNull();
  });
});
