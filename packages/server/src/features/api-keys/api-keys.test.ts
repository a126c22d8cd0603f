import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let admin: TestClient;
let bwtId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin');
  bwtId = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.beiwaitan)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

/** A bare machine request: no cookies, no CSRF token, only the key. */
const withKey = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { 'x-api-key': key }, ...(payload ? { payload } : {}) });

async function createKey(name: string): Promise<{ id: string; key: string }> {
  const res = await admin.post('/api/api-keys', { name, roles: ['device'], unitId: bwtId });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('API keys', () => {
  it('lets a machine client act as its key, shown once in the yk_ format', async () => {
    const { key } = await createKey('北外滩井盖传感网关');
    expect(key).toMatch(/^yk_[a-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
    const res = await withKey(key, 'GET', '/api/whoami');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'api-key',
      label: 'api-key:北外滩井盖传感网关',
      roles: ['device'],
      unit: STREET.beiwaitan,
    });
    const listed = (await admin.get('/api/api-keys')).json<{
      items: { prefix: string; lastUsedAt: string }[];
    }>();
    const mine = listed.items.find((k) => key.startsWith(`yk_${k.prefix}_`));
    expect(mine?.lastUsedAt).toBeTruthy();
    expect(JSON.stringify(listed)).not.toContain(key.split('_').at(-1)!);
  });

  it('accepts a state-changing request with a key and no CSRF token', async () => {
    const { key } = await createKey('北外滩接口测试');
    // A device may not manage accounts (403), but the request gets past the CSRF check to the role check.
    const res = await withKey(key, 'POST', '/api/users', {});
    expect(res.statusCode).toBe(403);
    expect(res.json().title).toBe('forbidden');
  });

  it('refuses a revoked key with 401', async () => {
    const { id, key } = await createKey('即将吊销的网关');
    expect((await withKey(key, 'GET', '/api/whoami')).statusCode).toBe(200);
    expect((await admin.delete(`/api/api-keys/${id}`)).statusCode).toBe(204);
    const res = await withKey(key, 'GET', '/api/whoami');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it.each([
    ['not a key at all', 'hello'],
    ['a key with a wrong secret', 'yk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a key with a short secret', 'yk_abcdefgh_short'],
  ])('refuses %s with 401', async (_why, key) => {
    const res = await withKey(key, 'GET', '/api/whoami');
    expect(res.statusCode).toBe(401);
    expect(res.json().title).toBe('unauthenticated');
  });

  it('refuses a correct prefix with a forged secret', async () => {
    const { key } = await createKey('前缀正确的网关');
    const forged = `${key.slice(0, 12)}${'A'.repeat(32)}`;
    expect((await withKey(forged, 'GET', '/api/whoami')).statusCode).toBe(401);
  });

  it('refuses a street administrator a key for another street', async () => {
    const bwt = await t.staff('bwt-admin');
    const qyl = (
      await t.ctx.db
        .selectFrom('org_unit')
        .select('id')
        .where('code', '=', STREET.quyanglu)
        .executeTakeFirstOrThrow()
    ).id;
    const res = await bwt.post('/api/api-keys', { name: '越权网关', roles: ['device'], unitId: qyl });
    expect(res.statusCode).toBe(404);
  });
});
