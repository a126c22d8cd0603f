import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { ensureTestTypes, demoPlaces } from '../sensors/sensor-test-kit';
import { markSeen } from '../sensors/ingest/sensor-ingest.repository';
import { BACK_ONLINE_COMMENT, openOrderForAlarm, syncOfflineAlarms } from './sensor-alarm.service';

const RUN = randomUUID().slice(0, 8);
const SILENT = `O${RUN}-WL-1`;
const FRESH = `O${RUN}-WL-2`;
const NEVER = `O${RUN}-WL-3`;
const SMOKE = `O${RUN}-SM-1`;

let t: TestApp;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const offlineAlarms = (sensorId: string) =>
  t.ctx.db
    .selectFrom('sensor_alarm')
    .selectAll()
    .where('sensor_id', '=', sensorId)
    .where('alarm_type', '=', 'offline')
    .orderBy('opened_at')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  await ensureTestTypes(t.ctx.db);
  const { bwt, bwtCommittee } = await demoPlaces(t.ctx.db);
  await t.ctx.db
    .updateTable('sensor_type')
    .set({ offline_severity: 2 })
    .where('code', '=', 'water-level')
    .execute();
  const at = { street_id: bwt.id, committee_id: bwtCommittee.id, interval_s: 60, online: true };
  await t.ctx.db
    .insertInto('sensor')
    .values([
      { id: SILENT, type_code: 'water-level', ...at, last_seen_at: minutesAgo(10) },
      { id: FRESH, type_code: 'water-level', ...at, last_seen_at: minutesAgo(1) },
      { id: NEVER, type_code: 'water-level', ...at, online: false, last_seen_at: null },
      { id: SMOKE, type_code: 'water-level', ...at, last_seen_at: minutesAgo(10) },
    ])
    .execute();
});
afterAll(() => t?.close());

describe('the offline sweep', () => {
  it('raises one offline alarm per silent sensor, with its type’s severity, and no order by default', async () => {
    await syncOfflineAlarms(t.ctx);
    await syncOfflineAlarms(t.ctx);
    const alarms = await offlineAlarms(SILENT);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ state: 'open', severity: 2, work_order_id: null, reading_count: 0 });
    expect(await offlineAlarms(FRESH)).toEqual([]);
    // a sensor that never reported is not yet installed: no alarm
    expect(await offlineAlarms(NEVER)).toEqual([]);
    expect(await openOrderForAlarm(t.ctx, alarms[0]!.id)).toBeNull();
  });

  it('shows the offline alarm in the alarm list', async () => {
    const dispatcher = await t.staff('dispatcher');
    const res = await dispatcher.get(`/api/sensor-alarms?sensorId=${SILENT}&state=active`);
    expect(res.json().items).toMatchObject([{ alarmType: 'offline', severity: 2, state: 'open' }]);
  });

  it('clears it when the sensor reports again', async () => {
    await markSeen(t.ctx.db, new Map([[SILENT, Date.now()]]));
    const { cleared } = await syncOfflineAlarms(t.ctx);
    expect(cleared).toBeGreaterThanOrEqual(1);
    const [alarm] = await offlineAlarms(SILENT);
    expect(alarm).toMatchObject({ state: 'cleared', cleared_by: null, clear_comment: BACK_ONLINE_COMMENT });
  });

  it('opens an order when the type says so, and clearing only posts an update to it', async () => {
    await t.ctx.db
      .updateTable('sensor_type')
      .set({ offline_opens_work_order: true })
      .where('code', '=', 'water-level')
      .execute();
    await t.ctx.db.updateTable('sensor').set({ online: true }).where('id', '=', SMOKE).execute();
    await t.ctx.db.deleteFrom('sensor_alarm').where('sensor_id', '=', SMOKE).execute();
    const { toOrder } = await syncOfflineAlarms(t.ctx);
    const [alarm] = await offlineAlarms(SMOKE);
    expect(toOrder).toContain(alarm!.id);
    const orderId = await openOrderForAlarm(t.ctx, alarm!.id);
    expect(orderId).toBeTruthy();
    const order = await t.ctx.db
      .selectFrom('work_order as w')
      .innerJoin('workflow_case as c', 'c.id', 'w.case_id')
      .select(['w.source', 'w.description', 'c.state'])
      .where('w.case_id', '=', orderId!)
      .executeTakeFirstOrThrow();
    expect(order.source).toBe('sensor');
    expect(order.description).toContain('离线');
    const stateBefore = order.state;

    await markSeen(t.ctx.db, new Map([[SMOKE, Date.now()]]));
    await syncOfflineAlarms(t.ctx);
    const after = await t.ctx.db
      .selectFrom('workflow_case')
      .select('state')
      .where('id', '=', orderId!)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe(stateBefore);
    const dispatcher = await t.staff('dispatcher');
    const detail = (await dispatcher.get(`/api/work-orders/${orderId}`)).json();
    expect(detail.actions.at(-1)).toMatchObject({ action: 'comment' });
    expect(detail.actions.at(-1).comment).toContain(BACK_ONLINE_COMMENT);
  });
});
