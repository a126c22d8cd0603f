import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET, loadOrgUnits } from '@yiwang/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

type Listed = { id: string; code: string; kind: string; parentId: string | null; path: string };

let t: TestApp;
let unitId: (code: string) => string;

beforeAll(async () => {
  t = await createTestApp();
  const units = await t.ctx.db.selectFrom('org_unit').select(['id', 'code']).execute();
  const byCode = new Map(units.map((u) => [u.code, u.id]));
  unitId = (code) => byCode.get(code)!;
});
afterAll(() => t.close());

const seeded = loadOrgUnits();
const countKind = (items: { kind: string }[], kind: string) => items.filter((u) => u.kind === kind).length;

describe('listing org units', () => {
  it('shows anonymous visitors the public directory of the whole district', async () => {
    const res = await t.client().get('/api/units');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Listed[] }>().items;
    expect(countKind(items, 'district')).toBe(1);
    expect(countKind(items, 'street')).toBe(8);
    expect(countKind(items, 'committee')).toBe(198);
    expect(countKind(items, 'station')).toBe(35);
    expect(countKind(items, 'department')).toBeGreaterThanOrEqual(15);
    expect(items.length).toBe(seeded.length);
  });

  it('shows a street administrator only their street with its committees and stations', async () => {
    const expected = seeded
      .filter((u) => u.code === STREET.beiwaitan || u.parentCode === STREET.beiwaitan)
      .map((u) => u.code)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    const bwt = await t.staff('bwt-admin');
    const items = (await bwt.get('/api/units')).json<{ items: Listed[] }>().items;
    expect(items.map((u) => u.code).sort()).toEqual(expected);
    expect(new Set(items.map((u) => u.kind))).toEqual(new Set(['street', 'committee', 'station']));
  });

  it('shows a district administrator every unit', async () => {
    const admin = await t.staff('admin');
    const items = (await admin.get('/api/units')).json<{ items: Listed[] }>().items;
    expect(items.length).toBe(seeded.length);
  });
});

describe('creating org units', () => {
  it('lets a street administrator create a committee under their street', async () => {
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.post('/api/units', {
      code: 'T-BWT-NEW-01',
      name: '测试居民委员会',
      kind: 'committee',
      parentId: unitId(STREET.beiwaitan),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'T-BWT-NEW-01',
      kind: 'committee',
      parentId: unitId(STREET.beiwaitan),
    });
    expect(res.json().path).toMatch(new RegExp(`/${STREET.beiwaitan}/T-BWT-NEW-01$`));
    const listed = (await bwt.get('/api/units?kind=committee')).json<{ items: Listed[] }>().items;
    expect(listed.map((u) => u.code)).toContain('T-BWT-NEW-01');
  });

  it('refuses a street administrator a unit under another street', async () => {
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.post('/api/units', {
      code: 'T-BWT-IN-QYL',
      name: '越权居民委员会',
      kind: 'committee',
      parentId: unitId(STREET.quyanglu),
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a unit of a kind that cannot sit under the parent, naming kind', async () => {
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.post('/api/units', {
      code: 'T-STREET-IN-STREET',
      name: '街道中的街道',
      kind: 'street',
      parentId: unitId(STREET.beiwaitan),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('kind');
  });

  it('refuses a code that is taken, naming code', async () => {
    const existing = seeded.find((u) => u.kind === 'committee' && u.parentCode === STREET.beiwaitan)!;
    const bwt = await t.staff('bwt-admin');
    const res = await bwt.post('/api/units', {
      code: existing.code,
      name: '重复代码居委会',
      kind: 'committee',
      parentId: unitId(STREET.beiwaitan),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe('code');
  });

  it('refuses unit changes to staff without the admin role', async () => {
    const clerk = await t.staff('clerk');
    const res = await clerk.post('/api/units', {
      code: 'T-CLERK',
      name: '窗口创建的单位',
      kind: 'committee',
      parentId: unitId(STREET.beiwaitan),
    });
    expect(res.statusCode).toBe(403);
  });
});
