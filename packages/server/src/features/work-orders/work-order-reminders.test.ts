import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { Scheduler, slaTimerHandlers } from '../../core/workflow/scheduler';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { FIRST_CONTACT_TIMER, REMINDER_TIMER, workOrderTimerHandlers } from './work-order.timers';

let t: TestApp;
let dispatcher: TestClient;
let handler: TestClient;
let hotline: TestClient;
let inspector: TestClient;
let admin: TestClient;
let street: string;
let scheduler: Scheduler;
const GARBAGE = 'E-0102'; // 暴露垃圾: 4 working hours
const COMPLAINT = 'H-complaint';

beforeAll(async () => {
  t = await createTestApp();
  street = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.beiwaitan)
      .executeTakeFirstOrThrow()
  ).id;
  dispatcher = await t.staff('dispatcher');
  handler = await t.staff('bwt-handler');
  hotline = await t.staff('hotline');
  inspector = await t.staff('bwt-inspector');
  admin = await t.staff('admin');
  for (const categoryCode of [GARBAGE, COMPLAINT])
    expect(
      (await admin.post('/api/cityops/routing-rules', { categoryCode, placeUnitId: null, unitId: street }))
        .statusCode,
    ).toBe(201);
  scheduler = new Scheduler(t.ctx.db, { ...slaTimerHandlers, ...workOrderTimerHandlers(t.ctx) }, 'test');
});
afterAll(() => t.close());

