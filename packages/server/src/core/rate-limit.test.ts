import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { rateLimited } from '../app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 20 });
});
afterAll(() => t.close());

describe('the general rate limit', () => {
  it('counts the API and Open311, not probes or the web app files', () => {
    expect(rateLimited('/api/units')).toBe(true);
    expect(rateLimited('/open311/v2/services.json')).toBe(true);
    expect(rateLimited('/assets/index-abc.js')).toBe(false);
    expect(rateLimited('/favicon.svg')).toBe(false);
    expect(rateLimited('/healthz')).toBe(false);
  });

  it('gives each signed-in account its own bucket, so colleagues behind one address do not share one', async () => {
    const admin = await t.staff('admin');
    const clerk = await t.staff('clerk');
    const adminStatuses: number[] = [];
    for (let i = 0; i < 25; i++) adminStatuses.push((await admin.get('/api/units')).statusCode);
    expect(adminStatuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect(adminStatuses.at(-1)).toBe(429);
    // same address (inject uses 127.0.0.1), another account: still served
    expect((await clerk.get('/api/units')).statusCode).toBe(200);
  });

  it('counts anonymous callers by address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await t.client().get('/api/catalogue/items')).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });
});
