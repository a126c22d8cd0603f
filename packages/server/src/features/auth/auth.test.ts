import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('signing in', () => {
  it('signs a demo administrator in and shows who they are', async () => {
    const admin = await t.staff('admin');
    const res = await admin.get('/api/session');
    expect(res.json().user).toMatchObject({ username: 'admin', kind: 'staff', roles: ['admin'] });
    expect(res.cookies.length).toBeGreaterThanOrEqual(0);
  });

  it('sets the session cookie HttpOnly and SameSite', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/login', { username: 'clerk', password: 'Yiwang@2026' });
    const cookie = res.cookies.find((k) => k.name === 'yw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const c = t.client();
    const res = await c.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'x' },
      csrf: false,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ title: 'csrf-token' });
  });

  it('answers 429 after repeated wrong passwords', async () => {
    const c = t.client();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await c.post('/api/auth/login', { username: 'leader', password: `wrong-${i}` })).statusCode,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('names the field and says why when the ID number check digit is wrong', async () => {
    const res = await t.client().post('/api/auth/register/citizen', {
      name: '张三',
      idNumber: '110105194912310021',
      phone: '13800001111',
      password: 'abc12345',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([
      { field: 'idNumber', zh: '身份证号码校验位不正确', en: 'the ID number check digit is wrong' },
    ]);
  });

  it('registers a citizen with a valid ID number, signs them in and masks their numbers', async () => {
    const c = t.client();
    const res = await c.post('/api/auth/register/citizen', {
      name: '赵敏',
      idNumber: '11010519491231002X',
      phone: '13812345678',
      password: 'abc12345',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      kind: 'citizen',
      idNumber: '110105********002X',
      phone: '138****5678',
    });
    const again = await t.client().post('/api/auth/register/citizen', {
      name: '赵敏',
      idNumber: '11010519491231002X',
      phone: '13812345679',
      password: 'abc12345',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('idNumber');
  });

  it('rotates the session at login and revokes it at logout', async () => {
    const c = t.client();
    await c.get('/api/session');
    await c.post('/api/auth/login', { username: 'dispatcher', password: 'Yiwang@2026' });
    const first = c.cookies.yw_session;
    await c.post('/api/auth/login', { username: 'dispatcher', password: 'Yiwang@2026' });
    expect(c.cookies.yw_session).not.toBe(first);
    const stolen = first!;
    const replay = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: `yw_session=${stolen}` },
    });
    expect(replay.json().user).toBeNull();
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/session')).json().user).toBeNull();
  });
});
