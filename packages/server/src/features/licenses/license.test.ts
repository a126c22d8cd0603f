import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { ANONYMOUS } from '../../core/auth/actor';
import { decryptPrivateKey, encryptPrivateKey } from './license-signing';
import {
  findValidLicense,
  issueLicense,
  listWallet,
  rotateSigningKey,
  verifyLicense,
} from './license.service';

const SYSTEM = { ...ANONYMOUS, label: 'system:test' };
const ENTERPRISE = '91310109MA1HKQ3W56';
const WANG = '310109199208263026';
const OTHER_PERSON = '11010519491231002X';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const issue = (input: Partial<Parameters<typeof issueLicense>[2]> = {}) =>
  t.ctx.db.transaction().execute((trx) =>
    issueLicense(trx, SYSTEM, {
      typeCode: 'social-security-card',
      holderKind: 'person',
      holderId: OTHER_PERSON,
      holderName: '张三丰',
      title: '社会保障卡',
      data: { 社会保障号码: OTHER_PERSON, 卡号: 'A12345678' },
      ...input,
    }),
  );

const signIn = async (account: string) => {
  const c = t.client();
  const res = await c.post('/api/auth/public/login', { account, password: 'Yiwang@2026' });
  expect(res.statusCode).toBe(200);
  return c;
};

