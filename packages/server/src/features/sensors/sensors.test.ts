import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRecords } from '@yiwang/domain';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { demoPlaces, ensureTestTypes, type Place } from './sensor-test-kit';

let t: TestApp;
let p: { bwt: Place; qyl: Place; bwtCommittee: Place; qylCommittee: Place };

beforeAll(async () => {
  t = await createTestApp();
  await ensureTestTypes(t.ctx.db);
  p = await demoPlaces(t.ctx.db);
});
afterAll(() => t.close());

const sensor = (over: Record<string, unknown> = {}) => ({
  id: 'T-WL-0001',
  typeCode: 'water-level',
  model: 'HX-200',
  committeeId: p.bwtCommittee.id,
  latitude: 31.2505,
  longitude: 121.5018,
  address: '东大名路 358 号',
  ...over,
});

type Problem = { status: number; errors?: { field: string; zh: string; en: string }[] };
const fields = (body: Problem) => (body.errors ?? []).map((e) => e.field).sort();

describe('the sensor registry', () => {
  it('lists the sensor types with their units and default intervals', async () => {
    const res = await (await t.staff('dispatcher')).get('/api/sensor-types');
    expect(res.statusCode).toBe(200);
    const wl = res
      .json<{ items: { code: string; unit: string; defaultIntervalS: number }[] }>()
      .items.find((x) => x.code === 'water-level');
    expect(wl).toMatchObject({ unit: 'm', defaultIntervalS: 60 });
  });

  it('registers a sensor: the street follows from the committee, the interval from the type, and it is audited', async () => {
    const dispatcher = await t.staff('dispatcher');
    const res = await dispatcher.post('/api/sensors', sensor());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id: 'T-WL-0001',
      streetId: p.bwt.id,
      streetName: '北外滩街道',
      committeeId: p.bwtCommittee.id,
      intervalS: 60,
      online: false,
      lastSeenAt: null,
      openAlarms: 0,
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('entity', '=', 'sensor')
      .where('entity_id', '=', 'T-WL-0001')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['sensor.create']);
  });

  it('refuses a second sensor with the same id (409 naming id)', async () => {
    const res = await (await t.staff('dispatcher')).post('/api/sensors', sensor());
    expect(res.statusCode).toBe(409);
    expect(fields(res.json())).toEqual(['id']);
  });

  it('names every field at fault, in Chinese and English', async () => {
    const dispatcher = await t.staff('dispatcher');
    const res = await dispatcher.post(
      '/api/sensors',
      sensor({
        id: 'T-BAD-1',
        typeCode: 'no-such-type',
        streetId: p.qyl.id,
        committeeId: p.bwtCommittee.id,
        latitude: 121.5,
        longitude: 31.25,
        intervalS: 5,
        installedAt: '2099-01-01',
      }),
    );
    expect(res.statusCode).toBe(400);
    const body = res.json<Problem>();
    expect(fields(body)).toEqual([
      'committeeId',
      'installedAt',
      'intervalS',
      'latitude',
      'longitude',
      'typeCode',
    ]);
    expect(body.errors!.find((e) => e.field === 'committeeId')!.zh).toBe('该居委会不属于所填街道');
    expect(body.errors!.find((e) => e.field === 'latitude')!.en).toContain('Hongkou');
    const id = await dispatcher.post('/api/sensors', sensor({ id: 'bad/id' }));
    expect([id.statusCode, fields(id.json())]).toEqual([400, ['id']]);
    const noPlace = await dispatcher.post('/api/sensors', sensor({ id: 'T-NP', committeeId: null }));
    expect([noPlace.statusCode, fields(noPlace.json())]).toEqual([400, ['streetId']]);
  });

  it('finds sensors by type, street, committee, text and online state', async () => {
    const dispatcher = await t.staff('dispatcher');
    expect(
      (
        await dispatcher.post(
          '/api/sensors',
          sensor({
            id: 'T-SM-0001',
            typeCode: 'smoke',
            committeeId: p.qylCommittee.id,
            address: '曲阳路 500 号',
          }),
        )
      ).statusCode,
    ).toBe(201);
    await t.ctx.db
      .updateTable('sensor')
      .set({ online: true, last_seen_at: new Date() })
      .where('id', '=', 'T-SM-0001')
      .execute();
    const ids = async (query: string) =>
      (await dispatcher.get(`/api/sensors?${query}`))
        .json<{ items: { id: string }[] }>()
        .items.map((s) => s.id);
    expect(await ids('type=smoke')).toEqual(['T-SM-0001']);
    expect(await ids(`streetId=${p.bwt.id}`)).toEqual(['T-WL-0001']);
    expect(await ids(`committeeId=${p.qylCommittee.id}`)).toEqual(['T-SM-0001']);
    expect(await ids('q=曲阳')).toEqual(['T-SM-0001']);
    expect(await ids('online=false')).toEqual(['T-WL-0001']);
    const page = (await dispatcher.get('/api/sensors?pageSize=1&page=2')).json<{
      items: unknown[];
      total: number;
    }>();
    expect([page.items.length, page.total]).toEqual([1, 2]);
  });

  it('shows street staff only their street, and hides the rest (404)', async () => {
    const bwtAdmin = await t.staff('bwt-admin');
    const list = (await bwtAdmin.get('/api/sensors')).json<{ items: { id: string }[]; total: number }>();
    expect(list.items.map((s) => s.id)).toEqual(['T-WL-0001']);
    expect((await bwtAdmin.get('/api/sensors/T-SM-0001')).statusCode).toBe(404);
    expect((await bwtAdmin.get('/api/sensors/T-WL-0001')).statusCode).toBe(200);
    const leader = await t.staff('leader');
    expect((await leader.get('/api/sensors')).json<{ total: number }>().total).toBe(2);
  });

  it('lets a street administrator register only in their street (403 naming the place)', async () => {
    const bwtAdmin = await t.staff('bwt-admin');
    const res = await bwtAdmin.post(
      '/api/sensors',
      sensor({ id: 'T-WL-0002', committeeId: p.qylCommittee.id, latitude: 31.28, longitude: 121.49 }),
    );
    expect(res.statusCode).toBe(403);
    expect(fields(res.json())).toEqual(['committeeId']);
    expect((await bwtAdmin.post('/api/sensors', sensor({ id: 'T-WL-0002' }))).statusCode).toBe(201);
  });

  it('refuses writes to roles that only read', async () => {
    const handler = await t.staff('bwt-handler');
    expect((await handler.get('/api/sensors')).statusCode).toBe(200);
    expect((await handler.post('/api/sensors', sensor({ id: 'T-WL-0003' }))).statusCode).toBe(403);
    expect((await handler.put('/api/sensors/T-WL-0001', sensor())).statusCode).toBe(403);
    expect((await t.client().get('/api/sensors')).statusCode).toBe(401);
  });

  it('changes a sensor and audits what changed; the id stays', async () => {
    const dispatcher = await t.staff('dispatcher');
    const res = await dispatcher.put(
      '/api/sensors/T-WL-0001',
      sensor({ intervalS: 120, thresholds: { 'threshold-high': 0.3 }, active: false }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      intervalS: 120,
      thresholds: { 'threshold-high': 0.3 },
      active: false,
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['summary'])
      .where('action', '=', 'sensor.update')
      .where('entity_id', '=', 'T-WL-0001')
      .executeTakeFirstOrThrow();
    expect(audit.summary).toMatchObject({
      intervalS: [60, 120],
      active: [true, false],
    });
    const rename = await dispatcher.put('/api/sensors/T-WL-0001', sensor({ id: 'T-OTHER' }));
    expect([rename.statusCode, fields(rename.json())]).toEqual([400, ['id']]);
    expect((await dispatcher.put('/api/sensors/NOPE-1', sensor({ id: undefined }))).statusCode).toBe(404);
    const bwtAdmin = await t.staff('bwt-admin');
    expect((await bwtAdmin.put('/api/sensors/T-SM-0001', sensor({ id: undefined }))).statusCode).toBe(404);
  });

  it('exports the filtered list as CSV (re-importable columns first) and XLSX', async () => {
    const dispatcher = await t.staff('dispatcher');
    const csv = await dispatcher.get('/api/sensors?format=csv&type=smoke');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="sensors-.*\.csv"/);
    const records = parseCsvRecords(csv.body).map((r) => r.fields);
    expect(records[0]!.slice(0, 3)).toEqual(['id', 'type', 'model']);
    expect(records.slice(1).map((r) => r[0])).toEqual(['T-SM-0001']);
    const xlsx = await dispatcher.get('/api/sensors?format=xlsx&lang=en');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
