import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttReadingPublisher } from './reading-publishers';
import { ReadingSchedule } from './reading-schedule';
import { SENSOR_KIND_INFO, hashString, type SensorKind, type SimSensor } from './sensor-models';

/** The machine's Mosquitto (CI runs one); MQTT_TEST_URL overrides. */
const BROKER = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';
const RUN = `SIMTEST${randomBytes(4).toString('hex')}`;

describe('publishing simulated readings to Mosquitto', () => {
  let subscriber: mqtt.MqttClient;
  const received: { topic: string; payload: string; qos: number }[] = [];

  beforeAll(async () => {
    subscriber = await mqtt.connectAsync(BROKER, { clientId: `${RUN}-sub`, clean: true });
    subscriber.on('message', (topic, payload, packet) => {
      if (topic.includes(RUN)) received.push({ topic, payload: payload.toString('utf8'), qos: packet.qos });
    });
    await subscriber.subscribeAsync('yiwang/sensors/+/readings', { qos: 1 });
  });
  afterAll(async () => {
    await subscriber?.endAsync();
  });

  it('sends each reading on its sensor’s topic, QoS 1, as {"ts","metrics":{metric: value}}', async () => {
    const kinds: SensorKind[] = ['water-level', 'smoke', 'bin-fill', 'noise'];
    const sensors: SimSensor[] = kinds.map((kind, i) => {
      const id = `${RUN}-${SENSOR_KIND_INFO[kind].prefix}-${String(i + 1).padStart(6, '0')}`;
      return { id, kind, metric: SENSOR_KIND_INFO[kind].metric, key: hashString(id), interval: 60 };
    });
    const schedule = new ReadingSchedule(sensors, {
      seed: 4,
      intervalS: 60,
      startAt: Date.now(),
      storm: true,
    });
    const publisher = await MqttReadingPublisher.connect(BROKER, { connections: 2, clientIdPrefix: RUN });
    const at = Date.now();
    const sent = [...schedule.roundAt(at)];
    for (const r of sent) await publisher.publish(r);
    await publisher.flush();
    await publisher.close();
    expect(publisher.stats).toMatchObject({ sent: 4, acked: 4, failed: 0 });

    for (let i = 0; i < 200 && received.length < sent.length; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(received.map((m) => m.topic).sort()).toEqual(
      sensors.map((s) => `yiwang/sensors/${s.id}/readings`).sort(),
    );
    for (const m of received) {
      expect(m.qos).toBe(1);
      const sensor = sensors.find((s) => m.topic === `yiwang/sensors/${s.id}/readings`)!;
      const body = JSON.parse(m.payload) as { ts: string; metrics: Record<string, number> };
      expect(Object.keys(body).sort()).toEqual(['metrics', 'ts']);
      expect(body.ts).toBe(new Date(at).toISOString());
      expect(Object.keys(body.metrics)).toEqual([sensor.metric]);
      expect(typeof body.metrics[sensor.metric]).toBe('number');
      expect(body.metrics).toEqual(sent.find((r) => r.sensorId === sensor.id)!.metrics);
    }
  });
});
