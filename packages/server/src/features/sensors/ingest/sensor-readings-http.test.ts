import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp, type TestClient } from '../../../testing/test-app';
import { sensorIngestFor } from './sensor-ingest';
import { seed } from '../../../seed';

const RUN = randomUUID().slice(0, 8);
const NS = `H${RUN}-NS-1`;
const WL = `H${RUN}-WL-1`;

let t: TestApp;
let admin: TestClient;
let key: string;
let bwtId: string;

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const post = (body: unknown, apiKey = key) =>
  t.app.inject({
    method: 'POST',
    url: '/api/sensor-readings',
    headers: { 'x-api-key': apiKey },
    payload: body as object,
  });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin');
  bwtId = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.beiwaitan)
      .executeTakeFirstOrThrow()
  ).id;
  await t.ctx.db
    .insertInto('sensor')
    .values([
      { id: NS, type_code: 'noise', street_id: bwtId, interval_s: 60 },
      {
        id: WL,
        type_code: 'water-level',
        street_id: bwtId,
        interval_s: 60,
        thresholds: { 'threshold-high': 0.8 },
      },
    ])
    .execute();
  await sensorIngestFor(t.ctx).reload();
  const res = await admin.post('/api/api-keys', { name: '北外滩传感网关', roles: ['device'], unitId: bwtId });
  key = res.json().key;
});
afterAll(() => t.close());

describe('POST /api/sensor-readings', () => {
  it('stores a batch and answers accepted, duplicates, flagged and rejected by index', async () => {
    const readings = [
      { sensorId: NS, ts: ago(10), metrics: { noise_db: 55 } },
      { sensorId: NS, ts: ago(9), metrics: { noise_db: 500 } },
      { sensorId: `H${RUN}-NOBODY`, ts: ago(9), metrics: { noise_db: 50 } },
      { sensorId: NS, ts: ago(8), metrics: { pm25: 50 } },
      { sensorId: NS, ts: ago(10), metrics: { noise_db: 55 } },
    ];
    const res = await post({ readings });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accepted: 2,
      duplicates: 0,
      flagged: 1,
      rejected: [
        { index: 2, sensorId: `H${RUN}-NOBODY`, reason: 'unknown-sensor' },
        { index: 3, sensorId: NS, reason: 'missing-metric' },
        { index: 4, sensorId: NS, reason: 'out-of-order' },
      ],
    });
    const again = await post({ readings: [readings[1]] });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, rejected: [] });
    const dead = await admin.get(`/api/sensor-dead-letters?sensorId=${NS}`);
    expect(dead.statusCode).toBe(200);
    expect(
      dead
        .json()
        .items.map((d: { reason: string }) => d.reason)
        .sort(),
    ).toEqual(['impossible-value', 'missing-metric', 'out-of-order']);
  });

  it('answers bad input with a 400 problem naming the field, and stores nothing of it', async () => {
    const res = await post({ readings: [{ sensorId: NS, ts: 'yesterday', metrics: { noise_db: 50 } }] });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('readings.0.ts');
    const empty = await post({ readings: [] });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json().errors)).toContain('readings');
  });

  it('is for devices, integrations and administrators only', async () => {
    const dispatcher = await t.staff('dispatcher');
    const res = await dispatcher.post('/api/sensor-readings', {
      readings: [{ sensorId: NS, ts: ago(1), metrics: {} }],
    });
    expect(res.statusCode).toBe(403);
  });

  it('uses a sensor’s own threshold and charts its readings from raw rows and hourly rollups', async () => {
    await post({ readings: [{ sensorId: WL, ts: ago(7), metrics: { water_level: 0.5 } }] });
    await sensorIngestFor(t.ctx).flush();
    const alarms = await t.ctx.db
      .selectFrom('sensor_alarm')
      .selectAll()
      .where('sensor_id', '=', WL)
      .execute();
    expect(alarms.filter((a) => a.alarm_type === 'threshold-high')).toEqual([]);
    await post({ readings: [{ sensorId: WL, ts: ago(6), metrics: { water_level: 0.9 } }] });
    await sensorIngestFor(t.ctx).flush();
    const after = await t.ctx.db.selectFrom('sensor_alarm').selectAll().where('sensor_id', '=', WL).execute();
    expect(after.filter((a) => a.alarm_type === 'threshold-high')).toMatchObject([
      { threshold: 0.8, peak_value: 0.9 },
    ]);

    const raw = (await admin.get(`/api/sensors/${WL}/series?bucket=raw`)).json();
    expect(raw.points.map((p: { value: number }) => p.value)).toEqual([0.5, 0.9]);
    const hourly = (await admin.get(`/api/sensors/${WL}/series?bucket=hour`)).json();
    const n = hourly.points.reduce((s: number, p: { n: number }) => s + p.n, 0);
    expect(n).toBe(2);
    expect(Math.max(...hourly.points.map((p: { max: number }) => p.max))).toBe(0.9);
  });
});

describe('sensor rules', () => {
  it('lists the seeded rules and lets an administrator change one', async () => {
    const rules = (await admin.get('/api/sensor-rules?typeCode=water-level')).json().items;
    const rule = rules.find((r: { alarmType: string }) => r.alarmType === 'sustained-high');
    expect(rule).toMatchObject({ kind: 'sustained', durationS: 600 });
    const bad = await admin.put(`/api/sensor-rules/${rule.id}`, {
      value: 0.3,
      durationS: 0,
      severity: 3,
      opensWorkOrder: true,
      active: true,
    });
    expect(bad.statusCode).toBe(400);
    const ok = await admin.put(`/api/sensor-rules/${rule.id}`, {
      value: 0.35,
      durationS: 300,
      severity: 3,
      opensWorkOrder: true,
      active: true,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ value: 0.35, durationS: 300 });
    const dispatcher = await t.staff('dispatcher');
    expect((await dispatcher.put(`/api/sensor-rules/${rule.id}`, ok.json())).statusCode).toBe(403);
  });
});

describe('the sensor seed', () => {
  it('is idempotent: types, rules and the demo routing are not doubled', async () => {
    const count = async () => ({
      types: (await t.ctx.db.selectFrom('sensor_type').select('code').execute()).length,
      rules: (await t.ctx.db.selectFrom('sensor_rule').select('id').execute()).length,
      routes: (
        await t.ctx.db
          .selectFrom('cityops_routing_rule')
          .select('id')
          .where('category_code', '=', 'E-0406')
          .execute()
      ).length,
    });
    const before = await count();
    expect(before.types).toBe(8);
    expect(before.routes).toBe(8);
    await seed(t.ctx.db, { demo: true });
    expect(await count()).toEqual(before);
  });
});
