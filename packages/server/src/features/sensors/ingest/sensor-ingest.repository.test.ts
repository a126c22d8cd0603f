import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@yiwang/db/testing';
import { insertReadings, numberArray, textArray, type ReadingRow } from './sensor-ingest.repository';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('the readings batch insert', () => {
  it('writes array literals PostgreSQL reads back unchanged, whatever the text', () => {
    expect(textArray(['HK-1', 'a"b', 'c\\d'])).toBe('{"HK-1","a\\"b","c\\\\d"}');
    expect(numberArray([1.5, -2, 1e-7])).toBe('{1.5,-2,1e-7}');
    expect(numberArray([true, false])).toBe('{true,false}');
  });

  it('stores every reading once, with odd ids and extreme values intact', async () => {
    const ids = ['HK-WL-000001', 'a"b', 'c\\d', 'NULL', 'x,y', '{z}', ' sp ', '积水-1', ''];
    const values = [0.42, -0, 1e-7, 1e21, -273.15, 3, 4, 5, 6];
    const now = Date.now() - 60_000;
    const rows: ReadingRow[] = ids.map((sensorId, i) => ({
      sensorId,
      metric: i % 2 ? 'water_level' : 'pm2_5',
      ts: now + i * 1001,
      value: values[i]!,
      flagged: i % 3 === 0,
    }));
    await t.db.transaction().execute(async (trx) => {
      // all new: null (no keys sent back)
      expect(await insertReadings(trx, rows)).toBeNull();
    });
    const again = await t.db.transaction().execute((trx) => insertReadings(trx, rows.slice(0, 3)));
    expect(again).toEqual(new Set());
    const stored = await t.db
      .selectFrom('sensor_reading')
      .select(['sensor_id', 'metric', 'ts', 'value', 'flagged'])
      .orderBy('ts')
      .execute();
    expect(stored.map((r) => r.sensor_id)).toEqual(ids);
    expect(stored.map((r) => r.value)).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(stored.map((r) => r.flagged)).toEqual(rows.map((r) => r.flagged));
    expect(stored.map((r) => new Date(r.ts).getTime())).toEqual(rows.map((r) => r.ts));
  });
});
