import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let dispatcher: TestClient;
let inspector: TestClient;
let handler: TestClient;
let hotline: TestClient;
let street: string;
let committee: string;
let otherCommittee: string;
const GARBAGE = 'E-0102'; // 暴露垃圾
const NEAR = { latitude: 31.2512, longitude: 121.4978 };

type Order = { caseId: string; orderNo: string; state: string; version: number };

beforeAll(async () => {
  t = await createTestApp();
  street = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.beiwaitan)
      .executeTakeFirstOrThrow()
  ).id;
  const committees = await t.ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('kind', '=', 'committee')
    .where('parent_id', '=', street)
    .orderBy('code')
    .limit(2)
    .execute();
  committee = committees[0]!.id;
  otherCommittee = committees[1]!.id;
  dispatcher = await t.staff('dispatcher');
  inspector = await t.staff('bwt-inspector');
  handler = await t.staff('bwt-handler');
  hotline = await t.staff('hotline');
  const admin = await t.staff('admin');
  const rule = await admin.post('/api/cityops/routing-rules', {
    categoryCode: GARBAGE,
    placeUnitId: street,
    unitId: street,
  });
  // the demo seed may route it to the street already (sensor categories)
  expect([201, 409], rule.body).toContain(rule.statusCode);
});
afterAll(() => t.close());

