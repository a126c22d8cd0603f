import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let clerk: TestClient;
let streetId: string;

const signIn = async (account: string) => {
  const c = t.client();
  expect((await c.post('/api/auth/public/login', { account, password: 'Yiwang@2026' })).statusCode).toBe(200);
  return c;
};

const shopItem = {
  code: 'TEST-201',
  name: '测试：商铺开业许可',
  type: '行政许可',
  departmentCode: 'D-SCJGJ',
  basis: '《测试条例》',
  legalLimitDays: 20,
  promisedLimitDays: 5,
  instant: false,
  visits: 0,
  fee: '不收费',
  materials: [],
  form: { fields: [{ key: 'shop', label: { zh: '店名', en: 'Shop' }, type: 'text', required: true }] },
  lifeEvents: ['测试'],
  keywords: [],
  pledgeAllowed: false,
  toleranceAllowed: false,
  riskLevel: 'low',
  demoAssumptions: ['everything: test data'],
};

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.staff('admin');
  expect((await admin.post('/api/catalogue/items', { definition: shopItem })).statusCode).toBe(201);
  clerk = await t.staff('clerk');
  streetId = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', '310109018')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

const newBatch = async () => {
  const res = await clerk.post('/api/batches', {
    complexName: '北外滩来福士广场',
    address: '上海市虹口区东大名路 1 号',
    streetUnitId: streetId,
    openingOn: '2026-12-18',
    manager: '13900001003',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

const submit = (batchId: string, shopName: string) =>
  clerk.post(`/api/batches/${batchId}/applications`, {
    shopName,
    itemCode: 'TEST-201',
    form: { shop: shopName },
    applicant: { creditCode: '91310109MA1HKQ3W56' },
  });

describe('一楼一次办 batches', () => {
  it('counts each shop’s application as done, in progress or awaiting correction, with the nearest deadline', async () => {
    const id = await newBatch();
    const a = (await submit(id, '一号铺')).json();
    const b = (await submit(id, '二号铺')).json();
    // An application filed online by the shop itself is linked by its number.
    const ent = await signIn('13900001003');
    const c = await ent.post('/api/applications', { itemCode: 'TEST-201', form: { shop: '三号铺' } });
    expect(c.statusCode).toBe(201);
    expect(
      (
        await ent.post(`/api/batches/${id}/shops`, {
          applicationNo: c.json().applicationNo,
          shopName: '三号铺',
        })
      ).statusCode,
    ).toBe(200);

    const reviewer = await t.staff('scjg-reviewer');
    const act = async (appId: string, action: string, comment?: string) => {
      const app = (await reviewer.get(`/api/applications/${appId}`)).json();
      const sub = app.cases[0];
      const res = await reviewer.post(`/api/applications/${appId}/cases/${sub.caseId}/actions`, {
        action,
        expectedVersion: sub.version,
        ...(comment ? { comment } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await act(a.id, 'accept');
    await act(a.id, 'approve');
    await act(a.id, 'deliver');
    await act(b.id, 'askCorrection', '请补充租赁合同');

    const view = (await clerk.get(`/api/batches/${id}`)).json();
    expect(view.summary).toMatchObject({ total: 3, done: 1, inProgress: 1, awaitingCorrection: 1 });
    expect(view.shops.map((s: { shopName: string }) => s.shopName)).toEqual(['一号铺', '二号铺', '三号铺']);
    const third = view.shops.find((s: { shopName: string }) => s.shopName === '三号铺');
    expect(view.summary.nearestDeadline).toBe(third.nearestDeadline);
    expect((await ent.get(`/api/batches/${id}`)).json().summary.total).toBe(3);
    expect((await ent.get('/api/batches')).json().items.map((x: { id: string }) => x.id)).toContain(id);
  });

  it('refuses an application that is already in a batch', async () => {
    const id = await newBatch();
    const a = (await submit(id, '四号铺')).json();
    const other = await newBatch();
    const res = await clerk.post(`/api/batches/${other}/shops`, {
      applicationNo: a.applicationNo,
      shopName: '四号铺',
    });
    expect(res.statusCode).toBe(409);
  });

  it('leaves no application behind when a submission into a batch fails', async () => {
    const id = await newBatch();
    const before = await t.ctx.db.selectFrom('application').select('id').execute();
    const res = await clerk.post(`/api/batches/${id}/applications`, {
      shopName: '五号铺',
      itemCode: 'TEST-201',
      form: {},
      applicant: { creditCode: '91310109MA1HKQ3W56' },
    });
    expect(res.statusCode).toBe(400);
    expect(await t.ctx.db.selectFrom('application').select('id').execute()).toHaveLength(before.length);
  });
});

describe('一楼一次办 scopes', () => {
  it('hides a batch from other enterprises, citizens, other units’ staff and reviewers', async () => {
    const id = await newBatch();
    expect((await (await signIn('13900001001')).get(`/api/batches/${id}`)).statusCode).toBe(403);
    expect((await (await t.staff('bwt-admin')).get(`/api/batches/${id}`)).statusCode).toBe(404);
    expect((await (await t.staff('scjg-reviewer')).get(`/api/batches/${id}`)).statusCode).toBe(403);
    expect(
      (
        await (
          await t.staff('bwt-admin')
        ).post(`/api/batches/${id}/shops`, { applicationNo: 'HK1', shopName: 'x' })
      ).statusCode,
    ).toBe(403);
    expect((await (await t.staff('leader')).get(`/api/batches/${id}`)).statusCode).toBe(200);
  });

  it('lets only clerks submit into a batch', async () => {
    const id = await newBatch();
    const ent = await signIn('13900001003');
    expect(
      (
        await ent.post(`/api/batches/${id}/applications`, {
          shopName: 'x',
          itemCode: 'TEST-201',
          form: { shop: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });
});
