import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, STREET } from '@yiwang/fixtures';
import { hashPassword } from '../../core/auth/password';
import { Scheduler, slaTimerHandlers } from '../../core/workflow/scheduler';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { ESCALATE_TIMER, workOrderTimerHandlers } from './work-order.timers';

let t: TestApp;
let dispatcher: TestClient;
let handler: TestClient;
let otherHandler: TestClient;
let inspector: TestClient;
let hotline: TestClient;
let admin: TestClient;
const unit: Record<string, string> = {};

const GARBAGE = 'E-0102'; // 暴露垃圾: 4 working hours
const COMPLAINT = 'H-complaint'; // 12345 投诉: 5 working days

beforeAll(async () => {
  t = await createTestApp();
  for (const u of await t.ctx.db.selectFrom('org_unit').select(['id', 'code']).execute()) unit[u.code] = u.id;
  await t.ctx.db
    .insertInto('account')
    .values({
      kind: 'staff',
      username: 'qyl-handler',
      display_name: '处置人员（曲阳路街道）',
      password_hash: await hashPassword(DEMO_PASSWORD),
      roles: ['handler'],
      unit_id: unit[STREET.quyanglu]!,
    })
    .execute();
  dispatcher = await t.staff('dispatcher');
  handler = await t.staff('bwt-handler');
  otherHandler = await t.staff('qyl-handler');
  inspector = await t.staff('bwt-inspector');
  hotline = await t.staff('hotline');
  admin = await t.staff('admin');
  // 暴露垃圾 anywhere in 北外滩 → the street itself
  const rule = await admin.post('/api/cityops/routing-rules', {
    categoryCode: GARBAGE,
    placeUnitId: unit[STREET.beiwaitan],
    unitId: unit[STREET.beiwaitan],
  });
  // the demo seed may route it to the street already (sensor categories): the same rule
  expect([201, 409], rule.body).toContain(rule.statusCode);
  const rule2 = await dispatcher.post('/api/cityops/routing-rules', {
    categoryCode: COMPLAINT,
    placeUnitId: null,
    unitId: unit[STREET.beiwaitan],
  });
  expect(rule2.statusCode, rule2.body).toBe(201);
});
afterAll(() => t.close());

type View = {
  order: { state: string; version: number; outcome: string | null; responsibleUnitId: string | null };
};

