import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { sensorFigures } from '../cityops-screen/cityops-screen.repository';
import { demoPlaces } from '../sensors/sensor-test-kit';
import { markSeen } from '../sensors/ingest/sensor-ingest.repository';
import { alarmsAwaitingOrder } from './sensor-alarm.repository';
import { openOrderForAlarm, syncOfflineAlarms } from './sensor-alarm.service';

const RUN = randomUUID().slice(0, 8);
/** committee A: 20 water-level sensors, 12 of them silent; committee B: 10 smoke sensors, 3 silent */
const A = Array.from({ length: 20 }, (_, i) => `U${RUN}-A-${String(i).padStart(2, '0')}`);
const B = Array.from({ length: 10 }, (_, i) => `U${RUN}-B-${String(i).padStart(2, '0')}`);
const A_SILENT = A.slice(0, 12);
const B_SILENT = B.slice(0, 3);

let t: TestApp;
let committeeA: string;
let committeeB: string;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

const alarmsOf = (committeeId: string, type: string) =>
  t.ctx.db
    .selectFrom('sensor_alarm')
    .selectAll()
    .where('committee_id', '=', committeeId)
    .where('alarm_type', '=', type)
    .orderBy('opened_at')
    .execute();
const sensorOrders = (committeeId: string) =>
  t.ctx.db
    .selectFrom('work_order')
    .select(['case_id', 'category_code', 'description'])
    .where('committee_id', '=', committeeId)
    .where('source', '=', 'sensor')
    .execute();

/** One sweep as the ingester runs it: the alarms it returns get their orders. */
async function sweep() {
  const r = await syncOfflineAlarms(t.ctx);
  for (const id of r.toOrder) await openOrderForAlarm(t.ctx, id);
  return r;
}

beforeAll(async () => {
  t = await createTestApp();
  const { bwt, bwtCommittee, qyl, qylCommittee } = await demoPlaces(t.ctx.db);
  committeeA = bwtCommittee.id;
  committeeB = qylCommittee.id;
  // both types would open an order for every single silent sensor: the outage must prevent that
  await t.ctx.db
    .updateTable('sensor_type')
    .set({ offline_opens_work_order: true })
    .where('code', 'in', ['water-level', 'smoke'])
    .where('category_code', 'is not', null)
    .execute();
  const at = (street: string, committee: string) => ({
    street_id: street,
    committee_id: committee,
    interval_s: 60,
    online: true,
  });
  await t.ctx.db
    .insertInto('sensor')
    .values([
      ...A.map((id) => ({
        id,
        type_code: 'water-level',
        ...at(bwt.id, committeeA),
        last_seen_at: A_SILENT.includes(id) ? minutesAgo(10) : minutesAgo(1),
      })),
      ...B.map((id) => ({
        id,
        type_code: 'smoke',
        ...at(qyl.id, committeeB),
        last_seen_at: B_SILENT.includes(id) ? minutesAgo(10) : minutesAgo(1),
      })),
      // never reported (not installed yet): neither silent nor counted
      {
        id: `U${RUN}-A-NEW`,
        type_code: 'water-level',
        ...at(bwt.id, committeeA),
        online: false,
        last_seen_at: null,
      },
    ])
    .execute();
});
afterAll(() => t?.close());