const report = async (c: TestClient, categoryCode: string) => {
  const res = await c.post('/api/work-orders', {
    categoryCode,
    placeUnitId: street,
    description: '路口有成堆的生活垃圾',
    reporterName: '陈先生',
    reporterPhone: '13912345678',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().order as { caseId: string; version: number };
};

/** Bring an order's pending timers of a kind to now (a timer's own due time is tested elsewhere). */
async function due(kind: string, caseId: string) {
  const past = new Date(Date.now() - 60_000);
  const pending = await t.ctx.db
    .selectFrom('workflow_timer')
    .select(['id', 'case_id', 'payload'])
    .where('kind', '=', kind)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
  const mine = pending.filter(
    (r) => r.case_id === caseId || (r.payload as { caseId?: string }).caseId === caseId,
  );
  expect(mine.length).toBeGreaterThan(0);
  await t.ctx.db
    .updateTable('workflow_timer')
    .set({ due_at: past })
    .where(
      'id',
      'in',
      mine.map((r) => r.id),
    )
    .execute();
  await scheduler.tick();
}

const notices = (caseId: string, kind: string) =>
  t.ctx.db
    .selectFrom('notification as n')
    .innerJoin('account as a', 'a.id', 'n.account_id')
    .select(['a.username', 'n.text_zh'])
    .where('n.work_order_id', '=', caseId)
    .where('n.kind', '=', kind)
    .execute();

describe('12345 first contact', () => {
  it('a missed first contact is flagged on the order and the unit’s handlers are told', async () => {
    const o = await report(hotline, COMPLAINT);
    await due(FIRST_CONTACT_TIMER, o.caseId);
    const view = (await dispatcher.get(`/api/work-orders/${o.caseId}`)).json();
    expect(view.order.firstContactMissedAt).not.toBeNull();
    expect(view.order.firstContactPending).toBe(true);
    const told = await notices(o.caseId, 'work-order.first-contact-missed');
    expect(told.map((n) => n.username)).toContain('bwt-handler');
    const list = (await hotline.get('/api/hotline/first-contacts')).json();
    expect(list.items.find((i: { caseId: string }) => i.caseId === o.caseId)?.missed).toBe(true);
  });

  it('a first contact made in time is not flagged; categories without first_contact_days get no timer', async () => {
    const o = await report(hotline, COMPLAINT);
    const contacted = await hotline.post(`/api/work-orders/${o.caseId}/actions`, {
      action: 'contact',
      expectedVersion: o.version,
    });
    expect(contacted.statusCode, contacted.body).toBe(200);
    await due(FIRST_CONTACT_TIMER, o.caseId);
    const view = (await dispatcher.get(`/api/work-orders/${o.caseId}`)).json();
    expect(view.order.firstContactMissedAt).toBeNull();
    expect(view.order.firstContactAt).not.toBeNull();

    const garbage = await report(inspector, GARBAGE);
    const timers = await t.ctx.db
      .selectFrom('workflow_timer')
      .select('payload')
      .where('kind', '=', FIRST_CONTACT_TIMER)
      .execute();
    expect(timers.some((r) => (r.payload as { caseId?: string }).caseId === garbage.caseId)).toBe(false);
  });
});

describe('12345 first contact of a merged duplicate', () => {
  it('is not flagged: its caller follows the order kept', async () => {
    const kept = await report(hotline, COMPLAINT);
    const dup = await report(hotline, COMPLAINT);
    const merged = await dispatcher.post(`/api/work-orders/${dup.caseId}/merge`, {
      intoId: kept.caseId,
      expectedVersion: dup.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    await due(FIRST_CONTACT_TIMER, dup.caseId);
    const view = (await dispatcher.get(`/api/work-orders/${dup.caseId}`)).json();
    expect(view.order).toMatchObject({ firstContactMissedAt: null, firstContactPending: false });
  });
});

describe('督办 reminders until the unit acknowledges', () => {
  it('repeat to the unit’s handlers while unacknowledged, and stop once acknowledged', async () => {
    const o = await report(inspector, GARBAGE);
    await due('sla.due', o.caseId); // overdue → level-1 escalation by the system
    let view = (await handler.get(`/api/work-orders/${o.caseId}`)).json();
    expect(view.order).toMatchObject({ escalationLevel: 1, escalationUnacknowledged: true });
    expect((await notices(o.caseId, 'work-order.escalated')).map((n) => n.username)).toContain('bwt-handler');

    await due(REMINDER_TIMER, o.caseId);
    await due(REMINDER_TIMER, o.caseId);
    const reminders = await notices(o.caseId, 'work-order.reminder');
    expect(reminders.filter((n) => n.username === 'bwt-handler')).toHaveLength(2);
    expect(reminders.at(-1)?.text_zh).toContain('第 2 次提醒');
    const mineToRead = (await handler.get('/api/work-orders/notifications')).json();
    expect(
      mineToRead.items
        .filter((n: { workOrderId: string }) => n.workOrderId === o.caseId)
        .map((n: { kind: string }) => n.kind),
    ).toEqual(['work-order.reminder', 'work-order.reminder', 'work-order.escalated']);

    // the desks show it; the order's own actions do not silence it — only 督办签收 does
    const mine = (await handler.get('/api/work-orders?view=mine')).json();
    expect(mine.items.find((i: { caseId: string }) => i.caseId === o.caseId)).toMatchObject({
      escalationUnacknowledged: true,
    });
    view = (await handler.get(`/api/work-orders/${o.caseId}`)).json();
    expect(view.available).toContain('acknowledge');
    const ack = await handler.post(`/api/work-orders/${o.caseId}/actions`, {
      action: 'acknowledge',
      expectedVersion: view.order.version,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().order.escalationUnacknowledged).toBe(false);
    await due(REMINDER_TIMER, o.caseId);
    expect((await notices(o.caseId, 'work-order.reminder')).length).toBe(2);
    const again = await handler.post(`/api/work-orders/${o.caseId}/actions`, {
      action: 'acknowledge',
      expectedVersion: ack.json().order.version,
    });
    expect(again.statusCode).toBe(409);
  });

  it('a dispatcher’s 督办 starts the reminders too', async () => {
    const o = await report(inspector, GARBAGE);
    const res = await dispatcher.post(`/api/work-orders/${o.caseId}/actions`, {
      action: 'escalate',
      expectedVersion: o.version,
      comment: '市民多次来电，请尽快处置',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().order.escalationUnacknowledged).toBe(true);
    await due(REMINDER_TIMER, o.caseId);
    expect((await notices(o.caseId, 'work-order.reminder')).length).toBe(1);
  });
});

describe('the 80% warning on the desks', () => {
  it('tags an order whose warning time has passed', async () => {
    const o = await report(inspector, GARBAGE);
    const before = (await dispatcher.get('/api/work-orders?view=queue&pageSize=500')).json();
    expect(before.items.find((i: { caseId: string }) => i.caseId === o.caseId)?.urgency).toBe('normal');
    await t.ctx.db
      .updateTable('workflow_timer')
      .set({ due_at: new Date(Date.now() - 60_000) })
      .where('case_id', '=', o.caseId)
      .where('kind', '=', 'sla.warn')
      .where('cancelled_at', 'is', null)
      .execute();
    const after = (await dispatcher.get('/api/work-orders?view=queue&pageSize=500')).json();
    expect(after.items.find((i: { caseId: string }) => i.caseId === o.caseId)?.urgency).toBe('warning');
    // the order page reads the warning point from the case's clock (only the timer was moved here)
    const page = (await dispatcher.get(`/api/work-orders/${o.caseId}`)).json();
    expect(new Date(page.sla.warnAt).getTime()).toBeLessThan(new Date(page.sla.deadline).getTime());
    expect(page.order.urgency).toBe('normal');
  });
});

describe('an edited category limit', () => {
  it('leaves open orders on the limit copied into their case: the page, the stored deadline and the timers agree', async () => {
    const o = await report(inspector, GARBAGE);
    const categories = (await admin.get('/api/cityops/categories')).json();
    const garbage = categories.items.find((c: { code: string }) => c.code === GARBAGE);
    const body = { ...garbage, limitValue: 40 };
    for (const k of ['defaultUnitId', 'defaultUnitName']) delete body[k];
    expect((await admin.put(`/api/cityops/categories/${GARBAGE}`, body)).statusCode).toBe(200);
    try {
      const view = (await dispatcher.get(`/api/work-orders/${o.caseId}`)).json();
      expect(view.order).toMatchObject({ limitValue: 4, limitUnit: 'workingHours' });
      const stored = await t.ctx.db
        .selectFrom('workflow_case')
        .select('sla_deadline')
        .where('id', '=', o.caseId)
        .executeTakeFirstOrThrow();
      const timer = await t.ctx.db
        .selectFrom('workflow_timer')
        .select('due_at')
        .where('case_id', '=', o.caseId)
        .where('kind', '=', 'sla.due')
        .where('cancelled_at', 'is', null)
        .executeTakeFirstOrThrow();
      expect(new Date(view.sla.deadline).getTime()).toBe(stored.sla_deadline!.getTime());
      expect(timer.due_at.getTime()).toBe(stored.sla_deadline!.getTime());
      // a new order takes the new limit
      const fresh = await report(inspector, GARBAGE);
      const freshView = (await dispatcher.get(`/api/work-orders/${fresh.caseId}`)).json();
      expect(freshView.order.limitValue).toBe(40);
    } finally {
      await admin.put(`/api/cityops/categories/${GARBAGE}`, { ...body, limitValue: 4 });
    }
  });
});