async function report(body: Record<string, unknown>): Promise<Order> {
  const res = await inspector.post('/api/work-orders', {
    categoryCode: GARBAGE,
    description: '路口有成堆的生活垃圾',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ order: Order }>().order;
}

describe('duplicate work orders', () => {
  it('offers open orders of the same category at the same committee, or nearby within the window', async () => {
    const atCommittee = await report({
      placeUnitId: committee,
      reporterName: '张三',
      reporterPhone: '13800000001',
    });
    const nearby = await report({ placeUnitId: otherCommittee, ...NEAR });
    const otherKind = await report({ placeUnitId: committee, categoryCode: 'E-0103' });
    const check = await hotline.post('/api/work-orders/duplicate-check', {
      categoryCode: GARBAGE,
      placeUnitId: committee,
      latitude: NEAR.latitude + 0.0005, // ~55 m north
      longitude: NEAR.longitude,
    });
    expect(check.statusCode, check.body).toBe(200);
    const items = check.json<{
      items: Array<{ caseId: string; reason: string; distanceMetres: number | null }>;
    }>().items;
    const ids = items.map((i) => i.caseId);
    expect(ids).toContain(atCommittee.caseId);
    expect(ids).toContain(nearby.caseId);
    expect(ids).not.toContain(otherKind.caseId);
    expect(items.find((i) => i.caseId === atCommittee.caseId)?.reason).toBe('committee');
    const near = items.find((i) => i.caseId === nearby.caseId)!;
    expect(near.reason).toBe('distance');
    expect(near.distanceMetres).toBeGreaterThan(40);
    expect(near.distanceMetres).toBeLessThan(70);

    // too far away: another committee, 2 km off
    const far = await hotline.post('/api/work-orders/duplicate-check', {
      categoryCode: GARBAGE,
      placeUnitId: street,
      latitude: NEAR.latitude + 0.02,
      longitude: NEAR.longitude,
    });
    expect(far.json<{ items: Array<{ caseId: string }> }>().items.map((i) => i.caseId)).not.toContain(
      nearby.caseId,
    );
  });

  it('refuses a place that is not a street or committee, naming the field', async () => {
    const res = await hotline.post('/api/work-orders/duplicate-check', {
      categoryCode: GARBAGE,
      placeUnitId: '00000000-0000-0000-0000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('placeUnitId');
    expect(
      (await handler.post('/api/work-orders/duplicate-check', { categoryCode: GARBAGE })).statusCode,
    ).toBe(403);
  });

  it('offers a street’s inspector only the candidates of its own street', async () => {
    const other = await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.quyanglu)
      .executeTakeFirstOrThrow();
    const there = await hotline.post('/api/work-orders', {
      categoryCode: GARBAGE,
      placeUnitId: other.id,
      description: '曲阳路的垃圾',
      latitude: NEAR.latitude + 0.001,
      longitude: NEAR.longitude,
    });
    expect(there.statusCode, there.body).toBe(201);
    const id = there.json().order.caseId;
    const probe = { categoryCode: GARBAGE, placeUnitId: committee, ...NEAR };
    const seenByHotline = (await hotline.post('/api/work-orders/duplicate-check', probe)).json();
    expect(seenByHotline.items.map((i: { caseId: string }) => i.caseId)).toContain(id);
    const seenByInspector = (await inspector.post('/api/work-orders/duplicate-check', probe)).json();
    expect(seenByInspector.items.map((i: { caseId: string }) => i.caseId)).not.toContain(id);
    expect(seenByInspector.items.length).toBeGreaterThan(0);
    expect(seenByInspector.items[0]).not.toHaveProperty('scope');
  });

  it('merge: the newer order is closed as a duplicate of the kept one, its reporter follows it', async () => {
    const kept = await report({ placeUnitId: committee, description: '垃圾堆放' });
    const newer = await report({
      placeUnitId: committee,
      description: '同一处垃圾',
      reporterName: '李四',
      reporterPhone: '13800000002',
    });
    const dups = (await dispatcher.get(`/api/work-orders/${newer.caseId}/duplicates`)).json();
    expect(dups.candidates.map((c: { caseId: string }) => c.caseId)).toContain(kept.caseId);
    const queue = (await dispatcher.get('/api/work-orders?view=all&open=true&pageSize=500')).json();
    const row = queue.items.find((i: { caseId: string }) => i.caseId === newer.caseId);
    expect(row.possibleDuplicates).toBeGreaterThanOrEqual(1);

    expect(
      (
        await handler.post(`/api/work-orders/${newer.caseId}/merge`, {
          intoId: kept.caseId,
          expectedVersion: newer.version,
        })
      ).statusCode,
    ).toBe(403);
    const self = await dispatcher.post(`/api/work-orders/${newer.caseId}/merge`, {
      intoId: newer.caseId,
      expectedVersion: newer.version,
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].field).toBe('data.intoId');

    const res = await dispatcher.post(`/api/work-orders/${newer.caseId}/merge`, {
      intoId: kept.caseId,
      expectedVersion: newer.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json();
    expect(merged.order).toMatchObject({ state: 'closed', outcome: 'duplicate', duplicateOf: kept.caseId });
    expect(merged.actions.at(-1)).toMatchObject({ action: 'merge' });

    const keptView = (await dispatcher.get(`/api/work-orders/${kept.caseId}/duplicates`)).json();
    expect(keptView.merged.map((m: { caseId: string }) => m.caseId)).toEqual([newer.caseId]);
    expect(keptView.followers).toHaveLength(1);
    expect(keptView.followers[0]).toMatchObject({ name: '李四', via: 'merge', mergedFromNo: newer.orderNo });
    expect(keptView.followers[0].phone).toBe('138****0002');
    const newerView = (await dispatcher.get(`/api/work-orders/${newer.caseId}/duplicates`)).json();
    expect(newerView.duplicateOf).toMatchObject({ caseId: kept.caseId, orderNo: kept.orderNo });
    expect(newerView.candidates).toEqual([]);

    // a merged order is no candidate, and nothing merges into it
    const check = await hotline.post('/api/work-orders/duplicate-check', {
      categoryCode: GARBAGE,
      placeUnitId: committee,
    });
    expect(check.json().items.map((i: { caseId: string }) => i.caseId)).not.toContain(newer.caseId);
    const third = await report({ placeUnitId: committee });
    const chain = await dispatcher.post(`/api/work-orders/${third.caseId}/merge`, {
      intoId: newer.caseId,
      expectedVersion: third.version,
    });
    expect(chain.statusCode).toBe(409);
  });

  it('follow: staff record another reporter of an open order', async () => {
    const o = await report({ placeUnitId: committee });
    const res = await hotline.post(`/api/work-orders/${o.caseId}/followers`, {
      name: '王五',
      phone: '13800000003',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().followers.map((f: { name: string }) => f.name)).toEqual(['王五']);
    expect((await hotline.post(`/api/work-orders/${o.caseId}/followers`, { name: '' })).statusCode).toBe(400);
  });

  it('the radius is a setting a district administrator changes (audited); a street administrator may not', async () => {
    const admin = await t.staff('admin');
    const list = (await hotline.get('/api/work-orders/settings')).json();
    expect(list.items.find((i: { key: string }) => i.key === 'duplicate.radiusMetres')?.value).toBe(200);
    const near = await report({ placeUnitId: otherCommittee, latitude: 31.26, longitude: 121.49 });
    const probe = {
      categoryCode: GARBAGE,
      placeUnitId: street,
      latitude: 31.26 + 0.0027, // ~300 m north
      longitude: 121.49,
    };
    const ids = async () =>
      (await hotline.post('/api/work-orders/duplicate-check', probe))
        .json()
        .items.map((i: { caseId: string }) => i.caseId);
    expect(await ids()).not.toContain(near.caseId);
    const streetAdmin = await t.staff('bwt-admin');
    expect(
      (await streetAdmin.put('/api/work-orders/settings/duplicate.radiusMetres', { value: 500 })).statusCode,
    ).toBe(403);
    const bad = await admin.put('/api/work-orders/settings/duplicate.radiusMetres', { value: -1 });
    expect(bad.statusCode).toBe(400);
    expect((await admin.put('/api/work-orders/settings/nope', { value: 1 })).statusCode).toBe(404);
    const tooWide = await admin.put('/api/work-orders/settings/duplicate.radiusMetres', { value: 6000 });
    expect(tooWide.statusCode).toBe(400);
    expect(tooWide.json().errors).toMatchObject([{ field: 'value' }]);
    expect(JSON.stringify(tooWide.json())).toContain('5000');
    const halfDay = await admin.put('/api/work-orders/settings/duplicate.windowDays', { value: 0.5 });
    expect(halfDay.statusCode).toBe(400);
    expect(halfDay.json().errors[0].en).toContain('whole number');
    const res = await admin.put('/api/work-orders/settings/duplicate.radiusMetres', { value: 500 });
    expect(res.statusCode, res.body).toBe(200);
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'cityops.setting')
      .execute();
    expect(audited.map((a) => a.entity_id)).toContain('duplicate.radiusMetres');
    try {
      expect(await ids()).toContain(near.caseId);
    } finally {
      await admin.put('/api/work-orders/settings/duplicate.radiusMetres', { value: 200 });
    }
  });
});
