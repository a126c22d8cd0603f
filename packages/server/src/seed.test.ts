import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '@yiwang/db';
import { createTestDatabase, type TestDatabase } from '@yiwang/db/testing';
import { demoStaff } from '@yiwang/fixtures';
import { seed } from './seed';

let t: TestDatabase;
let second: { db: Database };

beforeAll(async () => {
  t = await createTestDatabase();
  // a second server copy: a pool of its own on the same (fresh, unseeded) database
  second = openDatabase(t.url, { max: 3, applicationName: 'yiwang-test-second-copy' });
});
afterAll(async () => {
  await second.db.destroy();
  await t.drop();
});

it('seeds once when two server copies start together on a fresh database', async () => {
  const [a, b] = await Promise.all([seed(t.db, { demo: true }), seed(second.db, { demo: true })]);
  // one of them loaded everything, the other found it there
  expect([a.accounts, b.accounts].sort()).toEqual([0, expect.any(Number)].sort());
  expect(a.accounts + b.accounts).toBeGreaterThanOrEqual(demoStaff.length);
  expect(Math.min(a.units, b.units)).toBe(0);
  const staff = await t.db
    .selectFrom('account')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'staff')
    .executeTakeFirstOrThrow();
  expect(Number(staff.n)).toBe(demoStaff.length);
});
