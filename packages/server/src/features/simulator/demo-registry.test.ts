import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { countDemoSensors, registerDemoSensors } from './demo-registry';

describe('the demo registry generator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers demo sensors of every seeded type at committees, once', async () => {
    const first = await registerDemoSensors(t.ctx.db, 1_000, { intervalS: 120 });
    expect(first.missingKinds).toEqual([]);
    expect(first.added).toBe(1_000);
    const again = await registerDemoSensors(t.ctx.db, 1_000, { intervalS: 120 });
    expect(again).toMatchObject({ added: 0, existing: 1_000 });
    expect(await countDemoSensors(t.ctx.db)).toBe(1_000);

    const rows = await t.ctx.db
      .selectFrom('sensor as s')
      .innerJoin('org_unit as c', 'c.id', 's.committee_id')
      .select(['s.id', 's.type_code', 's.street_id', 'c.parent_id', 'c.kind', 's.interval_s'])
      .where('s.id', 'like', 'DEMO-%')
      .execute();
    expect(rows.length).toBe(1_000);
    expect(
      rows.every((r) => r.kind === 'committee' && r.parent_id === r.street_id && r.interval_s === 120),
    ).toBe(true);
    expect(new Set(rows.map((r) => r.type_code)).size).toBe(8);
    // the simulator drives each with its type's metric
    const wl = first.sensors.find((s) => s.id === 'DEMO-WL-000001')!;
    expect(wl).toMatchObject({ kind: 'water-level', metric: 'water_level', interval: 120 });
  });

  it('adds only the missing ones when the count grows', async () => {
    const r = await registerDemoSensors(t.ctx.db, 1_500);
    expect(r).toMatchObject({ added: 500, existing: 1_000 });
  });
});
