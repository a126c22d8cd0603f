import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let wangResidentId: string;
let businessLicence: string;
beforeAll(async () => {
  t = await createTestApp();
  const rows = await t.ctx.db.selectFrom('e_license').select(['id', 'type_code', 'holder_id']).execute();
  wangResidentId = rows.find((r) => r.holder_id === '310109199208263026')!.id;
  businessLicence = rows.find((r) => r.type_code === 'business-licence')!.id;
});
afterAll(() => t.close());

const signIn = async (account: string) => {
  const c = t.client();
  expect((await c.post('/api/auth/public/login', { account, password: 'Yiwang@2026' })).statusCode).toBe(200);
  return c;
};

describe('e-licence scopes', () => {
  it("refuses a citizen another person's licence with 404", async () => {
    const li = await signIn('13900001001');
    expect((await li.get(`/api/licenses/${wangResidentId}`)).statusCode).toBe(404);
    expect((await li.get(`/api/licenses/${businessLicence}`)).statusCode).toBe(404);
    const own = (await li.get('/api/wallet')).json().items;
    expect(own.map((l: { holderName: string }) => l.holderName)).toEqual(['李建国']);
  });

  it('refuses citizens the staff look-up and revocation', async () => {
    const li = await signIn('13900001001');
    expect((await li.get('/api/licenses')).statusCode).toBe(403);
    expect((await li.post(`/api/licenses/${wangResidentId}/revoke`, { reason: '测试原因' })).statusCode).toBe(
      403,
    );
  });

  it('refuses the wallet to staff and to the signed-out', async () => {
    expect((await (await t.staff('clerk')).get('/api/wallet')).statusCode).toBe(403);
    expect((await t.client().get('/api/wallet')).statusCode).toBe(401);
    expect((await t.client().get(`/api/licenses/${businessLicence}`)).statusCode).toBe(401);
  });

  it('refuses staff outside the licence roles', async () => {
    expect((await (await t.staff('dispatcher')).get('/api/licenses')).statusCode).toBe(403);
    expect((await (await t.staff('dispatcher')).get(`/api/licenses/${businessLicence}`)).statusCode).toBe(
      404,
    );
  });

  it("refuses a street administrator a department's licence, and a reviewer another issuer's", async () => {
    const bwt = await t.staff('bwt-admin');
    expect(
      (await bwt.post(`/api/licenses/${businessLicence}/revoke`, { reason: '测试原因' })).statusCode,
    ).toBe(403);
    const reviewer = await t.staff('scjg-reviewer');
    expect(
      (await reviewer.post(`/api/licenses/${wangResidentId}/revoke`, { reason: '测试原因' })).statusCode,
    ).toBe(403);
    const clerk = await t.staff('clerk');
    expect(
      (await clerk.post(`/api/licenses/${businessLicence}/revoke`, { reason: '测试原因' })).statusCode,
    ).toBe(403);
  });

  it('lets the market regulator’s reviewer revoke a licence it issued', async () => {
    const reviewer = await t.staff('scjg-reviewer');
    const res = await reviewer.post(`/api/licenses/${businessLicence}/revoke`, { reason: '吊销测试' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('revoked');
  });
});
