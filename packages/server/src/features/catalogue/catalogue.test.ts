import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceItemDefinition } from '@yiwang/domain';
import { SERVICE_BUNDLES, SERVICE_ITEMS } from '@yiwang/fixtures';
import { seed } from '../../seed';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { findBundleByCode, findItemByCode, getItemVersion } from './catalogue.repository';

type Summary = {
  code: string;
  name: string;
  departmentCode: string;
  lifeEvents: string[];
  promisedLimitDays: number;
};
type Listed = { items: Summary[]; total: number };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const search = async (query: string) =>
  (await t.client().get(`/api/catalogue/items?${query}`)).json<Listed>();
const seededItem = (code: string) => structuredClone(SERVICE_ITEMS.find((i) => i.code === code)!);

describe('the seeded catalogue', () => {
  it('holds every fixture item and bundle as version 1, and seeding again adds nothing', async () => {
    expect((await search('pageSize=500')).total).toBe(SERVICE_ITEMS.length);
    expect(await seed(t.ctx.db, { demo: true })).toMatchObject({ catalogueItems: 0, bundles: 0 });
    const bundles = (await t.client().get('/api/catalogue/bundles')).json<{ items: unknown[] }>().items;
    expect(bundles).toHaveLength(SERVICE_BUNDLES.length);
  });
});

describe('searching the catalogue', () => {
  it('finds 食品经营许可 when a citizen searches 餐饮 (a keyword, not in the name)', async () => {
    const { items } = await search(`q=${encodeURIComponent('餐饮')}`);
    expect(items.map((i) => i.name)).toContain('食品经营许可（新办）');
    expect(items.every((i) => !i.name.includes('餐饮'))).toBe(true);
  });

  it('ranks name matches before keyword matches', async () => {
    const { items } = await search(`q=${encodeURIComponent('营业执照')}`);
    // 公司设立登记 has 营业执照 only as a keyword; no item is named 营业执照, so keyword hits come first…
    expect(items[0]?.name).toBe('公司设立登记');
    const named = (await search(`q=${encodeURIComponent('食品经营许可')}`)).items;
    expect(named.slice(0, 4).every((i) => i.name.startsWith('食品经营许可'))).toBe(true);
  });

  it('requires every word of a multi-word query', async () => {
    const { items } = await search(`q=${encodeURIComponent('社保卡 补')}`);
    expect(items.map((i) => i.code)).toEqual(['RSJ-003']);
  });

  it('finds items by their department name', async () => {
    const { items } = await search(`q=${encodeURIComponent('医疗保障')}`);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.departmentCode === 'D-YBJ')).toBe(true);
  });

  it('filters by department and by life event', async () => {
    const byDept = await search('department=D-MZJ&pageSize=100');
    expect(byDept.total).toBe(SERVICE_ITEMS.filter((i) => i.departmentCode === 'D-MZJ').length);
    expect(byDept.items.every((i) => i.departmentCode === 'D-MZJ')).toBe(true);
    const birth = await search(`lifeEvent=${encodeURIComponent('出生')}&pageSize=100`);
    expect(birth.items.map((i) => i.code).sort()).toEqual(
      SERVICE_ITEMS.filter((i) => i.lifeEvents.includes('出生'))
        .map((i) => i.code)
        .sort(),
    );
  });

  it('treats % and _ in a query as text', async () => {
    expect((await search('q=%25')).total).toBe(0);
    expect((await search('q=_')).total).toBe(0);
  });

  it('pages results', async () => {
    const first = await search('pageSize=10&page=1');
    const second = await search('pageSize=10&page=2');
    expect(first.items).toHaveLength(10);
    expect(second.items[0]?.code).not.toBe(first.items[0]?.code);
    expect(first.total).toBe(SERVICE_ITEMS.length);
  });

  it('counts items per life event', async () => {
    const { items } = (await t.client().get('/api/catalogue/life-events')).json<{
      items: { lifeEvent: string; count: number }[];
    }>();
    expect(items.find((e) => e.lifeEvent === '开办企业')?.count).toBe(
      SERVICE_ITEMS.filter((i) => i.lifeEvents.includes('开办企业')).length,
    );
    expect(items[0]!.count).toBeGreaterThanOrEqual(items.at(-1)!.count);
  });
});

