import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@yiwang/db/testing';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { verifyAuditChain } from '../audit/audit-log';
import { BackupError, restoreDatabase, tableCounts } from './backup';

const run = promisify(execFile);
const CLI = new URL('../../cli.ts', import.meta.url).pathname;

/** `npm run yiwang -- …` against the database at `url`. */
async function yiwang(url: string, ...args: string[]) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const r = e as { code: number; stdout: string; stderr: string };
    return { code: r.code, out: r.stdout, err: r.stderr };
  }
}

let source: TestApp;
let target: TestDatabase;
let dir: string;

beforeAll(async () => {
  source = await createTestApp();
  target = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'yiwang-backup-'));
});
afterAll(async () => {
  await source.close();
  await target.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run yiwang -- backup / restore', () => {
  it('backs up a used database and restores it into a fresh one: every table, every row, the audit chain intact', async () => {
    // Data of many kinds: work orders (workflow, audit, KPI projection by trigger, sequences),
    // and sensor readings in a day partition made at run time, with values that must not round.
    const dispatcher = await source.staff('dispatcher');
    const places = (await dispatcher.get('/api/cityops/places')).json<{
      items: { id: string; name: string }[];
    }>();
    const bwt = places.items.find((p) => p.name === '北外滩街道')!.id;
    for (const description of ['夜间施工噪音', '井盖缺失', '路灯不亮']) {
      const res = await dispatcher.post('/api/work-orders', {
        categoryCode: 'H-complaint',
        source: 'hotline',
        placeUnitId: bwt,
        description,
        latitude: 31.2591234,
        longitude: 121.5012345,
      });
      expect(res.statusCode).toBe(201);
    }
    const db = source.database.db;
    await sql`CREATE TABLE sensor_reading_p20261127 PARTITION OF sensor_reading
      FOR VALUES FROM ('2026-11-27 00:00+08') TO ('2026-11-28 00:00+08')`.execute(db);
    await sql`INSERT INTO sensor_reading (sensor_id, metric, ts, value)
      VALUES ('HK-WL-0001', 'level', '2026-11-27 10:00:00.123456+08', 0.1::float8 + 0.2::float8),
             ('HK-WL-0001', 'level', '2026-11-27 10:01:00+08', 1e-300)`.execute(db);
    expect((await verifyAuditChain(db)).ok).toBe(true);

    const file = join(dir, 'yiwang.backup.gz');
    const backup = await yiwang(source.database.url, 'backup', '--out', file);
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/backed up \d+ rows of \d+ tables \(migration \d{4}, PostgreSQL [\d.]+/);

    const restored = await yiwang(target.url, 'restore', '--from', file);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/restored \d+ rows of \d+ tables/);

    const before = await tableCounts(source.database.url);
    const after = await tableCounts(target.url);
    expect(after).toEqual(before);
    expect(before.work_order).toBe(3);
    expect(before.sensor_reading_p20261127).toBe(2);
    expect(before.audit_log).toBeGreaterThan(3);
    expect(before.cityops_order_fact).toBe(3);

    // Values exactly as they were, sequences where they were.
    const values = (d: typeof db) =>
      sql<{ v: string }>`SELECT concat_ws('|', sensor_id, ts::text, value::text) AS v FROM sensor_reading
        UNION ALL SELECT concat_ws('|', order_no, latitude::text, longitude::text, created_at::text) FROM work_order
        UNION ALL SELECT concat_ws('|', username, password_hash, roles::text) FROM account
        ORDER BY 1`.execute(d);
    expect((await values(target.db)).rows).toEqual((await values(db)).rows);
    const seq = (d: typeof db) =>
      sql<{ v: string }>`SELECT last_value::text AS v FROM work_order_no_seq`.execute(d);
    expect((await seq(target.db)).rows).toEqual((await seq(db)).rows);

    const verify = await yiwang(target.url, 'audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.out).toContain('audit chain intact');

    // A database with data is only replaced on request; a cut-short file is refused and changes nothing.
    await expect(restoreDatabase(target.url, file)).rejects.toThrow(/already holds data .*--replace/);
    const lines = gunzipSync(await readFile(file))
      .toString('utf8')
      .split('\n');
    const cut = join(dir, 'cut.backup.gz');
    await writeFile(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    await expect(restoreDatabase(target.url, cut, { replace: true })).rejects.toThrow(BackupError);
    await expect(restoreDatabase(target.url, cut, { replace: true })).rejects.toThrow(/incomplete/);
    expect(await tableCounts(target.url)).toEqual(before);
    await writeFile(join(dir, 'not.gz'), 'hello');
    await expect(restoreDatabase(target.url, join(dir, 'not.gz'), { replace: true })).rejects.toThrow(
      /not a readable Yiwang backup/,
    );
    const again = await restoreDatabase(target.url, file, { replace: true });
    expect(again.rows).toBe(Object.values(before).reduce((a, b) => a + b, 0));
    expect(await tableCounts(target.url)).toEqual(before);
  }, 240_000);

  it('refuses a backup made at other migrations', async () => {
    const file = join(dir, 'other.backup.gz');
    const header = {
      format: 'yiwang-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      server: '18.0',
      database: 'yiwang',
      migrations: [{ version: '0001', name: 'org_and_accounts', checksum: 'x' }],
      partitions: [],
      sequences: [],
    };
    await writeFile(file, gzipSync(`${JSON.stringify(header)}\n["end",{}]\n`));
    await expect(restoreDatabase(target.url, file, { replace: true })).rejects.toThrow(
      /made at migration 0001_org_and_accounts .* restore with the Yiwang version that made the backup/,
    );
  });
});
