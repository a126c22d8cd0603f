import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { sensorIngestFor, type SensorIngest } from '../sensors/ingest/sensor-ingest';
import { startMqttConsumer } from '../sensors/ingest/sensor-mqtt';

// Unique per run: test files share one Mosquitto.
const RUN = randomUUID().slice(0, 8);
const PREFIX = `yw-test-${RUN}/sensors`;
const WL = `T${RUN}-WL-1`;
const WL2 = `T${RUN}-WL-2`;
const WL3 = `T${RUN}-WL-3`;

let t: TestApp;
let ingest: SensorIngest;
let consumer: ReturnType<typeof startMqttConsumer>;
let device: MqttClient;
let bwt: { id: string };
let committee: { id: string };

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const publish = async (sensorId: string, payload: string | object) => {
  const before = ingest.stats().messages;
  await device.publishAsync(
    `${PREFIX}/${sensorId}/readings`,
    typeof payload === 'string' ? payload : JSON.stringify(payload),
    { qos: 1 },
  );
  // the broker acknowledges the device at once; wait for the server to have stored it
  while (ingest.stats().messages === before) await new Promise((r) => setTimeout(r, 10));
  await ingest.flush();
};
const alarmsOf = (sensorId: string) =>
  t.ctx.db
    .selectFrom('sensor_alarm')
    .selectAll()
    .where('sensor_id', '=', sensorId)
    .orderBy('opened_at')
    .execute();
const deadLetters = (sensorId: string) =>
  t.ctx.db
    .selectFrom('sensor_dead_letter')
    .selectAll()
    .where('sensor_id', '=', sensorId)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  bwt = await t.ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('code', '=', STREET.beiwaitan)
    .executeTakeFirstOrThrow();
  committee = await t.ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('parent_id', '=', bwt.id)
    .where('kind', '=', 'committee')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  await t.ctx.db
    .insertInto('sensor')
    .values(
      [WL, WL2, WL3].map((id) => ({
        id,
        type_code: 'water-level',
        model: 'HK-WL100',
        street_id: bwt.id,
        committee_id: committee.id,
        address: '东长治路 1 号',
        interval_s: 60,
      })),
    )
    .execute();
  ingest = sensorIngestFor(t.ctx);
  await ingest.reload();
  consumer = startMqttConsumer(ingest, {
    url: 'mqtt://127.0.0.1:1883',
    clientId: `yw-test-consumer-${RUN}`,
    shareGroup: `g${RUN}`,
    topicPrefix: PREFIX,
    log: { info: () => {}, error: () => {} },
  });
  await consumer.subscribed;
  device = await mqtt.connectAsync('mqtt://127.0.0.1:1883', {
    protocolVersion: 5,
    clientId: `yw-test-device-${RUN}`,
  });
});
afterAll(async () => {
  await device?.endAsync();
  await consumer?.stop();
  await t?.close();
});