async function report(c: TestClient, body: Record<string, unknown>) {
  const res = await c.post('/api/work-orders', { description: '路口有成堆的生活垃圾', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<View & { order: { caseId: string } }>().order;
}

async function act(c: TestClient, id: string, action: string, extra: Record<string, unknown> = {}) {
  const view = (await c.get(`/api/work-orders/${id}`)).json<View>();
  return c.post(`/api/work-orders/${id}/actions`, { action, expectedVersion: view.order.version, ...extra });
}

async function actOk(c: TestClient, id: string, action: string, extra: Record<string, unknown> = {}) {
  const res = await act(c, id, action, extra);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<View & { actions: Array<{ action: string; comment?: string }> }>();
}

describe('the work-order loop over the API', () => {
  it('12345 complaint: auto-dispatched by a rule → fed back → verified → closed → called back; unsatisfied reopens', async () => {
    const o = await report(hotline, {
      categoryCode: COMPLAINT,
      placeUnitId: unit[STREET.beiwaitan],
      reporterPhone: '13812345678',
    });
    expect(o.state).toBe('dispatched');
    expect(o.responsibleUnitId).toBe(unit[STREET.beiwaitan]);
    const seen = (await handler.get(`/api/work-orders/${o.caseId}`)).json();
    expect(seen.order.reporterPhone).toBe('138****5678');
    expect(seen.actions.map((a: { action: string }) => a.action)).toEqual(['file', 'dispatch']);

    await actOk(handler, o.caseId, 'accept');
    await actOk(handler, o.caseId, 'feedback', { comment: '已联系投诉人并整改' });
    expect((await actOk(inspector, o.caseId, 'verify')).order.state).toBe('verifying');
    const closed = await act(dispatcher, o.caseId, 'close', { comment: '核查属实已解决', data: {} });
    expect(closed.statusCode).toBe(400); // the outcome is required
    const c = await actOk(dispatcher, o.caseId, 'close', {
      comment: '核查属实已解决',
      data: { outcome: 'resolved' },
    });
    expect(c.order).toMatchObject({ state: 'closed', outcome: 'resolved' });

    const unhappy = await actOk(hotline, o.caseId, 'callback', {
      comment: '回访',
      data: { satisfaction: 2 },
    });
    expect(unhappy.order.state).toBe('handling');
    expect(unhappy.order.outcome).toBeNull();
    expect(unhappy.actions.slice(-2).map((a) => a.action)).toEqual(['callback', 'reopen']);

    await actOk(handler, o.caseId, 'feedback', { comment: '二次整改完成' });
    await actOk(dispatcher, o.caseId, 'close', { comment: '已解决', data: { outcome: 'resolved' } });
    const happy = await actOk(hotline, o.caseId, 'callback', { data: { satisfaction: 5 } });
    expect(happy.order.state).toBe('evaluated');
  });

  it('a return needs the dispatcher’s approval and a reason; the order goes back to the queue', async () => {
    const o = await report(hotline, { categoryCode: COMPLAINT, placeUnitId: unit[STREET.beiwaitan] });
    expect((await act(handler, o.caseId, 'requestReturn')).statusCode).toBe(400);
    await actOk(handler, o.caseId, 'requestReturn', { comment: '不属于本街道职责' });
    expect((await act(handler, o.caseId, 'approveReturn', { comment: '同意' })).statusCode).toBe(403);
    expect((await act(dispatcher, o.caseId, 'approveReturn')).statusCode).toBe(400);
    const back = await actOk(dispatcher, o.caseId, 'approveReturn', { comment: '改派区房管局' });
    expect(back.order).toMatchObject({ state: 'filed', responsibleUnitId: null });
    const queue = (await dispatcher.get('/api/work-orders?view=queue')).json();
    expect(queue.items[0].state).toMatch(/reported|filed/);
  });

  it('an order no rule matches waits in the dispatcher’s queue and shows as a routing gap', async () => {
    const o = await report(inspector, { categoryCode: 'E-0101', placeUnitId: unit[STREET.beiwaitan] });
    expect(o).toMatchObject({ state: 'filed', responsibleUnitId: null });
    const gaps = (await dispatcher.get('/api/work-orders/routing-gaps')).json();
    expect(gaps.items).toContainEqual(
      expect.objectContaining({ categoryCode: 'E-0101', streetId: unit[STREET.beiwaitan], orders: 1 }),
    );
    expect((await handler.get('/api/work-orders/routing-gaps')).statusCode).toBe(403);
    const d = await actOk(dispatcher, o.caseId, 'dispatch', { data: { unitId: unit['D-CGZFJ'] } });
    expect(d.order).toMatchObject({ state: 'dispatched', responsibleUnitId: unit['D-CGZFJ'] });
  });

  it('the handling deadline is the category limit in working hours on the calendar', async () => {
    const o = await report(inspector, { categoryCode: GARBAGE, placeUnitId: unit[STREET.beiwaitan] });
    expect(o.state).toBe('dispatched');
    const view = (await dispatcher.get(`/api/work-orders/${o.caseId}`)).json();
    const dispatchedAt = new Date(view.actions.at(-1).at);
    const expected = (await t.ctx.calendar.get()).addWorkingHours(dispatchedAt, 4);
    expect(expected.ok).toBe(true);
    expect(view.sla.kind).toBe('running');
    expect(new Date(view.sla.deadline).toISOString()).toBe(expected.ok && expected.deadline.toISOString());
    const row = await t.ctx.db
      .selectFrom('workflow_case')
      .select('sla_deadline')
      .where('id', '=', o.caseId)
      .executeTakeFirstOrThrow();
    expect(row.sla_deadline?.toISOString()).toBe(expected.ok && expected.deadline.toISOString());
  });

  it('an overdue order is escalated by the system: the unit’s leader, then the district', async () => {
    const o = await report(inspector, { categoryCode: GARBAGE, placeUnitId: unit[STREET.beiwaitan] });
    const past = new Date(Date.now() - 60_000);
    await t.ctx.db
      .updateTable('workflow_timer')
      .set({ due_at: past })
      .where('case_id', '=', o.caseId)
      .where('kind', '=', 'sla.due')
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    const scheduler = new Scheduler(
      t.ctx.db,
      { ...slaTimerHandlers, ...workOrderTimerHandlers(t.ctx) },
      'test',
    );
    await scheduler.tick();
    let view = (await dispatcher.get(`/api/work-orders/${o.caseId}`)).json();
    expect(view.actions.filter((a: { action: string }) => a.action === 'escalate')).toHaveLength(1);
    expect(view.order.escalationLevel).toBe(1);
    await t.ctx.db
      .updateTable('workflow_timer')
      .set({ due_at: past })
      .where('case_id', '=', o.caseId)
      .where('kind', '=', ESCALATE_TIMER)
      .execute();
    await scheduler.tick();
    view = (await dispatcher.get(`/api/work-orders/${o.caseId}`)).json();
    const escalations = view.actions.filter((a: { action: string }) => a.action === 'escalate');
    expect(escalations).toHaveLength(2);
    expect(escalations[1].comment).toContain('区级');
    expect(view.order.escalationLevel).toBe(2);
  });

  it('scopes: another street’s handler gets 404; the dispatcher sees everything', async () => {
    const o = await report(inspector, { categoryCode: GARBAGE, placeUnitId: unit[STREET.beiwaitan] });
    expect((await otherHandler.get(`/api/work-orders/${o.caseId}`)).statusCode).toBe(404);
    const stranger = await otherHandler.post(`/api/work-orders/${o.caseId}/actions`, {
      action: 'accept',
      expectedVersion: 2,
    });
    expect(stranger.statusCode).toBe(404);
    const mine = (await otherHandler.get('/api/work-orders?view=mine')).json();
    expect(mine.items.map((i: { caseId: string }) => i.caseId)).not.toContain(o.caseId);
    const theirs = (await handler.get('/api/work-orders?view=mine')).json();
    expect(theirs.items.map((i: { caseId: string }) => i.caseId)).toContain(o.caseId);
    expect((await dispatcher.get(`/api/work-orders/${o.caseId}`)).statusCode).toBe(200);
  });

  it('two people acting on the same version: one wins, the other gets 409', async () => {
    const o = await report(inspector, { categoryCode: GARBAGE, placeUnitId: unit[STREET.beiwaitan] });
    const version = (await handler.get(`/api/work-orders/${o.caseId}`)).json().order.version;
    const [a, b] = await Promise.all([
      handler.post(`/api/work-orders/${o.caseId}/actions`, { action: 'accept', expectedVersion: version }),
      dispatcher.post(`/api/work-orders/${o.caseId}/actions`, {
        action: 'escalate',
        expectedVersion: version,
        comment: '请尽快处置',
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((a.statusCode === 409 ? a : b).json().type).toContain('stale-version');
  });
});

describe('extensions and citizens’ reports', () => {
  it('an extension is asked with a length and, approved with a reason, moves the deadline in the category’s unit', async () => {
    const o = await report(inspector, { categoryCode: GARBAGE, placeUnitId: unit[STREET.beiwaitan] });
    const before = (await handler.get(`/api/work-orders/${o.caseId}`)).json();
    const dispatchedAt = new Date(before.actions.at(-1).at);
    expect((await act(handler, o.caseId, 'requestExtension', { comment: '需协调环卫车辆' })).statusCode).toBe(
      400,
    );
    await actOk(handler, o.caseId, 'requestExtension', { comment: '需协调环卫车辆', data: { extendBy: 2 } });
    expect((await act(dispatcher, o.caseId, 'approveExtension')).statusCode).toBe(400);
    const after = await actOk(dispatcher, o.caseId, 'approveExtension', { comment: '同意延期 2 工作时' });
    expect(after.order.state).toBe('handling');
    const expected = (await t.ctx.calendar.get()).addWorkingHours(dispatchedAt, 6);
    const view = (await handler.get(`/api/work-orders/${o.caseId}`)).json();
    expect(view.sla.deadline).toBe(expected.ok && expected.deadline.toISOString());
  });

  it('a citizen reports through their own route; the report waits for the dispatcher to file it', async () => {
    const citizen = t.client();
    const login = await citizen.post('/api/auth/public/login', {
      account: '13900001001',
      password: DEMO_PASSWORD,
    });
    expect(login.statusCode, login.body).toBe(200);
    const body = {
      categoryCode: GARBAGE,
      placeUnitId: unit[STREET.beiwaitan],
      description: '小区门口垃圾无人清运',
    };
    expect((await citizen.post('/api/work-orders', body)).statusCode).toBe(403);
    const res = await citizen.post('/api/work-orders/citizen-reports', body);
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json().order;
    expect(o).toMatchObject({ source: 'citizen', state: 'reported', responsibleUnitId: null });
    expect((await citizen.get(`/api/work-orders/${o.caseId}`)).statusCode).toBe(200);
    const filed = await actOk(dispatcher, o.caseId, 'file');
    expect(filed.order.state).toBe('filed');
  });
});

describe('categories and routing', () => {
  it('are seeded with their limits and editable by a district administrator only', async () => {
    const list = (await dispatcher.get('/api/cityops/categories')).json();
    const garbage = list.items.find((c: { code: string }) => c.code === GARBAGE);
    expect(garbage).toMatchObject({ limitValue: 4, limitUnit: 'workingHours' });
    const body = { ...garbage, limitValue: 6, defaultUnitCode: 'D-LHSRJ' };
    for (const k of ['defaultUnitId', 'defaultUnitName']) delete body[k];
    expect((await dispatcher.put(`/api/cityops/categories/${GARBAGE}`, body)).statusCode).toBe(403);
    const res = await admin.put(`/api/cityops/categories/${GARBAGE}`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ limitValue: 6, defaultUnitCode: 'D-LHSRJ' });
    await admin.put(`/api/cityops/categories/${GARBAGE}`, { ...body, limitValue: 4 });
  });

  it('the most specific rule wins: committee over street over anywhere', async () => {
    const committee = await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'committee')
      .where('parent_id', '=', unit[STREET.beiwaitan]!)
      .executeTakeFirstOrThrow();
    const add = (placeUnitId: string | null, unitId: string) =>
      admin.post('/api/cityops/routing-rules', { categoryCode: 'E-0103', placeUnitId, unitId });
    expect((await add(null, unit['D-LHSRJ']!)).statusCode).toBe(201);
    expect((await add(unit[STREET.beiwaitan]!, unit[STREET.beiwaitan]!)).statusCode).toBe(201);
    expect((await add(committee.id, unit['D-CGZFJ']!)).statusCode).toBe(201);
    expect((await add(committee.id, unit['D-CGZFJ']!)).statusCode).toBe(409);
    const atCommittee = await report(inspector, { categoryCode: 'E-0103', placeUnitId: committee.id });
    expect(atCommittee.responsibleUnitId).toBe(unit['D-CGZFJ']);
    const atStreet = await report(inspector, { categoryCode: 'E-0103', placeUnitId: unit[STREET.beiwaitan] });
    expect(atStreet.responsibleUnitId).toBe(unit[STREET.beiwaitan]);
    const elsewhere = await report(inspector, { categoryCode: 'E-0103', placeUnitId: unit[STREET.quyanglu] });
    expect(elsewhere.responsibleUnitId).toBe(unit['D-LHSRJ']);
  });
});