describe('e-licence library', () => {
  it('seeds a valid business licence for the demo enterprise and resident IDs for the demo citizens', async () => {
    const bl = await findValidLicense(t.ctx.db, { holderId: ENTERPRISE, typeCode: 'business-licence' });
    expect(bl).toMatchObject({ status: 'valid', holderName: '上海一网演示科技有限公司', validUntil: null });
    expect(bl!.licenseNo).toMatch(/^YW-BL-2024-\d{6}$/);
    expect(bl!.data).toMatchObject({ demo: true, 法定代表人: '李建国' });
    expect(await findValidLicense(t.ctx.db, { holderId: WANG, typeCode: 'resident-id' })).toBeDefined();
  });

  it('signs a licence so that it verifies, and a changed row no longer does', async () => {
    const l = await issue();
    expect(l.status).toBe('valid');
    expect((await verifyLicense(t.ctx.db, l.id)).status).toBe('valid');
    await sql`UPDATE e_license SET data = jsonb_set(data, '{卡号}', '"B99999999"') WHERE id = ${l.id}`.execute(
      t.ctx.db,
    );
    expect((await verifyLicense(t.ctx.db, l.id)).status).toBe('invalid-signature');
    expect((await listWallet(t.ctx.db, [OTHER_PERSON])).find((w) => w.id === l.id)?.status).toBe(
      'invalid-signature',
    );
  });

  it('detects a changed holder name or validity too', async () => {
    const l = await issue();
    await sql`UPDATE e_license SET valid_until = '2099-12-31' WHERE id = ${l.id}`.execute(t.ctx.db);
    expect((await verifyLicense(t.ctx.db, l.id)).status).toBe('invalid-signature');
  });

  it('keeps old licences verifying after the signing key is rotated', async () => {
    const before = await issue();
    const rotated = await t.ctx.db.transaction().execute((trx) => rotateSigningKey(trx, SYSTEM));
    expect(rotated.retired).toBe(before.keyId);
    const after = await issue();
    expect(after.keyId).toBe(rotated.active);
    expect(after.keyId).not.toBe(before.keyId);
    expect((await verifyLicense(t.ctx.db, before.id)).status).toBe('valid');
    expect((await verifyLicense(t.ctx.db, after.id)).status).toBe('valid');
  });

  it('stores private keys encrypted, and refuses to decrypt them with another secret', async () => {
    const rows = await t.ctx.db.selectFrom('signing_key').select('private_key_pem').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.private_key_pem).not.toContain('PRIVATE KEY');
    const stored = encryptPrivateKey('pem', 'a'.repeat(32));
    expect(decryptPrivateKey(stored, 'a'.repeat(32))).toBe('pem');
    expect(() => decryptPrivateKey(stored, 'b'.repeat(32))).toThrow(/LICENSE_SIGNING_SECRET/);
  });

  it('expires a licence after its last day and no longer offers it for reuse', async () => {
    const old = await issue({
      typeCode: 'food-business-permit',
      holderKind: 'enterprise',
      holderId: '91350200776049653A',
      holderName: '厦门演示餐饮有限公司',
      title: '食品经营许可证',
      issuedAt: new Date('2019-01-10T02:00:00Z'),
    });
    expect(old.validUntil).toBe('2024-01-09');
    expect(old.status).toBe('expired');
    expect((await verifyLicense(t.ctx.db, old.id)).status).toBe('expired');
    expect(
      await findValidLicense(t.ctx.db, { holderId: '91350200776049653A', typeCode: 'food-business-permit' }),
    ).toBe(undefined);
  });

  it('refuses a holder number that fails its check or a holder of the wrong kind', async () => {
    await expect(issue({ holderId: '110105194912310021' })).rejects.toMatchObject({ type: 'validation' });
    await expect(issue({ holderKind: 'enterprise', holderId: ENTERPRISE })).rejects.toMatchObject({
      type: 'validation',
    });
    await expect(issue({ typeCode: 'no-such-type' })).rejects.toMatchObject({ type: 'validation' });
  });

  it('revokes a licence: the wallet and the public verification both show it, and it is not reused', async () => {
    const wang = await signIn('13900001002');
    const id = (await wang.get('/api/wallet'))
      .json()
      .items.find((l: { typeCode: string }) => l.typeCode === 'resident-id').id;
    const admin = await t.staff('admin');
    const res = await admin.post(`/api/licenses/${id}/revoke`, { reason: '证件遗失，申请注销' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'revoked', revokedReason: '证件遗失，申请注销' });
    const wallet = (await wang.get('/api/wallet')).json().items;
    expect(wallet.find((l: { id: string }) => l.id === id)).toMatchObject({ status: 'revoked' });
    const verify = await t.client().get(`/api/verify/${id}`);
    expect(verify.json()).toMatchObject({ status: 'revoked', holderName: '王**' });
    expect(verify.json().revokedAt).toBeTruthy();
    expect(await findValidLicense(t.ctx.db, { holderId: WANG, typeCode: 'resident-id' })).toBeUndefined();
    expect((await admin.post(`/api/licenses/${id}/revoke`, { reason: '再次' })).statusCode).toBe(409);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['license.issue', 'license.revoke']);
  });

  it('requires a reason to revoke', async () => {
    const l = await issue();
    const admin = await t.staff('admin');
    const res = await admin.post(`/api/licenses/${l.id}/revoke`, { reason: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('reason');
  });

  it('shows the enterprise its business licence in full in its wallet', async () => {
    const ent = await signIn('13900001003');
    const items = (await ent.get('/api/wallet')).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ typeCode: 'business-licence', holderId: ENTERPRISE, status: 'valid' });
    expect((await ent.get(`/api/licenses/${items[0].id}`)).json().holderId).toBe(ENTERPRISE);
  });

  it('verifies publicly without ever showing a full ID number', async () => {
    const l = await issue();
    const res = await t.client().get(`/api/verify/${l.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'valid',
      licenseNo: l.licenseNo,
      typeName: { zh: '社会保障卡' },
      holderName: '张**',
      holderIdMasked: '110105********002X',
      issuerName: '虹口区人力资源和社会保障局',
    });
    expect(res.body).not.toContain(OTHER_PERSON);
    expect(res.body).not.toContain('A12345678');
    expect((await t.client().get('/api/verify/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('draws a QR code of the public verification URL as SVG', async () => {
    const l = await issue();
    const res = await t.client().request({
      method: 'GET',
      url: `/api/verify/${l.id}/qr.svg`,
      headers: { host: 'yiwang.example.gov.cn' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toMatch(/<svg[\s\S]*<path/);
    expect((await t.client().get('/api/verify/00000000-0000-4000-8000-000000000000/qr.svg')).statusCode).toBe(
      404,
    );
  });

  it('lets staff look licences up by holder number with the numbers masked', async () => {
    const clerk = await t.staff('clerk');
    const res = await clerk.get(`/api/licenses?holderId=${ENTERPRISE}&type=business-licence`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(1);
    expect(res.json().items[0].holderId).toBe('91************3W56');
    expect(res.body).not.toContain(ENTERPRISE);
  });
});