describe('a water-level reading above threshold over MQTT', () => {
  it('opens one alarm, a second high reading updates it, and one order is dispatched to the sensor’s street', async () => {
    await publish(WL, { ts: ago(30), metrics: { water_level: 0.42 } });
    let alarms = (await alarmsOf(WL)).filter((a) => a.alarm_type === 'threshold-high');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ state: 'open', reading_count: 1, peak_value: 0.42, severity: 2 });

    await publish(WL, { ts: ago(29), metrics: { water_level: 0.5 } });
    alarms = (await alarmsOf(WL)).filter((a) => a.alarm_type === 'threshold-high');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ reading_count: 2, peak_value: 0.5, last_value: 0.5 });

    const orderId = alarms[0]!.work_order_id;
    expect(orderId).toBeTruthy();
    const orders = await t.ctx.db
      .selectFrom('work_order as w')
      .innerJoin('workflow_case as c', 'c.id', 'w.case_id')
      .select([
        'w.case_id',
        'w.source',
        'w.category_code',
        'w.street_id',
        'w.responsible_unit_id',
        'w.description',
        'c.state',
      ])
      .where('w.description', 'like', `%${WL}%`)
      .execute();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      case_id: orderId,
      source: 'sensor',
      category_code: 'E-0406',
      street_id: bwt.id,
      responsible_unit_id: bwt.id,
      state: 'dispatched',
    });
    expect(orders[0]!.description).toContain('0.42');
  });

  it('stores a redelivered reading once', async () => {
    const reading = { ts: ago(20), metrics: { water_level: 0.05 } };
    await publish(WL2, reading);
    await publish(WL2, reading);
    const rows = await t.ctx.db
      .selectFrom('sensor_reading')
      .selectAll()
      .where('sensor_id', '=', WL2)
      .execute();
    expect(rows).toHaveLength(1);
    expect(ingest.stats().duplicates).toBeGreaterThanOrEqual(1);
  });

  it('keeps malformed payloads, unknown sensors and out-of-order readings as dead letters and goes on', async () => {
    await publish(WL2, '{"ts": not json');
    await publish(`T${RUN}-NOBODY`, { ts: ago(10), metrics: { water_level: 0.1 } });
    await publish(WL2, { ts: ago(25), metrics: { water_level: 0.06 } });
    await publish(WL2, { ts: ago(19), metrics: { water_level: 0.07 } });
    expect((await deadLetters(WL2)).map((d) => d.reason)).toEqual(['malformed', 'out-of-order']);
    expect((await deadLetters(`T${RUN}-NOBODY`)).map((d) => [d.reason, d.source])).toEqual([
      ['unknown-sensor', 'mqtt'],
    ]);
    const rows = await t.ctx.db
      .selectFrom('sensor_reading')
      .select('value')
      .where('sensor_id', '=', WL2)
      .orderBy('ts')
      .execute();
    expect(rows.map((r) => r.value)).toEqual([0.05, 0.07]);
  });

  it('stores an impossible value flagged and raises no alarm', async () => {
    await publish(WL3, { ts: ago(15), metrics: { water_level: 55 } });
    const [row] = await t.ctx.db
      .selectFrom('sensor_reading')
      .selectAll()
      .where('sensor_id', '=', WL3)
      .execute();
    expect(row).toMatchObject({ value: 55, flagged: true });
    expect(await alarmsOf(WL3)).toEqual([]);
    expect((await deadLetters(WL3)).map((d) => d.reason)).toEqual(['impossible-value']);
  });
});

describe('clearing an alarm', () => {
  it('posts an update to its order, which stays open', async () => {
    const [alarm] = (await alarmsOf(WL)).filter((a) => a.alarm_type === 'threshold-high');
    const dispatcher = await t.staff('dispatcher');
    const ack = await dispatcher.post(`/api/sensor-alarms/${alarm!.id}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().state).toBe('acknowledged');
    const bad = await dispatcher.post(`/api/sensor-alarms/${alarm!.id}/clear`, {});
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('comment');
    const res = await dispatcher.post(`/api/sensor-alarms/${alarm!.id}/clear`, { comment: '现场排水完毕' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'cleared', clearComment: '现场排水完毕' });
    const order = (await dispatcher.get(`/api/work-orders/${alarm!.work_order_id}`)).json();
    expect(order.order.state).toBe('dispatched');
    expect(order.actions.at(-1)).toMatchObject({ action: 'comment' });
    expect(order.actions.at(-1).comment).toContain('现场排水完毕');
  });

  it('clears automatically when readings stay normal, updating the order and never closing it', async () => {
    await publish(WL3, { ts: ago(12), metrics: { water_level: 0.4 } });
    const [open] = (await alarmsOf(WL3)).filter((a) => a.alarm_type === 'threshold-high');
    expect(open?.state).toBe('open');
    await publish(WL3, { ts: ago(11), metrics: { water_level: 0.02 } });
    await publish(WL3, { ts: ago(0.5), metrics: { water_level: 0.01 } });
    const [cleared] = (await alarmsOf(WL3)).filter((a) => a.alarm_type === 'threshold-high');
    expect(cleared).toMatchObject({ state: 'cleared', cleared_by: null });
    const c = await t.ctx.db
      .selectFrom('workflow_case')
      .select('state')
      .where('id', '=', open!.work_order_id!)
      .executeTakeFirstOrThrow();
    expect(c.state).toBe('dispatched');
  });

  it('lists alarms to a street’s staff only within their scope', async () => {
    const dispatcher = await t.staff('dispatcher');
    const all = (await dispatcher.get(`/api/sensor-alarms?streetId=${bwt.id}`)).json();
    expect(all.total).toBeGreaterThanOrEqual(2);
    const qylAdmin = await t.staff('qyl-admin');
    expect(
      (await qylAdmin.get('/api/sensor-alarms'))
        .json()
        .items.filter((a: { sensorId: string }) => a.sensorId.startsWith(`T${RUN}`)),
    ).toEqual([]);
  });
});