describe('a committee-wide outage (区域集中离线)', () => {
  it('opens one outage alarm for 12 of 20 silent sensors, and one order instead of twelve', async () => {
    const first = await sweep();
    await sweep(); // a second sweep changes nothing
    const outages = await alarmsOf(committeeA, 'outage');
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({
      state: 'open',
      sensor_id: null,
      silent_count: 12,
      sensor_count: 20,
      sensor_types: ['water-level'],
      severity: 2,
    });
    expect(outages[0]!.last_reading_at!.getTime()).toBeLessThan(minutesAgo(9).getTime());
    // the per-sensor offline alarms are recorded, linked to the outage, without orders
    const offline = await alarmsOf(committeeA, 'offline');
    expect(offline.map((a) => a.sensor_id).sort()).toEqual(A_SILENT);
    expect(offline.every((a) => a.outage_id === outages[0]!.id && a.work_order_id === null)).toBe(true);
    for (const a of offline) expect(first.toOrder).not.toContain(a.id);
    expect(first.outagesOpened).toBe(1);
    // one order, at the committee, in the 供电 category, naming the counts
    const orders = await sensorOrders(committeeA);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.case_id).toBe(outages[0]!.work_order_id);
    expect(orders[0]!.category_code).toBe('C-0116');
    expect(orders[0]!.description).toContain('12/20');
    expect(orders[0]!.description).toContain('60%');
    // the order sweep leaves covered alarms alone too
    const awaiting = await alarmsAwaitingOrder(t.ctx.db, 0);
    for (const a of offline) expect(awaiting).not.toContain(a.id);
    for (const a of offline) expect(await openOrderForAlarm(t.ctx, a.id)).toBeNull();
    expect(await sensorOrders(committeeA)).toHaveLength(1);
  });

  it('leaves 3 silent sensors of another committee as ordinary offline alarms, each by its type', async () => {
    expect(await alarmsOf(committeeB, 'outage')).toEqual([]);
    const offline = await alarmsOf(committeeB, 'offline');
    expect(offline.map((a) => a.sensor_id).sort()).toEqual(B_SILENT);
    expect(offline.every((a) => a.outage_id === null && a.work_order_id !== null)).toBe(true);
    expect(await sensorOrders(committeeB)).toHaveLength(3);
  });

  it('counts the outage as one alarm on the operations screen', async () => {
    const f = await sensorFigures(t.ctx.db, { streetIds: null, placeIds: null });
    const active = f!.alarmsBySeverity.reduce((n, s) => n + s.active, 0);
    expect(active).toBe(1 + 3);
    expect(f!.alarmsByPlace.find((p) => p.placeId === committeeA)?.active).toBe(1);
  });

  it('lists the outage on the alarms desk with its committee and counts; staff acknowledge it', async () => {
    const dispatcher = await t.staff('dispatcher');
    const res = await dispatcher.get(`/api/sensor-alarms?state=active&alarmType=outage`);
    expect(res.statusCode).toBe(200);
    const [outage] = res.json().items;
    expect(outage).toMatchObject({
      alarmType: 'outage',
      sensorId: null,
      silentCount: 12,
      sensorCount: 20,
      sensorTypes: ['water-level'],
      committeeId: committeeA,
      state: 'open',
    });
    expect(outage.committeeName).toBeTruthy();
    expect(outage.workOrderNo).toBeTruthy();
    // grouped, the desk shows the outage instead of its twelve sensors; they are listed under it
    const grouped = (
      await dispatcher.get(`/api/sensor-alarms?state=active&grouped=true&pageSize=500`)
    ).json();
    const committeeRows = grouped.items.filter((a: { committeeId: string }) => a.committeeId === committeeA);
    expect(committeeRows.map((a: { alarmType: string }) => a.alarmType)).toEqual(['outage']);
    expect(grouped.total).toBe(1 + 3);
    const members = (await dispatcher.get(`/api/sensor-alarms?outageId=${outage.id}&pageSize=500`)).json();
    expect(members.items.map((a: { sensorId: string }) => a.sensorId).sort()).toEqual(A_SILENT);
    const ack = await dispatcher.post(`/api/sensor-alarms/${outage.id}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().state).toBe('acknowledged');
    expect((await dispatcher.get('/api/sensor-alarms?alarmType=Outage!')).statusCode).toBe(400);
  });

  it('follows the counts while open, and clears when most report again: an update to the order, never a close', async () => {
    await t.ctx.db
      .updateTable('sensor')
      .set({ online: true, last_seen_at: minutesAgo(10) })
      .where('id', '=', A[12]!)
      .execute();
    await sweep();
    const [grown] = await alarmsOf(committeeA, 'outage');
    expect(grown).toMatchObject({ state: 'acknowledged', silent_count: 13, sensor_count: 20 });
    const orderId = grown!.work_order_id!;
    const before = await t.ctx.db
      .selectFrom('workflow_case')
      .select('state')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();

    // 11 of the 13 report again: 2 of 20 silent is below both thresholds
    await markSeen(t.ctx.db, new Map(A.slice(2, 13).map((id) => [id, Date.now()])));
    const r = await sweep();
    expect(r.outagesCleared).toBe(1);
    const [outage] = await alarmsOf(committeeA, 'outage');
    expect(outage).toMatchObject({ state: 'cleared', cleared_by: null, silent_count: 2, sensor_count: 20 });
    expect(outage!.clear_comment).toContain('区域集中离线解除');
    expect(outage!.clear_comment).toContain(A[0]);
    const after = await t.ctx.db
      .selectFrom('workflow_case')
      .select('state')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe(before.state);
    const dispatcher = await t.staff('dispatcher');
    const detail = (await dispatcher.get(`/api/work-orders/${orderId}`)).json();
    expect(detail.actions.at(-1)).toMatchObject({ action: 'comment' });
    expect(detail.actions.at(-1).comment).toContain('2/20');
    // the two still silent stay recorded, and the outage decided for them: no orders of their own
    const stillOffline = (await alarmsOf(committeeA, 'offline')).filter((a) => a.state === 'open');
    expect(stillOffline.map((a) => a.sensor_id).sort()).toEqual(A.slice(0, 2));
    expect(await alarmsAwaitingOrder(t.ctx.db, 0)).not.toContain(stillOffline[0]!.id);
    expect(await sensorOrders(committeeA)).toHaveLength(1);
  });
});

describe('the outage setting (离线告警设置)', () => {
  it('is read by staff and changed by an administrator; the next sweep uses it', async () => {
    const admin = await t.staff('admin');
    const got = await admin.get('/api/sensor-outage-setting');
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      minSensors: 5,
      minSharePercent: 50,
      severity: 2,
      opensWorkOrder: true,
      categoryCode: 'C-0116',
    });
    const put = await admin.put('/api/sensor-outage-setting', {
      minSensors: 3,
      minSharePercent: 30,
      severity: 3,
      opensWorkOrder: false,
      categoryCode: 'C-0116',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ minSensors: 3, minSharePercent: 30, severity: 3 });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'sensor.outage.setting')
      .execute();
    expect(audit).toHaveLength(1);
    // committee B: 3 of 10 silent now reaches both thresholds; no order by the new setting
    await sweep();
    const [outage] = await alarmsOf(committeeB, 'outage');
    expect(outage).toMatchObject({ state: 'open', silent_count: 3, sensor_count: 10, severity: 3 });
    expect(outage!.work_order_id).toBeNull();
    expect(await alarmsAwaitingOrder(t.ctx.db, 0)).not.toContain(outage!.id);
    expect((await alarmsOf(committeeB, 'offline')).every((a) => a.outage_id === outage!.id)).toBe(true);
  });

  it('refuses bad thresholds with 400 naming the field, and non-administrators with 403', async () => {
    const admin = await t.staff('admin');
    const good = {
      minSensors: 5,
      minSharePercent: 50,
      severity: 2,
      opensWorkOrder: true,
      categoryCode: 'C-0116',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, minSharePercent: 0 }, 'minSharePercent'],
      [{ ...good, minSharePercent: 101 }, 'minSharePercent'],
      [{ ...good, minSensors: 1 }, 'minSensors'],
      [{ ...good, minSensors: 2.5 }, 'minSensors'],
      [{ ...good, severity: 4 }, 'severity'],
      [{ ...good, categoryCode: null }, 'categoryCode'],
      [{ ...good, categoryCode: 'NO-SUCH' }, 'categoryCode'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.put('/api/sensor-outage-setting', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.json().errors[0].zh).toBeTruthy();
    }
    const dispatcher = await t.staff('dispatcher');
    expect((await dispatcher.put('/api/sensor-outage-setting', good)).statusCode).toBe(403);
    expect((await admin.get('/api/sensor-outage-setting')).json()).toMatchObject({ minSensors: 3 });
  });
});
