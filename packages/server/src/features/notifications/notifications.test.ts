import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let handler: TestClient;
let dispatcher: TestClient;
const ids: string[] = [];
let othersId: string;

const accountId = (username: string) =>
  t.ctx.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestApp();
  handler = await t.staff('bwt-handler');
  dispatcher = await t.staff('dispatcher');
  const me = await accountId('bwt-handler');
  const other = await accountId('dispatcher');
  const rows = await t.ctx.db
    .insertInto('notification')
    .values([
      ...[1, 2, 3].map((i) => ({
        account_id: me.id,
        kind: 'test',
        text_zh: `提醒 ${i}`,
        text_en: `notice ${i}`,
      })),
      { account_id: other.id, kind: 'test', text_zh: '他人', text_en: 'someone else’s' },
    ])
    .returning('id')
    .execute();
  ids.push(...rows.slice(0, 3).map((r) => r.id));
  othersId = rows[3]!.id;
});
afterAll(() => t?.close());

const unread = async (c: TestClient) => (await c.get('/api/notifications/unread-count')).json().unread;

describe('notification read state', () => {
  it('counts unread notifications and marks one read, keeping the first read time', async () => {
    expect(await unread(handler)).toBe(3);
    const first = await handler.post(`/api/notifications/${ids[0]}/read`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().readAt).toBeTruthy();
    const again = await handler.post(`/api/notifications/${ids[0]}/read`);
    expect(again.json().readAt).toBe(first.json().readAt);
    expect(await unread(handler)).toBe(2);
  });

  it('refuses another account’s notification as not found, and a malformed id as a 400 naming it', async () => {
    const res = await handler.post(`/api/notifications/${othersId}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const bad = await handler.post('/api/notifications/not-an-id/read');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('id');
    expect(await unread(dispatcher)).toBe(1);
  });

  it('marks all of mine read, and only mine', async () => {
    const res = await handler.post('/api/notifications/read-all');
    expect(res.json()).toEqual({ marked: 2 });
    expect(await unread(handler)).toBe(0);
    expect(await unread(dispatcher)).toBe(1);
  });

  it('asks a sign-in', async () => {
    expect((await t.client().get('/api/notifications/unread-count')).statusCode).toBe(401);
  });
});
