import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@yiwang/db/testing';

const run = promisify(execFile);
const CLI = new URL('./cli.ts', import.meta.url).pathname;
let t: TestDatabase;

async function yiwang(...args: string[]) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, DATABASE_URL: t.url, YIWANG_PASSWORD: 'abc12345x' },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const r = e as { code: number; stdout: string; stderr: string };
    return { code: r.code, out: r.stdout, err: r.stderr };
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('npm run yiwang', () => {
  it('seeds, creates a staff account, loads a calendar year from JSON and from ICS, and verifies the audit chain', async () => {
    expect((await yiwang('seed', '--no-demo')).out).toContain(
      'seeded 271 units, 7 calendar years, 0 accounts',
    );
    const created = await yiwang(
      'users',
      'create',
      '--username',
      'ops.zhang',
      '--name',
      '张运维',
      '--unit',
      '310109018',
      '--roles',
      'admin,clerk',
    );
    expect(created.out).toContain('created ops.zhang');
    const dir = await mkdtemp(join(tmpdir(), 'yiwang-cli-'));
    await writeFile(
      join(dir, '2027.json'),
      JSON.stringify({ year: 2027, holidays: ['2027-01-01'], workdays: [] }),
    );
    expect((await yiwang('calendar', 'load', join(dir, '2027.json'))).out).toContain('loaded 2027');
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:a@test',
      'DTSTART;VALUE=DATE:20280101',
      'DTEND;VALUE=DATE:20280102',
      'SUMMARY:元旦 休',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    await writeFile(join(dir, '2028.ics'), ics);
    expect((await yiwang('calendar', 'load', join(dir, '2028.ics'))).out).toContain('loaded 2028');
    const verified = await yiwang('audit', 'verify');
    expect(verified.code).toBe(0);
    // seed, the catalogue seed, the user and two calendar years
    expect(verified.out).toMatch(/audit chain intact: 5 rows/);
    // No server ran to chain them: `audit verify` chained the five rows first.
    const chain = await t.db
      .selectFrom('audit_chain')
      .select(['chain_seq', 'audit_seq'])
      .orderBy('chain_seq')
      .execute();
    expect(chain).toEqual([1, 2, 3, 4, 5].map((n) => ({ chain_seq: n, audit_seq: n })));
  });

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    const r = await yiwang(
      'users',
      'create',
      '--username',
      'x y',
      '--name',
      'n',
      '--unit',
      '310109',
      '--roles',
      'clerk',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('--username');
    const roles = await yiwang(
      'users',
      'create',
      '--username',
      'abc',
      '--name',
      'n',
      '--unit',
      '310109',
      '--roles',
      'boss',
    );
    expect(roles.code).not.toBe(0);
    expect(roles.err).toContain('unknown role(s): boss');
  });

  it('detects a changed audit row and exits 1', async () => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(t.db);
    await sql`UPDATE audit_log SET summary = '{"forged": true}' WHERE seq = 2`.execute(t.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(t.db);
    const r = await yiwang('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at seq 2: changed (audit row 2; 1 rows verified before it)');
  });
});
