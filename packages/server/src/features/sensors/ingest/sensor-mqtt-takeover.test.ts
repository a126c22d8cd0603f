/**
 * Two "copies" in one process (two ingesters and consumers on one database, one shared
 * subscription on the machine's Mosquitto): when one dies without a word, the other takes over
 * its share — every reading published afterwards is stored, none is left queued for the dead one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { sensorIngestFor } from './sensor-ingest';
import { startMqttConsumer } from './sensor-mqtt';
import { presenceTopic, startMqttTakeover, type Takeover } from './sensor-mqtt-takeover';

const URL = 'mqtt://127.0.0.1:1883';
const RUN = randomUUID().slice(0, 8);
const PREFIX = `yw-test-${RUN}/sensors`;
const GROUP = `g${RUN}`;
const SENSORS = [1, 2, 3, 4].map((i) => `T${RUN}-WL-${i}`);
const silent = { info: () => {}, error: () => {} };

type Copy = { consumer: ReturnType<typeof startMqttConsumer>; takeover: Takeover; clientId: string };
let t: TestApp;
let device: MqttClient;
const copies: Copy[] = [];

async function startCopy(clientId: string): Promise<Copy> {
  const ingest = sensorIngestFor(t.ctx);
  await ingest.reload();
  const consumer = startMqttConsumer(ingest, {
    url: URL,
    clientId,
    shareGroup: GROUP,
    topicPrefix: PREFIX,
    log: silent,
  });
  await consumer.subscribed;
  const takeover = startMqttTakeover(ingest, {
    url: URL,
    clientId,
    shareGroup: GROUP,
    topicPrefix: PREFIX,
    log: silent,
  });
  const copy = { consumer, takeover, clientId };
  copies.push(copy);
  return copy;
}

/** Die like SIGKILL: both connections drop without a DISCONNECT, and nothing reconnects. */
function kill(copy: Copy) {
  for (const client of [copy.consumer.client, copy.takeover.presence]) {
    client.options.reconnectPeriod = 0;
    client.stream.destroy();
  }
}

let n = 0;
async function publish(count: number): Promise<string[]> {
  const ts: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.now() - 3_600_000 + n++ * 1000).toISOString();
    ts.push(at);
    await device.publishAsync(
      `${PREFIX}/${SENSORS[i % SENSORS.length]}/readings`,
      JSON.stringify({ ts: at, metrics: { water_level: 0.02 } }),
      { qos: 1 },
    );
  }
  return ts;
}

async function stored(): Promise<number> {
  const r = await t.ctx.db
    .selectFrom('sensor_reading')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('sensor_id', 'in', SENSORS)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  const street = await t.ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('code', '=', STREET.beiwaitan)
    .executeTakeFirstOrThrow();
  await t.ctx.db
    .insertInto('sensor')
    .values(
      SENSORS.map((id) => ({
        id,
        type_code: 'water-level',
        model: 'HK-WL100',
        street_id: street.id,
        address: '东长治路 1 号',
        interval_s: 60,
      })),
    )
    .execute();
  device = await mqtt.connectAsync(URL, { protocolVersion: 5, clientId: `yw-test-device-${RUN}` });
});

afterAll(async () => {
  for (const c of copies) {
    await c.consumer.stop().catch(() => {});
    await c.takeover.stop().catch(() => {});
  }
  // no session or presence message of this run stays behind on the broker
  await device?.publishAsync(presenceTopic(GROUP, `yw-test-${RUN}-a`), '', { qos: 1, retain: true });
  await device?.publishAsync(presenceTopic(GROUP, `yw-test-${RUN}-b`), '', { qos: 1, retain: true });
  for (const id of new Set(copies.map((c) => c.clientId))) {
    const c = await mqtt.connectAsync(URL, {
      protocolVersion: 5,
      clientId: id,
      clean: true,
      properties: { sessionExpiryInterval: 0 },
    });
    await c.endAsync();
  }
  await device?.endAsync();
  await t?.close();
});

it('takes over the share of a copy that died, and the copy takes its share back when it returns', async () => {
  const a = await startCopy(`yw-test-${RUN}-a`);
  const b = await startCopy(`yw-test-${RUN}-b`);
  await publish(20);
  await until(async () => (await stored()) === 20, 'the first 20 readings, split over both copies');

  kill(a);
  // published while the broker may still give a's dead session its share: b takes that over too
  await publish(40);
  await until(async () => (await stored()) === 60, 'every reading after the kill stored by b');
  // (b records the takeover once a's session has been quiet for a moment and is ended)
  await until(async () => b.takeover.adopted.length > 0, 'b to record the takeover');
  expect(b.takeover.adopted.map((x) => x.clientId)).toEqual([a.clientId]);

  // a comes back under its own client id and takes readings again
  const a2 = await startCopy(a.clientId);
  const before = await stored();
  let a2Took = false;
  a2.consumer.client.on('message', () => (a2Took = true));
  await publish(40);
  await until(async () => (await stored()) === before + 40, 'the last 40 readings stored');
  expect(a2Took).toBe(true);
  expect(b.takeover.adopted.filter((x) => x.clientId === a.clientId)).toHaveLength(1);
});
