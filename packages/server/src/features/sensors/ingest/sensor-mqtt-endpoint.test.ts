import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { ensureTestTypes, demoPlaces } from '../sensor-test-kit';
import { sensorIngestFor } from './sensor-ingest';
import { startDeviceEndpoint, type DeviceEndpoint, type ReadingSink } from './sensor-mqtt-endpoint';

const RUN = randomUUID().slice(0, 8);
const WL = `E${RUN}-WL-1`;
const quiet = { info: () => {}, error: () => {} };
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const reading = (minutes: number, level: number) =>
  JSON.stringify({ ts: ago(minutes), metrics: { water_level: level } });
const topic = (id = WL) => `yiwang/sensors/${id}/readings`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestApp;
let endpoint: DeviceEndpoint;
let url: string;

const levels = async () =>
  (
    await t.ctx.db
      .selectFrom('sensor_reading')
      .select('value')
      .where('sensor_id', '=', WL)
      .orderBy('ts')
      .execute()
  ).map((r) => r.value);

/** A stand-in ingester that keeps every message and answers when told. */
function heldSink() {
  const held: { topic: string; ack: (error?: Error) => void }[] = [];
  const sink: ReadingSink = { handleMessage: (topic, _payload, ack) => void held.push({ topic, ack }) };
  return { sink, held };
}

/** A raw TCP connection to the endpoint: resolves when the server closes it (or after `ms`). */
function rawConnection(port: number, bytes: Buffer, ms = 3_000): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, ms);
    socket.on('error', () => {});
    socket.resume(); // read (and drop) what comes back, so a close is seen
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.connect(port, '127.0.0.1', () => socket.write(bytes));
  });
}

beforeAll(async () => {
  t = await createTestApp();
  await ensureTestTypes(t.ctx.db);
  const { bwt } = await demoPlaces(t.ctx.db);
  await t.ctx.db
    .insertInto('sensor')
    .values({ id: WL, type_code: 'water-level', street_id: bwt.id, interval_s: 60 })
    .execute();
  const ingest = sensorIngestFor(t.ctx);
  await ingest.reload();
  endpoint = (await startDeviceEndpoint(ingest, { port: 0, host: '127.0.0.1', log: quiet }))!;
  url = `mqtt://127.0.0.1:${endpoint.port}`;
});
afterAll(async () => {
  await endpoint?.stop();
  await t.close();
});

