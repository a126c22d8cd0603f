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
});
