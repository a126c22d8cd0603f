/**
 * Sessions (issue 6, item 4): a new session id at every sign-in (a cookie planted or captured
 * before is worthless), revoked in the database at logout (replaying the cookie fails), and a
 * password change that ends every other session of the account and rotates the current one.
 * Idle and absolute expiry: session-expiry.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@yiwang/fixtures';
import { sha256 } from '../../core/auth/session.repository';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Who a bare cookie (no other state) signs in as, or null. */
async function whoIs(token: string): Promise<string | null> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/session',
    headers: { cookie: `yw_session=${token}` },
  });
  const user = res.json<{ user: { username: string | null; displayName: string } | null }>().user;
  return user ? (user.username ?? user.displayName) : null;
}

const sessionRow = (token: string) =>
  t.ctx.db
    .selectFrom('session')
    .select(['revoked_at', 'account_id'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();

describe('sign-in', () => {
  it('issues a new session id at every sign-in and ignores one the browser brought along', async () => {
    const c = t.client();
    c.cookies.yw_session = 'planted-by-an-attacker';
    await c.post('/api/auth/login', { username: 'clerk', password: DEMO_PASSWORD });
    const first = c.cookies.yw_session!;
    expect(first).not.toBe('planted-by-an-attacker');
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await c.post('/api/auth/login', { username: 'clerk', password: DEMO_PASSWORD });
    const second = c.cookies.yw_session!;
    expect(second).not.toBe(first);
    expect(await whoIs(first)).toBeNull();
    expect((await sessionRow(first))?.revoked_at).toBeInstanceOf(Date);
    expect(await whoIs(second)).toBe('clerk');
  });
});

describe('logout', () => {
  it('revokes the session in the database: the same cookie replayed afterwards is anonymous', async () => {
    const c = await t.staff('leader');
    const token = c.cookies.yw_session!;
    expect(await whoIs(token)).toBe('leader');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    expect(c.cookies.yw_session).toBeUndefined();
    expect((await sessionRow(token))?.revoked_at).toBeInstanceOf(Date);
    expect(await whoIs(token)).toBeNull();
    const replay = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { cookie: `yw_session=${token}` },
    });
    expect(replay.statusCode).toBe(401);
  });
});

describe('password change', () => {
  it('ends every other session of the account and rotates this one', async () => {
    const laptop = await t.staff('dispatcher');
    const phone = await t.staff('dispatcher');
    const other = await t.staff('hotline');
    const laptopBefore = laptop.cookies.yw_session!;
    const csrfBefore = (await laptop.get('/api/session')).json<{ csrfToken: string }>().csrfToken;

    const res = await laptop.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Hongkou@2027',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.username).toBe('dispatcher');
    expect(res.json().csrfToken).not.toBe(csrfBefore);

    // this browser: a new session; the old cookie is dead
    expect(laptop.cookies.yw_session).not.toBe(laptopBefore);
    expect(await whoIs(laptop.cookies.yw_session!)).toBe('dispatcher');
    expect(await whoIs(laptopBefore)).toBeNull();
    // the account's other browser is signed out; another account is untouched
    expect((await phone.get('/api/session')).json().user).toBeNull();
    expect(await whoIs(other.cookies.yw_session!)).toBe('hotline');
    const live = await t.ctx.db
      .selectFrom('session as s')
      .innerJoin('account as a', 'a.id', 's.account_id')
      .select('s.token_hash')
      .where('a.username', '=', 'dispatcher')
      .where('s.revoked_at', 'is', null)
      .execute();
    expect(live.map((r) => r.token_hash)).toEqual([sha256(laptop.cookies.yw_session!)]);

    // the old password no longer signs in, the new one does
    const old = await t.client().post('/api/auth/login', { username: 'dispatcher', password: DEMO_PASSWORD });
    expect(old.statusCode).toBe(401);
    const fresh = await t
      .client()
      .post('/api/auth/login', { username: 'dispatcher', password: 'Hongkou@2027' });
    expect(fresh.statusCode).toBe(200);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'account.password.change')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('works for a citizen signed in at /public/login', async () => {
    const c = t.client();
    await c.post('/api/auth/public/login', { account: '13900001002', password: DEMO_PASSWORD });
    const before = c.cookies.yw_session!;
    const res = await c.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Wang2027xh',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await whoIs(before)).toBeNull();
    expect(await whoIs(c.cookies.yw_session!)).not.toBeNull();
  });

  it('refuses a wrong current password, naming the field, and keeps every session', async () => {
    const c = await t.staff('auditor');
    const token = c.cookies.yw_session!;
    const res = await c.post('/api/auth/password', {
      currentPassword: 'wrong-one-1',
      newPassword: 'Audit2027x',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors[0]).toMatchObject({ field: 'currentPassword', zh: '当前密码不正确' });
    expect(await whoIs(token)).toBe('auditor');
    const weak = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('newPassword');
  });

  it('refuses an anonymous caller and a request without the CSRF token', async () => {
    const anonymous = await t.client().post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Hongkou@2027',
    });
    expect(anonymous.statusCode).toBe(401);
    const c = await t.staff('bwt-admin');
    const forged = await c.request({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'Hongkou@2027' },
      csrf: false,
    });
    expect(forged.statusCode).toBe(403);
  });

  it('ends every session of an account whose password an administrator resets', async () => {
    const admin = await t.staff('admin');
    const handler = await t.staff('bwt-handler');
    const me = (await handler.get('/api/session')).json<{ user: { id: string } }>().user.id;
    const res = await admin.post(`/api/users/${me}/password`, { password: 'Reset2027abc' });
    expect(res.statusCode, res.body).toBe(204);
    expect((await handler.get('/api/session')).json().user).toBeNull();
  });
});