describe('reading an item', () => {
  it('gives anyone the current definition with its version and department name', async () => {
    const res = await t.client().get('/api/catalogue/items/SCJG-004');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: 'SCJG-004',
      version: 1,
      departmentName: '区市场监督管理局',
      definition: { issuesLicenseType: 'food-business-permit' },
    });
  });

  it('answers 404 problem+json for an unknown code', async () => {
    const res = await t.client().get('/api/catalogue/items/NOPE-999');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('versioning', () => {
  it('saves a change as version 2 and keeps version 1 unchanged and readable', async () => {
    const admin = await t.staff('admin');
    const before = await findItemByCode(t.ctx.db, 'SCJG-002');
    const changed = { ...seededItem('SCJG-002'), promisedLimitDays: 0, instant: true };
    const res = await admin.put('/api/catalogue/items/SCJG-002', { definition: changed, note: '改为即办' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'SCJG-002', version: 2 });

    const current = (await t.client().get('/api/catalogue/items/SCJG-002')).json();
    expect(current).toMatchObject({ version: 2, definition: { promisedLimitDays: 0, instant: true } });
    const v1 = (await admin.get('/api/catalogue/items/SCJG-002/versions/1')).json();
    expect(v1.definition).toEqual(seededItem('SCJG-002'));
    expect((await getItemVersion(t.ctx.db, before!.id, 1)).definition).toEqual(seededItem('SCJG-002'));

    const history = (await admin.get('/api/catalogue/items/SCJG-002/versions')).json<{
      items: { version: number; createdBy: { name: string } | null; note: string | null }[];
    }>().items;
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    expect(history[0]).toMatchObject({ note: '改为即办', createdBy: { name: expect.any(String) } });
    expect(history[1]?.createdBy).toBeNull();
  });

  it('refuses to change a stored version in the database', async () => {
    const item = await findItemByCode(t.ctx.db, 'SCJG-001');
    await expect(
      t.ctx.db
        .updateTable('service_item_version')
        .set({ note: 'x' })
        .where('item_id', '=', item!.id)
        .execute(),
    ).rejects.toThrow(/immutable/);
    await expect(
      t.ctx.db.deleteFrom('service_item_version').where('item_id', '=', item!.id).execute(),
    ).rejects.toThrow(/immutable/);
  });

  it('answers 409 when the editor saw an older version', async () => {
    const admin = await t.staff('admin');
    const def = seededItem('WJW-002');
    expect(
      (await admin.put('/api/catalogue/items/WJW-002', { definition: def, expectedVersion: 1 })).statusCode,
    ).toBe(200);
    const stale = await admin.put('/api/catalogue/items/WJW-002', { definition: def, expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
  });

  it('audits every write', async () => {
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('action', 'like', 'catalogue.item.%')
      .execute();
    expect(rows.some((r) => r.action === 'catalogue.item.update')).toBe(true);
  });
});

describe('writing items', () => {
  const fresh = (): ServiceItemDefinition => ({
    ...seededItem('SFJ-001'),
    code: 'SFJ-901',
    name: '公证咨询（测试）',
  });

  it('lets the district administrator add an item, searchable at once', async () => {
    const admin = await t.staff('admin');
    const res = await admin.post('/api/catalogue/items', { definition: fresh() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'SFJ-901', version: 1 });
    expect((await search(`q=${encodeURIComponent('公证咨询')}`)).items.map((i) => i.code)).toEqual([
      'SFJ-901',
    ]);
    expect((await admin.post('/api/catalogue/items', { definition: fresh() })).statusCode).toBe(409);
  });

  it('refuses a street administrator with 403, for creating and editing', async () => {
    const bwt = await t.staff('bwt-admin');
    expect(
      (await bwt.post('/api/catalogue/items', { definition: { ...fresh(), code: 'SFJ-902' } })).statusCode,
    ).toBe(403);
    expect(
      (await bwt.put('/api/catalogue/items/SFJ-001', { definition: seededItem('SFJ-001') })).statusCode,
    ).toBe(403);
    expect((await bwt.post('/api/catalogue/bundles', { definition: SERVICE_BUNDLES[0] })).statusCode).toBe(
      403,
    );
  });

  it('refuses other staff and anonymous callers', async () => {
    const clerk = await t.staff('clerk');
    expect(
      (await clerk.put('/api/catalogue/items/SFJ-001', { definition: seededItem('SFJ-001') })).statusCode,
    ).toBe(403);
    expect((await clerk.get('/api/catalogue/items/SFJ-001/versions')).statusCode).toBe(403);
    expect((await t.client().post('/api/catalogue/items', { definition: fresh() })).statusCode).toBe(401);
  });

  it('answers 400 naming promisedLimitDays when it exceeds the legal limit', async () => {
    const admin = await t.staff('admin');
    const def = { ...seededItem('SFJ-001'), legalLimitDays: 10, promisedLimitDays: 15 };
    const res = await admin.put('/api/catalogue/items/SFJ-001', { definition: def });
    expect(res.statusCode).toBe(400);
    const errors = res.json<{ errors: { field: string; zh: string; en: string }[] }>().errors;
    expect(errors).toContainEqual(
      expect.objectContaining({
        field: 'definition.promisedLimitDays',
        en: expect.stringContaining('promisedLimitDays'),
      }),
    );
    expect(errors[0]?.zh).toContain('承诺时限');
    expect((await t.client().get('/api/catalogue/items/SFJ-001')).json().version).toBe(1);
  });

  it('answers 400 naming the field for an unknown department or a changed code', async () => {
    const admin = await t.staff('admin');
    const badDept = await admin.put('/api/catalogue/items/SFJ-001', {
      definition: { ...seededItem('SFJ-001'), departmentCode: 'D-NOPE' },
    });
    expect(badDept.statusCode).toBe(400);
    expect(badDept.json().errors[0].field).toBe('definition.departmentCode');
    const renamed = await admin.put('/api/catalogue/items/SFJ-001', {
      definition: { ...seededItem('SFJ-001'), code: 'SFJ-777' },
    });
    expect(renamed.json().errors[0].field).toBe('definition.code');
  });

  it('answers 400 for a material from the e-license library without a licence type', async () => {
    const admin = await t.staff('admin');
    const def = seededItem('SFJ-001');
    def.materials[0] = { key: 'x', name: '身份证', required: true, source: 'elicense' };
    const res = await admin.put('/api/catalogue/items/SFJ-001', { definition: def });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('definition.materials.0.licenseType');
  });
});

describe('bundles', () => {
  it('lists bundles and shows one with each item’s current definition', async () => {
    const list = (await t.client().get('/api/catalogue/bundles')).json<{ items: { code: string }[] }>().items;
    expect(list.map((b) => b.code)).toContain('YJS-002');
    const res = await t.client().get('/api/catalogue/bundles/YJS-002');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: 'YJS-002',
      definition: { kind: 'joint-licence' },
      items: [
        { code: 'SCJG-001', definition: { issuesLicenseType: 'business-licence' } },
        { code: 'SCJG-004', definition: { issuesLicenseType: 'food-business-permit' } },
      ],
    });
    const byEvent = (
      await t.client().get(`/api/catalogue/bundles?lifeEvent=${encodeURIComponent('出生')}`)
    ).json();
    expect(byEvent.items.map((b: { code: string }) => b.code)).toEqual(['YJS-003']);
  });

  it('lets the district administrator add and change a bundle, versioned', async () => {
    const admin = await t.staff('admin');
    const def = {
      code: 'YJS-901',
      name: '退休一件事（测试）',
      kind: 'one-thing',
      lifeEvent: '养老',
      description: '退休养老金申领与医保一次办',
      itemCodes: ['RSJ-006', 'YBJ-003'],
    };
    expect((await admin.post('/api/catalogue/bundles', { definition: def })).statusCode).toBe(201);
    const put = await admin.put('/api/catalogue/bundles/YJS-901', {
      definition: { ...def, itemCodes: ['RSJ-006', 'MZJ-004'] },
    });
    expect(put.json()).toMatchObject({ version: 2 });
    const stored = await findBundleByCode(t.ctx.db, 'YJS-901');
    expect(stored?.definition.itemCodes).toEqual(['RSJ-006', 'MZJ-004']);
  });

  it('answers 400 naming itemCodes for a missing item or a bundle of one', async () => {
    const admin = await t.staff('admin');
    const base = { ...SERVICE_BUNDLES[1]! };
    const missing = await admin.put(`/api/catalogue/bundles/${base.code}`, {
      definition: { ...base, itemCodes: ['SCJG-001', 'NOPE-001'] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('definition.itemCodes');
    const single = await admin.put(`/api/catalogue/bundles/${base.code}`, {
      definition: { ...base, itemCodes: ['SCJG-001'] },
    });
    expect(single.statusCode).toBe(400);
    expect(single.json().errors[0].field).toBe('definition.itemCodes');
  });

  it('answers 404 for an unknown bundle', async () => {
    expect((await t.client().get('/api/catalogue/bundles/YJS-999')).statusCode).toBe(404);
  });
});
