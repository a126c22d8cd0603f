import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ sessionIdleMs: 800, sessionMaxMs: 60_000 });
});
afterAll(() => t.close());

describe('session expiry', () => {
  it('ends a session after the idle limit and clears its cookie', async () => {
    const c = await t.staff('clerk');
    expect((await c.get('/api/session')).json().user?.username).toBe('clerk');
    await new Promise((r) => setTimeout(r, 1000));
    const res = await c.get('/api/session');
    expect(res.json().user).toBeNull();
    expect(c.cookies.yw_session).toBeUndefined();
    expect((await c.get('/api/users')).statusCode).toBe(401);
  });

  it('ends a session at its absolute limit however busy it is', async () => {
    const c = await t.staff('leader');
    expect((await c.get('/api/session')).json().user?.username).toBe('leader');
    // as if signed in 61 seconds ago and active a moment ago
    await t.ctx.db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1_000), last_seen_at: new Date() })
      .where('revoked_at', 'is', null)
      .execute();
    expect((await c.get('/api/session')).json().user).toBeNull();
    expect((await c.get('/api/users')).statusCode).toBe(401);
  });
});
