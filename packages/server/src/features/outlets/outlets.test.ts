import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../core/auth/actor';
import { hashPassword } from '../../core/auth/password';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { issueLicense } from '../licenses/license.service';

let t: TestApp;
let demoLicence: string;
let otherLicence: string;
let streetId: string;

const signIn = async (account: string) => {
  const c = t.client();
  expect((await c.post('/api/auth/public/login', { account, password: 'Yiwang@2026' })).statusCode).toBe(200);
  return c;
};

beforeAll(async () => {
  t = await createTestApp();
  demoLicence = (await t.ctx.db
    .selectFrom('e_license')
    .select('id')
    .where('holder_id', '=', '91310109MA1HKQ3W56')
    .where('type_code', '=', 'business-licence')
    .executeTakeFirstOrThrow())!.id;
  streetId = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', '310109018')
      .executeTakeFirstOrThrow()
  ).id;
  await t.ctx.db
    .insertInto('account')
    .values({
      kind: 'enterprise',
      display_name: '上海另一家餐饮有限公司',
      password_hash: await hashPassword('Yiwang@2026'),
      roles: ['enterprise'],
      credit_code: '91350200776049653A',
      legal_rep_name: '张三',
      phone: '13900009999',
    })
    .execute();
  otherLicence = (
    await t.ctx.db.transaction().execute((trx) =>
      issueLicense(
        trx,
        { ...ANONYMOUS, label: 'test' },
        {
          typeCode: 'food-business-permit',
          holderKind: 'enterprise',
          holderId: '91350200776049653A',
          holderName: '上海另一家餐饮有限公司',
          title: '食品经营许可证',
        },
      ),
    )
  ).id;
});
afterAll(() => t.close());

describe('一证多址 outlets', () => {
  it('lets the holding enterprise register an outlet in Hongkou and one in another district, audited', async () => {
    const ent = await signIn('13900001003');
    const a = await ent.post(`/api/licenses/${demoLicence}/outlets`, {
      name: '一网演示·北外滩店',
      address: '上海市虹口区东大名路 501 号',
      unitId: streetId,
      openedOn: '2026-10-01',
    });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ status: 'active', unitName: expect.stringContaining('北外滩') });
    const b = await ent.post(`/api/licenses/${demoLicence}/outlets`, {
      name: '一网演示·静安寺店',
      address: '上海市静安区南京西路 1618 号',
      region: '上海市静安区',
      openedOn: '2026-10-15',
    });
    expect(b.statusCode).toBe(201);
    const list = (await ent.get(`/api/licenses/${demoLicence}/outlets`)).json().items;
    expect(list.map((o: { name: string }) => o.name)).toEqual(['一网演示·北外滩店', '一网演示·静安寺店']);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'outlet.add')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses an outlet with neither or both of a Hongkou street and another region, naming the field', async () => {
    const ent = await signIn('13900001003');
    const res = await ent.post(`/api/licenses/${demoLicence}/outlets`, {
      name: '无地址店',
      address: '某处某路 1 号',
      openedOn: '2026-10-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('unitId');
  });

  it('shows the covering licence and its verification link to anyone looking the outlet up', async () => {
    const res = await t.client().get(`/api/outlets/lookup?q=${encodeURIComponent('南京西路')}`);
    expect(res.statusCode).toBe(200);
    const [hit] = res.json().items;
    expect(hit).toMatchObject({
      name: '一网演示·静安寺店',
      place: '上海市静安区',
      license: {
        id: demoLicence,
        status: 'valid',
        verifyUrl: `/verify/${demoLicence}`,
        holderName: '上海一网演示科技有限公司',
      },
    });
    expect(JSON.stringify(res.json())).not.toContain('91310109MA1HKQ3W56');
  });

  it('lets the issuing department suspend an outlet with a reason; the holder cannot lift it', async () => {
    const ent = await signIn('13900001003');
    const [outlet] = (await ent.get(`/api/licenses/${demoLicence}/outlets`)).json().items;
    const reviewer = await t.staff('scjg-reviewer');
    expect((await reviewer.get(`/api/licenses/${demoLicence}/outlets`)).statusCode).toBe(200);
    expect((await reviewer.patch(`/api/outlets/${outlet.id}`, { status: 'suspended' })).statusCode).toBe(400);
    const s = await reviewer.patch(`/api/outlets/${outlet.id}`, {
      status: 'suspended',
      reason: '食品安全抽检不合格',
    });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ status: 'suspended', statusReason: '食品安全抽检不合格' });
    expect((await ent.patch(`/api/outlets/${outlet.id}`, { status: 'active' })).statusCode).toBe(403);
    expect((await reviewer.patch(`/api/outlets/${outlet.id}`, { status: 'active' })).json().status).toBe(
      'active',
    );
    expect((await ent.patch(`/api/outlets/${outlet.id}`, { status: 'closed' })).json().status).toBe('closed');
  });
});

describe('一证多址 scopes', () => {
  it('refuses another enterprise the outlets of a licence it does not hold with 404', async () => {
    const other = await signIn('13900009999');
    expect((await other.get(`/api/licenses/${demoLicence}/outlets`)).statusCode).toBe(404);
    expect(
      (
        await other.post(`/api/licenses/${demoLicence}/outlets`, {
          name: '冒名店',
          address: '上海市虹口区四川北路 1 号',
          unitId: streetId,
          openedOn: '2026-10-01',
        })
      ).statusCode,
    ).toBe(404);
    const [outlet] = (await (await signIn('13900001003')).get(`/api/licenses/${demoLicence}/outlets`)).json()
      .items;
    expect((await other.patch(`/api/outlets/${outlet.id}`, { name: '改名' })).statusCode).toBe(404);
    expect(
      (
        await other.post(`/api/licenses/${otherLicence}/outlets`, {
          name: '另一家·四川北路店',
          address: '上海市虹口区四川北路 100 号',
          unitId: streetId,
          openedOn: '2026-10-01',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('refuses staff outside the issuing department, citizens and the signed-out', async () => {
    expect((await (await t.staff('bwt-admin')).get(`/api/licenses/${demoLicence}/outlets`)).statusCode).toBe(
      404,
    );
    expect((await (await signIn('13900001001')).get(`/api/licenses/${demoLicence}/outlets`)).statusCode).toBe(
      404,
    );
    expect((await t.client().get(`/api/licenses/${demoLicence}/outlets`)).statusCode).toBe(401);
    const clerk = await t.staff('clerk');
    expect(
      (
        await clerk.post(`/api/licenses/${demoLicence}/outlets`, {
          name: 'x',
          address: 'xxxx',
          region: '上海',
          openedOn: '2026-01-01',
        })
      ).statusCode,
    ).toBe(403);
  });
});
