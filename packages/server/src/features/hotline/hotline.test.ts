import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let hotline: TestClient;
let dispatcher: TestClient;
let handler: TestClient;
let admin: TestClient;
let street: string;
let committee: string;
const GARBAGE = 'E-0102';

type Call = {
  id: string;
  callNo: string;
  callerPhone: string;
  disposition: string;
  workOrderId: string | null;
  orderNo: string | null;
};

const call = (body: Record<string, unknown>) =>
  hotline.post('/api/hotline/calls', {
    callerName: '陈先生',
    callerPhone: '13912345678',
    kindCode: 'H-complaint',
    placeUnitId: committee,
    description: '小区门口垃圾三天没人清运',
    disposition: 'create',
    ...body,
  });

beforeAll(async () => {
  t = await createTestApp();
  street = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.beiwaitan)
      .executeTakeFirstOrThrow()
  ).id;
  committee = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'committee')
      .where('parent_id', '=', street)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).id;
  hotline = await t.staff('hotline');
  dispatcher = await t.staff('dispatcher');
  handler = await t.staff('bwt-handler');
  admin = await t.staff('admin');
  // 暴露垃圾 in 北外滩 → the street; a 12345 call about it is routed by its city category
  const rule = await admin.post('/api/cityops/routing-rules', {
    categoryCode: GARBAGE,
    placeUnitId: street,
    unitId: street,
  });
  // the demo seed may route it to the street already (sensor categories)
  expect([201, 409], rule.body).toContain(rule.statusCode);
});
afterAll(() => t.close());

describe('the 12345 hotline desk', () => {
  it('records a call as a new order, routed by its city category, with first contact due in 1 working day', async () => {
    const res = await call({ subjectCategoryCode: GARBAGE });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<Call>();
    expect(c).toMatchObject({ disposition: 'created', callerPhone: '139****5678' });
    expect(c.callNo).toMatch(/^RX\d{8}\d{6}$/);
    const view = (await dispatcher.get(`/api/work-orders/${c.workOrderId}`)).json();
    expect(view.order).toMatchObject({
      source: 'hotline',
      categoryCode: 'H-complaint',
      subjectCategoryCode: GARBAGE,
      responsibleUnitId: street,
      state: 'dispatched',
      reporterName: '陈先生',
      firstContactPending: true,
    });
    const due = (await t.ctx.calendar.get()).addWorkingDays(new Date(view.order.createdAt), 1);
    if (due.ok) expect(new Date(view.order.firstContactDue).getTime()).toBe(due.deadline.getTime());
    const pending = (await hotline.get('/api/hotline/first-contacts')).json();
    expect(pending.items.map((i: { caseId: string }) => i.caseId)).toContain(c.workOrderId);

    // the first contact is an action in the log; the order leaves the list
    const contact = await handler.post(`/api/work-orders/${c.workOrderId}/actions`, {
      action: 'contact',
      expectedVersion: view.order.version,
      comment: '已电话联系市民，约定今日下午处理',
    });
    expect(contact.statusCode, contact.body).toBe(200);
    expect(contact.json().order).toMatchObject({ firstContactPending: false, state: 'dispatched' });
    const after = (await hotline.get('/api/hotline/first-contacts')).json();
    expect(after.items.map((i: { caseId: string }) => i.caseId)).not.toContain(c.workOrderId);
  });

  it('links a call to an existing order: the caller follows it and is called back with it', async () => {
    const first = (await call({ subjectCategoryCode: GARBAGE })).json<Call>();
    const res = await call({
      callerName: '周女士',
      callerPhone: '13700001111',
      subjectCategoryCode: GARBAGE,
      disposition: 'follow',
      followOrderId: first.workOrderId,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ disposition: 'followed', workOrderId: first.workOrderId });
    const dups = (await dispatcher.get(`/api/work-orders/${first.workOrderId}/duplicates`)).json();
    expect(dups.followers).toMatchObject([{ name: '周女士', via: 'call', phone: '137****1111' }]);

    // handled and closed → awaiting callback, both callers listed
    const act = async (c: TestClient, action: string, extra: Record<string, unknown> = {}) => {
      const v = (await c.get(`/api/work-orders/${first.workOrderId}`)).json();
      const r = await c.post(`/api/work-orders/${first.workOrderId}/actions`, {
        action,
        expectedVersion: v.order.version,
        ...extra,
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    await act(handler, 'feedback', { comment: '已清运' });
    await act(dispatcher, 'close', { comment: '核实已清运', data: { outcome: 'resolved' } });
    const callbacks = (await hotline.get('/api/hotline/callbacks')).json();
    const row = callbacks.items.find((i: { caseId: string }) => i.caseId === first.workOrderId);
    expect(row.callers.map((x: { name: string; phone: string }) => [x.name, x.phone])).toEqual([
      ['陈先生', '139****5678'],
      ['周女士', '137****1111'],
    ]);
    // an unsatisfied callback still reopens the order
    const reopened = await act(hotline, 'callback', { data: { satisfaction: 2 } });
    expect(reopened.order.state).toBe('handling');
  });

  it('answers a 咨询 on the spot without an order; other kinds must become orders', async () => {
    const res = await call({
      kindCode: 'H-consult',
      disposition: 'answer',
      answer: '垃圾分类投放时间为 7:00–9:00',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ disposition: 'answered', workOrderId: null, orderNo: null });
    const complaint = await call({ disposition: 'answer', answer: '已答复' });
    expect(complaint.statusCode).toBe(400);
    expect(complaint.json().errors[0].field).toBe('disposition');
    const noAnswer = await call({ kindCode: 'H-consult', disposition: 'answer' });
    expect(noAnswer.json().errors[0].field).toBe('answer');
    const today = (await hotline.get('/api/hotline/calls')).json();
    expect(today.items.some((i: Call) => i.id === res.json().id)).toBe(true);
    expect(today.items.every((i: Call) => i.callerPhone.includes('****'))).toBe(true);
  });

  it('bad input is a 400 naming the field, and writes nothing', async () => {
    const before = await t.ctx.db
      .selectFrom('hotline_call')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const badKind = await call({ kindCode: GARBAGE });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors[0].field).toBe('kindCode');
    const badSubject = await call({ subjectCategoryCode: 'H-help' });
    expect(badSubject.json().errors[0].field).toBe('subjectCategoryCode');
    const noOrder = await call({ disposition: 'follow' });
    expect(noOrder.json().errors[0].field).toBe('followOrderId');
    const badPhone = await call({ callerPhone: 'abc' });
    expect(badPhone.statusCode).toBe(400);
    expect(JSON.stringify(badPhone.json().errors)).toContain('callerPhone');
    const after = await t.ctx.db
      .selectFrom('hotline_call')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('reveals a full number only to operators and dispatchers, and audits each reveal', async () => {
    const c = (await call({})).json<Call>();
    expect((await handler.get(`/api/hotline/phones/call/${c.id}`)).statusCode).toBe(403);
    expect((await admin.get(`/api/hotline/phones/call/${c.id}`)).statusCode).toBe(403);
    const res = await hotline.get(`/api/hotline/phones/call/${c.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ phone: '13912345678' });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'hotline.phone-revealed')
      .where('entity_id', '=', c.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect((await handler.get('/api/hotline/calls')).statusCode).toBe(403);
  });
});