describe('the device endpoint (no MQTT_URL)', () => {
  it('acknowledges an MQTT 3.1.1 device’s QoS 1 reading only once it is stored', async () => {
    const device = await mqtt.connectAsync(url, { clientId: `dev-${RUN}-4` });
    await device.publishAsync(topic(), reading(30, 0.11), { qos: 1 });
    // the PUBACK came after the commit: the reading is there now
    expect((await levels()).at(-1)).toBe(0.11);
    await device.endAsync();
  });

  it('speaks MQTT 5: CONNACK says what it accepts; QoS 1 and QoS 2 readings are stored before their acknowledgement', async () => {
    const device = await mqtt.connectAsync(url, { clientId: `dev-${RUN}-5`, protocolVersion: 5 });
    expect(device.options.properties?.receiveMaximum ?? 65_535).toBeGreaterThan(0);
    await device.publishAsync(topic(), reading(29, 0.12), { qos: 1 });
    expect((await levels()).at(-1)).toBe(0.12);
    await device.publishAsync(topic(), reading(28, 0.13), { qos: 2 });
    expect((await levels()).at(-1)).toBe(0.13);
    // properties are skipped, the reading read past them
    await device.publishAsync(topic(), reading(27.5, 0.135), {
      qos: 1,
      properties: { contentType: 'application/json', userProperties: { gateway: '北外滩-07' } },
    });
    expect((await levels()).at(-1)).toBe(0.135);
    await device.endAsync();
  });

  it('takes QoS 0 readings without an acknowledgement', async () => {
    const device = await mqtt.connectAsync(url, { clientId: `dev-${RUN}-q0` });
    await device.publishAsync(topic(), reading(27, 0.14), { qos: 0 });
    for (let i = 0; i < 50 && (await levels()).at(-1) !== 0.14; i++) await sleep(100);
    expect((await levels()).at(-1)).toBe(0.14);
    await device.endAsync();
  });

  it('reads a packet that arrives in pieces', async () => {
    const { sink, held } = heldSink();
    const own = (await startDeviceEndpoint(sink, { port: 0, host: '127.0.0.1', log: quiet }))!;
    const connect = Buffer.from([0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x78]);
    const name = Buffer.from(topic());
    const payload = Buffer.from(reading(1, 0.2));
    const body = Buffer.concat([Buffer.from([0, name.length]), name, Buffer.from([0x12, 0x34]), payload]);
    const publish = Buffer.concat([Buffer.from([0x32, body.length]), body]);
    const socket = new Socket();
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    await new Promise<void>((r) => socket.connect(own.port, '127.0.0.1', r));
    // byte by byte for the headers, then the rest
    for (const piece of [
      connect.subarray(0, 1),
      connect.subarray(1),
      publish.subarray(0, 1),
      publish.subarray(1, 2),
      publish.subarray(2, 9),
      publish.subarray(9),
    ]) {
      socket.write(piece);
      await sleep(30);
    }
    expect(held.map((h) => h.topic)).toEqual([topic()]);
    held[0]!.ack();
    await sleep(100);
    // CONNACK, then the PUBACK of packet 0x1234
    expect(Buffer.concat(received)).toEqual(Buffer.from([0x20, 2, 0, 0, 0x40, 2, 0x12, 0x34]));
    socket.destroy();
    await own.stop();
  });

  it('refuses subscriptions (3.1.1: 0x80; 5: not authorized) and answers PINGREQ', async () => {
    const v4 = await mqtt.connectAsync(url, { clientId: `dev-${RUN}-s4`, keepalive: 1 });
    await expect(v4.subscribeAsync('yiwang/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const v5 = await mqtt.connectAsync(url, { clientId: `dev-${RUN}-s5`, protocolVersion: 5 });
    await expect(v5.subscribeAsync('yiwang/#', { qos: 1 })).rejects.toThrow(/Not authorized/i);
    // a keep-alive of 1 s: the pings are answered, the connection stays up past 1.5 s
    await sleep(2_500);
    expect(v4.connected).toBe(true);
    await v4.endAsync();
    await v5.endAsync();
  });

  it('closes a connection that does not start with CONNECT, sends garbage or an oversized packet', async () => {
    const pingFirst = Buffer.from([0xc0, 0x00]);
    expect(await rawConnection(endpoint.port, pingFirst)).toBe('closed');
    expect(await rawConnection(endpoint.port, Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBe('closed');
    // CONNECT (3.1.1, client id "x"), then a PUBLISH announcing 1 MiB
    const connect = Buffer.from([0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x78]);
    const huge = Buffer.concat([Buffer.from([0x30, 0x80, 0x80, 0x40]), Buffer.alloc(300 * 1024)]);
    expect(await rawConnection(endpoint.port, Buffer.concat([connect, huge]))).toBe('closed');
    // the same CONNECT alone stays open
    expect(await rawConnection(endpoint.port, connect, 500)).toBe('open');
  });

  it('a reading that cannot be stored is not acknowledged: the connection closes and the device sends it again', async () => {
    let calls = 0;
    const ingest = sensorIngestFor(t.ctx);
    const flaky: ReadingSink = {
      handleMessage: (topic, payload, ack) => {
        calls++;
        if (calls === 1) return ack(new Error('the database is away'));
        ingest.handleMessage(topic, payload, ack);
      },
    };
    const own = (await startDeviceEndpoint(flaky, { port: 0, host: '127.0.0.1', log: quiet }))!;
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${own.port}`, {
      clientId: `dev-${RUN}-re`,
      clean: false,
      reconnectPeriod: 100,
    });
    await device.publishAsync(topic(), reading(26, 0.15), { qos: 1 });
    expect(calls).toBe(2);
    expect((await levels()).at(-1)).toBe(0.15);
    await device.endAsync();
    await own.stop();
  });

  it('stops reading from a device with too many readings waiting for their commit, and goes on when they are stored', async () => {
    const { sink, held } = heldSink();
    const own = (await startDeviceEndpoint(sink, {
      port: 0,
      host: '127.0.0.1',
      log: quiet,
      maxInFlight: 4,
    }))!;
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${own.port}`, { clientId: `dev-${RUN}-bp` });
    const publish = (from: number) =>
      Array.from({ length: 6 }, (_, i) =>
        device.publishAsync(topic(`E${RUN}-BP-${from + i}`), reading(1, 0.1), { qos: 1 }),
      );
    // six arrive together (one socket read): over the limit of 4, the endpoint stops reading
    const sent = publish(0);
    await sleep(300);
    expect(held.length).toBe(6);
    sent.push(...publish(6));
    await sleep(500);
    expect(held.length).toBe(6);
    // answer everything held so far, and what arrives after, until all 12 are acknowledged
    let answered = 0;
    const answering = setInterval(() => {
      while (answered < held.length) held[answered++]!.ack();
    }, 20);
    await Promise.all(sent);
    clearInterval(answering);
    expect(held.map((h) => h.topic)).toEqual(Array.from({ length: 12 }, (_, i) => topic(`E${RUN}-BP-${i}`)));
    await device.endAsync();
    await own.stop();
  });

  it('reports a taken port instead of failing', async () => {
    const errors: string[] = [];
    const second = await startDeviceEndpoint(sensorIngestFor(t.ctx), {
      port: endpoint.port,
      host: '127.0.0.1',
      log: { info: () => {}, error: (_e, m) => errors.push(m) },
    });
    expect(second).toBeNull();
    expect(errors.join()).toContain(String(endpoint.port));
  });
});
